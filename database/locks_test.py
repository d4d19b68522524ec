import asyncio

from database.locks import advisory_key, pg_advisory_lock
from database.pool import get_pool


def test_key_is_stable_and_signed_64_bit() -> None:
    assert advisory_key("migrate") == advisory_key("migrate")
    assert advisory_key("a") != advisory_key("b")
    assert -(2**63) <= advisory_key("x") < 2**63


async def test_lock_excludes_a_second_holder() -> None:
    pool = await get_pool()
    async with pool.acquire() as first, pool.acquire() as second:
        async with pg_advisory_lock(first, "locks-test"):  # pyright: ignore[reportArgumentType]
            key = advisory_key("locks-test")
            assert await second.fetchval("SELECT pg_try_advisory_lock($1)", key) is False
        assert await second.fetchval("SELECT pg_try_advisory_lock($1)", key) is True
        await second.execute("SELECT pg_advisory_unlock($1)", key)
    await asyncio.sleep(0)
