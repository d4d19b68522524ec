"""`GET /ping`: is the process up, which version is it, can it reach Postgres?

Always 200 while the process can answer: `{"ok": true, "version": "...", "database":
"ok" | "unavailable"}`. It is a liveness check; restarting app servers does not cure a
database outage, so a missing database is reported in the body (and logged), not by the
status. The database check is bounded by `DATABASE_CHECK_TIMEOUT_SECONDS` so a saturated
pool cannot hang the health check.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from database.xact import connection
from foundation.logs import get_logger

DATABASE_CHECK_TIMEOUT_SECONDS = 2.0

DatabaseStatusEnum = Literal["ok", "unavailable"]


async def database_status() -> DatabaseStatusEnum:
    """ "ok" when `SELECT 1` succeeds on a pooled connection, else "unavailable"."""
    try:
        async with asyncio.timeout(DATABASE_CHECK_TIMEOUT_SECONDS), connection() as q:
            await q.conn.fetchval("SELECT 1")
    except Exception as e:
        get_logger(__name__).warning("database unavailable", error=repr(e))
        return "unavailable"
    return "ok"


async def ping_body(version: str) -> dict[str, Any]:
    return {"ok": True, "version": version, "database": await database_status()}
