"""The daily analytics tables: how each is filled for one UTC day and checked.

    rows = await fill_day(q, ANALYTICS["daily_signups"], day)
    outcomes = await check_day(q, ANALYTICS["daily_signups"], day)

Filling is set-based SQL (`pipeline/queries.sql`): the day's rows are deleted and
inserted again in the caller's transaction, so rerunning a day replaces it. Each table
has two checks: its total agrees with the source tables, and it has a row for every key
the sources say the day has (no more, no fewer). Negative counts cannot be stored at all
(CHECK constraints, migration 0007).
"""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from foundation.auth.login import LOCKOUT_FAILURES
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.base.errors import ConfigurationError
from pipeline.db import PipelineQ


class CheckRow(Protocol):
    """What each table's `...Check` query returns."""

    @property
    def table_total(self) -> int: ...
    @property
    def source_total(self) -> int: ...
    @property
    def table_keys(self) -> int: ...
    @property
    def source_keys(self) -> int: ...


@dataclass(frozen=True)
class Analytics:
    name: str
    description: str
    total: str
    """What `table_total`/`source_total` count."""
    keys: str
    """What `table_keys`/`source_keys` count."""
    sources: tuple[str, ...]
    """The product tables its fill query reads (Dagster's lineage: `pipeline.assets`)."""
    clear: Callable[[PipelineQ, datetime.date], Awaitable[int]]
    fill: Callable[[PipelineQ, datetime.date], Awaitable[int]]
    check: Callable[[PipelineQ, datetime.date], Awaitable[CheckRow]]


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    passed: bool
    expected: int
    found: int
    description: str


ANALYTICS: dict[str, Analytics] = {
    a.name: a
    for a in (
        Analytics(
            name="daily_signups",
            description="Users created per UTC day, and how many completed signup, by the "
            "inbound source of their first organization.",
            total="users created",
            keys="inbound sources with signups",
            sources=("users", "organizations", "organizations_users"),
            clear=lambda q, day: q.orm.daily_signups_clear(day=day),
            fill=lambda q, day: q.orm.daily_signups_fill(day=day),
            check=lambda q, day: q.orm.daily_signups_check(day=day),
        ),
        Analytics(
            name="organization_daily_activity",
            description="Per organization and UTC day: active users, members by role, "
            "invites sent and accepted.",
            total="invites sent",
            keys="organizations existing at the end of the day",
            sources=("organizations", "organizations_users", "invites", "sessions"),
            clear=lambda q, day: q.orm.organization_daily_activity_clear(day=day),
            fill=lambda q, day: q.orm.organization_daily_activity_fill(day=day),
            check=lambda q, day: q.orm.organization_daily_activity_check(day=day),
        ),
        Analytics(
            name="invite_funnel_daily",
            description="Invites sent, accepted, revoked and expired per UTC day, with the "
            "median time to accept.",
            total="invites sent",
            keys="days with invite activity",
            sources=("invites",),
            clear=lambda q, day: q.orm.invite_funnel_daily_clear(day=day),
            fill=lambda q, day: q.orm.invite_funnel_daily_fill(day=day),
            check=lambda q, day: q.orm.invite_funnel_daily_check(day=day),
        ),
        Analytics(
            name="login_security_daily",
            description="Failed logins, lockouts and sessions started per app and UTC day.",
            total="sessions started",
            keys="apps with logins or sessions",
            sources=("login_failures", "sessions"),
            clear=lambda q, day: q.orm.login_security_daily_clear(day=day),
            fill=lambda q, day: q.orm.login_security_daily_fill(
                day=day, client_limit=LOCKOUT_FAILURES
            ),
            check=lambda q, day: q.orm.login_security_daily_check(day=day),
        ),
    )
}


async def fill_day(q: PipelineQ, analytics: Analytics, day: datetime.date) -> int:
    """Replace the day's rows of one table (in `q`); the number of rows written."""
    await analytics.clear(q, day)
    return await analytics.fill(q, day)


async def check_day(q: PipelineQ, analytics: Analytics, day: datetime.date) -> list[CheckOutcome]:
    """The table's two checks for the day."""
    row = await analytics.check(q, day)
    return [
        CheckOutcome(
            name="counts_match_sources",
            passed=row.table_total == row.source_total,
            expected=row.source_total,
            found=row.table_total,
            description=f"{analytics.total}: the table's total equals the source tables'",
        ),
        CheckOutcome(
            name="every_key_present",
            passed=row.table_keys == row.source_keys,
            expected=row.source_keys,
            found=row.table_keys,
            description=f"one row for each of the {analytics.keys}",
        ),
    ]


def validate_days(days: list[datetime.date], assets: list[str]) -> None:
    """`ConfigurationError` unless every asset exists and every day is a complete UTC day
    from PIPELINE_START_DATE on (the daily partitions: today is not over yet)."""
    unknown = sorted(set(assets) - set(ANALYTICS))
    if unknown:
        raise ConfigurationError("unknown asset", assets=unknown, known=sorted(ANALYTICS))
    today = CLOCK.now().astimezone(datetime.UTC).date()
    outside = [d.isoformat() for d in days if not ENV.pipeline_start_date <= d < today]
    if outside:
        raise ConfigurationError(
            "days must be complete UTC days from PIPELINE_START_DATE on (not today)",
            days=outside[:5],
            start=ENV.pipeline_start_date.isoformat(),
        )
