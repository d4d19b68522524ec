"""The database layer behind a real PgBouncer in transaction mode (`DATABASE_POOLER`):
timeouts without startup parameters, no named prepared statements unless allowed."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
import pytest

from database.pool import close_pool, get_pool, statement_cache_size
from database.testing.pgbouncer import MISSING, pgbouncer, pgbouncer_binary
from database.trouble import database_trouble
from database.xact import connection, xact_admin, xact_customer
from foundation.base.env import ENV
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES
from foundation.testing.unavailable import unavailable

pytestmark = STARTS_PROCESSES

Bounce = Callable[..., Awaitable[str]]


@pytest.fixture
async def bounce(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Bounce]:
    """`await bounce(**env)`: DATABASE_URL through a PgBouncer of its own (the direct URL
    returned), with those settings; the pools of before and after are the direct ones."""
    if pgbouncer_binary() is None:
        unavailable(MISSING)
    direct = ENV.database_url
    stack = contextlib.ExitStack()

    async def start(*, ignore: tuple[str, ...] = (), pool_size: int = 2, **fields: object) -> str:
        bouncer = pgbouncer(direct, pool_size=pool_size, ignore_startup_parameters=ignore)
        url = stack.enter_context(bouncer)
        await close_pool()
        override_env(monkeypatch, database_url=url, database_direct_url=direct, **fields)
        return direct

    try:
        yield start
    finally:
        await close_pool()
        stack.close()


async def test_timeouts_hold_through_pgbouncer(t: TFix, bounce: Bounce) -> None:
    await bounce(
        database_pooler="pgbouncer",
        database_statement_timeout_seconds=0.3,
        database_lock_timeout_seconds=0.2,
        database_idle_in_transaction_timeout_seconds=7,
    )
    customer = await t.factory.customer()
    expected = ["300ms", "200ms", "7s"]
    show = (
        "SELECT current_setting('statement_timeout'), current_setting('lock_timeout'), "
        "current_setting('idle_in_transaction_session_timeout')"
    )
    async with xact_admin() as q:
        assert list(await q.conn.fetchrow(show) or ()) == expected
    async with xact_customer(user=customer.user, organization=customer.organization) as q:
        assert list(await q.conn.fetchrow(show) or ()) == expected
    async with connection() as c:  # the session lookup's connection, too
        assert list(await c.conn.fetchrow(show) or ()) == expected
    with pytest.raises(asyncpg.QueryCanceledError) as caught:
        async with xact_admin() as q:
            await q.conn.execute("SELECT pg_sleep(3)")
    assert database_trouble(caught.value) == "busy"  # answered 503, typed


async def test_startup_parameters_are_refused_by_pgbouncer(bounce: Bounce) -> None:
    """Why the timeouts are not startup parameters behind a pooler."""
    await bounce(database_pooler="none")
    with pytest.raises(asyncpg.ProtocolViolationError, match="unsupported startup parameter"):
        async with xact_admin() as q:
            await q.conn.fetchval("SELECT 1")


ROUNDS = 60


async def _interleave() -> list[BaseException]:
    """Four clients sharing two server connections, each running its own statements (of
    different parameter counts and types) in transactions and on `connection()`."""
    errors: list[BaseException] = []

    async def client(n: int) -> None:
        for i in range(ROUNDS):
            try:
                async with xact_admin() as q:
                    if n % 2:
                        got = await q.conn.fetchval("SELECT $1::int + $2::int", i, n)
                        assert got == i + n
                    else:
                        got = await q.conn.fetchval("SELECT $1::text || '!'", f"{n}-{i}")
                        assert got == f"{n}-{i}!"
                async with connection() as c:
                    got = await c.conn.fetchval("SELECT $1::bigint * 2", i)
                    assert got == 2 * i
            except (asyncpg.PostgresError, AssertionError) as e:
                errors.append(e)
            await asyncio.sleep(0)

    await asyncio.gather(*(client(n) for n in range(4)))
    return errors


async def test_no_named_prepared_statements_behind_pgbouncer(bounce: Bounce) -> None:
    await bounce(database_pooler="pgbouncer")
    assert statement_cache_size() == 0
    pool = await get_pool()
    assert await _interleave() == []
    async with pool.acquire() as conn:
        names = await conn.fetchval("SELECT count(*) FROM pg_prepared_statements")
        assert names == 0


async def test_named_prepared_statements_break_through_pgbouncer(bounce: Bounce) -> None:
    """The failure the setting prevents: asyncpg's statement cache (DATABASE_POOLER=none)
    through PgBouncer < 1.21 (or without max_prepared_statements)."""
    await bounce(database_pooler="none", ignore=("statement_timeout", "lock_timeout"))
    assert statement_cache_size() > 0
    errors = await _interleave()
    assert errors, "named prepared statements unexpectedly survived transaction pooling"
    assert any("prepared statement" in str(e) for e in errors), errors[:3]


def test_prepared_statements_on_keeps_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """DATABASE_PREPARED_STATEMENTS=on: for PgBouncer >= 1.21 with max_prepared_statements
    (Debian's 1.18 has no such support, so it is not exercised through it here)."""
    override_env(monkeypatch, database_pooler="pgbouncer", database_prepared_statements="on")
    assert statement_cache_size() > 0
    override_env(monkeypatch, database_pooler="none", database_prepared_statements="off")
    assert statement_cache_size() > 0  # straight to Postgres the setting is ignored
