"""Transactions: the only way application code reaches Postgres.

Each layer binds a `Database` to its query surface (its generated ORM class), so `q.orm`
offers exactly that layer's queries and those below it:

    DB = Database(ProductORM)                              # product/db.py
    async with DB.xact_admin() as q:                       # admin: bypasses RLS
        ...
    async with DB.xact_customer(user=u, organization=o) as q:   # customer: RLS applies
        await q.orm.organization_members_list(...)

A customer transaction runs as the `customer` role with `app.current_user_id` and
`app.current_organization_id` set *transaction-locally*, so nothing of the tenant's
identity survives COMMIT/ROLLBACK on the pooled connection. Ids are validated against
their prefix pattern before any SQL runs; that validation is what allows the BEGIN and
the role/context settings, and the transaction's timeouts (`statement_timeout`,
`lock_timeout`, `idle_in_transaction_session_timeout`, never startup parameters, which
PgBouncer refuses), to travel in a single round trip. Commit on success, rollback
on any exception.

`connection()` yields a `Conn`, a pooled connection outside any transaction (each
statement autocommits; behind a transaction pooler, `DATABASE_POOLER`, they share one
transaction, ended by the first `within=` transaction or at exit): for the framework's
single-statement work before a request's transaction (the session lookup), which then
runs on the same connection with `within=`. Its type differs from a transaction's, so neither can stand in for the other.

This module's own `xact_admin`/`xact_customer`/`connection` are bound to `DatabaseORM`,
which has no queries: the database layer's code needs none, and the test queries
(`database/testing/queries.sql`) are compiled apart, out of every production ORM (tests
reach them with `database.testing.harness(q)`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
from collections.abc import AsyncGenerator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import asyncpg

from database.ids import ORGANIZATION_PREFIX, USER_PREFIX, validate_id
from database.pool import (
    acquire,
    behind_pooler,
    dedicated_connection,
    get_pool,
    transaction_settings_sql,
)
from database.records import quick_init
from database.replicas import record_commit


class DatabaseORM:
    """`q.orm` of the database layer: no queries of its own."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn


ORM = TypeVar("ORM")
ORM_co = TypeVar("ORM_co", covariant=True)


class HasId(Protocol):
    @property
    def id(self) -> str: ...


@quick_init
@dataclass(frozen=True, slots=True)
class Q(Generic[ORM_co]):
    """An open transaction: `q.orm.<query>(...)` runs the layer's generated queries;
    `conn` is the raw connection, for framework code only. `user_id`/`organization_id` are
    the RLS context of a customer transaction (None in an admin one)."""

    conn: asyncpg.Connection
    orm: ORM_co
    user_id: str | None
    organization_id: str | None


@quick_init
@dataclass(frozen=True, slots=True)
class Conn(Generic[ORM_co]):
    """A pooled connection outside any transaction (admin, no RLS context): every
    statement autocommits. Framework code only."""

    conn: asyncpg.Connection
    orm: ORM_co


def _id_of(value: HasId | str, prefix: str) -> str:
    raw = value if isinstance(value, str) else value.id
    return validate_id(raw, prefix)


def admin_begin_sql() -> str:
    """BEGIN plus the transaction's timeouts, as one simple-protocol script."""
    return f"BEGIN; {transaction_settings_sql()}"


SERVICE = ""
"""The user id of a service transaction (`xact_service`): no user (`current_user_id()` is
null, so no user's own rows are visible), one organization."""


_NAME = re.compile(r"[a-z][a-z0-9_:.-]{0,62}")
"""A permission's or a role's name: safe inside a quoted SQL literal."""


@dataclass(frozen=True, slots=True)
class PermissionCheck:
    """A permission the caller must hold, checked last in a customer transaction's BEGIN
    script (migration 0044's `membership_permission_require`: the organization's member
    lock, then the caller's role as committed), so it costs no round trip of its own.
    `roles_holding`: the built-in roles that hold `permission` (a custom role's own list
    counts for a member who has one). `lock_members`: take the organization's member lock
    first (a call that may write: no role change can slip between the check and the
    write); a read checks the role as committed now, locking nothing. A refusal raises
    `PermissionRefused`."""

    permission: str
    roles_holding: tuple[str, ...]
    lock_members: bool = True

    def sql(self, user_id: str, organization_id: str) -> str:
        """The statement (ids pre-validated by the caller; names validated here)."""
        return (
            f"SELECT membership_permission_require('{user_id}', '{organization_id}', "
            + _check_arguments(self.permission, self.roles_holding, self.lock_members)
        )


@functools.cache
def _check_arguments(permission: str, roles_holding: tuple[str, ...], lock_members: bool) -> str:
    """The rest of a check's statement, its names validated (once per check: a route's
    permission and method decide it)."""
    for name in (permission, *roles_holding):
        if _NAME.fullmatch(name) is None:
            raise ValueError(f"not a permission or role name: {name!r}")
    roles = ", ".join(f"'{r}'" for r in roles_holding)
    return f"'{permission}', ARRAY[{roles}]::text[], {str(lock_members).lower()}); "


