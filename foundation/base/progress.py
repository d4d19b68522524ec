"""The CLI's own lines: progress of long operations and errors, on stderr (so stdout stays
machine-readable). Readable (`-> message`, `error: message`) in development; in production
(when log lines are JSON, `foundation.base.logs`) they are log lines of the logger
`blossom.cli` like every other line of the process."""

from __future__ import annotations

from typing import Any

import click

CLI_LOGGER = "blossom.cli"


def step(message: str, **fields: Any) -> None:
    """One progress line: `-> message` (or an info log line with `fields`)."""
    from foundation.base.logs import get_logger, json_logs  # not at import: `--help` is fast

    if json_logs():
        get_logger(CLI_LOGGER).info(message, **fields)
    else:
        click.secho(f"-> {message}", fg="cyan", err=True)


def error(message: str, **fields: Any) -> None:
    """One error line: `error: message` in red (or an error log line with `fields`)."""
    from foundation.base.logs import get_logger, json_logs

    if json_logs():
        get_logger(CLI_LOGGER).error(message, **fields)
    else:
        click.secho(f"error: {message}", fg="red", err=True)
