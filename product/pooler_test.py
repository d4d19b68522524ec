"""The product app behind a real PgBouncer in transaction mode (DATABASE_POOLER=pgbouncer,
DATABASE_DIRECT_URL direct): signed-in calls from many clients at once all answer, with
their own user's data."""

import asyncio

import pytest

from foundation.testing.fixture import TFix
from foundation.testing.pooler import through_pgbouncer
from foundation.testing.timeouts import STARTS_PROCESSES
from product.auth.routes import init
from product.framework import PRODUCT

pytestmark = STARTS_PROCESSES


async def test_signed_in_calls_through_pgbouncer(t: TFix, monkeypatch: pytest.MonkeyPatch) -> None:
    customers = [await t.factory.customer() for _ in range(4)]
    cookies = [
        await t.rpc.cookie(
            PRODUCT, await t.factory.session(user=c.user, organization=c.organization)
        )
        for c in customers
    ]
    async with through_pgbouncer(monkeypatch, database_pooler="pgbouncer", pool_size=2):

        async def calls(n: int) -> None:
            for _ in range(15):
                res = await t.rpc.call(init, as_=cookies[n])
                assert res.status == 200, res
                user = res.output.user
                assert user is not None and user.id == customers[n].user.id

        await asyncio.gather(*(calls(n) for n in range(len(customers))))
