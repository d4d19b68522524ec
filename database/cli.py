"""`blossom db ...`: the database: migrations, shell, reset, backups, embedded server."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from foundation.base.progress import step


@click.group()
def db() -> None:
    """Database: migrations, psql, reset, backup and restore, the embedded server."""


@db.command()
def url() -> None:
    """Print the database URL in use (starting the embedded server if needed)."""
    from database.connection import database_url

    click.echo(database_url(progress=step))


@db.command()
def migrate() -> None:
    """Apply pending migrations and column annotations; in development, from a checkout,
    regenerate database/schema.sql too."""
    from database.connection import direct_database_url
    from database.migrate import migrate as run_migrate
    from database.migrate import schema_file_writable

    # Migrations take a session advisory lock: never through a transaction pooler.
    run_migrate(
        direct_database_url(progress=step), progress=step, write_schema=schema_file_writable()
    )


@db.command("new-migration")
@click.argument("name")
def new_migration(name: str) -> None:
    """Create database/migrations/NNNN_NAME.sql chained to the latest migration."""
    from database.migrate import MIGRATIONS_DIR, migration_files

    if not re.fullmatch(r"[a-z][a-z0-9_]{0,60}", name):
        raise click.BadParameter("use lowercase letters, digits and underscores", param_hint="NAME")
    files = migration_files()
    number = int(files[-1].name[:4]) + 1 if files else 1
    path = MIGRATIONS_DIR / f"{number:04d}_{name}.sql"
    depends = f"-- depends: {files[-1].stem}\n" if files else ""
    path.write_text(f"{depends}-- {name.replace('_', ' ')}\n\n")
    click.echo(str(path))


@db.command(context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def psql(args: tuple[str, ...]) -> None:
    """Open psql on the database (extra ARGS go to psql, e.g. -c 'SELECT 1')."""
    from database.connection import direct_database_url
    from database.embedded import bin_dir

    target = direct_database_url(progress=step)
    binary = str(bin_dir() / "psql")
    os.execv(binary, [binary, target, *args])


@db.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def reset(yes: bool) -> None:
    """Drop the database, create it empty and migrate it (asks first)."""
    from database.connection import (
        database_name,
        direct_database_url,
        drop_database,
        ensure_database,
    )
    from database.migrate import migrate as run_migrate
    from database.migrate import schema_file_writable
    from foundation.base.env import ENV

    target = direct_database_url(progress=step)
    name = database_name(target)
    if ENV.is_production and not yes:
        raise click.ClickException("refusing to reset a production database without --yes")
    if not yes:
        click.confirm(f"Drop every table and row of database {name!r}?", abort=True)
    step(f"dropping database {name}")
    drop_database(target, name)
    step(f"creating database {name}")
    ensure_database(target, name)
    run_migrate(target, progress=step, write_schema=schema_file_writable())


@db.command()
@click.option(
    "--to",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: <database>-<UTC time>.dump in this directory).",
)
def backup(target: Path | None) -> None:
    """Back the database up: pg_dump's custom format (compressed, everything but the
    server's roles), a progress line per table, then the file's size; prints its path.

    pg_dump must match the server: the embedded PostgreSQL's own, or one of the server's
    version on PATH (see README, "Backups")."""
    from database.backup import backup as run_backup
    from database.backup import human_size
    from database.connection import database_name, direct_database_url
    from foundation.base.clock import CLOCK

    url = direct_database_url(progress=step)  # pg_dump needs a session, not a pooler
    path = target or Path(f"{database_name(url)}-{CLOCK.now():%Y%m%dT%H%M%SZ}.dump")
    size = run_backup(url, path, progress=step)
    step(f"backup written to {path}: {human_size(size)}", path=str(path), bytes=size)
    click.echo(str(path))


@db.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (needed in production).")
def restore(path: Path, yes: bool) -> None:
    """Replace the database with a backup made by `blossom db backup` (asks first; in
    production only with --yes). Restored into a new database that then takes the old
    one's place (its connections are ended): a failed restore changes nothing."""
    from database.backup import describe
    from database.backup import restore as run_restore
    from database.connection import database_name, direct_database_url
    from foundation.base.env import ENV

    url = direct_database_url(progress=step)  # a session, not a pooler
    name = database_name(url)
    if ENV.is_production and not yes:
        raise click.ClickException("refusing to restore over a production database without --yes")
    archive = describe(url, path)
    step(f"{path}: {archive}")
    if not yes:
        click.confirm(
            f"Replace every table and row of database {name!r} with this backup?", abort=True
        )
    run_restore(url, path, progress=step)
    step(f"database {name} restored from {path}")


@db.command()
def start() -> None:
    """Start the embedded Postgres (no-op when running or when DATABASE_URL is set)."""
    from database.connection import database_url

    database_url(progress=step)
    step("postgres is running")


@db.command()
def stop() -> None:
    """Stop the embedded Postgres of this checkout."""
    from database.connection import dev_cluster
    from foundation.base.env import ENV

    if ENV.database_url:
        raise click.ClickException("DATABASE_URL is set: that server is not ours to stop")
    step("stopped" if dev_cluster().stop() else "was not running")


@db.command("test-clean")
def test_clean() -> None:
    """Drop the test databases kept by failed test runs (and their temporary servers)."""
    from database.testing.kept import clean

    for line in clean() or ["no kept test databases"]:
        step(line)