class PermissionRefused(Exception):
    """`membership_permission_require` refused the caller: `role` is theirs (None: not a
    member of the organization). The app turns it into its typed error."""

    def __init__(self, role: str | None) -> None:
        super().__init__(role)
        self.role = role


def permission_refused(error: BaseException) -> PermissionRefused | None:
    """The refusal `error` is (SQLSTATE BL401 or BL403), or None for any other error."""
    if not isinstance(error, asyncpg.PostgresError):
        return None
    sqlstate = getattr(error, "sqlstate", None)
    if sqlstate == "BL401":
        return PermissionRefused(None)
    if sqlstate == "BL403":
        return PermissionRefused(getattr(error, "detail", None) or "member")
    return None


def customer_begin_sql(
    user_id: str, organization_id: str | None, check: PermissionCheck | None = None
) -> str:
    """BEGIN plus the timeouts and the RLS context, as one simple-protocol script (ids
    pre-validated), then `check` if any. `SET LOCAL`, not `set_config(..., true)`: Citus
    propagates `SET LOCAL` to the workers a transaction touches
    (`citus.propagate_set_commands = local`) and ignores `set_config` (database/README.md,
    "Scale-out")."""
    if user_id != SERVICE or organization_id is None:  # a service acts in one organization
        validate_id(user_id, USER_PREFIX)
    if organization_id is not None:
        validate_id(organization_id, ORGANIZATION_PREFIX)
    script = (
        "BEGIN; SET LOCAL ROLE customer; "
        f"SET LOCAL app.current_user_id = '{user_id}'; "
        f"SET LOCAL app.current_organization_id = '{organization_id or ''}'; "
        + transaction_settings_sql()
    )
    if check is None:
        return script
    if user_id == SERVICE or organization_id is None:
        raise ValueError("a permission check needs a user and an organization")
    return f"{script} {check.sql(user_id, organization_id)}"


class Database(Generic[ORM]):
    """Transactions and connections whose `orm` is `orm(conn)`."""

    def __init__(self, orm: Callable[[asyncpg.Connection], ORM]) -> None:
        self._orm = orm

    def connection(
        self, *, pool: asyncpg.Pool | None = None
    ) -> AbstractAsyncContextManager[Conn[ORM]]:
        """A pooled connection outside any transaction; see the module docstring. `pool`:
        a read replica's (`database.replicas`) instead of the primary's.

        Behind a transaction pooler (DATABASE_POOLER) its statements run in a transaction
        of their own instead, for the timeouts its BEGIN sets (the pooler's connections
        have none otherwise: no startup parameters), committed by the first `within=`
        transaction or at exit, an exception's included (as autocommit would have kept
        them)."""
        return _Connection(self._orm, pool)

    @asynccontextmanager
    async def dedicated(self) -> AsyncGenerator[Conn[ORM], None]:
        """A connection of its own, outside the pool, for long-lived background work
        (LISTEN, the email sender): it never holds a request's pooled connection. Open
        transactions on it with `xact_admin(within=...)`. Closed at exit."""
        async with dedicated_connection() as conn:
            yield Conn(conn=conn, orm=self._orm(conn))

    def xact_admin(
        self, *, within: Conn[Any] | None = None, pool: asyncpg.Pool | None = None
    ) -> AbstractAsyncContextManager[Q[ORM]]:
        """An admin transaction: no role change, no RLS context; it sees every tenant.
        `within`: run on that connection instead of taking one from the pool; `pool`: a
        read replica's instead of the primary's."""
        return self._xact(None, None, within, pool)

    def xact_customer(
        self,
        *,
        user: HasId | str,
        organization: HasId | str | None = None,
        within: Conn[Any] | None = None,
        pool: asyncpg.Pool | None = None,
        check: PermissionCheck | None = None,
    ) -> AbstractAsyncContextManager[Q[ORM]]:
        """A customer transaction: role `customer`, RLS context of `user` (and of
        `organization` when given). Malformed ids raise `InvalidInputError` before any SQL.
        `within`, `pool`: as for `xact_admin`. `check`: a permission `user` must hold in
        `organization`, checked as the transaction opens (`PermissionRefused`)."""
        user_id = _id_of(user, USER_PREFIX)
        organization_id = (
            _id_of(organization, ORGANIZATION_PREFIX) if organization is not None else None
        )
        return self._xact(user_id, organization_id, within, pool, check)

    def xact_service(
        self,
        *,
        organization: HasId | str,
        within: Conn[Any] | None = None,
        pool: asyncpg.Pool | None = None,
    ) -> AbstractAsyncContextManager[Q[ORM]]:
        """A customer transaction of a service identity of `organization` (an organization
        API key): role `customer`, RLS context of the organization and of no user."""
        return self._xact(SERVICE, _id_of(organization, ORGANIZATION_PREFIX), within, pool)

    def _xact(
        self,
        user_id: str | None,
        organization_id: str | None,
        within: Conn[Any] | None,
        pool: asyncpg.Pool | None,
        check: PermissionCheck | None = None,
    ) -> AbstractAsyncContextManager[Q[ORM]]:
        if within is not None:  # no context manager of its own around it: one per call less
            return _Transaction(within.conn, self._orm, user_id, organization_id, check)
        begin: Callable[[asyncpg.Connection], _Transaction[ORM]] = functools.partial(
            _Transaction,
            orm=self._orm,
            user_id=user_id,
            organization_id=organization_id,
            check=check,
        )
        pooled: _Pooled[ORM] = _Pooled(pool, begin)
        return pooled


