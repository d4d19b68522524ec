"""Two-factor authentication for test users, as `mfa_totp_confirm` leaves it.

mfa = await enable_mfa(user.id)
code = mfa.code()            # the authenticator's code now (the test clock's now)
"""

from __future__ import annotations

from dataclasses import dataclass

from pyotp.totp import TOTP

from database.testing import harness
from database.xact import xact_admin
from foundation.auth.second_factor import new_recovery_codes, new_secret, seal_secret
from foundation.base.clock import CLOCK


@dataclass(frozen=True, slots=True)
class MfaOn:
    secret: str
    recovery_codes: list[str]

    def code(self, offset: int = 0) -> str:
        """The authenticator app's code at the clock's now (`offset` steps away)."""
        return TOTP(self.secret).at(CLOCK.now(), counter_offset=offset)

    def wrong_code(self) -> str:
        """A six-digit code no step near now has."""
        right = {self.code(o) for o in (-1, 0, 1)}
        return next(c for c in (f"{n:06d}" for n in range(1000)) if c not in right)


async def enable_mfa(user_id: str) -> MfaOn:
    """Turn two-factor authentication on for the user (a new secret, ten recovery codes)."""
    secret = new_secret()
    sealed = seal_secret(user_id, secret)
    codes, hashes = new_recovery_codes()
    async with xact_admin() as q:
        await harness(q).test_mfa_enable(
            user_id=user_id, key_name=sealed.key_id, ciphertext=sealed.blob, code_hashes=hashes
        )
    return MfaOn(secret=secret, recovery_codes=codes)
