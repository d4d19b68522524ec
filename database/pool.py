"""One asyncpg pool per process and event loop, with JSON/JSONB codecs.

`get_pool()` creates the pool for the running loop on first use; `acquire(pool)` takes a
connection within DATABASE_ACQUIRE_TIMEOUT_SECONDS or raises `DatabaseUnavailableError`.
Every transaction sets `statement_timeout`, `lock_timeout` and
`idle_in_transaction_session_timeout` (from the configuration) with `SET LOCAL` in the
round trip of its BEGIN (`transaction_settings_sql`), so no request waits on
Postgres without bound, through a transaction pooler too (which refuses or drops startup
parameters). With `DATABASE_POOLER=none` the first two are also startup parameters
(`server_settings`), which covers statements outside a transaction.

Behind a pooler (`DATABASE_POOLER=pgbouncer`) asyncpg's statement cache is off
(`statement_cache_size`): a statement prepared by name on one server connection would be
looked for on another. `DATABASE_PREPARED_STATEMENTS=on` keeps it, for PgBouncer >= 1.21
with `max_prepared_statements`. Connections speak JSON
through `foundation.base.strict_json` (NaN and non-string keys refused), so jsonb columns
take and return plain Python values.
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import cast

import asyncpg

from database.bulkhead import current_route_call, forget_bulkheads
from database.connection import database_url, direct_database_url
from foundation.base import strict_json
from foundation.base.deadlines import deadlines
from foundation.base.env import ENV, get_env
from foundation.base.errors import DatabaseUnavailableError
from foundation.base.observability.metrics import metric_set
from foundation.base.observability.tracing import record_query, tracing_statements

_pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncpg.Pool] = (
    weakref.WeakKeyDictionary()
)
_observers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task[None]] = (
    weakref.WeakKeyDictionary()
)
_creating: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


_JSONB_VERSION = b"\x01"
CLOSE_TIMEOUT_SECONDS = 5.0


def _encode_json(value: object) -> bytes:
    return strict_json.dumps(value).encode()


def _decode_json(data: bytes) -> object:
    return strict_json.loads(data.decode())  # UTF-8: asyncpg's client_encoding


def _encode_jsonb(value: object) -> bytes:
    return _JSONB_VERSION + strict_json.dumps(value).encode()


def _decode_jsonb(data: bytes) -> object:
    return strict_json.loads(data[1:].decode())


async def init_connection(conn: asyncpg.Connection) -> None:
    """Register our codecs on a new connection.

    Binary format (jsonb's is a version byte, then the text), so binary COPY
    (`copy_records_to_table`, sqlc's `:copyfrom`) handles JSON columns too.
    """
    await conn.set_type_codec(
        "json", schema="pg_catalog", encoder=_encode_json, decoder=_decode_json, format="binary"
    )
    await conn.set_type_codec(
        "jsonb", schema="pg_catalog", encoder=_encode_jsonb, decoder=_decode_jsonb, format="binary"
    )
    citext_schema = await conn.fetchval(
        "SELECT typnamespace::regnamespace::text FROM pg_type WHERE typname = 'citext'"
    )
    if citext_schema is not None:  # an extension type: asyncpg has no binary codec for it
        await conn.set_builtin_type_codec("citext", schema=citext_schema, codec_name="text")


async def reset_connection(conn: asyncpg.Connection) -> None:
    """What the pool does to a connection it gets back: nothing, normally.

    asyncpg's default reset (unlock all, CLOSE ALL, UNLISTEN, RESET ALL) costs a round
    trip on every release. Our connections carry no session state: RLS context is set
    transaction-locally, nothing uses LISTEN or session-level SET, and `pg_advisory_lock`
    terminates a connection whose unlock failed. A connection still inside a transaction
    (never expected: `xact` always ends its own) is rolled back, within
    DATABASE_ACQUIRE_TIMEOUT_SECONDS (the release's only wait; a failure terminates the
    connection).
    """
    if conn.is_in_transaction():
        async with asyncio.timeout(ENV.database_acquire_timeout_seconds):
            await conn.execute("ROLLBACK")


async def get_pool() -> asyncpg.Pool:
    """The pool of the running event loop, created on first use."""
    loop = asyncio.get_running_loop()
    pool = _pools.get(loop)
    if pool is not None:
        return pool
    lock = _creating.setdefault(loop, asyncio.Lock())
    async with lock:
        pool = _pools.get(loop)
        if pool is None:
            pool = await create_pool(database_url())
            _pools[loop] = pool
            metric_set("db_pool_max_size", pool.get_max_size())
            _observers[loop] = loop.create_task(_observe_pool(pool), name="pool gauges")
    return pool


async def create_pool(url: str) -> asyncpg.Pool:
    """A pool to `url` with our codecs, sizes, timeouts and statement cache (the
    process's pool to DATABASE_URL, and one per read replica: `database.replicas`)."""
    try:
        return await asyncpg.create_pool(
            url,
            min_size=ENV.database_pool_min_size,
            max_size=ENV.database_pool_max_size,
            init=init_connection,
            reset=reset_connection,
            timeout=ENV.database_acquire_timeout_seconds,
            server_settings=server_settings(),
            statement_cache_size=statement_cache_size(),
        )
    except (TimeoutError, OSError) as e:
        raise DatabaseUnavailableError("cannot connect to postgres", error=repr(e)) from e


ASYNCPG_STATEMENT_CACHE_SIZE = 100
"""asyncpg's default statement cache size (named prepared statements per connection)."""


def behind_pooler() -> bool:
    """Whether DATABASE_URL is a transaction pooler (DATABASE_POOLER), not Postgres."""
    return ENV.database_pooler != "none"


def statement_cache_size() -> int:
    """0 (no named prepared statements) behind a pooler, unless DATABASE_PREPARED_STATEMENTS=on."""
    if behind_pooler() and ENV.database_prepared_statements != "on":
        return 0
    return ASYNCPG_STATEMENT_CACHE_SIZE


def _timeouts_seconds() -> tuple[float, float, float]:
    env = get_env()  # once, not through the proxy per setting (every transaction asks)
    return (
        env.database_statement_timeout_seconds,
        env.database_lock_timeout_seconds,
        env.database_idle_in_transaction_timeout_seconds,
    )


@functools.cache
def _timeouts_ms(statement: float, lock: float, idle: float) -> dict[str, str]:
    """The timeouts in milliseconds (0 disables), per configured values (computed once)."""
    return {
        "statement_timeout": str(round(statement * 1000)),
        "lock_timeout": str(round(lock * 1000)),
        "idle_in_transaction_session_timeout": str(round(idle * 1000)),
    }


def server_settings(*, direct: bool = False) -> dict[str, str]:
    """Startup parameters: the statement and lock timeouts when the connection goes to
    Postgres itself (`direct`, or DATABASE_POOLER=none); none through a pooler, which
    refuses them (PgBouncer: "unsupported startup parameter") or drops them."""
    if behind_pooler() and not direct:
        return {}
    timeouts = _timeouts_ms(*_timeouts_seconds())
    return {name: timeouts[name] for name in ("statement_timeout", "lock_timeout")}


def transaction_settings_sql() -> str:
    """A statement that sets the timeouts transaction-locally: sent in the same
    simple-protocol script as BEGIN, so it costs no round trip of its own. Built once per
    configured values, not per transaction."""
    return _transaction_settings_sql(*_timeouts_seconds())


@functools.cache
def _transaction_settings_sql(statement: float, lock: float, idle: float) -> str:
    timeouts = _timeouts_ms(statement, lock, idle).items()
    return " ".join(f"SET LOCAL {name} = '{value}';" for name, value in timeouts)


def acquire(pool: asyncpg.Pool) -> AbstractAsyncContextManager[asyncpg.Connection]:
    """A pooled connection within DATABASE_ACQUIRE_TIMEOUT_SECONDS (connecting included),
    else `DatabaseUnavailableError`: a saturated pool or an unreachable server answers
    quickly instead of queueing every request. Within a route's call, the connection
    counts toward the route's share of the pool (`database.bulkhead`), whose slot it may
    wait for first, within the same timeout."""
    return _Acquired(pool)


class _Acquired:
    """`acquire`'s context manager: a class, not an `@asynccontextmanager` generator,
    which costs an async generator and its loop bookkeeping on every request."""

    __slots__ = ("_call", "_pool", "_proxy", "_traced")

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def __aenter__(self) -> asyncpg.Connection:
        timeout = ENV.database_acquire_timeout_seconds
        call = self._call = current_route_call()
        if call is not None:
            timeout = await call.enter(self._pool, timeout)
        try:
            # Bounded by the loop's deadlines, not `acquire(timeout=)`: that one is an
            # `asyncio.timeout` (a timer per call) and bounds the release too, by a second
            # one; `reset_connection` bounds the only wait a release can have.
            async with deadlines().deadline(timeout):
                proxy = await self._pool.acquire()
        except BaseException as e:
            if call is not None:
                call.leave()
            if isinstance(e, (TimeoutError, OSError)):
                raise DatabaseUnavailableError(
                    "no postgres connection", timeout_seconds=timeout, error=repr(e)
                ) from e
            raise
        traced = self._traced = tracing_statements()  # a span per statement of a sampled call
        if traced:
            proxy.add_query_logger(record_query)
        self._proxy = proxy
        return cast(asyncpg.Connection, proxy)

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            if self._traced:
                self._proxy.remove_query_logger(record_query)
            await self._pool.release(self._proxy)
        finally:
            if self._call is not None:
                self._call.leave()


POOL_SAMPLE_SECONDS = 1.0


async def _observe_pool(pool: asyncpg.Pool) -> None:
    """The pool gauges (`blossom_db_pool_connections`, `blossom_db_pool_in_use`), sampled
    every POOL_SAMPLE_SECONDS while the pool lives (nothing on the request path)."""
    while not pool.is_closing():
        size = pool.get_size()
        metric_set("db_pool_connections", size)
        metric_set("db_pool_in_use", size - pool.get_idle_size())
        await asyncio.sleep(POOL_SAMPLE_SECONDS)


CLOSING: list[Callable[[asyncio.AbstractEventLoop], Awaitable[None]]] = []
"""What else `close_pool` closes for the loop (the read replicas' pools: `database.replicas`)."""


async def close_pool() -> None:
    """Close the running loop's pool (on app shutdown and at the end of tests), and the
    replicas' (CLOSING)."""
    loop = asyncio.get_running_loop()
    for close in CLOSING:
        await close(loop)
    pool = _pools.pop(loop, None)
    observer = _observers.pop(loop, None)
    if observer is not None:
        observer.cancel()
    if pool is not None:
        forget_bulkheads(pool)
        try:  # connections still busy (a stuck statement) must not hold up the exit
            async with asyncio.timeout(CLOSE_TIMEOUT_SECONDS):
                await pool.close()
        except TimeoutError:
            pool.terminate()


@asynccontextmanager
async def dedicated_connection() -> AsyncGenerator[asyncpg.Connection, None]:
    """A connection of its own, outside the pool (long-lived background work such as
    LISTEN, session advisory locks), to DATABASE_DIRECT_URL (Postgres itself, never a
    transaction pooler), with the pool's codecs and the timeouts; closed at exit."""
    try:
        conn = await asyncpg.connect(
            direct_database_url(),
            server_settings=server_settings(direct=True),
            timeout=max(1, round(ENV.database_acquire_timeout_seconds)),
        )
    except (TimeoutError, OSError) as e:
        raise DatabaseUnavailableError("cannot connect to postgres", error=repr(e)) from e
    try:
        await init_connection(conn)
        yield conn
    finally:
        await conn.close(timeout=5)
