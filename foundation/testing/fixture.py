"""`t`: the one fixture tests take.

async def test_something(t: TFix) -> None:
    customer = await t.factory.customer()
    res = await t.rpc.call(init, as_=customer)      # typed: see foundation/testing/rpc.py
    assert res.output.user == UserSummary(...)
    t.freeze_time(datetime(2030, 1, 1, tzinfo=UTC))
"""

from __future__ import annotations

import datetime

from database.testing.factory import Factory
from foundation.base.clock import CLOCK
from foundation.testing.rpc import RPCs


class TFix:
    def __init__(self) -> None:
        self.factory = Factory()
        self.rpc = RPCs(self.factory)

    def freeze_time(self, at: datetime.datetime | None = None) -> datetime.datetime:
        """Freeze `CLOCK` (at `at`, default now) until the test ends."""
        return CLOCK.freeze(at)

    def advance_time(self, delta: datetime.timedelta) -> datetime.datetime:
        return CLOCK.advance(delta)
