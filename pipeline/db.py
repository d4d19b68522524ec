"""The pipeline's database: its transactions, and running async database work from
synchronous code (Dagster assets, the CLI).

    async with pipeline_transaction() as q: ...  # admin, with the pipeline's timeout
    rows = run_with_pool(lambda: work())        # a fresh loop with its own pool

`q.orm` offers the pipeline's queries and those below it (`PipelineORM`). Everything
here is an admin transaction (analytics read every tenant). Dagster calls assets
synchronously; they run the coroutine function `work` with `run_with_pool` (through
`pipeline.resources.PostgresResource`) in a fresh event loop with its own pool of the
project's connections (closed afterwards), so assets use the same transactions as the rest
of the code. Nothing here imports Dagster: `blossom pipeline housekeeping` does without it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from database.pool import close_pool
from database.xact import Database, Q
from foundation.base.env import ENV
from pipeline.__codegen__.orm import PipelineORM

T = TypeVar("T")

PipelineQ = Q[PipelineORM]

DB = Database(PipelineORM)
xact_admin = DB.xact_admin


@asynccontextmanager
async def pipeline_transaction() -> AsyncGenerator[PipelineQ, None]:
    """An admin transaction with the pipeline's statement timeout."""
    async with xact_admin() as q:
        timeout_ms = int(ENV.pipeline_statement_timeout_seconds * 1000)
        await q.orm.pipeline_statement_timeout(timeout=f"{timeout_ms}ms")
        yield q


def run_with_pool(work: Callable[[], Awaitable[T]]) -> T:
    """`await work()` in a new event loop, closing that loop's pool afterwards."""

    async def main() -> T:
        try:
            return await work()
        finally:
            await close_pool()

    return asyncio.run(main())
