"""`GET /ping`: is the process up, which version is it, can it reach Postgres?

Always 200 while the process can answer: `{"ok": true, "version": "...", "database":
"ok" | "unavailable" | "busy"}`. It is a liveness check; restarting app servers does not
cure a database outage, so the database's state is reported in the body (and logged), not
by the status: `unavailable` when Postgres cannot be reached, `busy` when no pooled
connection or no answer came within DATABASE_CHECK_TIMEOUT_SECONDS (a saturated pool, a
stuck server). The check (`DatabasePing`, in `queries.sql` beside this module) is bounded by that timeout, so /ping answers within a second
whatever Postgres does.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from database.trouble import database_trouble
from foundation.base.logs import RateLimitedLog
from foundation.db import connection

DATABASE_CHECK_TIMEOUT_SECONDS = 0.8

DatabaseStatusEnum = Literal["ok", "unavailable", "busy"]

_LOG = RateLimitedLog(__name__, per_seconds=1.0)


async def database_status() -> DatabaseStatusEnum:
    """ "ok" when the `DatabasePing` query answers on a pooled connection in time, else why not."""
    try:
        async with asyncio.timeout(DATABASE_CHECK_TIMEOUT_SECONDS), connection() as c:
            await c.orm.database_ping()
    except TimeoutError:
        status: DatabaseStatusEnum = "busy"
    except Exception as e:
        status = "busy" if database_trouble(e) == "busy" else "unavailable"
        _LOG.warning("database check failed", status=status, error=repr(e))
        return status
    else:
        return "ok"
    _LOG.warning("database check timed out", timeout_seconds=DATABASE_CHECK_TIMEOUT_SECONDS)
    return status


async def ping_body(version: str) -> dict[str, Any]:
    return {"ok": True, "version": version, "database": await database_status()}
