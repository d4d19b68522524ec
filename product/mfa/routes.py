"""Two-factor authentication RPCs: mfa_status, mfa_totp_enroll, mfa_totp_confirm,
login_mfa, mfa_disable, mfa_recovery_codes_regenerate.

Turning MFA on: `mfa_totp_enroll` hands out a secret (shown this once), the user adds it
to an authenticator app, and `mfa_totp_confirm` with a first code turns MFA on and hands
out ten recovery codes (shown this once). From then on `login` answers `MFARequiredError
{challenge}` and `login_mfa` completes the login.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import StringConstraints

from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError
from foundation.auth.login import check_login
from foundation.auth.users import UserSummary
from foundation.clock import CLOCK
from foundation.crypto.codes import hash_code
from foundation.rpc.errors import RPCError
from foundation.types import Password
from product.auth.init import InitOut, init_from_memberships
from product.auth.mfa_challenge import CHALLENGE_ATTEMPTS
from product.auth.routes import AuthOrganizationNotFoundError
from product.framework import PRODUCT, PublicReq, UserReq, route
from product.mfa.totp import (
    TOTP_CODE,
    MFACodeInvalidError,
    check_second_factor,
    forgive_attempts,
    matching_step,
    mfa_transaction,
    new_recovery_codes,
    new_secret,
    open_secret,
    otpauth_uri,
    reserve_attempt,
    seal_secret,
)

TotpCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{6}$")]
"""Six digits from the authenticator app."""
RecoveryCode = Annotated[str, StringConstraints(min_length=1, max_length=64)]
"""A recovery code (`xxxx-xxxx-xxxx-xxxx`; case, spaces and dashes do not matter)."""
Challenge = Annotated[str, StringConstraints(min_length=1, max_length=128)]


@dataclass
class MFAAlreadyEnabledError(RPCError):
    """Two-factor authentication is on already (turn it off first to enroll again)."""


@dataclass
class MFANotEnrolledError(RPCError):
    """No enrollment is waiting for a code: call `mfa_totp_enroll` first."""


@dataclass
class MFANotEnabledError(RPCError):
    """Two-factor authentication is off for this user."""


@dataclass
class MFAChallengeInvalidError(RPCError):
    """The challenge is unknown, used, expired (5 minutes) or out of attempts (5), or the
    user can no longer sign in: sign in with the password again."""


@dataclass
class MfaStatusOut:
    enabled: bool
    recovery_codes_left: int
    """Unused recovery codes (0 while MFA is off)."""


@route("mfa_status", authorization="user", method="GET", transaction=False)
async def mfa_status(req: UserReq[None]) -> MfaStatusOut:
    """Whether the caller has two-factor authentication on, and how many recovery codes
    are left."""
    async with mfa_transaction() as q:
        row = await q.orm.mfa_status(user_id=req.user.id)
    return MfaStatusOut(enabled=row.enabled, recovery_codes_left=row.recovery_codes_left)


@dataclass
class MfaTotpEnrollOut:
    secret: str
    """The TOTP secret (base32), for typing into an authenticator app; never shown again."""
    otpauth_uri: str
    """The same as an `otpauth://` URI, to show as a QR code."""


@route(
    "mfa_totp_enroll",
    authorization="user",
    errors=(MFAAlreadyEnabledError,),
    transaction=False,
)
async def mfa_totp_enroll(req: UserReq[None]) -> MfaTotpEnrollOut:
    """Start turning two-factor authentication on: a new TOTP secret (replacing one
    enrolled earlier but not confirmed). MFA is on only once `mfa_totp_confirm` gets a
    code from it."""
    secret = new_secret()
    sealed = seal_secret(req.user.id, secret)
    async with mfa_transaction() as q:
        enrolled = await q.orm.mfa_totp_enroll(
            user_id=req.user.id, key_name=sealed.key_id, ciphertext=sealed.blob, now=CLOCK.now()
        )
    if enrolled is None:
        raise MFAAlreadyEnabledError()
    return MfaTotpEnrollOut(secret=secret, otpauth_uri=otpauth_uri(secret, req.user.email))


@dataclass
class MfaCodeIn:
    code: TotpCode


@dataclass
class RecoveryCodesOut:
    recovery_codes: list[str]
    """Ten single-use codes that stand in for the authenticator app; shown this once."""


@route(
    "mfa_totp_confirm",
    authorization="user",
    errors=(MFANotEnrolledError, MFAAlreadyEnabledError, MFACodeInvalidError, TooManyAttemptsError),
    transaction=False,
)
async def mfa_totp_confirm(req: UserReq[MfaCodeIn]) -> RecoveryCodesOut:
    """Turn two-factor authentication on with a first code from the enrolled secret; the
    answer holds the recovery codes."""
    user_id, now = req.user.id, CLOCK.now()
    codes, hashes = new_recovery_codes()
    async with mfa_transaction() as q:
        row = await q.orm.mfa_totp_fetch(user_id=user_id)
        if row is None:
            raise MFANotEnrolledError()
        if row.confirmed_at is not None:
            raise MFAAlreadyEnabledError()
        error: RPCError | None = await reserve_attempt(
            q, user_id=user_id, client=req.client, now=now
        )
        if error is None:
            step = matching_step(open_secret(row), req.data.code, now)
            if step is None:
                error = MFACodeInvalidError()
            else:
                await q.orm.mfa_totp_confirm(user_id=user_id, step=step, now=now)
                await q.orm.mfa_recovery_codes_replace(user_id=user_id, code_hashes=hashes, now=now)
                await forgive_attempts(q, user_id=user_id, client=req.client)
    if error is not None:
        raise error  # after the commit: the counted attempt stays
    return RecoveryCodesOut(recovery_codes=codes)


@dataclass
class LoginMfaIn:
    challenge: Challenge
    """`MFARequiredError.challenge` from `login`."""
    code: TotpCode | None = None
    """A code from the authenticator app; or else:"""
    recovery_code: RecoveryCode | None = None
    """one of the recovery codes (each works once)."""


@route(
    "login_mfa",
    authorization="public",
    errors=(
        MFAChallengeInvalidError,
        MFACodeInvalidError,
        TooManyAttemptsError,
        AuthOrganizationNotFoundError,
    ),
    transaction=False,
)
async def login_mfa(req: PublicReq[LoginMfaIn]) -> InitOut:
    """Finish a login that answered `MFARequiredError`: the challenge and a code from the
    authenticator app (`code`) or a recovery code (`recovery_code`). Starts the session
    `login` would have. A challenge lasts 5 minutes and allows 5 codes; a code works once;
    wrong codes also count toward the login lockout (`TooManyAttemptsError`)."""
    data, now = req.data, CLOCK.now()
    async with req.transaction() as q:
        challenge = await q.orm.mfa_challenge_fetch(challenge_hash=hash_code(data.challenge))
        if (
            challenge is None
            or challenge.completed_at is not None
            or challenge.expires_at <= now
            or challenge.attempts >= CHALLENGE_ATTEMPTS
            or not challenge.user_active
        ):
            raise MFAChallengeInvalidError()
        await q.orm.mfa_challenge_attempt(id=challenge.id)
        error = await check_second_factor(
            q,
            user_id=challenge.user_id,
            client=req.client,
            now=now,
            code=data.code,
            recovery_code=data.recovery_code,
        )
        if error is None:
            await q.orm.mfa_challenge_complete(id=challenge.id, now=now)
            user = UserSummary(id=challenge.user_id, name=challenge.name, email=challenge.email)
            rows = await q.orm.user_organizations(user_id=user.id)
            memberships = [o.id for o in rows]
            organization_id = challenge.organization_id
            if organization_id is None:
                last = await q.orm.user_last_used_organization(user_id=user.id)
                organization_id = last or (memberships[0] if memberships else None)
            elif organization_id not in memberships:
                raise AuthOrganizationNotFoundError(organization_id=organization_id)
            await PRODUCT.start_session(
                q,
                req,
                user_id=user.id,
                organization_id=organization_id,
                permanent=challenge.permanent,
            )
            return init_from_memberships(
                user,
                rows,
                organization_id,
                email_verified=await q.orm.user_email_verified(user_id=user.id),
            )
    raise error  # after the commit: the attempt stays counted


@dataclass
class MfaDisableIn:
    password: Password
    code: RecoveryCode
    """A code from the authenticator app, or one of the recovery codes."""


@route(
    "mfa_disable",
    authorization="user",
    errors=(
        InvalidCredentialsError,
        TooManyAttemptsError,
        MFANotEnabledError,
        MFACodeInvalidError,
    ),
    transaction=False,
)
async def mfa_disable(req: UserReq[MfaDisableIn]) -> None:
    """Turn two-factor authentication off, with the password and a code from the
    authenticator app (or a recovery code, when the device is lost). The secret and the
    recovery codes are deleted."""
    user_id = req.user.id

    async def is_caller(found: str) -> bool:
        return found == user_id

    await check_login(
        PRODUCT.name, req.user.email, req.data.password, client=req.client, allowed=is_caller
    )
    code, now = req.data.code.strip(), CLOCK.now()
    totp = TOTP_CODE.match(code) is not None
    async with mfa_transaction() as q:
        if not await q.orm.mfa_enabled(user_id=user_id):
            raise MFANotEnabledError()
        error = await check_second_factor(
            q,
            user_id=user_id,
            client=req.client,
            now=now,
            code=code if totp else None,
            recovery_code=None if totp else code,
        )
        if error is None:
            await q.orm.mfa_disable(user_id=user_id, now=now)
    if error is not None:
        raise error


@route(
    "mfa_recovery_codes_regenerate",
    authorization="user",
    errors=(MFANotEnabledError, MFACodeInvalidError, TooManyAttemptsError),
    transaction=False,
)
async def mfa_recovery_codes_regenerate(req: UserReq[MfaCodeIn]) -> RecoveryCodesOut:
    """Ten new recovery codes for a code from the authenticator app; the old ones stop
    working."""
    user_id, now = req.user.id, CLOCK.now()
    codes, hashes = new_recovery_codes()
    async with mfa_transaction() as q:
        if not await q.orm.mfa_enabled(user_id=user_id):
            raise MFANotEnabledError()
        error = await check_second_factor(
            q, user_id=user_id, client=req.client, now=now, code=req.data.code
        )
        if error is None:
            await q.orm.mfa_recovery_codes_replace(user_id=user_id, code_hashes=hashes, now=now)
    if error is not None:
        raise error
    return RecoveryCodesOut(recovery_codes=codes)


ROUTES = (
    mfa_status,
    mfa_totp_enroll,
    mfa_totp_confirm,
    login_mfa,
    mfa_disable,
    mfa_recovery_codes_regenerate,
)
