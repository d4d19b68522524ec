"""`until_waiting` sees a lock waiter that starts after its first look, also behind a
transaction pooler (`just test-pgbouncer`), where a poll inside one transaction would
read a frozen `pg_stat_activity` and miss it until the waiter gave up."""

from __future__ import annotations

import asyncio

from database.testing import harness
from database.testing.waiting import until_waiting
from database.xact import xact_admin
from foundation.testing.fixture import TFix


async def test_a_waiter_arriving_after_the_first_look_is_seen(t: TFix) -> None:
    c = await t.factory.customer()

    async def rename() -> None:  # waits for the row the test holds
        async with xact_admin() as q:
            await harness(q).test_organization_require_mfa(id=c.organization.id, require_mfa=False)

    async with xact_admin() as q:
        await harness(q).test_organization_require_mfa(id=c.organization.id, require_mfa=True)
        watching = asyncio.ensure_future(until_waiting(1))
        await asyncio.sleep(0.1)  # it has looked, and seen nobody waiting
        assert not watching.done()
        waiter = asyncio.ensure_future(rename())
        await watching  # seen while the waiter still waits (within its lock timeout)
        assert not waiter.done()
    await waiter
