"""The account lifecycle: email verification, password reset, email change, deletion.

Codes travel only by email (queued in the outbox with the action, erased from the outbox
once sent); only their sha256 is stored, in `user_codes`, which customers cannot read: the
handlers here open admin transactions scoped by the caller's id or the code.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from foundation.auth import funnel
from foundation.auth.captcha import CaptchaToken, require_captcha
from foundation.auth.errors import (
    CaptchaRequiredError,
    InvalidCredentialsError,
    MFARequiredError,
    SSORequiredError,
    TooManyAttemptsError,
    WeakPasswordError,
)
from foundation.auth.passwords import hash_password, require_strong_password
from foundation.auth.ratelimit import rate_limit
from foundation.base.clock import CLOCK
from foundation.base.types import Email, Password
from foundation.crypto.codes import hash_code, new_code
from foundation.email.links import RESET_PASSWORD, product_link
from foundation.email.outbox import queue_email, render_every_locale
from foundation.rpc.errors import RPCError
from foundation.webhooks.events import emit_user_deleted
from product.auth.init import SignedIn
from product.auth.routes import EmailAlreadyExistsError
from product.auth.sign_in import answered, sign_in
from product.auth.verification import send_verification
from product.db import ProductQ
from product.framework import PRODUCT, PublicReq, UserReq, route
from product.organizations.roles import LastOwnerError

RESET_LIFETIME = datetime.timedelta(hours=1)
RESET_OPEN_CODES = 5
"""Open reset codes per user past which a request sends no new one (each was emailed)."""
EMAIL_CHANGE_LIFETIME = datetime.timedelta(hours=24)


@dataclass
class VerificationCodeInvalidError(RPCError):
    """The verification code is unknown, used, superseded by a newer one, or expired."""


@dataclass
class ResetCodeInvalidError(RPCError):
    """The reset code is unknown, used, superseded by a newer one, or expired (1 hour)."""


@dataclass
class EmailChangeCodeInvalidError(RPCError):
    """The code is unknown, used, superseded, expired, or was sent for another user."""


@dataclass
class EmailVerifyIn:
    code: str


@route(
    "email_verify",
    authorization="public",
    transaction="admin",
    errors=(VerificationCodeInvalidError,),
)
async def email_verify(req: PublicReq[EmailVerifyIn]) -> None:
    """Mark the address verified with the code from the verification email (works
    signed out too, from the email's link). A code works once. The user then joins the
    organizations that verified the address's domain with automatic enrollment."""
    now = CLOCK.now()
    redeemed = await req.q.orm.user_code_redeem(
        code_hash=hash_code(req.data.code), purpose="verify_email", now=now
    )
    if redeemed is None:
        raise VerificationCodeInvalidError()
    await req.q.orm.user_mark_verified(user_id=redeemed.user_id, now=now)
    await req.q.orm.domain_automatic_join(user_id=redeemed.user_id)


@dataclass
class EmailAlreadyVerifiedError(RPCError):
    """The address is verified already."""


@route(
    "email_verification_resend",
    authorization="user",
    transaction="admin",
    errors=(EmailAlreadyVerifiedError, TooManyAttemptsError),
    hold=False,
)
async def email_verification_resend(req: UserReq[None]) -> None:
    """Send a new verification code (the older ones stop working). Rate-limited."""
    async with req.transaction() as q:
        await rate_limit(q, "email_verification_resend", client=req.client, identifier=req.user.id)
        if await q.orm.user_email_verified(user_id=req.user.id):
            raise EmailAlreadyVerifiedError()
        await send_verification(q, req.user.id, req.user.email)


@dataclass
class PasswordResetRequestIn:
    email: Email
    captcha_token: CaptchaToken = None


@route(
    "password_reset_request",
    authorization="public",
    transaction="admin",
    errors=(TooManyAttemptsError, CaptchaRequiredError),
    hold=False,
)
async def password_reset_request(req: PublicReq[PasswordResetRequestIn]) -> None:
    """Email a single-use reset code (valid 1 hour) if the address belongs to an account.
    Always answers `{ok: true}` the same way, so it tells nobody whether an account
    exists. A newer request leaves older codes working (someone else asking cannot cancel
    yours); once 5 codes are open, no more are sent until one is used or expires. Using
    one ends the others. Rate-limited per client and per client+address.

    Captcha: when the deployment turns bot protection on, every call needs
    `captcha_token`; without a valid one it answers `CaptchaRequiredError {provider,
    site_key}` (show that widget, then call again with its token)."""
    now = CLOCK.now()
    async with req.transaction() as q:
        await rate_limit(q, "password_reset_request", client=req.client, identifier=req.data.email)
    await require_captcha("password_reset_request", req.data.captcha_token, client=req.client)
    async with req.transaction() as q:
        await _issue_reset(q, req.data.email, now)


async def _issue_reset(q: ProductQ, email: str, now: datetime.datetime) -> None:
    code, code_hash = new_code()
    # One statement does the same work for every address; only its WHERE finds a user.
    await q.orm.password_reset_issue(
        email=email,
        code_hash=code_hash,
        expires_at=now + RESET_LIFETIME,
        renders=render_every_locale(
            "reset_password", {"link": product_link(RESET_PASSWORD), "code": "{code}"}
        ),
        secret=code,
        now=now,
        max_open=RESET_OPEN_CODES,
    )


@dataclass
class PasswordResetCompleteIn:
    code: str
    new_password: Password


@route(
    "password_reset_complete",
    authorization="public",
    transaction="admin",
    errors=(
        ResetCodeInvalidError,
        WeakPasswordError,
        TooManyAttemptsError,
        MFARequiredError,
        SSORequiredError,
    ),
    hold=False,
)
async def password_reset_complete(req: PublicReq[PasswordResetCompleteIn]) -> SignedIn:
    """Set a new password with the emailed code: every session of the user ends, their
    other reset codes stop working, their login lockout lifts, and this request is signed
    in; with two-factor authentication on, the password is set but the answer is
    `MFARequiredError {challenge}` (finish with `login_mfa`). The code is checked before
    the new password; rate-limited per client."""
    data, now = req.data, CLOCK.now()
    code_hash = hash_code(data.code)
    await funnel.limit("password_reset_complete", client=req.client, target=code_hash)
    async with req.transaction() as q:
        pending = await q.orm.user_code_peek(code_hash=code_hash, purpose="reset_password", now=now)
    if pending is None:
        raise ResetCodeInvalidError()
    await require_strong_password(data.new_password, pending.email)
    password_hash = await hash_password(data.new_password)
    async with req.transaction() as q:
        redeemed = await q.orm.user_code_redeem(
            code_hash=code_hash, purpose="reset_password", now=now
        )
        passed = funnel.code(
            "password_reset", redeemed.user_id if redeemed else None, ResetCodeInvalidError()
        )
        await q.orm.user_password_reset(
            user_id=passed.user_id, password_hash=password_hash, now=now
        )
        answer = await sign_in(q, req, passed)
    return answered(answer)  # after the commit: the new password stays, a challenge waits


@dataclass
class EmailChangeRequestIn:
    new_email: Email
    password: Password


@route(
    "user_email_change_request",
    authorization="user",
    transaction="admin",
    errors=(InvalidCredentialsError, EmailAlreadyExistsError, TooManyAttemptsError),
    hold=False,
)
async def user_email_change_request(req: UserReq[EmailChangeRequestIn]) -> None:
    """Ask to change your address (password required): a code goes to the new address,
    and `user_email_change_confirm` switches. Rate-limited."""
    data, now = req.data, CLOCK.now()
    async with req.transaction() as q:
        await rate_limit(q, "user_email_change_request", client=req.client, identifier=req.user.id)
    await funnel.reauthenticate(PRODUCT.name, req.user.id, data.password, client=req.client)
    code, code_hash = new_code()
    async with req.transaction() as q:
        if await q.orm.email_address_taken(email=data.new_email):
            raise EmailAlreadyExistsError()
        await q.orm.user_code_issue(
            user_id=req.user.id,
            purpose="change_email",
            code_hash=code_hash,
            new_email=data.new_email,
            expires_at=now + EMAIL_CHANGE_LIFETIME,
            now=now,
        )
        await queue_email(
            q,
            to=data.new_email,
            kind="change_email",
            values={"new_email": data.new_email, "code": "{code}"},
            secret=code,
            user_id=req.user.id,
        )


@dataclass
class EmailChangeConfirmIn:
    code: str


@route(
    "user_email_change_confirm",
    authorization="user",
    transaction="admin",
    errors=(EmailChangeCodeInvalidError, EmailAlreadyExistsError),
    hold=False,
)
async def user_email_change_confirm(req: UserReq[EmailChangeConfirmIn]) -> None:
    """Switch to the new address with the code sent there (it is then verified); the old
    address gets a notice, your other sessions end and codes sent to the old address stop
    working. The address is checked again, under a lock every path that claims an address
    takes, in case someone took it meanwhile."""
    now = CLOCK.now()
    async with req.transaction() as q:
        redeemed = await q.orm.user_code_redeem(
            code_hash=hash_code(req.data.code), purpose="change_email", now=now
        )
        if redeemed is None or redeemed.user_id != req.user.id or redeemed.new_email is None:
            raise EmailChangeCodeInvalidError()
        new_email = redeemed.new_email
        await q.orm.email_address_lock(email=new_email)
        if await q.orm.email_address_taken(email=new_email):
            raise EmailAlreadyExistsError()
        old_email = await q.orm.user_email_switch(
            user_id=req.user.id, new_email=new_email, now=now, keep_session_id=req.session_id
        )
        if old_email:
            await queue_email(
                q,
                to=old_email,
                kind="email_changed",
                values={"new_email": new_email},
                user_id=req.user.id,
            )


@dataclass
class UserDeleteIn:
    password: Password


@route(
    "user_delete",
    authorization="user",
    transaction="admin",
    errors=(InvalidCredentialsError, LastOwnerError, TooManyAttemptsError),
    hold=False,
)
async def user_delete(req: UserReq[UserDeleteIn]) -> None:
    """Delete your account (password required). Refused with `LastOwnerError` while you
    are the only owner of an organization with other members. Otherwise your
    organizations without other members are deleted with their data, you leave the
    others, every session ends, and your personal data is erased (the address can sign
    up again). A confirmation goes to your address."""
    await funnel.reauthenticate(PRODUCT.name, req.user.id, req.data.password, client=req.client)
    async with req.transaction() as q:
        await delete_account(q, req.user.id, req.user.email, by_user_id=req.user.id)
    req.delete_cookie(PRODUCT.cookie)


async def delete_account(q: ProductQ, user_id: str, email: str, *, by_user_id: str) -> None:
    """`account_delete` (migration 0008) in `q`, and the goodbye email (in the user's
    language, read before the account goes)."""
    locale = await q.orm.email_user_locale(user_id=user_id)
    await emit_user_deleted(q, user_id)
    outcome = await q.orm.account_delete(user_id=user_id, by_user_id=by_user_id, now=CLOCK.now())
    if outcome == "last_owner":
        raise LastOwnerError()
    await queue_email(
        q, to=email, kind="account_deleted", values={"by_admin": False}, locale=locale
    )


ROUTES = (
    email_verify,
    email_verification_resend,
    password_reset_request,
    password_reset_complete,
    user_email_change_request,
    user_email_change_confirm,
    user_delete,
)
