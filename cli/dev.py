"""`blossom dev`: everything a developer needs running."""

from __future__ import annotations

import time

import click

from cli.progress import step


@click.command()
def dev() -> None:
    """Start Postgres (embedded unless DATABASE_URL is set), migrate, report readiness."""
    from database.connection import database_url
    from database.migrate import migrate

    started = time.monotonic()
    url = database_url(progress=step)
    migrate(url, progress=step)
    step(f"postgres ready at {url} ({time.monotonic() - started:.1f}s)")
    step("the product and panopticon apps are served here once the RPC framework lands")
