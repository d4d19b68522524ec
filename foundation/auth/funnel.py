"""The authentication funnel: every credential check and every session start.

    passed = await funnel.password("product", email, password, client=req.client)
    async with req.transaction() as q:
        outcome = await PRODUCT.sign_in(q, req, passed, organization_id=..., permanent=...)

A credential (a password, a one-time code that signs in, a second-factor code) passes
these steps, always in this order:

1. rate limits per client and per client+target (`ratelimit`, PER_CLIENT_TARGET: hits from
   one address never lock the target's owner out from another); with them, a client past
   CAPTCHA_LOGIN_AFTER_FAILURES failed logins must solve a captcha (`captcha`, when the app
   passes `captcha_token`);
2. the lockout check: the attempt is counted *before* the credential is checked
   (`login.reserve_attempt`), so a burst of concurrent guesses gets at most the limit;
3. the credential check;
4. a failure stays counted, per client (a ceiling across clients only slows guessing; TOTP
   codes are counted per user across clients, see `second_factor`); a success forgives.

Starting a session (`sign_in`, in the transaction that starts it) then adds:

5. a fresh re-read of the user under a share lock (not deleted, enabled, signup done):
   deleting or disabling the user waits for this transaction, or wins and refuses it;
6. single sign-on enforcement (product): an address at a verified domain of an
   organization enforcing SSO signs in only through it (`SSORequiredError`), except an
   owner's password while the organization keeps break-glass;
7. the second factor when the user has one (a confirmed TOTP secret, or in the product a
   passkey set as second factor: a challenge instead of a session), or a refusal when
   the app requires one and the user has none;
8. the session, recording the sign-in method and second factor, the client's address
   and user agent (`sessions`).

An API key (`api_key`, on every call that presents one) passes steps 1 (its own rate
limit, per key), 3 and 5 (a personal key's user enabled and still a member, read fresh
in the same statement; an organization key is the organization's service identity) and is
recorded as the call's method (`Auth.api_key_id`, the log context).
A SCIM token (`scim_token`, on every `/scim/v2/` request) passes the same steps: its rate
limit, the live token, its creator enabled and still a member (the product then checks
`scim:manage` fresh in the request's transaction).

The credentials: `password`, `challenge` (a second factor of a sign-in), `code` (a
one-time code the caller redeems), `new_account`, `login_code` (an emailed six-digit
code), `oauth` (a provider's answer: social login), `sso` (an organization's identity
provider's answer: single sign-on; `saml_answer` checks a SAML response first); and,
inside a session,
`reauthenticate`, `second_factor`, `enrollment_code`.

A session starts only from a `Passed`, which only this module makes; no route checks a
password, redeems a code that signs in or starts a session any other way
(`foundation/auth/funnel_test.py` walks both apps' routers to prove it).
"""

from __future__ import annotations

import datetime
import hmac
from dataclasses import dataclass, field
from typing import Any

from database.__codegen__.enums import (
    OauthIntentEnum,
    SecondFactorEnum,
    SessionAppEnum,
    SignInMethodEnum,
)
from database.__codegen__.models import SessionModel
from foundation.auth import oauth as oauth_protocol
from foundation.auth import passkeys as webauthn
from foundation.auth import second_factor as factors
from foundation.auth import sso as sso_protocol
from foundation.auth.api_keys import parse_api_key
from foundation.auth.captcha import NO_CAPTCHA, NoCaptcha
from foundation.auth.cookies import PERMANENT_SECONDS, sign_session, unsign_session
from foundation.auth.errors import (
    ApiKeyRateLimitedError,
    InvalidCredentialsError,
    LoginCodeInvalidError,
    MFAChallengeInvalidError,
    MFACodeInvalidError,
    MFAEnrollmentRequiredError,
    OAuthFailedError,
    OAuthStateInvalidError,
    PasskeyInvalidError,
    ScimTokenRateLimitedError,
    SSOFailedError,
    SSORequiredError,
    SSOStateInvalidError,
    TooManyAttemptsError,
)
from foundation.auth.login import Allowed, check_login, reserve_attempt
from foundation.auth.passkeys import Credential
from foundation.auth.passwords import verify_password
from foundation.auth.ratelimit import limits, rate_limit, seconds_until
from foundation.auth.scim_tokens import parse_scim_token
from foundation.auth.sessions import BROWSER_SESSION_LIFETIME, Auth, AuthOrganization
from foundation.auth.users import UserSummary
from foundation.base.clock import CLOCK
from foundation.base.errors import ImpossibleError
from foundation.base.logs import bind_context, get_logger
from foundation.base.observability.metrics import metric_count
from foundation.crypto.codes import hash_code, new_code
from foundation.crypto.vault import VaultError
from foundation.db import FoundationConn, FoundationQ, xact_admin
from foundation.external.errors import ExternalServiceError, ExternalServiceFailedError
from foundation.rpc.errors import RPCError
from foundation.rpc.req import Req, SameSiteEnum

