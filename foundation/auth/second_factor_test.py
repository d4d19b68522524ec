"""The second factor's lockouts: TOTP codes and recovery codes are counted apart."""

from __future__ import annotations

import datetime

from database.__codegen__.enums import SecondFactorEnum
from foundation.auth.errors import TooManyAttemptsError
from foundation.auth.login import EMAIL_CEILING, LOCKOUT_FAILURES
from foundation.auth.second_factor import reserve
from foundation.db import xact_admin
from foundation.testing.fixture import TFix
from foundation.testing.server import fresh_address


async def _reserve(
    user_id: str, factor: SecondFactorEnum, client: str, now: datetime.datetime
) -> TooManyAttemptsError | None:
    async with xact_admin() as q:
        return await reserve(q, "product", user_id=user_id, factor=factor, client=client, now=now)


async def test_recovery_code_guesses_use_up_nothing_of_the_totp_codes_allowance(
    t: TFix,
) -> None:
    """Recovery-code guesses from many clients reach the ceiling every client shares
    (EMAIL_CEILING): recovery codes slow down, TOTP codes are counted under their own key
    and stay open."""
    user, now = await t.factory.user(), t.freeze_time()
    for _ in range(EMAIL_CEILING // LOCKOUT_FAILURES):
        client = fresh_address()
        for _ in range(LOCKOUT_FAILURES):
            assert await _reserve(user.id, "recovery_code", client, now) is None
    client = fresh_address()
    assert await _reserve(user.id, "recovery_code", client, now) is not None
    assert await _reserve(user.id, "totp", client, now) is None
