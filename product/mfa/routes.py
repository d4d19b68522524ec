"""Two-factor authentication RPCs: mfa_status, mfa_totp_enroll, mfa_totp_confirm,
login_mfa, mfa_disable, mfa_recovery_codes_regenerate.

Turning MFA on: `mfa_totp_enroll` hands out a secret (shown this once), the user adds it
to an authenticator app, and `mfa_totp_confirm` with a first code turns MFA on and hands
out ten recovery codes (shown this once). Or a passkey is set as second factor
(`passkey_second_factor_set`, product/passkeys). From then on `login` answers
`MFARequiredError {challenge}` and `login_mfa` completes the login.
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.auth import funnel
from foundation.auth.errors import (
    SECOND_FACTOR_ERRORS,
    InvalidCredentialsError,
    MFACodeInvalidError,
    PasskeyInvalidError,
    SSORequiredError,
    TooManyAttemptsError,
)
from foundation.auth.passkeys import Credential
from foundation.auth.second_factor import (
    TOTP_CODE,
    RecoveryCode,
    TotpCode,
    new_recovery_codes,
    new_secret,
    open_secret,
    otpauth_uri,
    seal_secret,
)
from foundation.auth.second_factor import LoginMfaIn as SecondFactorIn
from foundation.base.clock import CLOCK
from foundation.base.types import Password
from foundation.rpc.errors import RPCError
from product.auth.init import SignedIn
from product.auth.sign_in import AuthOrganizationNotFoundError, answered, sign_in
from product.framework import PRODUCT, PublicReq, UserReq, route


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
class MfaStatusOut:
    enabled: bool
    """Whether the caller has a second factor (`totp` or a passkey set as one)."""
    recovery_codes_left: int
    """Unused recovery codes (0 while MFA is off)."""
    totp: bool = False
    """Whether an authenticator app is confirmed."""
    passkeys: int = 0
    """How many of the caller's passkeys are set as second factor."""


@route("mfa_status", authorization="user", transaction="admin", method="GET", hold=False)
async def mfa_status(req: UserReq[None]) -> MfaStatusOut:
    """Whether the caller has two-factor authentication on, with which factors, and how
    many recovery codes are left."""
    async with req.transaction() as q:
        row = await q.orm.mfa_status(user_id=req.user.id)
    return MfaStatusOut(
        enabled=row.totp or row.passkeys > 0,
        recovery_codes_left=row.recovery_codes_left,
        totp=row.totp,
        passkeys=row.passkeys,
    )


@dataclass
class MfaTotpEnrollOut:
    secret: str
    """The TOTP secret (base32), for typing into an authenticator app; never shown again."""
    otpauth_uri: str
    """The same as an `otpauth://` URI, to show as a QR code."""


@route(
    "mfa_totp_enroll",
    authorization="user",
    transaction="admin",
    errors=(MFAAlreadyEnabledError,),
    hold=False,
)
async def mfa_totp_enroll(req: UserReq[None]) -> MfaTotpEnrollOut:
    """Start turning two-factor authentication on: a new TOTP secret (replacing one
    enrolled earlier but not confirmed). MFA is on only once `mfa_totp_confirm` gets a
    code from it."""
    secret = new_secret()
    sealed = seal_secret(req.user.id, secret)
    async with req.transaction() as q:
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
class MfaProofIn:
    """One of:"""

    code: TotpCode | None = None
    """A code from the authenticator app;"""
    passkey: Credential | None = None
    """or an answer of one of the caller's passkeys to `passkey_login_options`."""


@dataclass
class RecoveryCodesOut:
    recovery_codes: list[str]
    """Ten single-use codes that stand in for the authenticator app; shown this once."""


@route(
    "mfa_totp_confirm",
    authorization="user",
    transaction="admin",
    errors=(MFANotEnrolledError, MFAAlreadyEnabledError, MFACodeInvalidError, TooManyAttemptsError),
    hold=False,
)
async def mfa_totp_confirm(req: UserReq[MfaCodeIn]) -> RecoveryCodesOut:
    """Turn two-factor authentication on with a first code from the enrolled secret; the
    answer holds the recovery codes."""
    user_id = req.user.id
    codes, hashes = new_recovery_codes()
    async with req.transaction() as q:
        row = await q.orm.mfa_totp_fetch(user_id=user_id)
    if row is None:
        raise MFANotEnrolledError()
    if row.confirmed_at is not None:
        raise MFAAlreadyEnabledError()
    step = await funnel.enrollment_code(
        PRODUCT.name, user_id, open_secret(row), req.data.code, client=req.client
    )
    async with req.transaction() as q:
        now = CLOCK.now()
        await q.orm.mfa_totp_confirm(user_id=user_id, step=step, now=now)
        await q.orm.mfa_recovery_codes_replace(user_id=user_id, code_hashes=hashes, now=now)
    return RecoveryCodesOut(recovery_codes=codes)


