"""Sign-in methods besides the password: social login through OAuth 2.0 / OpenID Connect
providers (with linked identities), and six-digit codes sent by email.

Every one goes through the authentication funnel (`funnel.oauth`, `funnel.login_code`,
`funnel.new_account`), then `sign_in`: rate limits, the fresh user re-check, the second
factor (`MFARequiredError` exactly as after a password) and the recorded sign-in method.
"""

from __future__ import annotations

import datetime
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from pydantic import Field, StringConstraints

from database.__codegen__.enums import OauthIntentEnum
from foundation.auth import funnel
from foundation.auth import oauth as oauth_protocol
from foundation.auth.captcha import CaptchaToken, require_captcha
from foundation.auth.errors import (
    SIGN_IN_ERRORS,
    CaptchaRequiredError,
    LoginCodeInvalidError,
    OAuthFailedError,
    OAuthStateInvalidError,
    SSORequiredError,
    TooManyAttemptsError,
)
from foundation.auth.ratelimit import rate_limit
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.base.types import Email
from foundation.crypto.codes import hash_code, new_code
from foundation.email.links import ACCEPT_INVITE, SIGN_IN_CODE
from foundation.email.outbox import render_every_locale
from foundation.external.errors import ExternalServiceError, ExternalServiceFailedError
from foundation.rpc.errors import RPCError
from foundation.rpc.pages import InvalidCursorError, Page, PageIn
from product.auth.init import SignedIn, signed_in_init
from product.auth.sign_in import answered, sign_in
from product.db import ProductQ
from product.framework import PRODUCT, PublicReq, UserReq, route

STATE_LIFETIME = datetime.timedelta(minutes=10)
LOGIN_CODE_LIFETIME = datetime.timedelta(minutes=10)
STATE_COOKIE = "blossom_oauth_state"
"""Holds the state of the sign-in this browser started (`oauth_complete` checks it)."""

ProviderId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{1,64}$")]
RedirectPath = Annotated[
    str,
    StringConstraints(max_length=2000, pattern=r"^/[^/\\\s][^\s\\]*$|^/$"),
    Field(examples=["/settings"]),
]
"""A path of the product frontend (never another site: no scheme, no `//`)."""
LoginCode = Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)]


@dataclass
class OAuthProviderNotFoundError(RPCError):
    """No configured provider has this id (`oauth_providers` lists them)."""

    provider: str


@dataclass
class OAuthLinkRequiredError(RPCError):
    """The provider's verified address belongs to an account that is not linked to this
    provider account: sign in to it with its existing method, then link the provider
    from settings (`oauth_start {intent: "link"}`). Never linked silently."""

    email: str


@dataclass
class OAuthEmailUnverifiedError(RPCError):
    """The provider gave no address it verified, and this provider account is linked to
    no user: sign up another way, then link it from settings."""


@dataclass
class OAuthSignInRequiredError(RPCError):
    """Linking a provider needs the signed-in user who started it (`intent: "link"`)."""


@dataclass
class OAuthIdentityTakenError(RPCError):
    """This provider account is linked to another user already."""


@dataclass
class IdentityNotFoundError(RPCError):
    """The caller has no linked identity with this id."""

    identity_id: str


@dataclass
class LastSignInMethodError(RPCError):
    """Unlinking it would leave the account no way to sign in (no password and no other
    linked identity): set a password or link another provider first."""


# -- providers ---------------------------------------------------------------------------


@dataclass
class OAuthProviderOut:
    id: str
    name: str


@route("oauth_providers", authorization="public", transaction="none", method="GET")
async def oauth_providers(req: PublicReq[None]) -> list[OAuthProviderOut]:  # noqa: ARG001
    """The providers configured for social login (OAUTH_PROVIDERS), in order, for the
    sign-in page's buttons: `oauth_start {provider: id}`."""
    return [OAuthProviderOut(id=p.id, name=p.name) for p in oauth_protocol.providers().values()]


