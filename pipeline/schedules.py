"""Jobs and schedules: the daily analytics at 00:30 UTC, housekeeping hourly.

The daily schedule does not only ask for yesterday: every tick requests each day of the
last `CATCH_UP_DAYS` that is not materialized yet for every analytics asset, so days
missed while the daemon was down are filled on the next tick instead of skipped
(materializing is idempotent, so asking twice is harmless). Older gaps are for
`blossom pipeline backfill`.
"""

import datetime
from typing import Any

# dagster's metadata type holds PathLike[Unknown], so these signatures are partly unknown.
from dagster import (
    AssetKey,
    AssetSelection,
    DailyPartitionsDefinition,
    DefaultScheduleStatus,
    JobDefinition,
    OpExecutionContext,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    define_asset_job,  # pyright: ignore[reportUnknownVariableType]
    job,  # pyright: ignore[reportUnknownVariableType]
    op,
    schedule,  # pyright: ignore[reportUnknownVariableType]
)

from foundation.base.clock import CLOCK
from pipeline.analytics import ANALYTICS
from pipeline.assets import GROUP
from pipeline.housekeeping import housekeep
from pipeline.logger import RUN_CONFIG
from pipeline.resources import PostgresResource

CATCH_UP_DAYS = 31


def analytics_job() -> Any:
    """The analytics assets, one UTC day per run (partitioned like its assets)."""
    # dagster leaves groups' *group_strs untyped.
    selection = AssetSelection.groups(GROUP)  # pyright: ignore[reportUnknownMemberType]
    return define_asset_job("daily_analytics", selection=selection, config=RUN_CONFIG)


def missing_days(
    context: ScheduleEvaluationContext, partitions: DailyPartitionsDefinition
) -> list[str]:
    """Partition keys of the last CATCH_UP_DAYS complete days (up to the day before the
    tick) that some analytics asset has not materialized."""
    tick = context.scheduled_execution_time or CLOCK.now()
    last = tick.astimezone(datetime.UTC).date() - datetime.timedelta(days=1)
    first = max(last - datetime.timedelta(days=CATCH_UP_DAYS - 1), _start(partitions))
    wanted = [
        (first + datetime.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)
    ]
    done: set[str] | None = None
    for name in ANALYTICS:
        materialized = set(context.instance.get_materialized_partitions(AssetKey(name)))
        done = materialized if done is None else done & materialized
    return [key for key in wanted if key not in (done or set())]


def _start(partitions: DailyPartitionsDefinition) -> datetime.date:
    return partitions.start.date()


def daily_schedule(partitions: DailyPartitionsDefinition, daily_job: Any) -> ScheduleDefinition:
    @schedule(
        name="daily_analytics_schedule",
        cron_schedule="30 0 * * *",
        execution_timezone="UTC",
        job=daily_job,
        default_status=DefaultScheduleStatus.RUNNING,
    )
    def daily(context: ScheduleEvaluationContext) -> list[RunRequest]:
        tick = (context.scheduled_execution_time or CLOCK.now()).date()
        return [
            RunRequest(partition_key=key, run_key=f"{key}@{tick.isoformat()}")
            for key in missing_days(context, partitions)
        ]

    return daily


@op(description="Delete old sessions and login failures, mark expired invites, in batches.")
def housekeeping_op(context: OpExecutionContext, postgres: PostgresResource) -> None:
    counts = postgres.run(
        lambda: housekeep(progress=lambda kind, done: context.log.debug(f"{kind}: {done}"))
    )
    context.log.info(
        f"sessions deleted {counts.sessions_deleted}, login failures deleted "
        f"{counts.login_failures_deleted}, invites marked expired "
        f"{counts.invites_marked_expired} ({counts.batches} batches)"
    )
    context.add_output_metadata(counts.by_kind)


@job(description="Housekeeping of the product database (hourly).", config=RUN_CONFIG)
def housekeeping_job() -> None:
    housekeeping_op()


def housekeeping_schedule(housekeeping: JobDefinition) -> ScheduleDefinition:
    return ScheduleDefinition(
        name="housekeeping_schedule",
        cron_schedule="0 * * * *",
        execution_timezone="UTC",
        job=housekeeping,
        default_status=DefaultScheduleStatus.RUNNING,
    )
