"""Which Postgres we talk to: `DATABASE_URL`, or the embedded dev server.

With `DATABASE_URL` set nothing is started. Without it, the embedded server in
`EMBEDDED_POSTGRES_DIR` is started (or attached to) and the `blossom` database in it is
created on first use: in development only. Production refuses to run without
`DATABASE_URL` (the configuration says so first, `foundation.base.env`); tests always set it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from database.embedded import EmbeddedPostgres, Progress
from foundation.base.env import ENV, PRODUCTION_NEEDS_DATABASE_URL
from foundation.base.errors import ConfigurationError
from foundation.base.paths import REPO_ROOT

if TYPE_CHECKING:
    import psycopg

DEV_DATABASE = "blossom"

_resolved: str | None = None


def dev_cluster() -> EmbeddedPostgres:
    return EmbeddedPostgres(REPO_ROOT / ENV.embedded_postgres_dir)


def with_database(url: str, database: str) -> str:
    """`url` with its database name replaced."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def database_url(progress: Progress | None = None) -> str:
    """The URL of the application database, starting the embedded server if needed."""
    global _resolved
    if ENV.database_url:
        return ENV.database_url
    if ENV.environment == "test":
        raise ConfigurationError("tests must set DATABASE_URL; they never use the dev database")
    if ENV.is_production:
        raise ConfigurationError(f"DATABASE_URL: {PRODUCTION_NEEDS_DATABASE_URL}")
    if _resolved is None:
        server_url = dev_cluster().ensure_running(progress or (lambda _: None))
        ensure_database(server_url, DEV_DATABASE)
        _resolved = with_database(server_url, DEV_DATABASE)
    return _resolved


def direct_database_url(progress: Progress | None = None) -> str:
    """The URL for what needs a session of its own (LISTEN, session advisory locks,
    migrations): DATABASE_DIRECT_URL, else `database_url()`. Never a transaction pooler."""
    if ENV.database_direct_url:
        return ENV.database_direct_url
    return database_url(progress)


def url_in_use() -> str:
    """The database URL this process uses or would use: DATABASE_URL, else the embedded
    server's once started (empty before)."""
    return ENV.database_url or _resolved or ""


def server_connection(server_url: str) -> psycopg.Connection:
    """An autocommit connection to the server's maintenance database `postgres`."""
    import psycopg  # here: a server only needs asyncpg (psycopg costs its start 0.1 s)

    return psycopg.connect(with_database(server_url, "postgres"), autocommit=True)


def database_exists(conn: psycopg.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return row is not None


def ensure_database(server_url: str, name: str) -> bool:
    """Create database `name` unless it exists; return whether it was created."""
    from psycopg import sql

    with server_connection(server_url) as conn:
        if database_exists(conn, name):
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def drop_database(server_url: str, name: str) -> None:
    from psycopg import sql

    with server_connection(server_url) as conn:
        statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(statement.format(sql.Identifier(name)))
