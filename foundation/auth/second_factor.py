"""The second factor: TOTP secrets and codes (RFC 6238), recovery codes, and their lockouts.

The checks themselves are the funnel's (`foundation.auth.funnel`); this module holds what
they are made of, shared by both apps (panopticon's admins pass the same second factor as
the product's users; they enrol in the product).

- The secret (160 random bits, base32) is sealed with the vault keyring, bound to the user
  (`seal(SEAL_SCOPE, user_id, ...)`), so a ciphertext copied to another user's row fails.
- A code is accepted for the current 30-second step or one step either side (clock drift),
  and each step at most once: `mfa_totp.last_used_step` only grows, so a replayed code (or
  an older one) is refused.
- Recovery codes carry 80 random bits, are shown once and stored as sha256; each works once.
- Lockouts (counted before the check, like passwords'): TOTP codes of a user are counted
  across every client together (TOTP_FAILURES per LOCKOUT_WINDOW: fresh challenges from
  fresh addresses do not buy more guesses), recovery codes per client under their own key,
  so a TOTP lockout never locks the owner out of their recovery codes; passkey answers
  (a passkey as the second factor) per client under theirs. A right code forgives the
  counted failures of its kind.
"""

from __future__ import annotations

import base64
import datetime
import re
import secrets
from dataclasses import dataclass
from typing import Annotated

import pyotp
from pydantic import StringConstraints
from pyotp.totp import TOTP
from pyotp.utils import strings_equal

from database.__codegen__.enums import SecondFactorEnum, SessionAppEnum
from database.__codegen__.models import MfaTotpModel
from foundation.auth.errors import TooManyAttemptsError
from foundation.auth.login import LOCKOUT_FAILURES
from foundation.auth.login import reserve_attempt as reserve_lockout
from foundation.crypto.codes import hash_code
from foundation.crypto.vault import Sealed, open_sealed, seal
from foundation.db import FoundationQ

ISSUER = "Blossom"
SEAL_SCOPE = "mfa_totp"
"""The vault's scope (its organization slot) for TOTP secrets; the user id is the secret id."""
VALID_WINDOW = 1
RECOVERY_CODES = 10
RECOVERY_CODE_BYTES = 10
TOTP_CODE = re.compile(r"^[0-9]{6}$")
TOTP_FAILURES = 10
"""Wrong TOTP codes of one user, from all clients together, within LOCKOUT_WINDOW."""
TotpCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{6}$")]
"""Six digits from the authenticator app."""
RecoveryCode = Annotated[str, StringConstraints(min_length=1, max_length=64)]
"""A recovery code (`xxxx-xxxx-xxxx-xxxx`; case, spaces and dashes do not matter)."""
Challenge = Annotated[str, StringConstraints(min_length=1, max_length=128)]
"""`MFARequiredError.challenge`."""
EVERY_CLIENT = "*"


@dataclass
class LoginMfaIn:
    """The input of both apps' `login_mfa`."""

    challenge: Challenge
    """`MFARequiredError.challenge` from `login`."""
    code: TotpCode | None = None
    """A code from the authenticator app; or else:"""
    recovery_code: RecoveryCode | None = None
    """one of the recovery codes (each works once)."""


"""The lockout's client for counts kept across every client."""


def new_secret() -> str:
    return pyotp.random_base32()


def seal_secret(user_id: str, secret: str) -> Sealed:
    return seal(SEAL_SCOPE, user_id, secret)


def open_secret(row: MfaTotpModel) -> str:
    return open_sealed(SEAL_SCOPE, row.user_id, row.key_name, row.ciphertext)


def otpauth_uri(secret: str, email: str) -> str:
    """The `otpauth://totp/...` URI an authenticator app reads (usually as a QR code)."""
    return TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def matching_step(secret: str, code: str, now: datetime.datetime) -> int | None:
    """The time step whose code `code` is (now, or one step either side), or None."""
    if not TOTP_CODE.match(code):
        return None
    totp = TOTP(secret)
    step = totp.timecode(now)
    for candidate in range(step - VALID_WINDOW, step + VALID_WINDOW + 1):
        if strings_equal(code, totp.generate_otp(candidate)):
            return candidate
    return None


def normalize_recovery_code(code: str) -> str:
    """Recovery codes are compared without case, spaces or dashes."""
    return re.sub(r"[\s-]", "", code).lower()


def new_recovery_codes() -> tuple[list[str], list[str]]:
    """RECOVERY_CODES fresh codes (`xxxx-xxxx-xxxx-xxxx`) and their hashes."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(RECOVERY_CODE_BYTES)).decode().lower()
        codes.append("-".join(raw[i : i + 4] for i in range(0, len(raw), 4)))
    return codes, [hash_code(normalize_recovery_code(c)) for c in codes]


_LOCKOUT_PREFIXES: dict[SecondFactorEnum, str] = {
    "totp": "mfa",
    "recovery_code": "recovery",
    "passkey": "passkey",
}


def lockout_key(user_id: str, factor: SecondFactorEnum) -> str:
    """The lockout's key for a user's codes of one kind."""
    return f"{_LOCKOUT_PREFIXES[factor]}:{user_id}"


def _lockout_client(factor: SecondFactorEnum, client: str) -> str:
    return EVERY_CLIENT if factor == "totp" else client


async def reserve(
    q: FoundationQ,
    app: SessionAppEnum,
    *,
    user_id: str,
    factor: SecondFactorEnum,
    client: str,
    now: datetime.datetime,
) -> TooManyAttemptsError | None:
    """Count one code check of `factor` against its lockout; the error when it is locked
    (the caller commits the count before checking the code)."""
    totp = factor == "totp"
    return await reserve_lockout(
        q.orm,
        key=lockout_key(user_id, factor),
        app=app,
        client=_lockout_client(factor, client),
        now=now,
        client_limit=TOTP_FAILURES if totp else LOCKOUT_FAILURES,
    )


async def forgive(
    q: FoundationQ, app: SessionAppEnum, *, user_id: str, factor: SecondFactorEnum, client: str
) -> None:
    """A right code: the counted failures of its kind are forgiven (TOTP: every client's,
    recovery codes: this client's)."""
    await q.orm.auth_login_succeeded(
        email=lockout_key(user_id, factor), app=app, client=_lockout_client(factor, client)
    )


async def use_totp_code(q: FoundationQ, *, user_id: str, code: str, now: datetime.datetime) -> bool:
    """Whether `code` is a right, unused code of the user's confirmed secret; using it."""
    row = await q.orm.mfa_totp_fetch(user_id=user_id)
    if row is None or row.confirmed_at is None:
        return False
    step = matching_step(open_secret(row), code, now)
    return (
        step is not None and await q.orm.mfa_totp_step_use(user_id=user_id, step=step) is not None
    )


async def use_recovery_code(
    q: FoundationQ, *, user_id: str, code: str, now: datetime.datetime
) -> bool:
    """Whether `code` is one of the user's unused recovery codes; using it."""
    code_hash = hash_code(normalize_recovery_code(code))
    used = await q.orm.mfa_recovery_code_use(user_id=user_id, code_hash=code_hash, now=now)
    return used is not None
