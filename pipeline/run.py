"""Materializing days from the command line through Dagster (so the runs, their rows and
their checks show in the UI's history) and reporting what the checks said; filling them
without Dagster when the tables are wanted at once (`fill_days`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from dagster import (
    AssetKey,
    AssetsDefinition,
    DagsterInstance,
    Definitions,
    ExecuteInProcessResult,
    define_asset_job,  # pyright: ignore[reportUnknownVariableType]  (PathLike[Unknown] in its metadata type)
)

from pipeline.analytics import ANALYTICS, validate_days
from pipeline.assets import analytics_assets, daily_partitions, materialize_day
from pipeline.db import run_with_pool
from pipeline.instance import instance as default_instance
from pipeline.logger import LOGGERS
from pipeline.resources import PostgresResource

JOB = "blossom_materialize"


def materialize_days(
    days: list[datetime.date],
    assets: list[str],
    *,
    report: Callable[[str], None] | None,
    progress: Callable[[int], None] = lambda _n: None,
    instance: DagsterInstance | None = None,
) -> list[str]:
    """Materialize `assets` (all when empty) for each day; `report` gets a line per asset
    and check; `progress(1)` after each day. The lines of the failed checks."""
    validate_days(days, assets)
    names = assets or list(ANALYTICS)
    selected = [a for a in analytics_assets(daily_partitions()) if a.key.to_user_string() in names]
    instance = instance or default_instance()
    failed: list[str] = []
    for day in days:
        result = _materialize(selected, day, instance)
        for name in names:
            for event in result.asset_materializations_for_node(name):
                rows = event.metadata["rows"].value
                if report:
                    report(f"{day} {name}: {rows} rows")
        for evaluation in result.get_asset_check_evaluations():
            key = evaluation.asset_key.to_user_string()
            meta = {k: v.value for k, v in evaluation.metadata.items()}
            line = (
                f"{day} {key} check {evaluation.check_name}: "
                f"{'passed' if evaluation.passed else 'FAILED'}"
                f" (expected {meta.get('expected')}, found {meta.get('found')})"
            )
            if report:
                report(line)
            if not evaluation.passed:
                failed.append(line)
        progress(1)
    return failed


def _materialize(
    selected: list[AssetsDefinition], day: datetime.date, instance: DagsterInstance
) -> ExecuteInProcessResult:
    """`dagster.materialize` of one day, with the code location's loggers (Blossom's
    logging: JSON lines in production) where it has Dagster's coloured console logger."""
    defs = Definitions(
        jobs=[define_asset_job(JOB)],
        assets=selected,
        resources={"postgres": PostgresResource()},
        loggers=LOGGERS,
    )
    return defs.resolve_job_def(JOB).execute_in_process(
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        instance=instance,
        partition_key=day.isoformat(),
    )


def unmaterialized_days(
    days: list[datetime.date], *, instance: DagsterInstance | None = None
) -> list[datetime.date]:
    """The days of `days` that some analytics asset has no materialization of in Dagster's
    instance (what a backfill of them would still add)."""
    instance = instance or default_instance()
    done = [instance.get_materialized_partitions(AssetKey(name)) for name in ANALYTICS]
    return [day for day in days if any(day.isoformat() not in keys for keys in done)]


def fill_days(days: list[datetime.date]) -> list[str]:
    """What `materialize_days` does to the tables (every asset's rows and checks for each
    day), in a fraction of its time, with no run recorded in Dagster: for a caller that
    wants the tables at once and materializes through Dagster afterwards (`blossom dev
    seed`). The failed checks, as `materialize_days` words them."""
    validate_days(days, [])

    async def fill() -> list[str]:
        failed: list[str] = []
        for day in days:
            for name, analytics in ANALYTICS.items():
                result = await materialize_day(analytics, day)
                failed += [
                    f"{day} {name} check {check.name}: FAILED"
                    f" (expected {check.expected}, found {check.found})"
                    for check in result.checks
                    if not check.passed
                ]
        return failed

    return run_with_pool(fill)
