"""`PostgresResource`: how Dagster ops and assets reach the project's database.

Dagster calls assets synchronously; `postgres.run(work)` runs the coroutine function
`work` in a fresh event loop with its own pool of the project's connections (closed
afterwards), so assets use the same transactions as the rest of the code:

    rows = postgres.run(lambda: materialize_day(ANALYTICS["daily_signups"], day))
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from dagster import ConfigurableResource

from pipeline.transactions import run_with_pool

T = TypeVar("T")


class PostgresResource(ConfigurableResource):  # type: ignore[misc]
    """The product database (DATABASE_URL), through the project's pool."""

    def run(self, work: Callable[[], Awaitable[T]]) -> T:
        return run_with_pool(work)
