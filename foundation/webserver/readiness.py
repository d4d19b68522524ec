"""Is this server fit to take traffic? The schema check at start-up and `GET /ready`.

At start-up (`check_schema_at_start`, called by `serve` before it serves) the migrations
applied to the database are compared with the ones this code ships:

- behind: production refuses to serve (`SchemaBehindError`: run `blossom db migrate`);
  development migrates, as `blossom dev` does; tests serve and say so (`/ready` answers 503);
- ahead (an older image on a newer schema): serve, and log a warning;
- the database unreachable: serve (`/ping` is liveness), log a warning; `/ready` tells.

`GET /ready` is readiness, for load balancers: 200 `{"ok": true, "database": "ok",
"schema": "current" | "ahead", "draining": false}` (with read replicas,
DATABASE_REPLICA_URLS, also `"replicas": [{"url", "lag_seconds", "serving"}, ...]`: each
one's lag as this process measures it, and whether reads go to it; a lagging replica
leaves reads to the primary and does not make the server unready); 503 `NotReadyError` (the RPC error
shape) while the database is unreachable or busy, the schema is behind (or could not be
read) or the server is draining (shutting down). `GET /ping` stays liveness: 200 while the
process answers. Each process reads the schema's state until it has seen it current or
ahead, then keeps that answer (a schema does not fall behind a running server: a newer
version's migrations only put it ahead).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from database.connection import database_url, direct_database_url
from database.migrate import SchemaStatus, migrate, schema_status
from database.replicas import get_replicas
from database.trouble import unreachable_database_message
from foundation.base.env import ENV
from foundation.base.errors import ConfigurationError
from foundation.base.logs import get_logger
from foundation.rpc.dispatch import draining
from foundation.rpc.errors import RPCError
from foundation.webserver.ping import DatabaseStatusEnum, database_status

SchemaStateEnum = Literal["current", "behind", "ahead", "unknown"]

SCHEMA_CHECK_TIMEOUT_SECONDS = 2.0
"""How long `/ready` waits for the schema's state before calling it unknown."""


class SchemaBehindError(ConfigurationError):
    """The database lacks migrations this code needs (production refuses to serve)."""


@dataclass
class NotReadyError(RPCError):
    """This server should not take traffic now: the database is `unavailable` or `busy`,
    the schema is `behind` this version (or `unknown`: it could not be read), or the server
    is `draining` (shutting down). Send requests to another server; retry later."""

    status: ClassVar[int] = 503
    database: DatabaseStatusEnum
    schema: SchemaStateEnum
    draining: bool


class _Known:
    """The schema's state once seen current or ahead (per process)."""

    state: SchemaStateEnum | None = None


def _state(status: SchemaStatus) -> SchemaStateEnum:
    if status.behind:
        return "behind"
    return "ahead" if status.ahead else "current"


def check_schema_at_start() -> None:
    """Compare the database's migrations with ours before serving (see the module)."""
    log = get_logger(__name__)
    url = direct_database_url()  # it may migrate (development): a session's work
    try:
        status = asyncio.run(schema_status(url))  # before the server's loop runs
    except Exception as e:
        unreachable = unreachable_database_message(e, url)
        if unreachable is None:
            raise
        log.warning(
            "database unreachable at start; /ready answers 503 until it is", error=unreachable
        )
        return
    if status.behind and ENV.is_production:
        raise SchemaBehindError(
            f"the database schema is behind this version ({len(status.pending)} migrations "
            f"pending, first {status.pending[0]}): run `blossom db migrate`, then start again"
        )
    if status.behind and ENV.is_development:
        migrate(url, progress=lambda line: log.info(line), write_schema=False)
        status = asyncio.run(schema_status(url))
    if status.behind:
        log.warning("database schema is behind; /ready answers 503", pending=list(status.pending))
    if status.ahead:
        log.warning(
            "database schema is ahead of this version (a newer one migrated it); serving",
            unknown_migrations=list(status.unknown),
        )
    if not status.behind:
        _Known.state = _state(status)


async def schema_state() -> SchemaStateEnum:
    """The schema's state: remembered once current or ahead, else read now ("unknown"
    when the database cannot tell in time)."""
    if _Known.state is not None:
        return _Known.state
    try:
        async with asyncio.timeout(SCHEMA_CHECK_TIMEOUT_SECONDS):
            url = await asyncio.to_thread(database_url)  # development: may start Postgres
            status = await schema_status(url, connect_timeout=2)
    except TimeoutError:
        return "unknown"
    except Exception as e:
        if unreachable_database_message(e, ENV.database_url) is None:
            raise
        return "unknown"
    state = _state(status)
    if state != "behind":
        _Known.state = state
    return state


async def readiness() -> tuple[int, dict[str, Any]]:
    """`/ready`'s status and body."""
    database = await database_status()
    schema: SchemaStateEnum = await schema_state() if database == "ok" else "unknown"
    is_draining = draining()
    if database != "ok" or schema not in ("current", "ahead") or is_draining:
        error = NotReadyError(database=database, schema=schema, draining=is_draining)
        return error.status, error.to_json()
    body: dict[str, Any] = {"ok": True, "database": database, "schema": schema, "draining": False}
    replicas = get_replicas()
    if replicas is not None:  # each one's lag; lagging replicas leave reads to the primary
        body["replicas"] = replicas.status()
    return 200, body
