"""`blossom pipeline backfill`: a Dagster backfill of the `daily_analytics` job, executed
in this process, one run per day.

Dagster's own `dagster job backfill` does the same bookkeeping: it records a
`PartitionBackfill` of the job's partition set (what the UI's Backfills tab lists) and
creates one run per partition, tagged with the backfill, from the code location's job
(so each run is a `daily_analytics` run of the `pipeline.definitions` location in the
UI, not an ephemeral job). It leaves the runs to the daemon's queue; here they run in
this process, one day after the other (the progress line names the day), so the command
needs no daemon and ends when the days are done. The backfill is recorded as requested
(`COMPLETED`: every run created) before the first run starts, so the UI shows it and
its runs while they go; runs left unstarted by an interrupted command are marked
canceled. One run per day, not per range: each check's result carries the day it
checked (`pipeline.assets.check_specs`), which Dagster ties to a run's single partition.

The code location is loaded in this process under the name the webserver and daemon give
`-m pipeline.definitions`, so the backfill and its runs belong to their location.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from dataclasses import dataclass

from dagster import AssetKey, DagsterEventType, DagsterInstance, DagsterRunStatus
from dagster._core.execution.api import execute_run  # Dagster's in-process run execution
from dagster._core.execution.backfill import BulkActionStatus, PartitionBackfill
from dagster._core.execution.job_backfill import create_backfill_run
from dagster._core.remote_origin import InProcessCodeLocationOrigin
from dagster._core.remote_representation.external_data import PartitionSetExecutionParamSnap
from dagster._core.types.loadable_target_origin import LoadableTargetOrigin
from dagster._core.utils import make_new_backfill_id
from dagster._core.workspace.context import WorkspaceProcessContext
from dagster._core.workspace.load_target import InProcessWorkspaceLoadTarget
from dagster._time import get_current_timestamp
from dagster._utils.hosted_user_process import recon_job_from_origin

from foundation.base.errors import BaseError
from foundation.base.paths import REPO_ROOT
from pipeline.analytics import validate_days
from pipeline.instance import instance as default_instance

LOCATION = "pipeline.definitions"
"""The code location's module, and its name (Dagster names a `-m` location after it)."""
JOB = "daily_analytics"
RUN_CONFIG: dict[str, object] = {
    "execution": {"config": {"in_process": {}}},
    "loggers": {"console": {"config": {"log_level": "WARNING"}}},
}
"""The runs' steps in this process, one after the other (the job's default executor
starts a process per step: seconds of imports each, for a second of SQL), and only their
warnings on stderr, under the progress bar (the UI has every event either way)."""


class BackfillError(BaseError):
    """The code location could not give the job's partitions' run parameters."""


@dataclass(frozen=True)
class Backfill:
    backfill_id: str
    run_ids: list[str]
    failed_checks: list[str]
    failed_runs: list[str]
    """The days whose run failed (a step raised)."""


def backfill_days(
    days: list[datetime.date],
    assets: list[str],
    *,
    starting: Callable[[datetime.date], None] = lambda _day: None,
    instance: DagsterInstance | None = None,
) -> Backfill:
    """Record a backfill of `daily_analytics` for `days` (`assets` only, all when empty)
    and run its runs here, in day order; `starting(day)` before each."""
    validate_days(days, assets)
    instance = instance or default_instance()
    origin = InProcessCodeLocationOrigin(
        LoadableTargetOrigin(
            executable_path=sys.executable,
            module_name=LOCATION,
            working_directory=str(REPO_ROOT),
        ),
        location_name=LOCATION,
    )
    with WorkspaceProcessContext(instance, InProcessWorkspaceLoadTarget(origin)) as process:
        context = process.create_request_context()
        location = context.get_code_location(LOCATION)
        [repository] = location.get_repositories().values()
        job = repository.get_full_job(JOB)
        [partition_set] = [p for p in repository.get_partition_sets() if p.job_name == JOB]
        names = [day.isoformat() for day in days]
        backfill = PartitionBackfill(
            backfill_id=make_new_backfill_id(),
            partition_set_origin=partition_set.get_remote_origin(),
            status=BulkActionStatus.COMPLETED,
            partition_names=names,
            from_failure=False,
            reexecution_steps=None,
            tags={},
            backfill_timestamp=get_current_timestamp(),
            asset_selection=[AssetKey(name) for name in assets] or None,
            title=f"blossom pipeline backfill {names[0]} to {names[-1]}",
        )
        params = location.get_partition_set_execution_params(
            repository_handle=repository.handle,
            partition_set_name=partition_set.name,
            partition_names=names,
            instance=instance,
        )
        if not isinstance(params, PartitionSetExecutionParamSnap):
            raise BackfillError("no run parameters for the days", error=str(params.error))
        runs = [
            create_backfill_run(
                context,
                instance,
                location,
                job,
                partition_set,
                backfill,
                partition.name,
                partition.tags,
                {**partition.run_config, **RUN_CONFIG},
            )
            for partition in params.partition_data
        ]
        created = [run for run in runs if run is not None]
        instance.add_backfill(backfill)
        failed_checks: list[str] = []
        failed_runs: list[str] = []
        try:
            for day, run in zip(days, created, strict=True):
                starting(day)
                if run.job_code_origin is None:  # create_backfill_run always sets it
                    raise BackfillError("run without its job's origin", run_id=run.run_id)
                result = execute_run(recon_job_from_origin(run.job_code_origin), run, instance)
                if not result.success:
                    failed_runs.append(day.isoformat())
                failed_checks += failed_check_lines(instance, run.run_id, day)
        finally:
            for run in created:
                stored = instance.get_run_by_id(run.run_id)
                if stored is not None and stored.status == DagsterRunStatus.NOT_STARTED:
                    instance.report_run_canceled(stored, "the backfill command stopped")
            instance.update_backfill(backfill.with_end_timestamp(get_current_timestamp()))
    return Backfill(
        backfill_id=backfill.backfill_id,
        run_ids=[run.run_id for run in created],
        failed_checks=failed_checks,
        failed_runs=failed_runs,
    )


def failed_check_lines(instance: DagsterInstance, run_id: str, day: datetime.date) -> list[str]:
    """The run's failed checks, worded as `blossom pipeline materialize` prints them."""
    lines: list[str] = []
    for record in instance.all_logs(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = record.get_dagster_event().asset_check_evaluation_data
        if evaluation.passed:
            continue
        meta = {k: v.value for k, v in evaluation.metadata.items()}
        lines.append(
            f"{day} {evaluation.asset_key.to_user_string()} check {evaluation.check_name}: "
            f"FAILED (expected {meta.get('expected')}, found {meta.get('found')})"
        )
    return lines
