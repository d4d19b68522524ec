"""TOTP secrets, codes and recovery codes, and the checks a code goes through.

- The secret (160 random bits, base32) is sealed with the vault keyring, bound to the user
  (`seal(SEAL_SCOPE, user_id, ...)`), so a ciphertext copied to another user's row fails.
- A code is accepted for the current 30-second step or one step either side (clock drift),
  and each step at most once: `mfa_totp.last_used_step` only grows, so a replayed code (or
  an older one) is refused.
- Recovery codes carry 80 random bits, are shown once and stored as sha256; each works once.
- Every code checked costs an attempt of the login lockout (`foundation.auth.login`),
  counted per user and client under the key `mfa:<user id>`: a right password does not
  forgive wrong codes, a right code does.

Functions taking `q` work in the caller's transaction (admin: the tables are hidden from
customers) and *return* the error to answer rather than raise it, so the caller can commit
the counted attempt first.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import re
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pyotp
from pyotp.totp import TOTP
from pyotp.utils import strings_equal

from database.__codegen__.models import MfaTotpModel
from foundation.auth.errors import TooManyAttemptsError
from foundation.auth.login import reserve_attempt as login_attempt
from foundation.crypto.codes import hash_code
from foundation.crypto.vault import Sealed, open_sealed, seal
from foundation.rpc.errors import RPCError
from product.db import ProductQ, xact_admin
from product.framework import PRODUCT

ISSUER = "Blossom"
SEAL_SCOPE = "mfa_totp"
"""The vault's scope (its organization slot) for TOTP secrets; the user id is the secret id."""
VALID_WINDOW = 1
RECOVERY_CODES = 10
RECOVERY_CODE_BYTES = 10
TOTP_CODE = re.compile(r"^[0-9]{6}$")


@dataclass
class MFACodeInvalidError(RPCError):
    """The code is wrong, was used already (a TOTP code works once, a recovery code once),
    or is not for this user."""


@contextlib.asynccontextmanager
async def mfa_transaction() -> AsyncIterator[ProductQ]:
    """An admin transaction for the caller's own MFA rows: the MFA tables are hidden from
    the customer role, so every query made in it is scoped by the caller's user id."""
    async with xact_admin() as q:
        yield q


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


def _lockout_key(user_id: str) -> str:
    return f"mfa:{user_id}"


async def reserve_attempt(
    q: ProductQ, *, user_id: str, client: str, now: datetime.datetime
) -> TooManyAttemptsError | None:
    """Count one code check against the login lockout; the error when it is locked."""
    return await login_attempt(
        q.orm, key=_lockout_key(user_id), app=PRODUCT.name, client=client, now=now
    )


async def forgive_attempts(q: ProductQ, *, user_id: str, client: str) -> None:
    """A right code: this client's counted code checks for the user are forgiven."""
    await q.orm.auth_login_succeeded(email=_lockout_key(user_id), app=PRODUCT.name, client=client)


async def use_totp_code(q: ProductQ, *, user_id: str, code: str, now: datetime.datetime) -> bool:
    """Whether `code` is a right, unused code of the user's confirmed secret; using it."""
    row = await q.orm.mfa_totp_fetch(user_id=user_id)
    if row is None or row.confirmed_at is None:
        return False
    step = matching_step(open_secret(row), code, now)
    return (
        step is not None and await q.orm.mfa_totp_step_use(user_id=user_id, step=step) is not None
    )


async def use_recovery_code(
    q: ProductQ, *, user_id: str, code: str, now: datetime.datetime
) -> bool:
    """Whether `code` is one of the user's unused recovery codes; using it."""
    code_hash = hash_code(normalize_recovery_code(code))
    used = await q.orm.mfa_recovery_code_use(user_id=user_id, code_hash=code_hash, now=now)
    return used is not None


async def check_second_factor(
    q: ProductQ,
    *,
    user_id: str,
    client: str,
    now: datetime.datetime,
    code: str | None = None,
    recovery_code: str | None = None,
) -> RPCError | None:
    """None when `code` (TOTP) or else `recovery_code` is right (and now used up); otherwise
    the error to answer after committing `q` (`TooManyAttemptsError` or
    `MFACodeInvalidError`), so the counted attempt stays."""
    locked = await reserve_attempt(q, user_id=user_id, client=client, now=now)
    if locked is not None:
        return locked
    if code is not None:
        right = await use_totp_code(q, user_id=user_id, code=code, now=now)
    elif recovery_code is not None:
        right = await use_recovery_code(q, user_id=user_id, code=recovery_code, now=now)
    else:
        right = False
    if not right:
        return MFACodeInvalidError()
    await forgive_attempts(q, user_id=user_id, client=client)
    return None
