"""A run's lines go through Blossom's logging: JSON lines in production."""

import json

import pytest
from dagster import (  # `job`: its metadata type holds PathLike[Unknown]
    OpExecutionContext,
    job,  # pyright: ignore[reportUnknownVariableType]
    op,
)

from foundation.base.logs import configure_logging, json_logs
from pipeline.definitions import defs
from pipeline.logger import LOGGERS, RUN_CONFIG, RUN_LOGGER, blossom_console_logger


@op
def says_hello(context: OpExecutionContext) -> None:
    context.log.info("hello from a run")


@job(logger_defs=LOGGERS, config=RUN_CONFIG)
def hello_job() -> None:
    says_hello()


def test_a_runs_lines_are_json_log_lines(capsys: pytest.CaptureFixture[str]) -> None:
    before = json_logs()
    try:
        configure_logging(force_format="json")
        capsys.readouterr()
        assert hello_job.execute_in_process().success
        err = capsys.readouterr().err
    finally:
        configure_logging(force_format="json" if before else "console")
    lines = [json.loads(line) for line in err.splitlines()]  # every line JSON
    [hello] = [line for line in lines if "hello from a run" in line["message"]]
    assert hello["logger"] == RUN_LOGGER and hello["level"] == "info"


def test_every_job_of_the_code_location_logs_through_it() -> None:
    """Dagster uses a job's logger only when the run's config names it: each job's default
    run config does (a partition's too), so the daemon's runs log through it."""
    for name in ("daily_analytics", "housekeeping_job"):
        job_def = defs.resolve_job_def(name)
        assert job_def.loggers["console"] is blossom_console_logger, name
        partitioned = job_def.partitioned_config
        config = (
            partitioned.get_run_config_for_partition_key("2026-01-05")
            if partitioned is not None
            else job_def.run_config
        )
        assert config == RUN_CONFIG, name


def test_the_housekeeping_job_logs_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    """Run as the daemon runs it (its default config), on the test database."""
    before = json_logs()
    try:
        configure_logging(force_format="json")
        capsys.readouterr()
        assert defs.resolve_job_def("housekeeping_job").execute_in_process().success
        err = capsys.readouterr().err
    finally:
        configure_logging(force_format="json" if before else "console")
    lines = [json.loads(line) for line in err.splitlines()]
    assert any("sessions deleted" in line["message"] for line in lines), err
