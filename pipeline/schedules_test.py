"""The schedules' run requests at given ticks (no database: Dagster's ephemeral instance)."""

from __future__ import annotations

import datetime

from dagster import (
    AssetMaterialization,
    DagsterInstance,
    build_schedule_context,
    instance_for_test,
)

from pipeline.analytics import ANALYTICS
from pipeline.definitions import defs


def _requested(instance: DagsterInstance, tick: datetime.datetime) -> list[str]:
    repository = defs.get_repository_def()
    schedule = repository.get_schedule_def("daily_analytics_schedule")
    with build_schedule_context(
        instance=instance, scheduled_execution_time=tick, repository_def=repository
    ) as context:
        data = schedule.evaluate_tick(context)
    return [r.partition_key or "" for r in data.run_requests or []]


def _tick(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 0, 30, tzinfo=datetime.UTC)


def test_each_tick_asks_for_the_previous_days_not_materialized() -> None:
    with instance_for_test() as instance:
        keys = _requested(instance, _tick(datetime.date(2026, 6, 10)))
        assert keys[0] == "2026-05-10" and keys[-1] == "2026-06-09" and len(keys) == 31
        for day in ("2026-06-08", "2026-06-09"):
            for name in ANALYTICS:
                instance.report_runless_asset_event(
                    AssetMaterialization(asset_key=name, partition=day)
                )
        # A day counts only when every asset has it.
        instance.report_runless_asset_event(
            AssetMaterialization(asset_key="daily_signups", partition="2026-06-07")
        )
        keys = _requested(instance, _tick(datetime.date(2026, 6, 10)))
        assert keys[-1] == "2026-06-07" and "2026-06-08" not in keys and len(keys) == 29


def test_a_late_start_catches_up_the_missed_days() -> None:
    with instance_for_test() as instance:
        for name in ANALYTICS:
            instance.report_runless_asset_event(
                AssetMaterialization(asset_key=name, partition="2026-06-05")
            )
        # The daemon was down from the 6th: the tick of the 10th asks for the 6th to the
        # 9th (and older gaps), not only for the 9th.
        keys = _requested(instance, _tick(datetime.date(2026, 6, 10)))
        assert keys[-4:] == ["2026-06-06", "2026-06-07", "2026-06-08", "2026-06-09"]
        assert "2026-06-05" not in keys


def test_days_before_the_first_partition_are_never_asked_for() -> None:
    with instance_for_test() as instance:
        keys = _requested(instance, _tick(datetime.date(2026, 1, 4)))
    assert keys == ["2026-01-01", "2026-01-02", "2026-01-03"]


def test_the_cron_schedules() -> None:
    schedule = defs.get_repository_def().get_schedule_def("housekeeping_schedule")
    assert schedule.cron_schedule == "0 * * * *" and schedule.execution_timezone == "UTC"
    daily = defs.get_repository_def().get_schedule_def("daily_analytics_schedule")
    assert daily.cron_schedule == "30 0 * * *" and daily.execution_timezone == "UTC"
