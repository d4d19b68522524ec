"""Which failures mean "the database cannot serve us right now" rather than a bug.

    kind = database_trouble(error)   # "unavailable" | "busy" | "read_only" | None

- `unavailable`: Postgres cannot be reached or dropped us: refused or reset connections,
  a closed connection, too many connections, a server shutting down or starting up,
  no pooled connection within DATABASE_ACQUIRE_TIMEOUT_SECONDS (`DatabaseUnavailableError`).
- `busy`: Postgres is up but the statement gave up waiting: `lock_timeout`
  (DATABASE_LOCK_TIMEOUT_SECONDS) or `statement_timeout` (DATABASE_STATEMENT_TIMEOUT_SECONDS).

  A query a hot standby cancelled because replaying the primary's WAL needed what it
  read ("canceling statement due to conflict with recovery", SQLSTATE 40001 from a
  standby) is `busy` too: the same read succeeds when retried.
- `read_only`: a write reached a server that only reads: a hot standby (a read replica,
  or DATABASE_URL pointed at one, or a primary being demoted) refused it (SQLSTATE 25006).

All are conditions a client can only retry later (the web layer answers 503 with
`Retry-After`); neither is a bug, so they are logged as one line, without a traceback.
"""

from __future__ import annotations

import sys
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from foundation.base.errors import DatabaseUnavailableError

DatabaseTroubleEnum = Literal["unavailable", "busy", "read_only"]

_UNAVAILABLE = (
    DatabaseUnavailableError,
    ConnectionError,  # refused, reset, broken pipe (connecting or mid-statement)
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.InterfaceError,  # "connection is closed", pool closing
    asyncpg.TooManyConnectionsError,  # 53300
    asyncpg.AdminShutdownError,  # 57P01
    asyncpg.CrashShutdownError,  # 57P02
    asyncpg.CannotConnectNowError,  # 57P03
)
_BUSY = (
    asyncpg.LockNotAvailableError,  # 55P03: lock_timeout
    asyncpg.QueryCanceledError,  # 57014: statement_timeout
)


def database_trouble(error: BaseException) -> DatabaseTroubleEnum | None:
    """ "unavailable", "busy", "read_only", or None when `error` is not the database's
    condition."""
    if isinstance(error, asyncpg.ReadOnlySQLTransactionError):  # 25006
        return "read_only"
    if isinstance(error, _BUSY) or _recovery_conflict(error):
        return "busy"
    if isinstance(error, _UNAVAILABLE):
        return "unavailable"
    if isinstance(error, OSError) and error.__class__ in (FileNotFoundError, TimeoutError):
        # Connecting to a Unix socket that is gone; a TCP connect that timed out.
        return "unavailable"
    return None


def _recovery_conflict(error: BaseException) -> bool:
    """A read a hot standby cancelled for its WAL replay (serialization_failure is its
    code, which our READ COMMITTED transactions on the primary never raise)."""
    return isinstance(error, asyncpg.SerializationError) and "conflict with recovery" in str(error)


_CONNECT_FAILURES = (
    OSError,  # refused, unknown host, socket file gone, timed out
    asyncpg.PostgresConnectionError,
    asyncpg.InvalidPasswordError,
    asyncpg.InvalidAuthorizationSpecificationError,  # unknown role, pg_hba refusal
    asyncpg.InvalidCatalogNameError,  # the database does not exist
    asyncpg.TooManyConnectionsError,
    asyncpg.CannotConnectNowError,
    DatabaseUnavailableError,
)


def unreachable_database_message(error: BaseException, url: str) -> str | None:
    """One line for an operator when `error` means the database at `url` could not be
    reached or refused us (`cannot reach the database at postgresql://app:***@db/blossom:
    connection refused`), else None. The password never appears."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        # As Python prints a chain: `raise ... from None` hides the context.
        hidden = current.__suppress_context__
        current = current.__cause__ or (None if hidden else current.__context__)
    failures = [e for e in chain if _connect_failure(e) and not _file_error(e)]
    failure = failures[-1] if failures else None  # the deepest: the cause itself
    if failure is None:
        return None
    cause = " ".join(str(failure).split()) or type(failure).__name__
    cause = cause.replace(url, hide_password(url)) if url else cause
    for secret in _passwords(url):
        cause = cause.replace(secret, "***")
    return f"cannot reach the database at {hide_password(url) or '(no URL)'}: {cause}"


def _connect_failure(error: BaseException) -> bool:
    """`error` says a connection could not be made: one of the above, or psycopg's
    OperationalError (migrations, psql helpers). psycopg is not imported for it (a server
    never uses it): an error of psycopg's exists only once something imported psycopg."""
    if isinstance(error, _CONNECT_FAILURES):
        return True
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(error, psycopg.OperationalError)


def _file_error(error: BaseException) -> bool:
    """An OSError about a file (it names one: writing an export or a backup into a missing
    directory), not a connection's (a socket's errors name no file)."""
    return isinstance(error, OSError) and error.filename is not None


def hide_password(url: str) -> str:
    """`url` with its password, if any, replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def _passwords(url: str) -> list[str]:
    password = urlsplit(url).password if url else None
    return [password] if password else []
