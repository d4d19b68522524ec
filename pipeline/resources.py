"""The pipeline's Dagster resources.

rows = postgres.run(lambda: materialize_day(ANALYTICS["daily_signups"], day))  # assets
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from dagster import ConfigurableResource

from pipeline.db import run_with_pool

T = TypeVar("T")


class PostgresResource(ConfigurableResource):  # type: ignore[misc]
    """The product database (DATABASE_URL), through the project's pool: `run(work)` awaits
    `work()` in a fresh event loop with its own pool (`pipeline.db.run_with_pool`)."""

    def run(self, work: Callable[[], Awaitable[T]]) -> T:
        return run_with_pool(work)
