"""Running the pipeline's async database work from synchronous code (Dagster assets,
the CLI), and its transactions.

    rows = run_with_pool(lambda: work())        # a fresh loop with its own pool
    async with pipeline_transaction() as q: ...  # admin, with the pipeline's timeout
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from database.pool import close_pool
from foundation.env import ENV
from pipeline.db import PipelineQ, xact_admin

T = TypeVar("T")


def run_with_pool(work: Callable[[], Awaitable[T]]) -> T:
    """`await work()` in a new event loop, closing that loop's pool afterwards."""

    async def main() -> T:
        try:
            return await work()
        finally:
            await close_pool()

    return asyncio.run(main())


@asynccontextmanager
async def pipeline_transaction() -> AsyncIterator[PipelineQ]:
    """An admin transaction with the pipeline's statement timeout."""
    async with xact_admin() as q:
        timeout_ms = int(ENV.pipeline_statement_timeout_seconds * 1000)
        await q.orm.pipeline_statement_timeout(timeout=f"{timeout_ms}ms")
        yield q
