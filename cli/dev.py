"""`blossom dev`: everything a developer needs running; `blossom dev seed`: a demo world."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import click

from foundation.base.progress import step

SERVED = ("product", "panopticon")


@click.group(invoke_without_command=True)
@click.option("--no-serve", is_flag=True, help="Stop after Postgres is up and migrated.")
@click.option(
    "--pipeline",
    "with_pipeline",
    is_flag=True,
    help="Also run Dagster (`blossom pipeline dev`: UI on PIPELINE_PORT, and the daemon).",
)
@click.pass_context
def dev(context: click.Context, no_serve: bool, with_pipeline: bool) -> None:
    """Start Postgres (embedded unless DATABASE_URL is set), migrate, then serve product and
    panopticon with autoreload, run the data export worker (and Dagster with --pipeline)
    until Ctrl-C.

    Ctrl-C (SIGINT) or SIGTERM stops everything and exits with 128 + the signal's number
    (130 for Ctrl-C), quietly: the documented way to stop is not an error. `blossom dev
    seed` fills the database with a demo world."""
    if context.invoked_subcommand is not None:
        return
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        _dev(no_serve, with_pipeline)
    except Interrupted as stop:
        step("stopped")
        raise SystemExit(128 + stop.signum) from None


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: stop everything (a BaseException, like KeyboardInterrupt,
    so no `except Exception` on the way swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


def _database_ready() -> None:
    """Postgres started (embedded unless DATABASE_URL is set) and migrated, through the
    direct connection (DATABASE_DIRECT_URL: migrations need a session)."""
    from database.connection import direct_database_url
    from database.migrate import migrate, schema_file_writable

    started = time.monotonic()
    url = direct_database_url(progress=step)
    migrate(url, progress=step, write_schema=schema_file_writable())
    step(f"postgres ready at {url} ({time.monotonic() - started:.1f}s)")


def _dev(no_serve: bool, with_pipeline: bool) -> None:
    from foundation.base.env import ENV
    from foundation.webserver.serve import check_port_free

    ports = {"product": ENV.product_port, "panopticon": ENV.panopticon_port}
    if not no_serve:  # before anything starts: a taken port is the one thing to fix
        for app, port in ports.items():
            check_port_free(ENV.web_host, port, f"set {app.upper()}_PORT to another port")
    _database_ready()
    if no_serve:
        return
    children = [
        subprocess.Popen([sys.executable, "-m", "cli.main", app, "serve", "--reload"])
        for app in SERVED
    ]
    names: list[str] = list(SERVED)
    # The data export worker (`blossom product exports work`): builds requested exports.
    children.append(
        subprocess.Popen([sys.executable, "-m", "cli.main", "product", "exports", "work"])
    )
    names.append("exports")
    if with_pipeline:
        children.append(subprocess.Popen([sys.executable, "-m", "cli.main", "pipeline", "dev"]))
        names.append("pipeline")
    interrupted: Interrupted | None = None
    try:
        for app in SERVED:
            base = f"http://{ENV.web_host}:{ports[app]}"
            if _wait_for_ping(base, children):
                step(f"{app} ready at {base} (try {base}/ping)")
        if with_pipeline:
            base = f"http://{ENV.web_host}:{ENV.pipeline_port}"
            if _wait_for_ping(base, children, path="/server_info"):
                step(f"dagster ready at {base}")
        step("serving with autoreload; Ctrl-C stops everything")
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except Interrupted as stop:
        interrupted = stop
    finally:
        _stop_children(children, grace=ENV.web_shutdown_grace_seconds + 5)
    stopped_by_signal = {
        0,
        -signal.SIGINT,
        -signal.SIGTERM,
        128 + signal.SIGINT,
        128 + signal.SIGTERM,
    }
    failed = [
        f"{app} (exit code {child.returncode})"
        for app, child in zip(names, children, strict=True)
        if child.returncode and not (interrupted and child.returncode in stopped_by_signal)
    ]
    if failed:
        raise SystemExit(f"stopped: {', '.join(failed)} exited with an error")
    if interrupted:
        raise interrupted


def _stop_children(children: list[subprocess.Popen[bytes]], grace: float) -> None:
    """SIGTERM every child, wait `grace` seconds for each, then kill it; another Ctrl-C
    meanwhile kills them at once."""

    def kill_all(_signum: int, _frame: object) -> None:
        for child in children:
            child.kill()

    signal.signal(signal.SIGINT, kill_all)
    signal.signal(signal.SIGTERM, kill_all)
    for child in children:
        child.terminate()
    for child in children:
        try:
            child.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _wait_for_ping(base: str, children: list[subprocess.Popen[bytes]], path: str = "/ping") -> bool:
    import urllib.request

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            return False
        try:
            with urllib.request.urlopen(f"{base}{path}", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False


@dev.command()
@click.option(
    "--days",
    type=click.IntRange(0, 366),
    default=30,
    show_default=True,
    help="Materialize the analytics of this many complete UTC days back from today.",
)
def seed(days: int) -> None:
    """Fill the development database with a demo world, idempotently: admins, six
    organizations with members and invites, sessions and failed logins over the last 30
    days; then materialize those days' analytics through Dagster, so its UI and the
    console's Analytics page have data. Prints how to sign in.

    A second run adds nothing (and materializes only days Dagster lacks). Refused in
    production: every demo user has the same published password."""
    import asyncio
    import sys

    from cli.seed.seed import (
        DOMAIN,
        PASSWORD,
        SUPERADMIN,
        SUPPORT,
        analytics_days,
        seed_world,
    )
    from database.pool import close_pool
    from foundation.base.clock import CLOCK
    from foundation.base.env import ENV
    from foundation.email.maildir import maildir_path

    started = time.monotonic()
    _database_ready()
    now = CLOCK.now()

    async def run() -> list[str]:
        try:
            report = await seed_world(now)
        finally:
            await close_pool()
        counts = report.counts
        made = ", ".join(report.created) or "nothing (the demo world was there)"
        step(f"demo world: created {made}")
        step(
            f"demo world now: {counts.users} users, {counts.organizations} organizations, "
            f"{counts.invites} invites, {counts.sessions} sessions, "
            f"{counts.login_failures} failed logins"
        )
        return report.created

    created = asyncio.run(run())
    from pipeline.run import fill_days, materialize_days, unmaterialized_days

    window = [d for d in analytics_days(now, days) if d >= ENV.pipeline_start_date]
    todo = window if created else unmaterialized_days(window)
    failed: list[str] = []
    if todo:
        # The tables first (seconds: the console's charts are there at once), then the same
        # days through Dagster, which records them (its runs rewrite the same rows).
        fill_days(todo)  # its checks are Dagster's too: reported below
        step(f"analytics: {len(todo)} days filled (the console shows them now)")
        with click.progressbar(length=len(todo), label="dagster", file=sys.stderr) as bar:
            failed = materialize_days(todo, [], report=None, progress=bar.update)
        step(
            f"analytics: {len(todo)} days materialized through Dagster, {len(failed)} failed checks"
        )
        for line in failed:
            click.echo(line)
    else:
        step(f"analytics: the last {len(window)} days are materialized already")
    base = f"http://{ENV.web_host}"
    lines = [
        f"Seeded in {time.monotonic() - started:.0f}s. Every demo address ends in @{DOMAIN};"
        f' every password is "{PASSWORD}".',
        f"  console (panopticon)  {base}:{ENV.panopticon_port}  as {SUPERADMIN.email}"
        f" (superadmin) or {SUPPORT.email} (support)",
        f"  product API           {base}:{ENV.product_port}/docs  e.g. as ada@{DOMAIN}"
        " (owner of Acme Robotics)",
        f"  Dagster               {base}:{ENV.pipeline_port}  (`uv run just dev --pipeline`)",
        f"  emails                {base}:{ENV.product_port}/dev/emails  ({maildir_path()})",
    ]
    click.echo("\n".join(lines))
    if failed:
        raise SystemExit(1)