# The per-call context managers are classes, not `@asynccontextmanager` generators: a
# generator costs an async generator, its loop bookkeeping and two more frames on every
# request (`bench/instructions.py`).


class _Connection(Generic[ORM]):
    """`Database.connection`: `acquire`'s connection as a `Conn`, behind a pooler inside
    a transaction of its own."""

    __slots__ = ("_acquired", "_conn", "_orm", "_pool", "_pooler")

    def __init__(self, orm: Callable[[asyncpg.Connection], ORM], pool: asyncpg.Pool | None):
        self._orm = orm
        self._pool = pool

    async def __aenter__(self) -> Conn[ORM]:
        acquired = self._acquired = acquire(self._pool or await get_pool())
        conn = self._conn = await acquired.__aenter__()
        pooler = self._pooler = behind_pooler()
        if pooler:
            try:
                await conn.execute(admin_begin_sql())
            except BaseException as e:
                await acquired.__aexit__(type(e), e, e.__traceback__)
                raise
        return Conn(conn=conn, orm=self._orm(conn))

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        try:
            if self._pooler and self._conn.is_in_transaction():
                if exc_type is not None:
                    await _keep_what_ran(self._conn)
                else:
                    await self._conn.execute("COMMIT")
        finally:
            await self._acquired.__aexit__(exc_type, exc, tb)


class _Transaction(Generic[ORM]):
    """A transaction on `conn`: its BEGIN script (role, RLS context, timeouts, the
    permission check) on entry; COMMIT on success, ROLLBACK on any exception."""

    __slots__ = ("_check", "_conn", "_organization_id", "_orm", "_user_id")

    def __init__(
        self,
        conn: asyncpg.Connection,
        orm: Callable[[asyncpg.Connection], ORM],
        user_id: str | None,
        organization_id: str | None,
        check: PermissionCheck | None,
    ) -> None:
        self._conn = conn
        self._orm = orm
        self._user_id = user_id
        self._organization_id = organization_id
        self._check = check

    async def __aenter__(self) -> Q[ORM]:
        conn = self._conn
        user_id = self._user_id
        begin = (
            admin_begin_sql()
            if user_id is None
            else customer_begin_sql(user_id, self._organization_id, self._check)
        )
        if behind_pooler() and conn.is_in_transaction():  # a `connection()`'s: it ends here
            begin = f"COMMIT; {begin}"
        try:
            await conn.execute(begin)
        except BaseException as e:
            if conn.is_in_transaction():  # the script failed after its BEGIN
                await _rollback(conn)
            refused = permission_refused(e)
            if refused is not None:
                raise refused from None
            raise
        return Q(
            conn=conn,
            orm=self._orm(conn),
            user_id=user_id,
            organization_id=self._organization_id,
        )

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        if exc_type is not None:
            await _rollback(self._conn)
            return
        await self._conn.execute("COMMIT")
        await record_commit(self._conn)  # read replicas: the write's position (else nothing)


class _Pooled(Generic[ORM]):
    """A transaction (`begin(conn)`) on a connection of its own from the pool, given back
    at exit."""

    __slots__ = ("_acquired", "_begin", "_pool", "_transaction")

    def __init__(
        self,
        pool: asyncpg.Pool | None,
        begin: Callable[[asyncpg.Connection], _Transaction[ORM]],
    ) -> None:
        self._pool = pool
        self._begin = begin

    async def __aenter__(self) -> Q[ORM]:
        acquired = self._acquired = acquire(self._pool or await get_pool())
        transaction = self._transaction = self._begin(await acquired.__aenter__())
        try:
            return await transaction.__aenter__()
        except BaseException as e:
            await acquired.__aexit__(type(e), e, e.__traceback__)
            raise

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        try:
            await self._transaction.__aexit__(exc_type, exc, tb)
        finally:
            await self._acquired.__aexit__(exc_type, exc, tb)


async def _keep_what_ran(conn: asyncpg.Connection) -> None:
    """End a `connection()`'s transaction (behind a pooler) as autocommit would have left
    things when an exception leaves the block: what ran is kept (COMMIT; a transaction a
    failed statement aborted rolls back on it), even while being cancelled."""
    with contextlib.suppress(Exception):
        await asyncio.shield(conn.execute("COMMIT"))
    if conn.is_in_transaction():
        conn.terminate()


async def _rollback(conn: asyncpg.Connection) -> None:
    """Roll back even while being cancelled; a broken connection is discarded by the pool."""
    with contextlib.suppress(Exception):
        await asyncio.shield(conn.execute("ROLLBACK"))
    if conn.is_in_transaction():
        conn.terminate()


DATABASE = Database(DatabaseORM)
xact_admin = DATABASE.xact_admin
xact_customer = DATABASE.xact_customer
connection = DATABASE.connection
dedicated = DATABASE.dedicated
