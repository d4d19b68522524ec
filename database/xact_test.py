import asyncio

import asyncpg
import pytest

from database.pool import get_pool, reset_connection
from database.xact import (
    PermissionCheck,
    PermissionRefused,
    connection,
    xact_admin,
    xact_customer,
)
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env


async def test_admin_transaction_sees_rows(t: TFix) -> None:
    customer = await t.factory.customer()
    async with xact_admin() as q:
        assert await q.conn.fetchval("SELECT name FROM users WHERE id = $1", customer.user.id)
        assert await q.conn.fetchval("SELECT current_user") != "customer"


async def test_commits_on_success_and_rolls_back_on_error(t: TFix) -> None:
    org = await t.factory.organization()
    async with xact_admin() as q:
        await q.conn.execute("UPDATE organizations SET name = 'kept' WHERE id = $1", org.id)
    with pytest.raises(RuntimeError):
        async with xact_admin() as q:
            await q.conn.execute("UPDATE organizations SET name = 'lost' WHERE id = $1", org.id)
            raise RuntimeError("boom")
    async with xact_admin() as q:
        assert (
            await q.conn.fetchval("SELECT name FROM organizations WHERE id = $1", org.id) == "kept"
        )


async def _sleeping() -> bool:
    async with xact_admin() as q:
        return bool(
            await q.conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE state = 'active' AND query = 'SELECT pg_sleep(10)'"
            )
        )


async def test_cancellation_rolls_back(t: TFix) -> None:
    org = await t.factory.organization()
    started = asyncio.Event()

    async def slow() -> None:
        async with xact_admin() as q:
            await q.conn.execute("UPDATE organizations SET name = 'lost' WHERE id = $1", org.id)
            started.set()
            await q.conn.execute("SELECT pg_sleep(10)")

    task = asyncio.create_task(slow())
    await started.wait()
    # Cancel while the sleep runs: Postgres drops a cancel request that reaches a backend
    # between statements, and the test would then wait the whole sleep out.
    for _ in range(1000):  # 10 s at most
        if await _sleeping():
            break
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with xact_admin() as q:
        assert (
            await q.conn.fetchval("SELECT name FROM organizations WHERE id = $1", org.id) != "lost"
        )


async def test_customer_transaction_sets_role_and_context(t: TFix) -> None:
    c = await t.factory.customer()
    async with xact_customer(user=c.user, organization=c.organization) as q:
        row = await q.conn.fetchrow(
            "SELECT current_user AS role, current_user_id() AS u, current_organization_id() AS o"
        )
    assert row is not None and dict(row) == {
        "role": "customer",
        "u": c.user.id,
        "o": c.organization.id,
    }
    async with xact_customer(user=c.user.id) as q:
        assert await q.conn.fetchval("SELECT current_organization_id()") is None


async def test_jsonb_round_trips_python_values_and_refuses_nan(t: TFix) -> None:
    org = await t.factory.organization()
    story = {"events": [{"kind": "created", "n": 1}], "note": "ü"}
    async with xact_admin() as q:
        await q.conn.execute("UPDATE organizations SET storytime = $1 WHERE id = $2", story, org.id)
        assert (
            await q.conn.fetchval("SELECT storytime FROM organizations WHERE id = $1", org.id)
            == story
        )
    with pytest.raises(asyncpg.DataError, match="json cannot hold nan"):
        async with xact_admin() as q:
            await q.conn.execute(
                "UPDATE organizations SET storytime = $1 WHERE id = $2", {"x": float("nan")}, org.id
            )


async def test_one_pool_per_event_loop() -> None:
    assert await get_pool() is await get_pool()


async def test_xact_within_a_connection_reuses_it_and_leaves_no_context(t: TFix) -> None:
    c = await t.factory.customer()
    async with connection() as outer:
        pid = await outer.conn.fetchval("SELECT pg_backend_pid()")
        async with xact_customer(user=c.user, organization=c.organization, within=outer) as q:
            assert await q.conn.fetchval("SELECT pg_backend_pid()") == pid
            assert await q.conn.fetchval("SELECT current_user") == "customer"
        assert await outer.conn.fetchval("SELECT current_user") != "customer"
        assert await outer.conn.fetchval("SELECT current_user_id()") is None
        with pytest.raises(RuntimeError):
            async with xact_admin(within=outer) as q:
                await q.conn.execute("UPDATE users SET name = 'lost' WHERE id = $1", c.user.id)
                raise RuntimeError("boom")
        assert not outer.conn.is_in_transaction()
        assert (
            await outer.conn.fetchval("SELECT name FROM users WHERE id = $1", c.user.id) != "lost"
        )


async def test_the_pool_reset_rolls_back_a_forgotten_transaction_and_nothing_else() -> None:
    pool = await get_pool()
    async with pool.acquire() as conn:
        await conn.execute("BEGIN")
        await reset_connection(conn)  # type: ignore[arg-type]
        assert not conn.is_in_transaction()


async def test_the_pool_resets_rollback_is_bounded_by_the_acquire_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A release's only wait (acquire runs without asyncpg's timeout, which bounded it)."""
    pool = await get_pool()
    async with pool.acquire() as conn:
        await conn.execute("BEGIN")
        override_env(monkeypatch, database_acquire_timeout_seconds=1e-9)
        with pytest.raises(TimeoutError):
            await reset_connection(conn)  # type: ignore[arg-type]
        conn.terminate()  # as the pool does to a connection whose reset failed


async def test_a_folded_permission_check_refuses_and_leaves_the_connection_clean(
    t: TFix,
) -> None:
    """`check=` runs last in the BEGIN script: a refusal is `PermissionRefused` with the
    caller's role (None: no member), rolled back at once, nothing of it left behind."""
    c = await t.factory.customer()  # an owner
    stranger = await t.factory.user()
    owners_only = PermissionCheck("members:read", ("owner",))
    admins_only = PermissionCheck("members:read", ("admin",))
    async with connection() as outer:
        async with xact_customer(
            user=c.user, organization=c.organization, within=outer, check=owners_only
        ) as q:
            assert await q.conn.fetchval("SELECT current_user") == "customer"
        with pytest.raises(PermissionRefused) as refused:
            async with xact_customer(
                user=c.user, organization=c.organization, within=outer, check=admins_only
            ):
                raise AssertionError("the transaction opened")
        assert refused.value.role == "owner"
        assert not outer.conn.is_in_transaction()
        assert await outer.conn.fetchval("SELECT current_user") != "customer"
        with pytest.raises(PermissionRefused) as refused:
            async with xact_customer(
                user=stranger, organization=c.organization, within=outer, check=owners_only
            ):
                raise AssertionError("the transaction opened")
        assert refused.value.role is None
        assert not outer.conn.is_in_transaction()
    with pytest.raises(ValueError, match="not a permission or role name"):
        PermissionCheck("members:read'); DROP TABLE users; --", ()).sql(c.user.id, "org_x")
