"""Test databases: one template per migration hash, one clone per pytest-xdist worker.

The template is migrated once (and reused while the migrations and `database/migrate.py`
do not change, when `DATABASE_URL` points at a long-lived server); each worker clones its
own database from it with `CREATE DATABASE ... TEMPLATE`, which takes milliseconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
import uuid
from collections.abc import Generator
from pathlib import Path

import psycopg
from psycopg import sql

from database import migrate as migrate_module
from database.connection import database_exists, drop_database, server_connection, with_database
from database.embedded import EmbeddedPostgres
from database.locks import pg_advisory_lock_sync
from database.migrate import ANNOTATIONS_FILE, migrate, migration_files


def migrations_hash() -> str:
    """What a migrated template depends on: the migrations, the column annotations and
    the code that applies them (`database/migrate.py`): a change to any of them builds a
    new template instead of cloning one migrated another way."""
    digest = hashlib.sha256()
    for path in [*migration_files(), ANNOTATIONS_FILE, Path(migrate_module.__file__)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def ensure_template(server_url: str) -> str:
    """Create and migrate the template database for the current migrations; return its name."""
    name = f"blossom_tpl_{migrations_hash()}"
    with server_connection(server_url) as conn, pg_advisory_lock_sync(conn, name):
        if database_exists(conn, name):
            return name
        building = f"{name}_building"
        drop_database(server_url, building)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
        migrate(with_database(server_url, building), progress=lambda _: None, write_schema=False)
        rename = sql.SQL("ALTER DATABASE {} RENAME TO {}")
        conn.execute(rename.format(sql.Identifier(building), sql.Identifier(name)))
        mark = sql.SQL("ALTER DATABASE {} WITH IS_TEMPLATE true")
        conn.execute(mark.format(sql.Identifier(name)))
    return name


def clone_database(server_url: str, template: str, name: str) -> str:
    """(Re)create database `name` from `template`; return its URL."""
    drop_database(server_url, name)
    statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
        sql.Identifier(name), sql.Identifier(template)
    )
    for attempt in range(50):
        try:
            with server_connection(server_url) as conn:
                conn.execute(statement)
            break
        except psycopg.errors.ObjectInUse:
            # Another worker is cloning the same template at this moment.
            if attempt == 49:
                raise
            time.sleep(0.1)
    return with_database(server_url, name)


@contextlib.contextmanager
def scratch_database(prefix: str = "blossom_scratch") -> Generator[str, None, None]:
    """An empty database on the test server, dropped afterwards; yields its URL."""
    from database.connection import direct_database_url, ensure_database

    server_url = direct_database_url()  # the server itself, never the run's pooler
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    ensure_database(server_url, name)
    try:
        yield with_database(server_url, name)
    finally:
        drop_database(server_url, name)


@contextlib.contextmanager
def dedicated_cluster(directory: Path) -> Generator[tuple[EmbeddedPostgres, str], None, None]:
    """An embedded Postgres of its own in `directory` (fast, not durable) holding one
    migrated database: `(cluster, database url)`. For fault injection: stopping and
    restarting it touches nothing else. Destroyed at exit."""
    cluster = EmbeddedPostgres(directory / "pgdata", fast=True)
    try:
        server_url = cluster.ensure_running()
        with server_connection(server_url) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier("blossom")))
        url = with_database(server_url, "blossom")
        migrate(url, progress=lambda _: None, write_schema=False)
        yield cluster, url
    finally:
        cluster.destroy()


@contextlib.contextmanager
def fresh_database(prefix: str) -> Generator[tuple[str, str], None, None]:
    """A migrated database of its own (a clone of the template), dropped afterwards:
    `(server url, database name)`; for a test that must disturb it (a server process's
    pool, a restore). Its URL is `with_database(server_url, name)`."""
    from database.connection import direct_database_url

    server_url = direct_database_url()  # the server itself, never the run's pooler
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    clone_database(server_url, ensure_template(server_url), name)
    try:
        yield server_url, name
    finally:
        drop_database(server_url, name)


@contextlib.contextmanager
def connections_refused(server_url: str, name: str) -> Generator[None, None, None]:
    """While inside: database `name` accepts no connection (superusers' neither) and the
    open ones are ended, as when it restarts: a pool using it fails to reconnect."""
    with server_connection(server_url) as conn:
        conn.execute(
            sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(sql.Identifier(name))
        )
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
    try:
        yield
    finally:
        with server_connection(server_url) as conn:
            statement = sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true")
            conn.execute(statement.format(sql.Identifier(name)))


def plant_probe(url: str, *ids: int) -> None:
    """A table `backup_probe (id)` holding `ids` in the database at `url`: data a test of
    backups (outside `database/`, which alone writes SQL) can find again."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE backup_probe (id int PRIMARY KEY)")
        for probe_id in ids:
            conn.execute("INSERT INTO backup_probe VALUES (%s)", (probe_id,))


def probe_ids(url: str) -> list[int]:
    """The ids of `plant_probe`'s table in the database at `url`, in order."""
    with psycopg.connect(url) as conn:
        return [int(row[0]) for row in conn.execute("SELECT id FROM backup_probe ORDER BY id")]