CHALLENGE_TTL = datetime.timedelta(minutes=5)
CHALLENGE_ATTEMPTS = 5
USER_AGENT_CHARS = 512
"""How much of the User-Agent header a session keeps."""
LOGIN_CODE_ATTEMPTS = 5
"""Wrong guesses at one emailed sign-in code before it stops working."""

SSO_EXEMPT: frozenset[SignInMethodEnum] = frozenset({"sso", "impersonation"})
"""Sign-in methods an organization's single sign-on enforcement lets through: its own,
and support's impersonation (audited, read-only). Every other one (password, email
code, social login, passkey, reset, signup, invite) is refused for its addresses."""

_SEAL = object()


@dataclass(frozen=True, slots=True)
class Passed:
    """A credential that went through steps 1-4: whose it is and how it was presented.
    Only this module makes one (`sign_in` needs one to start a session)."""

    user_id: str
    method: SignInMethodEnum
    second_factor: SecondFactorEnum | None = None
    """The second factor passed as well (then `sign_in` asks for none)."""
    asks_second_factor: bool = True
    """False where a second factor does not apply (a brand-new account, impersonation)."""
    impersonator_user_id: str | None = None
    seal: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.seal is not _SEAL:
            raise ImpossibleError("a credential passes only through the funnel")


def _passed(
    user_id: str,
    method: SignInMethodEnum,
    *,
    second_factor: SecondFactorEnum | None = None,
    asks_second_factor: bool = True,
    impersonator_user_id: str | None = None,
) -> Passed:
    return Passed(
        user_id,
        method,
        second_factor=second_factor,
        asks_second_factor=asks_second_factor,
        impersonator_user_id=impersonator_user_id,
        seal=_SEAL,
    )


# -- steps 1-4: credentials ------------------------------------------------------------


async def api_key(c: FoundationConn, presented: str) -> Auth | None:
    """The caller behind an API key, or None (malformed, unknown, wrong secret, revoked,
    expired; a personal key's user disabled, deleted or no longer a member). An
    organization key is the organization's service identity (`Auth.service`), whoever
    made it and whether they are still a member. One statement on the call's connection: the
    key's rate limit (`ApiKeyRateLimitedError`), the key, its user and membership read
    fresh, and its use recorded (at most once a minute)."""
    parts = parse_api_key(presented)
    if parts is None:
        return None
    limit = limits()["api_key"]
    now = CLOCK.now()
    row = await c.orm.auth_api_key_lookup(
        bucket=f"api_key:id:{parts.key_id}",
        now=now,
        max_hits=limit.per_identifier,
        win=limit.window,
        key_id=parts.key_id,
        secret_hash=parts.secret_hash,
    )
    if row.retry_at is not None:
        raise ApiKeyRateLimitedError(retry_after_seconds=seconds_until(row.retry_at, now))
    if row.key_id is None or row.key_name is None or row.organization_id is None:
        metric_count("auth_api_key_total", outcome="refused")
        return None
    organization = AuthOrganization(id=row.organization_id, name=row.organization_name or "")
    scopes = frozenset(row.key_scopes or ())
    if row.key_kind == "organization":
        auth = Auth(
            session_id=f"api_key:{row.key_id}",
            user=UserSummary(id=row.key_id, name=row.key_name, email=""),
            organization=organization,
            role="member",
            api_key_id=row.key_id,
            api_key_scopes=scopes,
            service=True,
        )
    elif row.user_id is None or row.user_name is None or row.user_email is None or not row.role:
        metric_count("auth_api_key_total", outcome="refused")
        return None
    else:
        auth = Auth(
            session_id=f"api_key:{row.key_id}",
            user=UserSummary(id=row.user_id, name=row.user_name, email=row.user_email),
            organization=organization,
            role=row.role,
            email_verified=bool(row.user_email_verified),
            api_key_id=row.key_id,
            api_key_scopes=scopes,
        )
    metric_count("auth_api_key_total", outcome="passed")
    bind_context(auth_method="api_key", api_key_id=row.key_id)
    return auth


@dataclass(frozen=True, slots=True)
class ScimCaller:
    """Who a SCIM token speaks for: its organization and the member who made it (the
    request's customer transaction runs as them, after a fresh `scim:manage` check)."""

    token_id: str
    organization_id: str
    user_id: str


