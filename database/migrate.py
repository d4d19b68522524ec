"""Apply yoyo migrations, column annotations, and regenerate `database/schema.sql`.

Safe against concurrent runs (a Postgres advisory lock around everything, plus yoyo's
own lock) and idempotent: applied migrations are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import asyncpg

from database.embedded import bin_dir
from database.locks import pg_advisory_lock_sync
from foundation.base.env import ENV
from foundation.base.errors import ConfigurationError, InvalidInputError

if TYPE_CHECKING:
    import psycopg

DATABASE_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = DATABASE_DIR / "migrations"
SCHEMA_FILE = DATABASE_DIR / "schema.sql"
ANNOTATIONS_FILE = DATABASE_DIR / "schema_annotations.yaml"
STANDARD_SECTION = "_standard"
YOYO_TABLES = ("_yoyo_log", "_yoyo_migration", "_yoyo_version", "yoyo_lock")

Progress = Callable[[str], None]


def _yoyo_url(url: str) -> str:
    return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)


def migration_files(directory: Path | None = None) -> list[Path]:
    """The migration files of `directory` (MIGRATIONS_DIR, read at the call), in order."""
    return sorted((directory or MIGRATIONS_DIR).glob("[0-9][0-9][0-9][0-9]_*.sql"))


def schema_file_writable() -> bool:
    """Whether `blossom db migrate` rewrites schema.sql: only in development, from a
    checkout (a git work tree beside the package), never in production, in tests or from an
    installed package, whose schema.sql is the one it was built with."""
    return ENV.is_development and (DATABASE_DIR.parent / ".git").exists()


@dataclass(frozen=True)
class SchemaStatus:
    """How the database's applied migrations compare with the ones this code ships."""

    pending: tuple[str, ...]
    """Shipped, not applied: the schema is behind (run `blossom db migrate`)."""
    unknown: tuple[str, ...]
    """Applied, not shipped: a newer version migrated it; the schema is ahead."""

    @property
    def behind(self) -> bool:
        return bool(self.pending)

    @property
    def ahead(self) -> bool:
        return bool(self.unknown)


async def schema_status(
    url: str, *, directory: Path = MIGRATIONS_DIR, connect_timeout: float = 5
) -> SchemaStatus:
    """Compare the migrations applied to the database at `url` (yoyo's table) with the
    files in `directory`; reads only (an empty database has every migration pending).
    Through asyncpg, which the apps load anyway: a server checks its schema at start and
    for `/ready` without loading psycopg."""
    shipped = [path.stem for path in migration_files(directory)]  # a listing: no wait
    conn = await asyncpg.connect(url, timeout=connect_timeout)
    try:
        exists = await conn.fetchval("SELECT to_regclass('_yoyo_migration') IS NOT NULL")
        applied: set[str] = set()
        if exists:
            rows = await conn.fetch("SELECT migration_id FROM _yoyo_migration")
            applied = {str(r[0]) for r in rows}
    finally:
        await conn.close()
    return SchemaStatus(
        pending=tuple(m for m in shipped if m not in applied),
        unknown=tuple(sorted(applied - set(shipped))),
    )


def migrate(
    url: str,
    *,
    progress: Progress = print,
    write_schema: bool = True,
    directory: Path = MIGRATIONS_DIR,
) -> list[str]:
    """Bring the database at `url` up to date with the migrations in `directory`; return
    the ids of applied migrations."""
    # Here, not at the top: the apps import this module (readiness) and only a
    # development server migrates; psycopg, yoyo and yaml cost each server's start 0.15 s.
    import psycopg

    # yoyo ships no type information.
    from yoyo import (  # pyright: ignore[reportMissingTypeStubs]
        get_backend,  # pyright: ignore[reportUnknownVariableType]
        read_migrations,  # pyright: ignore[reportUnknownVariableType]
    )

    applied: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn, pg_advisory_lock_sync(conn, "migrate"):
        backend = get_backend(_yoyo_url(url))
        try:
            migrations = read_migrations(str(directory))
            with backend.lock():
                pending = backend.to_apply(migrations)
                if not pending:
                    progress("database is up to date")
                for migration in pending:
                    progress(f"applying {migration.id}")
                    backend.apply_one(migration)
                    applied.append(migration.id)
        finally:
            # Close now, not at garbage collection: callers rename or drop the database next.
            backend.connection.close()
        apply_annotations(conn)
    if write_schema:
        SCHEMA_FILE.write_text(dump_schema(url))
        progress(f"wrote {SCHEMA_FILE.relative_to(DATABASE_DIR.parent)}")
    return applied


