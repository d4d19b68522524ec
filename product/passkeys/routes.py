"""Passkey RPCs: passkey_register_options, passkey_register_verify, passkeys_list,
passkey_rename, passkey_second_factor_set, passkey_delete, session_reauthenticate,
passkey_login_options, passkey_login_verify.

Registering: `passkey_register_options` hands out options for the browser's
`navigator.credentials.create()` (a discoverable credential with user verification);
`passkey_register_verify` checks what the browser made and keeps the passkey. Signing in
without a password: `passkey_login_options` for `navigator.credentials.get()`, then
`passkey_login_verify` with the answer. The same options serve a passkey as the second
factor (`login_mfa {challenge, passkey}`) and `session_reauthenticate {passkey}`.

A passkey set as second factor (`passkey_second_factor_set`) turns two-factor
authentication on like a confirmed authenticator app: a password, an email code or a
social sign-in then asks for a second factor. The first one hands out recovery codes;
unsetting (or deleting) the last second factor turns MFA off and drops them.
Relying party and origins: WEBAUTHN_RP_ID, WEBAUTHN_ORIGINS (`foundation.auth.passkeys`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from database.__codegen__.models import PasskeyModel
from foundation.auth import funnel
from foundation.auth.errors import (
    SIGN_IN_ERRORS,
    InvalidCredentialsError,
    MFACodeInvalidError,
    PasskeyInvalidError,
    ReauthenticationRequiredError,
    SSORequiredError,
    TooManyAttemptsError,
)
from foundation.auth.passkeys import (
    Credential,
    Options,
    authentication_options,
    new_challenge,
    registration_options,
    use_challenge,
    verify_registration,
)
from foundation.auth.ratelimit import rate_limit
from foundation.auth.second_factor import TotpCode, new_recovery_codes
from foundation.base.clock import CLOCK
from foundation.base.types import Name, Password
from foundation.rpc.errors import RPCError
from foundation.rpc.pages import InvalidCursorError, Page, PageIn
from product.auth.init import SignedIn
from product.auth.sign_in import AuthOrganizationNotFoundError, answered, sign_in
from product.db import ProductQ
from product.framework import PRODUCT, PublicReq, UserReq, route

RECENT_AUTHENTICATION = datetime.timedelta(minutes=10)
"""How long a sign-in or `session_reauthenticate` counts as recent (`passkey_delete`)."""


@dataclass
class PasskeyNotFoundError(RPCError):
    """The caller has no passkey with this id."""

    passkey_id: str


@dataclass
class PasskeyAlreadyRegisteredError(RPCError):
    """This passkey is registered already."""


@dataclass
class PasskeyOptionsOut:
    options: Options
    """Pass to `PublicKeyCredential.parseCreationOptionsFromJSON` (registering) or
    `parseRequestOptionsFromJSON` (signing), then to `navigator.credentials.create` /
    `.get`; the challenge inside works once, for 5 minutes."""


@dataclass
class PasskeyOut:
    id: str
    name: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    """When it last signed in or passed as a second factor."""
    backed_up: bool
    """Whether the authenticator syncs it (a passkey in a password manager or cloud
    keychain), so losing one device does not lose it."""
    second_factor: bool = False
    """Whether it is set as a second factor (`passkey_second_factor_set`)."""


def _out(row: PasskeyModel) -> PasskeyOut:
    return PasskeyOut(
        row.id, row.name, row.created_at, row.last_used_at, row.backed_up, row.second_factor
    )


async def _require_recent_authentication(req: UserReq[Any]) -> None:
    """`ReauthenticationRequiredError` unless this session signed in, or passed
    `session_reauthenticate`, within RECENT_AUTHENTICATION."""
    session = await req.q.orm.session_authenticated_at(
        session_id=req.session_id, user_id=req.user.id
    )
    if (
        session is None
        or session.authenticated_at is None
        or session.authenticated_at <= CLOCK.now() - RECENT_AUTHENTICATION
    ):
        raise ReauthenticationRequiredError()


@route("passkey_register_options", authorization="user", transaction="admin")
async def passkey_register_options(req: UserReq[None]) -> PasskeyOptionsOut:
    """Options to create a new passkey for the caller (`navigator.credentials.create`);
    finish with `passkey_register_verify`. The caller's passkeys are excluded, so an
    authenticator holding one already says so."""
    user = req.user
    existing = await req.q.orm.passkey_credential_ids(user_id=user.id)
    challenge = await new_challenge(req.q, "register", user.id)
    return PasskeyOptionsOut(
        options=registration_options(
            challenge,
            user_id=user.id,
            email=user.email,
            name=user.name,
            existing=[e.credential_extid for e in existing],
        )
    )


@dataclass
class PasskeyRegisterVerifyIn:
    credential: Credential
    """What `navigator.credentials.create()` gave, as JSON (`credential.toJSON()`)."""
    name: Name
    """A label to recognise it by ("MacBook Touch ID")."""


@route(
    "passkey_register_verify",
    authorization="user",
    transaction="admin",
    errors=(PasskeyInvalidError, PasskeyAlreadyRegisteredError),
    hold=False,
)
async def passkey_register_verify(req: UserReq[PasskeyRegisterVerifyIn]) -> PasskeyOut:
    """Keep the passkey the browser created from `passkey_register_options`: it must
    answer that challenge (once, within 5 minutes), for this site, with user
    verification. It can then sign in (`passkey_login_verify`) and pass as the second
    factor."""
    user_id = req.user.id
    async with req.transaction() as q:
        challenge = await use_challenge(q, req.data.credential, "register", user_id)
    registered = None if challenge is None else verify_registration(req.data.credential, challenge)
    if registered is None:
        raise PasskeyInvalidError()
    async with req.transaction() as q:
        row = await q.orm.passkey_create(
            user_id=user_id,
            name=req.data.name,
            credential_extid=registered.credential_id,
            public_key=registered.public_key,
            sign_count=registered.sign_count,
            transports=registered.transports,
            backed_up=registered.backed_up,
            now=CLOCK.now(),
        )
    if row is None:
        raise PasskeyAlreadyRegisteredError()
    return _out(row)


@dataclass
class PasskeysPage:
    items: list[PasskeyOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route(
    "passkeys_list",
    authorization="user",
    transaction="admin",
    method="GET",
    errors=(InvalidCursorError,),
)
async def passkeys_list(req: UserReq[PageIn]) -> PasskeysPage:
    """The caller's passkeys, oldest first, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
    previous page's `next_cursor`)."""
    page = Page.of("passkeys", req.data.cursor, req.data.limit)
    rows = await req.q.orm.passkeys_list(
        user_id=req.user.id, after_id=page.after, row_limit=page.fetch
    )
    return PasskeysPage(items=[_out(r) for r in page.shown(rows)], next_cursor=page.next(rows))