async def scim_token(c: FoundationConn, presented: str) -> ScimCaller | None:
    """The organization behind a SCIM token, or None (malformed, unknown, wrong secret,
    revoked, its creator disabled, deleted or no longer a member). One statement on the
    request's connection: the token's rate limit (`ScimTokenRateLimitedError`), the token,
    its creator's membership read fresh, and its use recorded (at most once a minute)."""
    parts = parse_scim_token(presented)
    if parts is None:
        return None
    limit = limits()["scim_token"]
    now = CLOCK.now()
    row = await c.orm.auth_scim_token_lookup(
        bucket=f"scim_token:id:{parts.key_id}",
        now=now,
        max_hits=limit.per_identifier,
        win=limit.window,
        token_id=parts.key_id,
        secret_hash=parts.secret_hash,
    )
    if row.retry_at is not None:
        raise ScimTokenRateLimitedError(retry_after_seconds=seconds_until(row.retry_at, now))
    if row.token_id is None or row.user_id is None or row.organization_id is None:
        metric_count("auth_scim_token_total", outcome="refused")
        return None
    metric_count("auth_scim_token_total", outcome="passed")
    bind_context(auth_method="scim_token", scim_token_id=row.token_id, user_id=row.user_id)
    return ScimCaller(
        token_id=row.token_id, organization_id=row.organization_id, user_id=row.user_id
    )


async def limit(action: str, *, client: str, target: str) -> None:
    """Step 1 alone, committed at once: for credentials checked inside the caller's
    transaction (`code`, `new_account`), which call this first."""
    async with xact_admin() as q:
        await rate_limit(q, action, client=client, identifier=target)


async def password(
    app: SessionAppEnum,
    email: str,
    password: str,
    *,
    client: str,
    allowed: Allowed | None = None,
    captcha_token: str | NoCaptcha | None = NO_CAPTCHA,
) -> Passed:
    """An email and password (steps 1-4; `login.check_login`); `allowed(user_id)` is the
    app's extra condition (panopticon: an admin), a refusal counting as a failure. An app
    that shows captchas passes the call's `captcha_token` (None when it had none): a client
    with too many failures needs one (`CaptchaRequiredError`)."""
    user = await check_login(
        app, email, password, client=client, allowed=allowed, captcha_token=captcha_token
    )
    return _passed(user.id, "password")


async def passkey(app: SessionAppEnum, credential: Credential, *, client: str) -> Passed:
    """A passkey's answer to a `sign_in` challenge, signing in without a password (steps
    1-4 as for a password, on the same buckets: the `login` rate limit and the login
    lockout keyed on the passkey's user's email, so wrong answers and wrong passwords add
    up). Its user verification (PIN, biometric) makes it two factors in one: no second
    factor is asked. `InvalidCredentialsError` or `TooManyAttemptsError`."""
    now = CLOCK.now()
    raw_id = webauthn.credential_id(credential)
    async with xact_admin() as q:
        row = None if raw_id is None else await q.orm.passkey_by_credential(credential_extid=raw_id)
        key = row.user_email if row is not None else f"passkey:{(raw_id or b'').hex()}"
        await rate_limit(q, "login", client=client, identifier=key)
        locked = await reserve_attempt(q.orm, key=key, app=app, client=client, now=now)
    if locked is not None:
        metric_count("login_lockouts_total", app=app)
        raise locked
    async with xact_admin() as q:
        user_id = await _use_passkey(q, credential, owner=None)
        if user_id is not None:  # a right answer forgives this client's failures
            await q.orm.auth_login_succeeded(email=key, client=client, app=app)
    if user_id is None:
        metric_count("login_failures_total", app=app)
        raise InvalidCredentialsError()
    return _passed(user_id, "passkey", asks_second_factor=False)


async def _use_passkey(q: FoundationQ, credential: Credential, *, owner: str | None) -> str | None:
    """Step 3 for a passkey: the user whose passkey signed a live `sign_in` challenge
    (used up, right or wrong), with user verification and a signature counter grown past
    the one stored (`verify_assertion`; the new one recorded); of `owner` when given.
    None otherwise."""
    challenge = await webauthn.use_challenge(q, credential, "sign_in", None)
    raw_id = webauthn.credential_id(credential)
    if challenge is None or raw_id is None:
        return None
    row = await q.orm.passkey_by_credential(credential_extid=raw_id)
    if row is None or (owner is not None and row.user_id != owner):
        return None
    sign_count = webauthn.verify_assertion(
        credential, challenge, public_key=row.public_key, sign_count=row.sign_count
    )
    if sign_count is None:
        return None
    # The row is locked since it was read: no other answer moved the counter meanwhile.
    await q.orm.passkey_used(id=row.id, sign_count=sign_count, now=CLOCK.now())
    return row.user_id


