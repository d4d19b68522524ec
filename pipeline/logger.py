"""Dagster's run logs through Blossom's logging: the `console` logger of every job of the
code location (`definitions.py`) and of `blossom pipeline materialize` (`run.py`), so a
run's lines are JSON in production and readable in development like every other line
(`foundation.base.logs`), instead of Dagster's coloured text.

Dagster's own processes (`blossom pipeline webserver|daemon|dev`) are told `--log-format
json` in production (`cli.py`); their lines are Dagster's JSON (the text under `event`)."""

import logging

from dagster import Field, InitLoggerContext, logger

from foundation.base.logs import library_logger

RUN_LOGGER = "blossom.pipeline.run"
"""The standard-library logger the runs' lines go to (outside Dagster's `dagster` tree,
whose handlers Dagster's processes configure themselves)."""


@logger(
    config_schema={
        "log_level": Field(str, is_required=False, default_value="INFO"),
        "name": Field(str, is_required=False, default_value="dagster"),
    },
    description="A run's lines as Blossom's log lines (JSON in production).",
)
def blossom_console_logger(init_context: InitLoggerContext) -> logging.Logger:
    return library_logger(RUN_LOGGER, level=str(init_context.logger_config["log_level"]))


LOGGERS = {"console": blossom_console_logger}
"""`loggers=` of a `Definitions` (or `logger_defs=` of a job): Dagster's console logger
replaced by this one."""

RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
"""The `config=` of every job: Dagster uses a job's logger only when the run's config names
it (otherwise its own coloured one), so each job's default run config does."""