@dataclass
class OAuthStartIn:
    provider: ProviderId
    intent: OauthIntentEnum = "signin"
    redirect_to: RedirectPath | None = None
    """Where the frontend goes once signed in (given back by `oauth_complete`); a path
    starting `/accept-invite` creates no organization for a new user."""


@dataclass
class OAuthStartOut:
    authorization_url: str
    """Send the browser there; the provider sends it back to the callback page
    (OAUTH_REDIRECT_URL) with `?code=&state=`, which calls `oauth_complete`."""


@route(
    "oauth_start",
    authorization="public",
    transaction="admin",
    errors=(OAuthProviderNotFoundError, OAuthSignInRequiredError, ExternalServiceFailedError),
    hold=False,
)
async def oauth_start(req: PublicReq[OAuthStartIn]) -> OAuthStartOut:
    """Start signing in (`intent: "signin"`, signed out; a new user is created when the
    provider's verified address has no account) or linking a provider to the signed-in
    user (`intent: "link"`, from settings). Answers the provider's authorization URL
    (authorization code flow with PKCE S256, `state` and, for OpenID Connect, `nonce`;
    both kept hashed, valid 10 minutes, once) and sets a short cookie binding the sign-in
    to this browser."""
    data = req.data
    provider = oauth_protocol.providers().get(data.provider)
    if provider is None:
        raise OAuthProviderNotFoundError(provider=data.provider)
    if data.intent == "link" and req.user is None:
        raise OAuthSignInRequiredError()
    state, state_hash = new_code()
    nonce, nonce_hash = new_code()
    verifier = oauth_protocol.new_verifier()
    try:
        url = await oauth_protocol.authorization_url(
            provider, state=state, nonce=nonce, verifier=verifier
        )
    except ExternalServiceError:
        raise ExternalServiceFailedError(service="oauth") from None
    async with req.transaction() as q:
        await q.orm.oauth_state_create(
            state_hash=state_hash,
            nonce_hash=nonce_hash,
            code_verifier=verifier,
            provider=provider.id,
            intent=data.intent,
            user_id=req.user.id if data.intent == "link" and req.user else None,
            redirect_to=data.redirect_to,
            expires_at=CLOCK.now() + STATE_LIFETIME,
        )
    req.set_cookie(STATE_COOKIE, state, max_age=STATE_LIFETIME, same_site=PRODUCT.same_site)
    return OAuthStartOut(authorization_url=url)


@dataclass
class OAuthCompleteIn:
    state: Annotated[str, StringConstraints(max_length=200)]
    code: Annotated[str, StringConstraints(max_length=2000)]
    permanent: bool = False


@dataclass
class OAuthCompleteOut:
    signed_in: SignedIn
    redirect_to: str | None
    """The `redirect_to` given to `oauth_start`."""
    linked: bool
    """True when this linked the provider to the signed-in user (`intent: "link"`)."""


@route(
    "oauth_complete",
    authorization="public",
    transaction="admin",
    errors=(
        *SIGN_IN_ERRORS,
        SSORequiredError,
        OAuthStateInvalidError,
        OAuthFailedError,
        OAuthLinkRequiredError,
        OAuthEmailUnverifiedError,
        OAuthSignInRequiredError,
        OAuthIdentityTakenError,
        ExternalServiceFailedError,
    ),
    hold=False,
)
async def oauth_complete(req: PublicReq[OAuthCompleteIn]) -> OAuthCompleteOut:
    """Finish with the provider's answer (the callback page's `state` and `code`), in
    the browser that started it. Signing in: the user linked to the provider account is
    signed in; with none linked, an address the provider verified that belongs to an
    account answers `OAuthLinkRequiredError {email}` (sign in, then link from settings),
    and a new address creates the user (verified, no password) with their organization
    (none when `redirect_to` is an invite). With two-factor authentication on, the
    answer is `MFARequiredError` (finish with `login_mfa`). Linking: the provider
    account is added to the signed-in user who started it. Rate-limited per client."""
    data = req.data
    done = await funnel.oauth(
        state=data.state,
        code=data.code,
        client=req.client,
        browser_state=req.cookies.get(STATE_COOKIE),
    )
    req.delete_cookie(STATE_COOKIE)
    identity = done.identity
    if done.intent == "link":
        return await _link(req, done)
    if done.passed is not None:
        async with req.transaction() as q:
            answer = await sign_in(q, req, done.passed, permanent=data.permanent)
        return OAuthCompleteOut(answered(answer), done.redirect_to, linked=False)
    if identity.email is None or not identity.email_verified:
        raise OAuthEmailUnverifiedError()
    email = identity.email
    async with req.transaction() as q:
        await q.orm.email_address_lock(email=email)
        if await q.orm.oauth_email_owner(email=email) is not None:
            raise OAuthLinkRequiredError(email=email)
        passed = await _create_user(q, done, email)
        answer = await sign_in(q, req, passed, permanent=data.permanent)
    return OAuthCompleteOut(answered(answer), done.redirect_to, linked=False)