@dataclass
class LoginMfaIn(SecondFactorIn):
    """The challenge and one of:"""

    passkey: Credential | None = None
    """or an answer of one of the user's passkeys to `passkey_login_options`
    (`navigator.credentials.get()`'s credential as JSON)."""


@route(
    "login_mfa",
    authorization="public",
    transaction="admin",
    errors=(
        *SECOND_FACTOR_ERRORS,
        PasskeyInvalidError,
        AuthOrganizationNotFoundError,
        SSORequiredError,
    ),
    hold=False,
)
async def login_mfa(req: PublicReq[LoginMfaIn]) -> SignedIn:
    """Finish a login that answered `MFARequiredError`: the challenge and a code from the
    authenticator app (`code`), a recovery code (`recovery_code`), or one of the user's
    passkeys (`passkey`: the answer to `passkey_login_options`; `PasskeyInvalidError`
    when refused, counted per client like recovery codes). Starts the session `login`
    would have. A challenge lasts 5 minutes and allows 5 codes; a code works once.
    Wrong authenticator codes are counted per user across every client and challenge: 10
    within 15 minutes lock authenticator codes (`TooManyAttemptsError`) while recovery
    codes keep working (they are counted per client). `InvalidCredentialsError` when the
    user can no longer sign in (deleted or disabled meanwhile)."""
    data = req.data
    done = await funnel.challenge(
        PRODUCT.name,
        data.challenge,
        client=req.client,
        code=data.code,
        recovery_code=data.recovery_code,
        passkey=data.passkey,
    )
    async with req.transaction() as q:
        answer = await sign_in(
            q,
            req,
            done.passed,
            organization_id=done.organization_id,
            permanent=done.permanent,
        )
    return answered(answer)


@dataclass
class MfaDisableIn:
    password: Password
    code: RecoveryCode | None = None
    """A code from the authenticator app, or one of the recovery codes;"""
    passkey: Credential | None = None
    """or an answer of one of the caller's passkeys to `passkey_login_options`."""


async def _second_factor(
    req: UserReq[MfaDisableIn] | UserReq[MfaProofIn], code: str | None, passkey: Credential | None
) -> None:
    """The caller's second factor through the funnel: a passkey, an authenticator code or
    a recovery code (`MFACodeInvalidError` when none is given)."""
    if passkey is not None and code is None:
        await funnel.second_factor(PRODUCT.name, req.user.id, client=req.client, passkey=passkey)
        return
    code = (code or "").strip()
    if not code:
        raise MFACodeInvalidError()
    totp = TOTP_CODE.match(code) is not None
    await funnel.second_factor(
        PRODUCT.name,
        req.user.id,
        client=req.client,
        code=code if totp else None,
        recovery_code=None if totp else code,
    )


@route(
    "mfa_disable",
    authorization="user",
    transaction="admin",
    errors=(
        InvalidCredentialsError,
        TooManyAttemptsError,
        MFANotEnabledError,
        MFACodeInvalidError,
        PasskeyInvalidError,
    ),
    hold=False,
)
async def mfa_disable(req: UserReq[MfaDisableIn]) -> None:
    """Turn two-factor authentication off, with the password and a code from the
    authenticator app (or a recovery code, when the device is lost), or a passkey. The
    secret and the recovery codes are deleted; passkeys stop being second factors (they
    still sign in)."""
    user_id = req.user.id
    await funnel.reauthenticate(PRODUCT.name, user_id, req.data.password, client=req.client)
    async with req.transaction() as q:
        enabled = await q.orm.mfa_enabled(user_id=user_id)
    if not enabled:
        raise MFANotEnabledError()
    await _second_factor(req, req.data.code, req.data.passkey)
    async with req.transaction() as q:
        await q.orm.mfa_disable(user_id=user_id, now=CLOCK.now())


@route(
    "mfa_recovery_codes_regenerate",
    authorization="user",
    transaction="admin",
    errors=(MFANotEnabledError, MFACodeInvalidError, PasskeyInvalidError, TooManyAttemptsError),
    hold=False,
)
async def mfa_recovery_codes_regenerate(req: UserReq[MfaProofIn]) -> RecoveryCodesOut:
    """Ten new recovery codes for a code from the authenticator app or a passkey's answer;
    the old ones stop working."""
    user_id = req.user.id
    codes, hashes = new_recovery_codes()
    async with req.transaction() as q:
        enabled = await q.orm.mfa_enabled(user_id=user_id)
    if not enabled:
        raise MFANotEnabledError()
    if req.data.passkey is None and req.data.code is None:
        raise MFACodeInvalidError()
    await _second_factor(req, req.data.code, req.data.passkey)
    async with req.transaction() as q:
        await q.orm.mfa_recovery_codes_replace(user_id=user_id, code_hashes=hashes, now=CLOCK.now())
    return RecoveryCodesOut(recovery_codes=codes)


ROUTES = (
    mfa_status,
    mfa_totp_enroll,
    mfa_totp_confirm,
    login_mfa,
    mfa_disable,
    mfa_recovery_codes_regenerate,
)