async def reauthenticate(app: SessionAppEnum, user_id: str, password: str, *, client: str) -> None:
    """A signed-in user's password again, before a sensitive change (password change,
    email change, deletion, turning two-factor off): steps 1-4 keyed on the user, so a
    stolen session is no password oracle. `InvalidCredentialsError` or
    `TooManyAttemptsError`."""
    key, now = f"user:{user_id}", CLOCK.now()
    async with xact_admin() as q:
        await rate_limit(q, "reauthenticate", client=client, identifier=user_id)
        locked = await reserve_attempt(q.orm, key=key, app=app, client=client, now=now)
        password_hash = None if locked else await q.orm.auth_password_hash(user_id=user_id)
    password_hash = password_hash or None  # none set, or no user: a dummy costs the same
    if locked is not None:
        metric_count("login_lockouts_total", app=app)
        raise locked
    if not await verify_password(password, password_hash):
        metric_count("login_failures_total", app=app)
        raise InvalidCredentialsError()
    async with xact_admin() as q:
        await q.orm.auth_login_succeeded(email=key, app=app, client=client)


async def second_factor(
    app: SessionAppEnum,
    user_id: str,
    *,
    client: str,
    code: str | None = None,
    recovery_code: str | None = None,
    passkey: Credential | None = None,
) -> SecondFactorEnum:
    """A signed-in user's second factor (or one of their passkeys), before a sensitive
    change (turning it off, new recovery codes, re-authenticating): steps 1-4, the code or
    challenge used up. `MFACodeInvalidError` (`PasskeyInvalidError` for a passkey) or
    `TooManyAttemptsError`."""
    factor = _factor(code, recovery_code, passkey)
    await _count_code_check(app, user_id, factor, client=client, now=CLOCK.now())
    async with xact_admin() as q:
        right = await _use_code(q, user_id, factor, code or recovery_code or "", passkey)
        if right:
            await factors.forgive(q, app, user_id=user_id, factor=factor, client=client)
    if not right:
        raise PasskeyInvalidError() if factor == "passkey" else MFACodeInvalidError()
    return factor


async def enrollment_code(
    app: SessionAppEnum, user_id: str, secret: str, code: str, *, client: str
) -> int:
    """A first code from a secret being enrolled (proving the authenticator has it):
    steps 1-4 as for TOTP codes; the code's time step, or `MFACodeInvalidError`."""
    now = CLOCK.now()
    await _count_code_check(app, user_id, "totp", client=client, now=now)
    step = factors.matching_step(secret, code, now)
    if step is None:
        raise MFACodeInvalidError()
    async with xact_admin() as q:
        await factors.forgive(q, app, user_id=user_id, factor="totp", client=client)
    return step


async def _count_code_check(
    app: SessionAppEnum,
    user_id: str,
    factor: SecondFactorEnum,
    *,
    client: str,
    now: datetime.datetime,
) -> None:
    """Steps 1-2 for a signed-in user's code, committed before the code is checked: the
    `second_factor` rate limit and the factor's lockout (`TooManyAttemptsError`)."""
    async with xact_admin() as q:
        await rate_limit(q, "second_factor", client=client, identifier=user_id)
        locked = await factors.reserve(
            q, app, user_id=user_id, factor=factor, client=client, now=now
        )
    if locked is not None:
        raise locked


@dataclass(frozen=True, slots=True)
class ChallengePassed:
    """A second-factor challenge completed: the credential, and what the sign-in asked."""

    passed: Passed
    organization_id: str | None
    permanent: bool


