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
    direct = ENV.database_url
    with pgbouncer(direct, pool_size=pool_size, ignore_startup_parameters=ignore) as url:
        await close_pool()
        with monkeypatch.context() as patch:
            override_env(
                patch,
                database_url=url,
                database_direct_url=url if direct_through_pgbouncer else direct,
                **fields,
            )
            try:
                yield url
            finally:
                await close_pool()