async def _create_user(q: ProductQ, done: funnel.OAuthCompleted, email: str) -> funnel.Passed:
    """The new user of a provider account (verified address, no password, signup
    complete, the identity linked) and, unless they came for an invite, their first
    organization, as `signup` makes it."""
    identity, now = done.identity, CLOCK.now()
    name = (identity.name or email.split("@")[0]).strip()[:200] or email[:200]
    user_id = await q.orm.oauth_user_create(
        name=name, email=email, provider=identity.provider, now=now
    )
    if user_id is None:
        raise OAuthLinkRequiredError(email=email)  # taken meanwhile (the lock makes it rare)
    await q.orm.oauth_identity_link(
        user_id=user_id,
        provider=identity.provider,
        subject=identity.subject,
        email=email,
        now=now,
    )
    if not (done.redirect_to or "").startswith(ACCEPT_INVITE):
        await q.orm.organization_create_with_owner(
            name=f"{name}'s organization"[:200], inbound_source="organic", user_id=user_id
        )
    return await funnel.new_account(q, user_id, "oauth")


async def _link(req: PublicReq[OAuthCompleteIn], done: funnel.OAuthCompleted) -> OAuthCompleteOut:
    """Add the provider account to the signed-in user who started the link (the state
    names them; any other caller, or none, is refused)."""
    user = req.user
    if user is None or done.user_id is None or not hmac.compare_digest(user.id, done.user_id):
        raise OAuthSignInRequiredError()
    identity = done.identity
    async with req.transaction() as q:
        owner = await q.orm.oauth_identity_owner(
            provider=identity.provider, subject=identity.subject
        )
        if owner is not None and owner != user.id:
            raise OAuthIdentityTakenError()
        if owner is None:
            await q.orm.oauth_identity_link(
                user_id=user.id,
                provider=identity.provider,
                subject=identity.subject,
                email=identity.email,
                now=CLOCK.now(),
            )
        signed_in = await signed_in_init(
            q, user, req.organization.id if req.organization else None, req.impersonator
        )
    return OAuthCompleteOut(signed_in, done.redirect_to, linked=True)


# -- settings: linked identities ---------------------------------------------------------


@dataclass
class IdentityOut:
    id: str
    provider: str
    email: str | None
    """The address the provider gave when it was linked."""
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None