async def challenge(
    app: SessionAppEnum,
    token: str,
    *,
    client: str,
    code: str | None = None,
    recovery_code: str | None = None,
    passkey: Credential | None = None,
) -> ChallengePassed:
    """The second half of a sign-in that answered `MFARequiredError`: the challenge and a
    code, or an answer of one of the user's passkeys (steps 1-4: the challenge's own
    attempts and the code's lockout are counted and committed before the code is
    checked). Then `sign_in` with the result."""
    factor, now = _factor(code, recovery_code, passkey), CLOCK.now()
    token_hash = hash_code(token)
    async with xact_admin() as q:
        row = await q.orm.mfa_challenge_fetch(challenge_hash=token_hash, app=app)
        if (
            row is None
            or row.completed_at is not None
            or row.expires_at <= now
            or row.attempts >= CHALLENGE_ATTEMPTS
            or not row.user_active
        ):
            raise MFAChallengeInvalidError()
        await rate_limit(q, "login_mfa", client=client, identifier=row.user_id)
        await q.orm.mfa_challenge_attempt(id=row.id)
        locked = await factors.reserve(
            q, app, user_id=row.user_id, factor=factor, client=client, now=now
        )
    if locked is not None:
        raise locked
    async with xact_admin() as q:
        row = await q.orm.mfa_challenge_fetch(challenge_hash=token_hash, app=app)
        if row is None or row.completed_at is not None:
            raise MFAChallengeInvalidError()  # completed meanwhile
        right = await _use_code(q, row.user_id, factor, code or recovery_code or "", passkey)
        if right:
            await q.orm.mfa_challenge_complete(id=row.id, now=now)
            await factors.forgive(q, app, user_id=row.user_id, factor=factor, client=client)
    if not right:
        raise PasskeyInvalidError() if factor == "passkey" else MFACodeInvalidError()
    return ChallengePassed(
        _passed(row.user_id, row.sign_in_method, second_factor=factor),
        row.organization_id,
        row.permanent,
    )


def code(
    method: SignInMethodEnum,
    user_id: str | None,
    invalid: RPCError,
    *,
    asks_second_factor: bool = True,
    impersonator_user_id: str | None = None,
) -> Passed:
    """A one-time code that signs in (a password reset code, an impersonation token),
    redeemed by the caller in the transaction that signs in (`user_id`: whose it was, None
    when it was no code): step 3; the caller rate-limited the client first (`limit`).
    Raises `invalid`."""
    if user_id is None:
        metric_count("sign_in_code_failures_total", method=method)
        raise invalid
    return _passed(
        user_id,
        method,
        asks_second_factor=asks_second_factor,
        impersonator_user_id=impersonator_user_id,
    )


async def new_account(q: FoundationQ, user_id: str, method: SignInMethodEnum) -> Passed:
    """A user this very transaction created (signup, or an invite's new account), who
    has no second factor yet; the caller rate-limited the client first (`limit`)."""
    if not await q.orm.auth_user_created_here(user_id=user_id):
        raise ImpossibleError("only an account created in this transaction", user_id=user_id)
    return _passed(user_id, method, asks_second_factor=False)


async def login_code(app: SessionAppEnum, email: str, code: str, *, client: str) -> Passed:
    """An emailed six-digit sign-in code (`login_code_request`): steps 1-2 (the
    `login_code_verify` rate limit, the lockout keyed on the address) committed first,
    then one guess at the user's open code (`LoginCodeCheck`: a right one is used up and
    marks the address verified; the LOGIN_CODE_ATTEMPTS-th wrong one revokes the code),
    committed whatever it found. `LoginCodeInvalidError` or `TooManyAttemptsError`."""
    lockout, now = f"login_code:{email.lower()}", CLOCK.now()
    async with xact_admin() as q:
        await rate_limit(q, "login_code_verify", client=client, identifier=email)
        locked = await reserve_attempt(q.orm, key=lockout, app=app, client=client, now=now)
    if locked is not None:
        metric_count("login_lockouts_total", app=app)
        raise locked
    async with xact_admin() as q:
        user_id = await q.orm.login_code_check(
            email=email, code_hash=hash_code(code), now=now, max_attempts=LOGIN_CODE_ATTEMPTS
        )
        if user_id is not None:
            await q.orm.auth_login_succeeded(email=lockout, app=app, client=client)
    if user_id is None:
        metric_count("sign_in_code_failures_total", method="login_code")
        raise LoginCodeInvalidError()
    return _passed(user_id, "login_code")


@dataclass(frozen=True, slots=True)
class OAuthCompleted:
    """A provider's answer that proved an identity (`oauth`): who, and what the request
    was for. `passed` is the linked user's credential (intent `signin`, the identity
    linked); otherwise the caller creates the user (`new_account`) or links it."""

    identity: oauth_protocol.ProviderIdentity
    intent: OauthIntentEnum
    user_id: str | None
    """For intent `link`: the signed-in user who asked."""
    redirect_to: str | None
    passed: Passed | None


