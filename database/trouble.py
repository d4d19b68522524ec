"""Which failures mean "the database cannot serve us right now" rather than a bug.

    kind = database_trouble(error)   # "unavailable" | "busy" | None

- `unavailable`: Postgres cannot be reached or dropped us: refused or reset connections,
  a closed connection, too many connections, a server shutting down or starting up,
  no pooled connection within DATABASE_ACQUIRE_TIMEOUT_SECONDS (`DatabaseUnavailableError`).
- `busy`: Postgres is up but the statement gave up waiting: `lock_timeout`
  (DATABASE_LOCK_TIMEOUT_SECONDS) or `statement_timeout` (DATABASE_STATEMENT_TIMEOUT_SECONDS).

Both are conditions a client can only retry later (the web layer answers 503 with
`Retry-After`); neither is a bug, so they are logged as one line, without a traceback.
"""

from __future__ import annotations

from typing import Literal

import asyncpg

from foundation.errors import DatabaseUnavailableError

DatabaseTroubleEnum = Literal["unavailable", "busy"]

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
    """ "unavailable", "busy", or None when `error` is not the database's condition."""
    if isinstance(error, _BUSY):
        return "busy"
    if isinstance(error, _UNAVAILABLE):
        return "unavailable"
    if isinstance(error, OSError) and error.__class__ in (FileNotFoundError, TimeoutError):
        # Connecting to a Unix socket that is gone; a TCP connect that timed out.
        return "unavailable"
    return None