@dataclass
class IdentitiesPage:
    items: list[IdentityOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route("identities_list", authorization="user", method="GET", errors=(InvalidCursorError,))
async def identities_list(req: UserReq[PageIn]) -> IdentitiesPage:
    """The provider accounts linked to the caller (oldest first): each signs them in;
    one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
    previous page's `next_cursor`)."""
    page = Page.of("identities", req.data.cursor, req.data.limit)
    rows = await req.q.orm.identities_list(
        user_id=req.user.id, after_id=page.after, row_limit=page.fetch
    )
    items = [
        IdentityOut(
            id=r.id,
            provider=r.provider,
            email=r.email,
            created_at=r.created_at,
            last_used_at=r.last_used_at,
        )
        for r in page.shown(rows)
    ]
    return IdentitiesPage(items=items, next_cursor=page.next(rows))


@dataclass
class IdentityUnlinkIn:
    identity_id: Annotated[str, StringConstraints(max_length=64)]


@route(
    "identity_unlink",
    authorization="user",
    transaction="admin",
    errors=(IdentityNotFoundError, LastSignInMethodError),
)
async def identity_unlink(req: UserReq[IdentityUnlinkIn]) -> None:
    """Remove a linked provider account; refused with `LastSignInMethodError` when it is
    the account's last way to sign in (no password, no other linked provider)."""
    outcome = await req.q.orm.identity_unlink(user_id=req.user.id, identity_id=req.data.identity_id)
    if outcome == "missing":
        raise IdentityNotFoundError(identity_id=req.data.identity_id)
    if outcome == "last":
        raise LastSignInMethodError()


# -- email codes -------------------------------------------------------------------------


@dataclass
class LoginCodeRequestIn:
    email: Email
    captcha_token: CaptchaToken = None


@route(
    "login_code_request",
    authorization="public",
    transaction="admin",
    errors=(TooManyAttemptsError, CaptchaRequiredError),
    hold=False,
)
async def login_code_request(req: PublicReq[LoginCodeRequestIn]) -> None:
    """Email a six-digit sign-in code and a link (valid 10 minutes, once) if the address
    belongs to an account; a newer request replaces the older code. Always answers the
    same way (one statement does the same work either way), so it tells nobody whether
    an account exists. Rate-limited per client and per client+address. Finish with
    `login_code_verify`.

    Captcha: when the deployment turns bot protection on, every call needs
    `captcha_token`; without a valid one it answers `CaptchaRequiredError {provider,
    site_key}` (show that widget, then call again with its token)."""
    now, email = CLOCK.now(), req.data.email
    async with req.transaction() as q:
        await rate_limit(q, "login_code_request", client=req.client, identifier=email)
    await require_captcha("login_code_request", req.data.captcha_token, client=req.client)
    code = f"{secrets.randbelow(1_000_000):06d}"
    async with req.transaction() as q:
        await q.orm.login_code_issue(
            email=email,
            code_hash=hash_code(code),
            expires_at=now + LOGIN_CODE_LIFETIME,
            renders=render_every_locale(
                "login_code",
                {
                    "link": f"{ENV.product_base_url}{SIGN_IN_CODE}#email={quote(email)}&code={{code}}",
                    "code": "{code}",
                },
            ),
            secret=code,
            now=now,
        )


@dataclass
class LoginCodeVerifyIn:
    email: Email
    code: LoginCode
    permanent: bool = False


@route(
    "login_code_verify",
    authorization="public",
    transaction="admin",
    errors=(*SIGN_IN_ERRORS, LoginCodeInvalidError, SSORequiredError),
    hold=False,
)
async def login_code_verify(req: PublicReq[LoginCodeVerifyIn]) -> SignedIn:
    """Sign in with the emailed code (`login_code_request`); it proves the address, so
    it is marked verified. With two-factor authentication on, the answer is
    `MFARequiredError` (finish with `login_mfa`). 5 wrong codes use the code up
    (`LoginCodeInvalidError`: request a new one); rate-limited per client and
    client+address, and 10 failures from one client lock it out of the address for 15
    minutes (`TooManyAttemptsError`)."""
    data = req.data
    passed = await funnel.login_code(PRODUCT.name, data.email, data.code, client=req.client)
    async with req.transaction() as q:
        answer = await sign_in(q, req, passed, permanent=data.permanent)
    return answered(answer)  # after the commit: a challenge is stored


ROUTES = (
    oauth_providers,
    oauth_start,
    oauth_complete,
    identities_list,
    identity_unlink,
    login_code_request,
    login_code_verify,
)