async def oauth(*, state: str, code: str, client: str, browser_state: str | None) -> OAuthCompleted:
    """The answer of a provider (`oauth_complete`): step 1 (the `oauth_complete` rate
    limit, per client), the browser check (`browser_state`, the cookie `oauth_start` set:
    a state started in another browser is refused, so nobody can sign a victim in to
    the attacker's account), the pending request redeemed once (state unknown, used or
    older than 10 minutes: `OAuthStateInvalidError`), then the code exchanged with its
    PKCE verifier and the identity proved (`foundation.auth.oauth`: the ID token's
    signature, issuer, audience, expiry and nonce; `OAuthFailedError` when a check
    fails). There is no lockout: a state is 192 random bits, used up by any answer."""
    state_hash, now = hash_code(state), CLOCK.now()
    async with xact_admin() as q:
        await rate_limit(q, "oauth_complete", client=client, identifier="oauth")
    if browser_state is None or not hmac.compare_digest(hash_code(browser_state), state_hash):
        metric_count("sign_in_code_failures_total", method="oauth")
        raise OAuthStateInvalidError()
    async with xact_admin() as q:
        pending = await q.orm.oauth_state_redeem(state_hash=state_hash, now=now)
    provider = oauth_protocol.providers().get(pending.provider) if pending else None
    if pending is None or provider is None:
        metric_count("sign_in_code_failures_total", method="oauth")
        raise OAuthStateInvalidError()
    try:
        identity = await oauth_protocol.provider_identity(
            provider, code=code, verifier=pending.code_verifier, nonce_hash=pending.nonce_hash
        )
    except oauth_protocol.OAuthInvalidError as error:
        get_logger().info("oauth answer refused", provider=provider.id, reason=error.reason)
        metric_count("sign_in_code_failures_total", method="oauth")
        raise OAuthFailedError(provider=provider.id) from None
    except ExternalServiceError:
        raise ExternalServiceFailedError(service="oauth") from None
    passed = None
    if pending.intent == "signin":
        async with xact_admin() as q:
            user_id = await q.orm.oauth_identity_user(
                provider=identity.provider, subject=identity.subject, now=CLOCK.now()
            )
        passed = _passed(user_id, "oauth") if user_id is not None else None
    return OAuthCompleted(
        identity=identity,
        intent=pending.intent,
        user_id=pending.user_id,
        redirect_to=pending.redirect_to,
        passed=passed,
    )


@dataclass(frozen=True, slots=True)
class SSOCompleted:
    """An organization's identity provider proved who signed in (`sso`): who, through which
    connection, and the user at that address (`passed`, None when there is none yet: the
    caller creates them, `new_account`). A dry run (`test`) proves and signs in nobody."""

    identity: sso_protocol.SSOIdentity
    organization_id: str
    connection_id: str
    default_role: str
    test: bool
    passed: Passed | None


async def sso(*, state: str, code: str, client: str, browser_state: str | None) -> SSOCompleted:
    """The answer of an organization's identity provider (`sso_complete`): step 1 (the
    `sso_complete` rate limit), the browser check (the cookie `sso_start` set), the request
    redeemed once (`SSOStateInvalidError`), then OIDC: the code exchanged with its PKCE
    verifier and the ID token checked (`foundation.auth.oauth`); SAML: the identity the
    ACS endpoint proved (`saml_answer`), handed over by its one-time `code`. The address
    must be at a verified domain of the connection's organization (`SSOFailedError`
    otherwise: an identity provider speaks only for its organization's domains)."""
    state_hash, now = hash_code(state), CLOCK.now()
    async with xact_admin() as q:
        await rate_limit(q, "sso_complete", client=client, identifier="sso")
    same_browser = browser_state is not None and hmac.compare_digest(
        hash_code(browser_state), state_hash
    )
    if not same_browser:
        metric_count("sign_in_code_failures_total", method="sso")
        raise SSOStateInvalidError()
    async with xact_admin() as q:
        pending = await q.orm.auth_sso_request_redeem(
            state_hash=state_hash, handoff_hash=hash_code(code), now=now
        )
        connection = (
            await q.orm.auth_sso_connection(
                id=pending.connection_id, organization_id=pending.organization_id
            )
            if pending is not None
            else None
        )
    if pending is None or connection is None:
        metric_count("sign_in_code_failures_total", method="sso")
        raise SSOStateInvalidError()
    if pending.code_verifier is not None:
        identity = await _sso_oidc_identity(
            connection, code, pending.code_verifier, pending.nonce_hash
        )
    else:
        identity = sso_protocol.SSOIdentity.from_json(pending.identity)
    done = SSOCompleted(
        identity=identity,
        organization_id=connection.organization_id,
        connection_id=connection.id,
        default_role=connection.default_role,
        test=pending.test,
        passed=None,
    )
    if pending.test:
        return done
    email = identity.email or ""
    domain = email.rpartition("@")[2]
    async with xact_admin() as q:
        at_domain = bool(domain) and await q.orm.auth_sso_domain_verified(
            organization_id=connection.organization_id, domain=domain
        )
        user_id = await q.orm.auth_sso_user(email=email) if at_domain else None
    if not at_domain:
        get_logger().info("sso answer refused", connection_id=connection.id, reason="domain")
        metric_count("sign_in_code_failures_total", method="sso")
        raise SSOFailedError()
    return SSOCompleted(
        identity=identity,
        organization_id=done.organization_id,
        connection_id=done.connection_id,
        default_role=done.default_role,
        test=False,
        passed=_passed(user_id, "sso") if user_id is not None else None,
    )


