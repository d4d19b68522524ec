"""Forcing an interleaving with a held lock, observed in Postgres (no sleeps decide it).

async with xact_admin() as q:
    await q.orm.some_lock(...)                     # the test holds a lock
    task = await once_waiting_for_a_lock(call())   # the call queues behind it
    ...                                            # whatever must happen meanwhile
result = await task                                # released: the call goes on
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

from database.testing import harness
from database.xact import xact_admin

T = TypeVar("T")


async def once_waiting_for_a_lock(call: Awaitable[T], *, waiters: int = 1) -> asyncio.Task[T]:
    """Start `call` and return once `waiters` backends of this database wait for a lock
    (the call's transaction queued behind the test's), or once the call is done (it did
    not wait at all: the test's assertions say what happened)."""
    task = asyncio.ensure_future(call)
    await until_waiting(waiters, unless=task)
    return task


async def until_waiting(waiters: int, *, unless: asyncio.Future[Any] | None = None) -> None:
    """Return once `waiters` backends of this database wait for a lock (or `unless` is
    done); at most 10 seconds."""
    async with asyncio.timeout(10):
        while await _waiting() < waiters:
            if unless is not None and unless.done():
                return
            await asyncio.sleep(0.005)


async def _waiting() -> int:
    """The backends waiting for a lock now. Each count in a transaction of its own: a
    backend reads `pg_stat_activity` once per transaction, so polling inside one (as a
    `connection()` behind a transaction pooler does) would never see a new waiter."""
    async with xact_admin() as q:
        return await harness(q).test_lock_waiters() or 0
