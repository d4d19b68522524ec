import asyncio

import asyncpg

from database.connection import direct_database_url
from database.locks import advisory_key, pg_advisory_lock


def test_key_is_stable_and_signed_64_bit() -> None:
    assert advisory_key("migrate") == advisory_key("migrate")
    assert advisory_key("a") != advisory_key("b")
    assert -(2**63) <= advisory_key("x") < 2**63


async def test_lock_excludes_a_second_holder() -> None:
    # Session locks need sessions: the database itself, never a transaction pooler.
    first = await asyncpg.connect(direct_database_url())
    second = await asyncpg.connect(direct_database_url())
    try:
        async with pg_advisory_lock(first, "locks-test"):
            key = advisory_key("locks-test")
            assert await second.fetchval("SELECT pg_try_advisory_lock($1)", key) is False
        assert await second.fetchval("SELECT pg_try_advisory_lock($1)", key) is True
        await second.execute("SELECT pg_advisory_unlock($1)", key)
    finally:
        await first.close()
        await second.close()
    await asyncio.sleep(0)
