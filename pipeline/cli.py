"""`blossom pipeline ...`: materialize and backfill the daily analytics, housekeeping, and
Dagster's own processes (`dev`, `webserver`, `daemon`) on this checkout's database."""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from foundation.base.progress import step

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar  # click.progressbar's type

DAY = click.DateTime(formats=["%Y-%m-%d"])


@click.group()
def pipeline() -> None:
    """The Dagster pipeline: daily analytics and housekeeping."""


@pipeline.command()
@click.option("--date", "day", type=DAY, required=True, help="The UTC day, YYYY-MM-DD.")
@click.option("--asset", "assets", multiple=True, help="Only this asset (repeatable).")
def materialize(day: datetime.datetime, assets: tuple[str, ...]) -> None:
    """Materialize one UTC day of the analytics assets (all, or --asset NAME) and print
    each asset's rows and checks; exit 1 when a check fails."""
    from pipeline.analytics import validate_days

    validate_days([day.date()], list(assets))
    from pipeline.run import materialize_days

    failed = materialize_days([day.date()], list(assets), report=click.echo)
    if failed:
        raise SystemExit(1)


@pipeline.command()
@click.option("--from", "first", type=DAY, required=True, help="First UTC day, YYYY-MM-DD.")
@click.option("--to", "last", type=DAY, required=True, help="Last UTC day (included).")
@click.option("--asset", "assets", multiple=True, help="Only this asset (repeatable).")
def backfill(first: datetime.datetime, last: datetime.datetime, assets: tuple[str, ...]) -> None:
    """A Dagster backfill of the `daily_analytics` job from --from to --to (the UI's
    Backfills tab lists it), its runs (one per day) run here, with a progress bar naming
    the day; prints the failed checks and exits 1 when a check or a run fails."""
    from pipeline.analytics import validate_days

    if last < first:
        raise click.BadParameter("--to is before --from")
    days = [first.date() + datetime.timedelta(days=i) for i in range((last - first).days + 1)]
    validate_days(days, list(assets))
    from foundation.base.logs import json_logs
    from pipeline.backfill import backfill_days

    # A progress bar is no log line, and off a terminal click draws only its label: one line
    # per day instead.
    if json_logs() or not sys.stderr.isatty():
        position = iter(range(1, len(days) + 1))

        def day_line(day: datetime.date) -> None:
            step(f"backfill: {day} ({next(position)} of {len(days)} days)")

        done = backfill_days(days, list(assets), starting=day_line)
    else:
        bar: ProgressBar[datetime.date] = click.progressbar(  # its current item: the day
            length=len(days),
            label="backfill",
            file=sys.stderr,
            item_show_func=lambda day: str(day) if day else None,
        )
        with bar:
            started: list[datetime.date] = []

            def day_bar(day: datetime.date) -> None:
                bar.update(1 if started else 0, day)
                started.append(day)

            done = backfill_days(days, list(assets), starting=day_bar)
            bar.update(1)
    step(
        f"backfill {done.backfill_id}: {len(days)} days, {len(done.failed_runs)} failed runs,"
        f" {len(done.failed_checks)} failed checks"
    )
    for day in done.failed_runs:
        click.echo(f"{day}: run failed")
    for line in done.failed_checks:
        click.echo(line)
    if done.failed_runs or done.failed_checks:
        raise SystemExit(1)


@pipeline.command()
@click.option("--batch", default=5000, show_default=True, help="Rows per transaction.")
def housekeeping(batch: int) -> None:
    """Delete old sessions and login failures and mark expired invites now (what the
    hourly schedule does), printing the counts.

    Each kind's count is printed once, on stdout, when the kind is done; while a kind
    takes more than one batch, its running total goes to stderr (`-> kind: N so far`)."""
    from pipeline.db import run_with_pool
    from pipeline.housekeeping import housekeep

    report = HousekeepingReport(done=click.echo, so_far=step)
    run_with_pool(lambda: housekeep(batch=batch, progress=report.progress))
    report.finish()


