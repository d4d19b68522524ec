"""Bulkheads on the real pool: calls of one route stuck on a held lock take only their
route's share of the connections; nested connections of one call ride on its slot."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest

from database.bulkhead import enter_route, leave_route, route_limit
from database.locks import pg_advisory_lock
from database.pool import get_pool
from database.xact import DATABASE, connection, xact_admin
from foundation.base.errors import DatabaseUnavailableError
from foundation.base.observability.metrics import metrics_text
from foundation.base.observability.metrics_test import sample
from foundation.testing.fixture import TFix
from foundation.testing.pooler import directly
from foundation.testing.settings import override_env


@pytest.fixture(autouse=True)
async def _direct(monkeypatch: pytest.MonkeyPatch) -> AsyncGenerator[None, None]:
    """Stuck calls wait on session locks taken on pooled connections: the database itself,
    not a transaction pooler."""
    async with directly(monkeypatch):
        yield


def _route() -> str:
    """A route name of its own: bulkheads are kept per route for the process's life."""
    return f"bulkhead-test-{uuid.uuid4().hex[:12]}"


async def _as_route(rpc: str, work: Callable[[], Awaitable[Any]]) -> Any:
    """`work()` as a call of `rpc` (what the session app's around hook does)."""
    token = enter_route("test", rpc)
    try:
        return await work()
    finally:
        leave_route(token)


@asynccontextmanager
async def _held(name: str) -> AsyncGenerator[None, None]:
    """Another session (outside the pool) holds the advisory lock `name` meanwhile."""
    async with DATABASE.dedicated() as holder, pg_advisory_lock(holder.conn, name):
        yield


@pytest.mark.parametrize("share", [0.2, 1.0])
async def test_calls_stuck_on_a_lock_hold_only_their_routes_share_of_the_pool(
    t: TFix, monkeypatch: pytest.MonkeyPatch, share: float
) -> None:
    override_env(monkeypatch, database_route_max_share=share, database_acquire_timeout_seconds=30)
    size = (await get_pool()).get_max_size()
    limit = route_limit(share, size)
    stuck_route, lock = _route(), _route()
    holding: list[int] = []
    full = asyncio.Event()

    async def stuck() -> None:
        async with connection() as c:
            holding.append(1)
            if len(holding) == limit:
                full.set()
            async with pg_advisory_lock(c.conn, lock):  # waits while the lock is held
                pass

    async with _held(lock):
        calls = [asyncio.create_task(_as_route(stuck_route, stuck)) for _ in range(size)]
        await full.wait()  # the first `limit` calls hold connections
        if share < 1:
            other = await _as_route(_route(), lambda: _select_one())
            # The other route was served while every stuck call still waits.
            assert other == 1
            assert not any(call.done() for call in calls)
            assert len(holding) == limit < size
        else:  # no bulkhead: the stuck calls hold every connection and the other waits
            override_env(monkeypatch, database_acquire_timeout_seconds=0.1)
            with pytest.raises(DatabaseUnavailableError, match="no postgres connection"):
                await _as_route(_route(), lambda: _select_one())
            assert len(holding) == size and not any(call.done() for call in calls)
            override_env(monkeypatch, database_acquire_timeout_seconds=30)
    await asyncio.gather(*calls)  # the lock is gone: every stuck call got its turn
    assert len(holding) == size


async def _select_one() -> int:
    async with xact_admin() as q:
        one = await q.conn.fetchval("SELECT 1")
    assert isinstance(one, int)
    return one


async def test_a_call_beyond_its_routes_share_is_refused_and_counted(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = (await get_pool()).get_max_size()
    override_env(
        monkeypatch, database_route_max_share=1 / size, database_acquire_timeout_seconds=0.1
    )
    route, lock = _route(), _route()
    holding = asyncio.Event()

    async def stuck() -> None:
        async with connection() as c:
            holding.set()
            async with pg_advisory_lock(c.conn, lock):
                pass

    async with _held(lock):
        first = asyncio.create_task(_as_route(route, stuck))
        await holding.wait()
        with pytest.raises(DatabaseUnavailableError, match="whole share of the pool"):
            await _as_route(route, lambda: _select_one())
        assert not first.done()
    await first
    refused = sample(metrics_text(), "blossom_db_bulkhead_refused_total", app="test", rpc=route)
    assert refused == 1
    assert await _as_route(route, lambda: _select_one()) == 1  # the slot came back


async def test_a_call_never_needs_two_slots(t: TFix, monkeypatch: pytest.MonkeyPatch) -> None:
    size = (await get_pool()).get_max_size()
    override_env(
        monkeypatch, database_route_max_share=1 / size, database_acquire_timeout_seconds=0.1
    )
    route = _route()

    async def nested() -> list[int]:  # the framework's connection, the handler's transaction
        async with connection(), xact_admin(), xact_admin():
            return [await _select_one(), await _select_one()]

    async def one_after_another() -> int:  # a hold=False route's short transactions
        return await _select_one() + await _select_one()

    async def side_by_side() -> list[int]:
        async with xact_admin():
            return list(await asyncio.gather(_select_one(), _select_one()))

    assert await _as_route(route, nested) == [1, 1]
    assert await _as_route(route, one_after_another) == 2
    assert await _as_route(route, side_by_side) == [1, 1]
    refused = sample(metrics_text(), "blossom_db_bulkhead_refused_total", app="test", rpc=route)
    assert refused == 0
