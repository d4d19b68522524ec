"""Transactions: the only way application code reaches Postgres.

    async with xact() as q:                               # admin: sees every row
        ...
    async with xact(user=user, organization=org) as q:    # customer: RLS applies
        ...

A customer transaction runs as the `customer` role with `app.current_user_id` and
`app.current_organization_id` set *transaction-locally*, so nothing of the tenant's
identity survives COMMIT/ROLLBACK on the pooled connection. Ids are validated against
their prefix pattern before any SQL runs; that validation is what allows the BEGIN and
the role/context settings to travel in a single round trip. Commit on success, rollback
on any exception.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Protocol, cast

import asyncpg

from database.__codegen__.orm import ORM
from database.ids import ORGANIZATION_PREFIX, USER_PREFIX, validate_id
from database.pool import get_pool
from foundation.errors import InvalidInputError


class HasId(Protocol):
    @property
    def id(self) -> str: ...


@dataclass(slots=True)
class Q:
    """What a transaction yields: `q.orm.<query>(...)` runs any generated query (every
    package's `queries.sql`); `conn` is the raw connection, for the framework only."""

    conn: asyncpg.Connection
    user_id: str | None
    organization_id: str | None
    orm: ORM = field(init=False)

    def __post_init__(self) -> None:
        self.orm = ORM(self.conn)


def _id_of(value: HasId | str, prefix: str) -> str:
    raw = value if isinstance(value, str) else value.id
    return validate_id(raw, prefix)


def customer_begin_sql(user_id: str, organization_id: str | None) -> str:
    """BEGIN plus the RLS context, as one simple-protocol script (ids pre-validated)."""
    validate_id(user_id, USER_PREFIX)
    if organization_id is not None:
        validate_id(organization_id, ORGANIZATION_PREFIX)
    return (
        "BEGIN; SELECT set_config('role', 'customer', true), "
        f"set_config('app.current_user_id', '{user_id}', true), "
        f"set_config('app.current_organization_id', '{organization_id or ''}', true)"
    )


@asynccontextmanager
async def connection() -> AsyncIterator[Q]:
    """A pooled connection outside any transaction (admin, no RLS context): each query is
    its own autocommitted statement. For the framework's single-statement work before a
    request's transaction (the session lookup), then `xact(..., within=q)` on the same
    connection; handlers never use it."""
    pool = await get_pool()
    async with pool.acquire() as proxy:
        yield Q(conn=cast(asyncpg.Connection, proxy), user_id=None, organization_id=None)


@asynccontextmanager
async def xact(
    *,
    user: HasId | str | None = None,
    organization: HasId | str | None = None,
    within: Q | None = None,
) -> AsyncIterator[Q]:
    """Open a transaction; customer context when `user` is given (organization optional).

    `within`: run on that `connection()` instead of taking one from the pool.
    """
    user_id = _id_of(user, USER_PREFIX) if user is not None else None
    organization_id = (
        _id_of(organization, ORGANIZATION_PREFIX) if organization is not None else None
    )
    if organization_id is not None and user_id is None:
        raise InvalidInputError("a customer transaction needs a user", organization=organization_id)
    if within is not None:
        async with _transaction(within.conn, user_id, organization_id) as q:
            yield q
        return
    pool = await get_pool()
    async with (
        pool.acquire() as proxy,
        _transaction(cast(asyncpg.Connection, proxy), user_id, organization_id) as q,
    ):
        yield q


@asynccontextmanager
async def _transaction(
    conn: asyncpg.Connection, user_id: str | None, organization_id: str | None
) -> AsyncIterator[Q]:
    begin = "BEGIN" if user_id is None else customer_begin_sql(user_id, organization_id)
    await conn.execute(begin)
    try:
        yield Q(conn=conn, user_id=user_id, organization_id=organization_id)
    except BaseException:
        await _rollback(conn)
        raise
    else:
        await conn.execute("COMMIT")


async def _rollback(conn: asyncpg.Connection) -> None:
    """Roll back even while being cancelled; a broken connection is discarded by the pool."""
    with contextlib.suppress(Exception):
        await asyncio.shield(conn.execute("ROLLBACK"))
    if conn.is_in_transaction():
        conn.terminate()