@dataclass
class PasskeyRenameIn:
    passkey_id: str
    name: Name


@route("passkey_rename", authorization="user", transaction="admin", errors=(PasskeyNotFoundError,))
async def passkey_rename(req: UserReq[PasskeyRenameIn]) -> PasskeyOut:
    """Rename one of the caller's passkeys."""
    row = await req.q.orm.passkey_rename(
        id=req.data.passkey_id, user_id=req.user.id, name=req.data.name, now=CLOCK.now()
    )
    if row is None:
        raise PasskeyNotFoundError(passkey_id=req.data.passkey_id)
    return _out(row)


@dataclass
class PasskeySecondFactorSetIn:
    passkey_id: str
    enabled: bool
    """Set (true) or unset (false) the passkey as a second factor."""


@dataclass
class PasskeySecondFactorSetOut:
    passkey: PasskeyOut
    recovery_codes: list[str] | None
    """When this turned two-factor authentication on: ten single-use codes that stand in
    for the second factor, shown this once (null otherwise)."""


@route(
    "passkey_second_factor_set",
    authorization="user",
    transaction="admin",
    errors=(ReauthenticationRequiredError, PasskeyNotFoundError),
)
async def passkey_second_factor_set(
    req: UserReq[PasskeySecondFactorSetIn],
) -> PasskeySecondFactorSetOut:
    """Set one of the caller's passkeys as a second factor, or unset it. Needs a recent
    proof of who the caller is, like `passkey_delete`. Setting the caller's first second
    factor turns two-factor authentication on and answers ten recovery codes; unsetting
    the last one turns it off (the recovery codes go)."""
    await _require_recent_authentication(req)
    q, user_id = req.q, req.user.id
    await q.orm.passkey_owner_lock(user_id=user_id)
    before = await q.orm.mfa_enabled(user_id=user_id)
    row = await q.orm.passkey_second_factor_set(
        id=req.data.passkey_id, user_id=user_id, enabled=req.data.enabled, now=CLOCK.now()
    )
    if row is None:
        raise PasskeyNotFoundError(passkey_id=req.data.passkey_id)
    codes = await _factors_changed(q, user_id, before)
    return PasskeySecondFactorSetOut(passkey=_out(row), recovery_codes=codes)


async def _factors_changed(q: ProductQ, user_id: str, before: bool) -> list[str] | None:
    """After a change to the user's passkeys (their row locked): new recovery codes when
    MFA just turned on, none left when it just turned off."""
    after = await q.orm.mfa_enabled(user_id=user_id)
    if after and not before:
        codes, hashes = new_recovery_codes()
        await q.orm.mfa_recovery_codes_replace(user_id=user_id, code_hashes=hashes, now=CLOCK.now())
        return codes
    if before and not after:
        await q.orm.mfa_recovery_codes_drop(user_id=user_id)
    return None


@dataclass
class PasskeyDeleteIn:
    passkey_id: str


