"""A backfill in this process, on an ephemeral instance: the backfill record, one run of
the code location's `daily_analytics` per day, and check results carrying their day.
(`cli_test.py` shows the same through the CLI and the webserver's GraphQL.)"""

from __future__ import annotations

import asyncio
import datetime
from pathlib import Path

from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter
from dagster._core.execution.backfill import BulkActionStatus  # what the Backfills tab reads

from foundation.testing.fixture import TFix
from foundation.testing.timeouts import STARTS_PROCESSES
from pipeline.analytics import ANALYTICS
from pipeline.backfill import JOB, LOCATION, backfill_days
from pipeline.testing import known_day

# Dagster runs in this process, a few seconds each on an idle machine, many more on a loaded
# one: the timeout of the process tests (foundation/testing/timeouts.py).
pytestmark = STARTS_PROCESSES


def _instance(tmp_path: Path) -> DagsterInstance:
    """A persistent instance in `tmp_path` (loading the code location needs one)."""
    overrides = {"telemetry": {"enabled": False}}
    return DagsterInstance.local_temp(str(tmp_path), overrides=overrides)


async def test_a_backfill_has_one_run_per_day_and_each_check_names_its_day(
    t: TFix, tmp_path: Path
) -> None:
    k = await known_day(t)
    first = k.day - datetime.timedelta(days=1)
    instance = _instance(tmp_path)
    started: list[datetime.date] = []
    done = await asyncio.to_thread(
        backfill_days, [first, k.day], [], starting=started.append, instance=instance
    )
    assert started == [first, k.day]
    assert done.failed_checks == [] and done.failed_runs == []
    backfill = instance.get_backfill(done.backfill_id)
    assert backfill is not None and backfill.status == BulkActionStatus.COMPLETED
    assert backfill.partition_names == [first.isoformat(), k.day.isoformat()]
    assert backfill.backfill_end_timestamp is not None
    runs = instance.get_runs(RunsFilter.for_backfill(done.backfill_id))
    assert sorted(r.run_id for r in runs) == sorted(done.run_ids)
    by_day = {r.tags["dagster/partition"]: r for r in runs}
    assert sorted(by_day) == [first.isoformat(), k.day.isoformat()]
    for day, run in by_day.items():
        assert run.job_name == JOB and run.status == DagsterRunStatus.SUCCESS
        assert run.remote_job_origin is not None
        assert run.remote_job_origin.location_name == LOCATION
        evaluations = [
            e.get_dagster_event().asset_check_evaluation_data
            for e in instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION)
        ]
        assert len(evaluations) == 2 * len(ANALYTICS)
        assert {e.partition for e in evaluations} == {day}
        assert all(e.passed for e in evaluations)


async def test_a_backfill_of_one_asset_runs_only_it_and_its_checks(t: TFix, tmp_path: Path) -> None:
    k = await known_day(t)
    instance = _instance(tmp_path)
    done = await asyncio.to_thread(backfill_days, [k.day], ["daily_signups"], instance=instance)
    [run_id] = done.run_ids
    materialized = {
        e.get_dagster_event().asset_key
        for e in instance.all_logs(run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION)
    }
    assert {key.to_user_string() for key in materialized if key} == {"daily_signups"}
    checks = instance.all_logs(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION)
    assert len(checks) == 2
