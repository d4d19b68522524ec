"""Product authentication RPCs: init, signup, login, logout, sessions_list, session_revoke,
sessions_revoke_others."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from database.__codegen__.enums import SecondFactorEnum, SignInMethodEnum
from foundation.auth import funnel
from foundation.auth.captcha import CaptchaToken, require_captcha
from foundation.auth.devices import describe
from foundation.auth.errors import (
    SIGN_IN_ERRORS,
    CaptchaRequiredError,
    SSORequiredError,
    TooManyAttemptsError,
    WeakPasswordError,
)
from foundation.auth.passwords import hash_password, require_strong_password
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.base.types import Email, Name, Password
from foundation.email.outbox import queue_email
from foundation.email.render import negotiate_locale
from foundation.rpc.errors import RPCError
from foundation.rpc.pages import InvalidCursorError, Page, PageIn
from product.auth.init import InitOut, SignedIn, init_out
from product.auth.sign_in import AuthOrganizationNotFoundError, answered, sign_in
from product.auth.verification import send_verification
from product.framework import PRODUCT, PublicReq, UserReq, route


@dataclass
class EmailAlreadyExistsError(RPCError):
    """A user with this email exists already."""


@dataclass
class SessionNotFoundError(RPCError):
    """No live session of the caller has this id."""

    session_id: str


@route("init", authorization="public", transaction="admin", method="GET")
async def init(req: PublicReq[None]) -> InitOut:
    """Who is signed in, the selected organization and every organization they belong to."""
    return await init_out(
        req.q,
        req.user,
        req.organization.id if req.organization else None,
        req.impersonator,
        email_verified=req.email_verified,
    )


@dataclass
class SignupIn:
    name: Name
    email: Email
    password: Password
    organization_name: Name
    captcha_token: CaptchaToken = None


@route(
    "signup",
    authorization="public",
    transaction="admin",
    errors=(
        EmailAlreadyExistsError,
        WeakPasswordError,
        TooManyAttemptsError,
        CaptchaRequiredError,
        SSORequiredError,
    ),
    hold=False,
)
async def signup(req: PublicReq[SignupIn]) -> InitOut:
    """Create a user with their first organization (as owner) and sign them in; a
    verification code is emailed (`email_verify`). Rate-limited per client and email.

    Where the deployment hides who has an account (SIGNUP_ENUMERATION_SAFE), signup
    answers the same signed-out `init` whether or not the address is taken, and signs
    nobody in (so its `user` may be null, unlike `login`'s `SignedIn`): the email says
    what happened (a verification code for a new account, or a notice that the address
    has an account already), and the user signs in with `login` after verifying.
    Otherwise a taken address answers `EmailAlreadyExistsError`.

    The password must be at least 10 characters, not the email, and (where the deployment
    checks) not known from a data breach: `WeakPasswordError {reason}`.

    Captcha: when the deployment turns bot protection on, every call needs
    `captcha_token`; without a valid one it answers `CaptchaRequiredError {provider,
    site_key}` (show that widget, then call again with its token)."""
    data = req.data
    await funnel.limit("signup", client=req.client, target=data.email)
    await require_captcha("signup", data.captcha_token, client=req.client)
    await require_strong_password(data.password, data.email)
    password_hash = await hash_password(data.password)
    hidden = ENV.signup_enumeration_safe
    locale = negotiate_locale(req.headers.get("Accept-Language"))
    async with req.transaction() as q:
        await q.orm.email_address_lock(email=data.email)
        user = await q.orm.signup_user_create(
            name=data.name, email=data.email, password_hash=password_hash, locale=locale
        )
        if user is None:
            if not hidden:
                raise EmailAlreadyExistsError()
            await queue_email(
                q,
                to=data.email,
                kind="signup_existing",
                values={"sign_in_url": ENV.product_base_url},
                locale=locale,
            )
            return InitOut.signed_out()
        organization = await q.orm.organization_create_with_owner(
            name=data.organization_name, inbound_source="organic", user_id=user.id
        )
        await send_verification(q, user.id, user.email)
        if hidden:
            return InitOut.signed_out()
        passed = await funnel.new_account(q, user.id, "signup")
        return InitOut.of(answered(await sign_in(q, req, passed, organization_id=organization.id)))


@dataclass
class LoginIn:
    email: Email
    password: Password
    permanent: bool = False
    organization_id: str | None = None
    captcha_token: CaptchaToken = None


@route(
    "login",
    authorization="public",
    transaction="admin",
    errors=(
        *SIGN_IN_ERRORS,
        AuthOrganizationNotFoundError,
        CaptchaRequiredError,
        SSORequiredError,
    ),
    hold=False,
)
async def login(req: PublicReq[LoginIn]) -> SignedIn:
    """Sign in with email and password; a new session every time. The organization
    defaults to the one used most recently. With two-factor authentication on, the right
    password answers `MFARequiredError` (no session yet): finish with `login_mfa`.
    Rate-limited per client and per client+email; 10 wrong passwords from one client lock
    that client out of the account for 15 minutes (`TooManyAttemptsError`), never the
    owner elsewhere.

    Captcha: when the deployment turns bot protection on, a client with a few failed
    logins (CAPTCHA_LOGIN_AFTER_FAILURES, within 15 minutes) gets `CaptchaRequiredError
    {provider, site_key}`: show that widget and send its token as `captcha_token`."""
    data = req.data
    passed = await funnel.password(
        PRODUCT.name, data.email, data.password, client=req.client, captcha_token=data.captcha_token
    )
    async with req.transaction() as q:
        answer = await sign_in(
            q, req, passed, organization_id=data.organization_id, permanent=data.permanent
        )
    return answered(answer)  # after the commit: a challenge is stored


@route("logout", authorization="user")
async def logout(req: UserReq[None]) -> None:
    """End this session and clear its cookie."""
    await PRODUCT.end_session(req.q, req, req.session_id)


@dataclass
class SessionOut:
    id: str
    created_at: datetime.datetime
    """When it was signed in."""
    last_seen_at: datetime.datetime
    """Its last request (recorded at most once a minute)."""
    current: bool
    browser: str
    """The browser and its major version, from the user agent ("Chrome 120"; "Unknown")."""
    os: str
    """The operating system ("Mac OS X 10.15", "iOS 17.1"; "Unknown")."""
    device: str
    """The device ("iPhone", "Mac"; "Computer" for other desktops and laptops; "Unknown")."""
    client_address: str | None
    """The address it was signed in from (null: unknown, or not recorded)."""
    sign_in_method: SignInMethodEnum | None
    """How it was signed in (password, passkey, ...; null: not recorded)."""
    second_factor: SecondFactorEnum | None
    """The second factor it passed, if one was asked."""
    impersonated: bool
    """Whether an administrator opened it (read-only support access)."""


@dataclass
class SessionsPage:
    items: list[SessionOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route("sessions_list", authorization="user", method="GET", errors=(InvalidCursorError,))
async def sessions_list(req: UserReq[PageIn]) -> SessionsPage:
    """The caller's live sessions, newest first, each with the device and browser it was
    signed in from (parsed from its user agent), its address, how it was signed in and
    when it was last used; `current` marks this one. End others with `session_revoke`
    or `sessions_revoke_others`. One page at a time (`limit`, 50 by default, at most 200; `cursor`: the
    previous page's `next_cursor`)."""
    page = Page.of("sessions", req.data.cursor, req.data.limit)
    rows = await req.q.orm.user_sessions_list(
        user_id=req.user.id, now=CLOCK.now(), before_id=page.before, row_limit=page.fetch
    )
    out: list[SessionOut] = []
    for r in page.shown(rows):
        device = describe(r.user_agent)
        out.append(
            SessionOut(
                id=r.id,
                created_at=r.created_at,
                last_seen_at=r.last_seen_at,
                current=r.id == req.session_id,
                browser=device.browser,
                os=device.os,
                device=device.device,
                client_address=r.client_address or None,
                sign_in_method=r.sign_in_method,
                second_factor=r.second_factor,
                impersonated=r.impersonator_user_id is not None,
            )
        )
    return SessionsPage(items=out, next_cursor=page.next(rows))


@dataclass
class SessionsRevokeOthersOut:
    revoked: int
    """How many sessions ended."""


@route("sessions_revoke_others", authorization="user")
async def sessions_revoke_others(req: UserReq[None]) -> SessionsRevokeOthersOut:
    """End every session of the caller but this one (signed in elsewhere, a lost device)."""
    # RLS limits the customer transaction to the caller's own sessions.
    revoked = await req.q.orm.sessions_revoke_others(
        user_id=req.user.id, session_id=req.session_id, now=CLOCK.now()
    )
    return SessionsRevokeOthersOut(revoked=revoked)


@dataclass
class SessionRevokeIn:
    session_id: str


@route("session_revoke", authorization="user", errors=(SessionNotFoundError,))
async def session_revoke(req: UserReq[SessionRevokeIn]) -> None:
    """End one of the caller's sessions (this one too: then the cookie is cleared)."""
    session_id = req.data.session_id
    # RLS limits the customer transaction to the caller's own sessions.
    ended = await req.q.orm.auth_session_expire(
        session_id=session_id, app=PRODUCT.name, now=CLOCK.now()
    )
    if not ended:
        raise SessionNotFoundError(session_id=session_id)
    if session_id == req.session_id:
        await PRODUCT.end_session(req.q, req, session_id)


ROUTES = (init, signup, login, logout, sessions_list, session_revoke, sessions_revoke_others)