class HousekeepingReport:
    """Turns `housekeep`'s progress (called after every batch, the last included) into one
    final line per kind and a progress line per earlier batch: a call for the same kind
    means the previous one was not its last."""

    def __init__(self, done: Callable[[str], None], so_far: Callable[[str], None]) -> None:
        self._done = done
        self._so_far = so_far
        self._pending: tuple[str, int] | None = None

    def progress(self, kind: str, count: int) -> None:
        if self._pending is not None:
            pending_kind, pending_count = self._pending
            if pending_kind == kind:
                self._so_far(f"{kind}: {pending_count} so far")
            else:
                self._done(f"{pending_kind}: {pending_count}")
        self._pending = (kind, count)

    def finish(self) -> None:
        if self._pending is not None:
            kind, count = self._pending
            self._done(f"{kind}: {count}")
            self._pending = None


@pipeline.command()
@click.option("--port", type=int, default=None, help="UI port (default PIPELINE_PORT).")
def dev(port: int | None) -> None:
    """Dagster's UI (PIPELINE_PORT) and daemon on this code location, side by side until
    Ctrl-C (or one of them stops)."""
    from foundation.base.env import ENV

    run_side_by_side(
        [
            webserver_command(ENV.web_host, port or ENV.pipeline_port),
            ["dagster-daemon", "run", "-m", LOCATION],
        ]
    )


@pipeline.command()
@click.option("--host", default=None, help="Default WEB_HOST.")
@click.option("--port", type=int, default=None, help="Default PIPELINE_PORT.")
def webserver(host: str | None, port: int | None) -> None:
    """Dagster's UI for this code location (production: beside `blossom pipeline daemon`)."""
    from foundation.base.env import ENV

    _exec_dagster(webserver_command(host or ENV.web_host, port or ENV.pipeline_port))


@pipeline.command()
def daemon() -> None:
    """Dagster's daemon: runs the schedules (analytics at 00:30 UTC, housekeeping hourly)."""
    _exec_dagster(["dagster-daemon", "run", "-m", LOCATION])


LOCATION = "pipeline.definitions"


def webserver_command(host: str, port: int) -> list[str]:
    return ["dagster-webserver", "-m", LOCATION, "-h", host, "-p", str(port)]


class _Stop(BaseException):
    """SIGINT or SIGTERM arrived (a BaseException, so no `except Exception` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def run_side_by_side(commands: list[list[str]], grace: float = 30) -> None:
    """Dagster programs as children with DAGSTER_HOME prepared, until one exits or a signal
    arrives; then SIGTERM to each (killed after `grace` seconds). What `dagster dev` does,
    through the entry points Dagster keeps (`dagster dev` itself is superseded by `dg dev`,
    which needs a `dg` project layout, and warns at every start)."""
    import signal
    import subprocess
    import time

    from pipeline.instance import dagster_environment

    def stop(signum: int, _frame: object) -> None:
        raise _Stop(signum)

    env = {**os.environ, **dagster_environment()}
    children: list[subprocess.Popen[bytes]] = []
    stopped: _Stop | None = None
    before = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        for command in map(dagster_command, commands):
            step(f"{' '.join(command)} (DAGSTER_HOME={env['DAGSTER_HOME']})")
            program = str(Path(sys.executable).parent / command[0])
            children.append(subprocess.Popen([program, *command[1:]], env=env))
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except _Stop as signalled:
        stopped = signalled
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for signum, handler in before.items():
            signal.signal(signum, handler)
    if stopped is not None:
        raise SystemExit(128 + stopped.signum)
    failed = [
        f"{command[0]} (exit code {child.returncode})"
        for command, child in zip(commands, children, strict=True)
        if child.returncode
    ]
    if failed:
        raise SystemExit(f"stopped: {', '.join(failed)} exited")


def _exec_dagster(command: list[str]) -> None:
    """Run a Dagster program from this environment with DAGSTER_HOME prepared; it gets
    the signals (SIGTERM stops it)."""
    from pipeline.instance import dagster_environment

    command = dagster_command(command)
    program = str(Path(sys.executable).parent / command[0])
    env = {**os.environ, **dagster_environment()}
    step(f"{' '.join(command)} (DAGSTER_HOME={env['DAGSTER_HOME']})")
    os.execve(program, [program, *command[1:]], env)


def dagster_command(command: list[str]) -> list[str]:
    """`command` with `--log-format json` when this process logs JSON (production), so
    Dagster's processes write JSON lines too (Dagster's own: the text under `event`)."""
    from foundation.base.logs import json_logs

    return [*command, "--log-format", "json"] if json_logs() else command


COMMANDS = (pipeline,)