def load_annotations(path: Path = ANNOTATIONS_FILE) -> dict[str, dict[str, str]]:
    """Table -> column -> comment, with the `_standard` section applied to every table."""
    import yaml  # here: see `migrate`

    raw: object = yaml.safe_load(path.read_text()) or {}
    if not isinstance(raw, dict):
        raise ConfigurationError("schema annotations must map tables to columns", path=str(path))
    tables = cast("dict[object, dict[object, object] | None]", raw)
    return {str(t): {str(c): str(d) for c, d in (cols or {}).items()} for t, cols in tables.items()}


def annotations_for(
    tables: dict[str, list[str]], annotations: dict[str, dict[str, str]], *, strict: bool = True
) -> dict[tuple[str, str], str]:
    """The comment of every (table, column); with `strict`, unknown entries are an error."""
    standard = annotations.get(STANDARD_SECTION, {})
    result: dict[tuple[str, str], str] = {}
    for table, columns in annotations.items():
        if table == STANDARD_SECTION or not strict:
            continue
        if table not in tables:
            raise InvalidInputError(
                "schema annotations name a table that does not exist", table=table
            )
        for column in columns:
            if column not in tables[table]:
                raise InvalidInputError(
                    "schema annotations name a column that does not exist",
                    table=table,
                    column=column,
                )
    for table, columns in tables.items():
        for column in columns:
            text = annotations.get(table, {}).get(column) or standard.get(column)
            if text:
                result[(table, column)] = text
    return result


def table_columns(conn: psycopg.Connection) -> dict[str, list[str]]:
    rows = conn.execute("""
        SELECT c.relname, a.attname
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
        ORDER BY c.relname, a.attnum
        """).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        if table not in YOYO_TABLES:
            tables.setdefault(table, []).append(column)
    return tables


def apply_annotations(conn: psycopg.Connection) -> None:
    from psycopg import sql

    comments = annotations_for(table_columns(conn), load_annotations())
    with conn.transaction():
        for (table, column), text in sorted(comments.items()):
            conn.execute(
                sql.SQL("COMMENT ON COLUMN {}.{} IS {}").format(
                    sql.Identifier(table), sql.Identifier(column), sql.Literal(text)
                )
            )


_NOISE = re.compile(r"^(--|SET |SELECT pg_catalog\.set_config|\\restrict|\\unrestrict)")


_COLUMN_OPTIONS = re.compile(r"^(ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET )\((.*)\);$")


def _without_server_options(line: str) -> str | None:
    """`line` without the column options the server sets itself (`pg_` names, such as
    Debian 15.20's `pg_attver=<number>`, different on every server); None when nothing
    is left of an `ALTER COLUMN ... SET (...)`."""
    match = _COLUMN_OPTIONS.match(line)
    if match is None:
        return line
    kept = [o for o in match.group(2).split(", ") if not o.strip().startswith("pg_")]
    return f"{match.group(1)}({', '.join(kept)});" if kept else None


def normalise_dump(text: str) -> str:
    """Strip pg_dump's version banner, session settings, random restrict keys and the
    column options a server sets itself: the text depends on the schema, not on the
    server's version."""
    lines = [
        kept
        for line in text.splitlines()
        if not _NOISE.match(line)
        if (kept := _without_server_options(line.rstrip())) is not None
    ]
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    header = "-- Generated by `blossom db migrate` (pg_dump --schema-only). Do not edit.\n\n"
    return header + "\n".join(out) + "\n"


def dump_schema(url: str) -> str:
    import subprocess

    args = [str(bin_dir() / "pg_dump"), "--schema-only", "--no-owner", "--exclude-extension=*"]
    args += [f"--exclude-table={t}" for t in YOYO_TABLES]
    result = subprocess.run([*args, "--dbname", url], capture_output=True, text=True)
    if result.returncode != 0:
        raise ConfigurationError("pg_dump failed", detail=result.stderr.strip()[-500:])
    return normalise_dump(result.stdout)
