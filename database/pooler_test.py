"""The database layer behind a real PgBouncer in transaction mode (`DATABASE_POOLER`):
timeouts without startup parameters, no named prepared statements unless allowed."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import pytest

from database.locks import advisory_key, pg_advisory_lock
from database.pool import close_pool, get_pool, statement_cache_size
from database.trouble import database_trouble
from database.xact import connection, dedicated, xact_admin, xact_customer
from foundation.base.env import ENV
from foundation.testing.fixture import TFix
from foundation.testing.pooler import through_pgbouncer
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES

Bounce = Callable[..., Awaitable[str]]


@pytest.fixture
async def bounce(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Bounce]:
    """`await bounce(**settings)`: DATABASE_URL through a PgBouncer of its own for the rest
    of the test (`foundation.testing.pooler.through_pgbouncer`)."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(**fields: Any) -> str:
            return await stack.enter_async_context(through_pgbouncer(monkeypatch, **fields))

        yield start


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


async def _prepared_on_one_server_run_on_another() -> list[BaseException]:
    """Without relying on interleaving: client `a` prepares a statement on a server
    connection, `b` then holds one server connection in a transaction while `a` runs its
    statement again in a new one (whichever server `b` got, one of the rounds puts `a` on
    the other)."""
    errors: list[BaseException] = []
    pool = await get_pool()
    async with pool.acquire() as a, pool.acquire() as b:
        for i in range(4):
            try:
                async with a.transaction():
                    await a.fetchval("SELECT $1::int + 1", i)
                async with b.transaction():
                    await b.fetchval("SELECT 1")
                    async with a.transaction():
                        await a.fetchval("SELECT $1::int + 1", i)
            except asyncpg.PostgresError as e:
                errors.append(e)
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
    errors = await _prepared_on_one_server_run_on_another() + await _interleave()
    assert errors, "named prepared statements unexpectedly survived transaction pooling"
    assert any("prepared statement" in str(e) for e in errors), errors[:3]


def test_prepared_statements_on_keeps_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """DATABASE_PREPARED_STATEMENTS=on: for PgBouncer >= 1.21 with max_prepared_statements
    (Debian's 1.18 has no such support, so it is not exercised through it here)."""
    override_env(monkeypatch, database_pooler="pgbouncer", database_prepared_statements="on")
    assert statement_cache_size() > 0
    override_env(monkeypatch, database_pooler="none", database_prepared_statements="off")
    assert statement_cache_size() > 0  # straight to Postgres the setting is ignored


async def test_a_session_lock_on_the_direct_connection_excludes_pooled_clients(
    bounce: Bounce,
) -> None:
    """`vault rotate`'s lock: taken on `dedicated()` (DATABASE_DIRECT_URL), it excludes
    clients through PgBouncer, even when they all share its one server connection."""
    await bounce(database_pooler="pgbouncer", pool_size=1)
    key = advisory_key("pooler-test")
    try_lock = "SELECT pg_try_advisory_xact_lock($1)"
    async with dedicated() as holder, pg_advisory_lock(holder.conn, "pooler-test"):
        for _ in range(3):
            async with xact_admin() as q:
                assert await q.conn.fetchval(try_lock, key) is False
        async with dedicated() as other:
            assert await other.conn.fetchval("SELECT pg_try_advisory_lock($1)", key) is False
    async with xact_admin() as q:  # released, on the server too
        assert await q.conn.fetchval(try_lock, key) is True


async def test_behind_a_pooler_connection_keeps_what_ran_as_autocommit_would(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`connection()`'s statements share a transaction behind a pooler, but an exception
    leaving the block (a session lookup that ends a session, then 401) keeps them."""
    org = await t.factory.organization()
    await close_pool()
    try:
        override_env(monkeypatch, database_pooler="pgbouncer", database_direct_url=ENV.database_url)
        with pytest.raises(RuntimeError):
            async with connection() as c:
                assert c.conn.is_in_transaction()
                await c.conn.execute("UPDATE organizations SET name = 'kept' WHERE id = $1", org.id)
                raise RuntimeError("unauthorized")
        async with connection() as c:
            name = await c.conn.fetchval("SELECT name FROM organizations WHERE id = $1", org.id)
            assert name == "kept"
    finally:
        await close_pool()