async def _sso_oidc_identity(
    connection: Any, code: str, verifier: str, nonce_hash: str
) -> sso_protocol.SSOIdentity:
    try:
        provider = sso_protocol.oidc_provider(connection)
        found = await oauth_protocol.provider_identity(
            provider,
            code=code,
            verifier=verifier,
            nonce_hash=nonce_hash,
            redirect=sso_protocol.redirect_uri(),
        )
    except (oauth_protocol.OAuthInvalidError, sso_protocol.SSOInvalidError, VaultError) as error:
        reason = getattr(error, "reason", str(error))
        get_logger().info("sso answer refused", connection_id=connection.id, reason=reason)
        metric_count("sign_in_code_failures_total", method="sso")
        raise SSOFailedError() from None
    except ExternalServiceError:
        raise ExternalServiceFailedError(service="sso") from None
    return sso_protocol.SSOIdentity(
        subject=found.subject,
        email=found.email,
        name=found.name,
        claims={k: v for k, v in found.claims.items() if k not in ("nonce", "at_hash")},
    )


async def saml_answer(connection_id: str, *, response: str, relay_state: str, client: str) -> str:
    """A SAML response POSTed to the connection's ACS endpoint: step 1 (the `sso_complete`
    rate limit), the pending request of its RelayState (`SSOStateInvalidError`), the
    response's checks (`sso.saml_identity`: a signed assertion, our audience, its validity
    window, InResponseTo this request) and its assertion id consumed once (a replay:
    `SSOFailedError`). Answers the one-time code that hands the identity to `sso`."""
    now = CLOCK.now()
    async with xact_admin() as q:
        await rate_limit(q, "sso_complete", client=client, identifier="sso")
    async with xact_admin() as q:
        pending = await q.orm.auth_sso_saml_request(state_hash=hash_code(relay_state), now=now)
        connection = (
            await q.orm.auth_sso_connection(
                id=pending.connection_id, organization_id=pending.organization_id
            )
            if pending is not None and pending.connection_id == connection_id
            else None
        )
    if pending is None or connection is None:
        metric_count("sign_in_code_failures_total", method="sso")
        raise SSOStateInvalidError()
    try:
        answer = sso_protocol.saml_identity(connection, response, pending.nonce_hash)
    except sso_protocol.SSOInvalidError as error:
        get_logger().info("sso answer refused", connection_id=connection.id, reason=error.reason)
        metric_count("sign_in_code_failures_total", method="sso")
        raise SSOFailedError() from None
    expires = _saml_time(answer.not_on_or_after) or now + datetime.timedelta(hours=1)
    handoff, handoff_hash = new_code()
    async with xact_admin() as q:
        fresh = await q.orm.auth_sso_assertion_use(
            connection_id=connection.id,
            assertion_extid=answer.assertion_id,
            expires_at=max(expires, now) + datetime.timedelta(minutes=5),
            now=now,
        )
        if fresh is not None:
            await q.orm.auth_sso_saml_answered(
                id=pending.id, identity=answer.identity.to_json(), handoff_hash=handoff_hash
            )
    if fresh is None:
        get_logger().info("sso answer refused", connection_id=connection.id, reason="replayed")
        metric_count("sign_in_code_failures_total", method="sso")
        raise SSOFailedError()
    return handoff


