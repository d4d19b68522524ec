"""The apps' database behind a real PgBouncer in transaction mode, for one test:

    async with through_pgbouncer(monkeypatch, database_pooler="pgbouncer") as bouncer:
        ...   # DATABASE_URL is PgBouncer (`bouncer`), DATABASE_DIRECT_URL the database

Without the pgbouncer binary the test is unavailable (skipped; failed under CI). The pools
of before and after are the direct ones (the running loop's pool is closed both ways).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from database.pool import close_pool
from database.testing.pgbouncer import MISSING, pgbouncer, pgbouncer_binary
from foundation.base.env import ENV
from foundation.testing.settings import override_env
from foundation.testing.unavailable import unavailable


@asynccontextmanager
async def through_pgbouncer(
    monkeypatch: pytest.MonkeyPatch,
    *,
    pool_size: int = 2,
    ignore: tuple[str, ...] = (),
    direct_through_pgbouncer: bool = False,
    **fields: Any,
) -> AsyncIterator[str]:
    """DATABASE_URL through a PgBouncer of its own (`pool_size` server connections,
    `ignore`d startup parameters) with the settings `fields`; yields PgBouncer's url.
    `direct_through_pgbouncer`: DATABASE_DIRECT_URL is PgBouncer too (the mistake)."""
    if pgbouncer_binary() is None:
        unavailable(MISSING)
    direct = ENV.database_direct_url or ENV.database_url  # the run may be behind one already
    with pgbouncer(direct, pool_size=pool_size, ignore_startup_parameters=ignore) as url:
        direct_url = url if direct_through_pgbouncer else direct
        async with _fresh_pools(
            monkeypatch, database_url=url, database_direct_url=direct_url, **fields
        ):
            yield url


@asynccontextmanager
async def directly(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    """The database itself for the rest of the test, without the run's pooler (when the run
    is behind one, `TEST_THROUGH_PGBOUNCER`): for tests of the direct set-up (its round
    trips, session locks held by pooled connections)."""
    if ENV.database_pooler == "none":
        yield
        return
    async with _fresh_pools(
        monkeypatch,
        database_url=ENV.database_direct_url,
        database_direct_url="",
        database_pooler="none",
    ):
        yield


@asynccontextmanager
async def _fresh_pools(monkeypatch: pytest.MonkeyPatch, **fields: Any) -> AsyncIterator[None]:
    """The settings `fields` meanwhile, with the running loop's pool closed before and
    after (so the pools of before and after are the unpatched ones)."""
    await close_pool()
    with monkeypatch.context() as patch:
        override_env(patch, **fields)
        try:
            yield
        finally:
            await close_pool()