@route(
    "passkey_delete",
    authorization="user",
    transaction="admin",
    errors=(ReauthenticationRequiredError, PasskeyNotFoundError),
)
async def passkey_delete(req: UserReq[PasskeyDeleteIn]) -> None:
    """Delete one of the caller's passkeys. Needs a recent proof of who the caller is:
    this session signed in, or passed `session_reauthenticate` (password, authenticator
    code or another passkey), within the last 10 minutes; else
    `ReauthenticationRequiredError`. Deleting the last second factor turns two-factor
    authentication off."""
    await _require_recent_authentication(req)
    q, user_id = req.q, req.user.id
    await q.orm.passkey_owner_lock(user_id=user_id)
    before = await q.orm.mfa_enabled(user_id=user_id)
    deleted = await q.orm.passkey_delete(id=req.data.passkey_id, user_id=user_id, now=CLOCK.now())
    if deleted is None:
        raise PasskeyNotFoundError(passkey_id=req.data.passkey_id)
    await _factors_changed(q, user_id, before)


@dataclass
class SessionReauthenticateIn:
    """One of:"""

    password: Password | None = None
    """The password;"""
    code: TotpCode | None = None
    """a code from the authenticator app;"""
    passkey: Credential | None = None
    """or an answer of one of the caller's passkeys to `passkey_login_options`."""


@route(
    "session_reauthenticate",
    authorization="user",
    transaction="admin",
    errors=(
        InvalidCredentialsError,
        TooManyAttemptsError,
        MFACodeInvalidError,
        PasskeyInvalidError,
    ),
    hold=False,
)
async def session_reauthenticate(req: UserReq[SessionReauthenticateIn]) -> None:
    """Prove who the caller is again, for changes that need a recent proof
    (`passkey_delete`): for 10 minutes this session counts as freshly signed in. With the
    password (`InvalidCredentialsError`), a code from the authenticator app
    (`MFACodeInvalidError`) or a passkey (`PasskeyInvalidError`); wrong ones count toward
    the same lockouts as at sign-in."""
    data, user_id = req.data, req.user.id
    if data.password is not None:
        await funnel.reauthenticate(PRODUCT.name, user_id, data.password, client=req.client)
    elif data.code is not None:
        await funnel.second_factor(PRODUCT.name, user_id, client=req.client, code=data.code)
    elif data.passkey is not None:
        await funnel.second_factor(PRODUCT.name, user_id, client=req.client, passkey=data.passkey)
    else:
        raise InvalidCredentialsError()
    async with req.transaction() as q:
        await q.orm.session_authenticated(
            session_id=req.session_id, user_id=user_id, now=CLOCK.now()
        )


@route(
    "passkey_login_options",
    authorization="public",
    transaction="admin",
    errors=(TooManyAttemptsError,),
)
async def passkey_login_options(req: PublicReq[None]) -> PasskeyOptionsOut:
    """Options to sign with a passkey (`navigator.credentials.get`): the browser offers the
    user their passkeys for this site. The answer goes to `passkey_login_verify`
    (passwordless sign-in), `login_mfa {challenge, passkey}` (the second factor) or
    `session_reauthenticate {passkey}`. Rate-limited per client."""
    await rate_limit(req.q, "passkey_options", client=req.client, identifier=req.client)
    challenge = await new_challenge(req.q, "sign_in", None)
    return PasskeyOptionsOut(options=authentication_options(challenge))


@dataclass
class PasskeyLoginVerifyIn:
    credential: Credential
    """What `navigator.credentials.get()` gave, as JSON (`credential.toJSON()`)."""
    permanent: bool = False
    organization_id: str | None = None


@route(
    "passkey_login_verify",
    authorization="public",
    transaction="admin",
    errors=(*SIGN_IN_ERRORS, AuthOrganizationNotFoundError, SSORequiredError),
    hold=False,
)
async def passkey_login_verify(req: PublicReq[PasskeyLoginVerifyIn]) -> SignedIn:
    """Sign in with a passkey instead of a password: the browser's answer to
    `passkey_login_options` (its challenge works once, for 5 minutes), made for this site
    with user verification (a PIN or biometric: no second factor is asked) and by a
    registered passkey whose signature counter grew. Wrong answers count toward the
    login lockout and rate limits of the passkey's user like wrong passwords
    (`InvalidCredentialsError`, `TooManyAttemptsError`)."""
    data = req.data
    passed = await funnel.passkey(PRODUCT.name, data.credential, client=req.client)
    async with req.transaction() as q:
        answer = await sign_in(
            q, req, passed, organization_id=data.organization_id, permanent=data.permanent
        )
    return answered(answer)


ROUTES = (
    passkey_register_options,
    passkey_register_verify,
    passkeys_list,
    passkey_rename,
    passkey_second_factor_set,
    passkey_delete,
    session_reauthenticate,
    passkey_login_options,
    passkey_login_verify,
)