def _saml_time(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _factor(
    code: str | None, recovery_code: str | None, passkey: Credential | None = None
) -> SecondFactorEnum:
    if passkey is not None and code is None and recovery_code is None:
        return "passkey"
    return "totp" if code is not None or recovery_code is None else "recovery_code"


async def _use_code(
    q: FoundationQ,
    user_id: str,
    factor: SecondFactorEnum,
    value: str,
    passkey: Credential | None = None,
) -> bool:
    now = CLOCK.now()
    if factor == "passkey":
        return await _use_passkey(q, passkey or {}, owner=user_id) is not None
    if factor == "totp":
        return await factors.use_totp_code(q, user_id=user_id, code=value, now=now)
    return await factors.use_recovery_code(q, user_id=user_id, code=value, now=now)


# -- steps 5-7: sessions ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A session started: the user (re-read), whether their address is verified, the row."""

    user: UserSummary
    email_verified: bool
    session: SessionModel


@dataclass(frozen=True, slots=True)
class SecondFactorNeeded:
    """No session yet: the caller commits, then answers `MFARequiredError {challenge}`."""

    challenge: str


async def sign_in(
    q: FoundationQ,
    req: Req[Any],
    passed: Passed,
    *,
    app: SessionAppEnum,
    cookie: str,
    same_site: SameSiteEnum,
    organization_id: str | None,
    permanent: bool,
    lifetime: datetime.timedelta | None = None,
    require_second_factor: bool = False,
) -> SignedIn | SecondFactorNeeded:
    """Steps 5-7 in `q` (apps call it through `SessionApp.sign_in`): the user re-read
    under lock (`InvalidCredentialsError` when they can no longer sign in), the second
    factor (a stored challenge, or `MFAEnrollmentRequiredError` when the app requires one
    and the user has none), then the session with its cookie."""
    user = await q.orm.auth_user_lock(user_id=passed.user_id)
    if user is None:
        metric_count("login_failures_total", app=app)
        raise InvalidCredentialsError()
    if app == "product" and passed.method not in SSO_EXEMPT:
        enforced = await q.orm.auth_sso_required(
            user_id=user.id, owner_exempt=passed.method == "password"
        )
        if enforced is not None:
            metric_count("login_failures_total", app=app)
            raise SSORequiredError(organization_id=enforced.id, organization_name=enforced.name)
    if passed.second_factor is None and passed.asks_second_factor:
        factors = await q.orm.mfa_factors(user_id=user.id)
        # A passkey belongs to the product's origin (WEBAUTHN_RP_ID): in panopticon only
        # the authenticator app is a second factor.
        if factors.totp or (factors.passkey and app == "product"):
            token, token_hash = new_code()
            now = CLOCK.now()
            await q.orm.mfa_challenge_create(
                user_id=user.id,
                organization_id=organization_id,
                permanent=permanent,
                challenge_hash=token_hash,
                expires_at=now + CHALLENGE_TTL,
                now=now,
                app=app,
                sign_in_method=passed.method,
            )
            return SecondFactorNeeded(challenge=token)
        if require_second_factor:
            raise MFAEnrollmentRequiredError()
    session = await _start_session(
        q,
        req,
        app,
        cookie,
        passed,
        organization_id=organization_id,
        permanent=permanent,
        lifetime=lifetime,
        same_site=same_site,
    )
    metric_count("sign_ins_total", app=app, method=passed.method)
    return SignedIn(
        user=UserSummary(id=user.id, name=user.name, email=user.email),
        email_verified=bool(user.email_verified),
        session=session,
    )


async def _start_session(
    q: FoundationQ,
    req: Req[Any],
    app: SessionAppEnum,
    cookie: str,
    passed: Passed,
    *,
    organization_id: str | None,
    permanent: bool,
    lifetime: datetime.timedelta | None,
    same_site: SameSiteEnum,
) -> SessionModel:
    """A new session (new id: no fixation) and its cookie on the response; the session
    the request came with, if any, ends."""
    now = CLOCK.now()
    previous = unsign_session(app, req.cookies.get(cookie))
    if previous is not None:
        await q.orm.auth_session_expire(session_id=previous, app=app, now=now)
    if lifetime is None:
        lifetime = (
            datetime.timedelta(seconds=PERMANENT_SECONDS) if permanent else BROWSER_SESSION_LIFETIME
        )
    session = await q.orm.auth_session_create(
        user_id=passed.user_id,
        organization_id=organization_id,
        app=app,
        expires_at=now + lifetime,
        now=now,
        impersonator_user_id=passed.impersonator_user_id,
        sign_in_method=passed.method,
        second_factor=passed.second_factor,
        client_address=req.client,
        user_agent=(req.headers.get("user-agent") or "")[:USER_AGENT_CHARS] or None,
    )
    req.set_cookie(
        cookie,
        sign_session(app, session.id),
        max_age=PERMANENT_SECONDS if permanent else None,
        same_site=same_site,
    )
    return session


__all__ = [
    "CHALLENGE_ATTEMPTS",
    "CHALLENGE_TTL",
    "LOGIN_CODE_ATTEMPTS",
    "ChallengePassed",
    "OAuthCompleted",
    "Passed",
    "SSOCompleted",
    "ScimCaller",
    "SecondFactorNeeded",
    "SignedIn",
    "TooManyAttemptsError",
    "challenge",
    "code",
    "enrollment_code",
    "limit",
    "login_code",
    "new_account",
    "oauth",
    "passkey",
    "password",
    "reauthenticate",
    "saml_answer",
    "scim_token",
    "second_factor",
    "sign_in",
    "sso",
]
