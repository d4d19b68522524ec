"""Read replicas (DATABASE_REPLICA_URLS): hot standbys streaming from DATABASE_URL's server.

    replicas = get_replicas()            # None when DATABASE_REPLICA_URLS is empty
    pool = replicas.choose(written)      # a replica's pool, or None: use the primary's

Each process keeps a pool per replica and watches them (`_watch`, every POLL_SECONDS, off
the request path): the primary's WAL position (`pg_current_wal_insert_lsn()`) and each
replica's replayed position (`pg_last_wal_replay_lsn()`). A replica is as fresh as the
newest primary position it has replayed: its lag is how long ago this process saw the
primary there. `choose(written)` answers a replica that has replayed `written` (the
caller's last write: read-your-writes) and lags at most DATABASE_REPLICA_MAX_LAG_SECONDS,
round robin, else None; so choosing costs no round trip, and what it knows is never
fresher than the truth (a replica's replayed position only grows).

A write records its commit position (`track_writes()`, then every transaction that
commits on the primary within it fetches `COMMIT_POSITION_SQL`: one round trip more per
transaction, only with replicas configured); the session app carries it to the client's
next calls in a cookie.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import itertools
import weakref
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from database.pool import CLOSING, acquire, create_pool, get_pool
from database.trouble import hide_password
from foundation.base.env import ENV
from foundation.base.logs import RateLimitedLog

POLL_SECONDS = 0.2
"""How often each process reads the WAL positions of the primary and its replicas."""

_POSITION = (
    "SELECT CASE WHEN p.lsn % p.seg = 40 THEN p.lsn - 40"
    " WHEN p.lsn % p.blk = 24 THEN p.lsn - 24 ELSE p.lsn END::bigint"
    " FROM (SELECT {lsn} - '0/0'::pg_lsn AS lsn,"
    " current_setting('wal_block_size')::numeric AS blk,"
    " pg_size_bytes(current_setting('wal_segment_size'))::numeric AS seg) AS p"
)
COMMIT_POSITION_SQL = _POSITION.format(lsn="pg_current_wal_insert_lsn()")
"""The primary's WAL position as a number: after a COMMIT, at or past its commit record.
The insert position of a record ending on a page boundary points past the next page's
header (24 bytes; 40 on a segment's first page), which a standby's replayed position
never does: such a position is moved back to the boundary."""
REPLAY_POSITION_SQL = "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint"
"""A standby's replayed WAL position as a number (NULL on a server not in recovery)."""

_LOG = RateLimitedLog(__name__, per_seconds=10.0)


@dataclass
class Replica:
    """One replica as this process last saw it."""

    url: str
    pool: asyncpg.Pool | None = None
    replayed: int | None = None
    """Its replayed WAL position at the last poll (None: unknown, unreachable)."""
    fresh_as_of: float | None = None
    """Loop time of the newest primary position it had replayed."""
    error: str | None = None

    def lag(self, now: float) -> float | None:
        """Seconds behind the primary (None: unknown)."""
        if self.replayed is None or self.fresh_as_of is None:
            return None
        return max(0.0, now - self.fresh_as_of)


@dataclass
class Replicas:
    """The replicas of this process's event loop and what it knows of them."""

    replicas: list[Replica]
    primary: Callable[[], Awaitable[asyncpg.Pool]] = get_pool
    """The primary's pool (the process's pool to DATABASE_URL)."""
    _samples: deque[tuple[float, int]] = field(default_factory=deque[tuple[float, int]])
    _turn: itertools.count[int] = field(default_factory=itertools.count)
    _task: asyncio.Task[None] | None = None

    def choose(self, written: int = 0) -> asyncpg.Pool | None:
        """The pool of a replica that has replayed WAL position `written` and lags at most
        DATABASE_REPLICA_MAX_LAG_SECONDS (in turn), or None (read from the primary)."""
        now = asyncio.get_running_loop().time()
        bound = ENV.database_replica_max_lag_seconds
        usable = [
            r.pool
            for r in self.replicas
            if r.pool is not None
            and r.replayed is not None
            and r.replayed >= written
            and (lag := r.lag(now)) is not None
            and lag <= bound
        ]
        if not usable:
            return None
        return usable[next(self._turn) % len(usable)]

    def status(self) -> list[dict[str, Any]]:
        """Each replica for `/ready`: its URL (no password), its lag in seconds (None:
        unknown or unreachable), whether reads go to it now, and why not."""
        now = asyncio.get_running_loop().time()
        bound = ENV.database_replica_max_lag_seconds
        answer: list[dict[str, Any]] = []
        for r in self.replicas:
            lag = r.lag(now)
            entry: dict[str, Any] = {
                "url": hide_password(r.url),
                "lag_seconds": None if lag is None else round(lag, 3),
                "serving": lag is not None and lag <= bound and r.pool is not None,
            }
            if r.error is not None:
                entry["error"] = r.error
            answer.append(entry)
        return answer

    async def poll(self) -> None:
        """Read the primary's position, then each replica's (see the module)."""
        now = asyncio.get_running_loop().time()
        try:
            async with acquire(await self.primary()) as conn:
                position = int(await conn.fetchval(COMMIT_POSITION_SQL))
        except Exception as e:  # the primary away: the replicas' lags grow
            _LOG.warning("cannot read the primary's wal position", error=repr(e))
        else:
            self._samples.append((now, position))
        for replica in self.replicas:
            await self._poll_replica(replica)
        bound = ENV.database_replica_max_lag_seconds
        while len(self._samples) > 1 and self._samples[0][0] < now - 2 * bound - 1:
            self._samples.popleft()

    async def _poll_replica(self, replica: Replica) -> None:
        try:
            if replica.pool is None:
                replica.pool = await create_pool(replica.url)
            async with acquire(replica.pool) as conn:
                replayed = await conn.fetchval(REPLAY_POSITION_SQL)
        except Exception as e:
            replica.replayed, replica.error = None, repr(e)
            _LOG.warning("read replica unreachable", url=hide_password(replica.url), error=repr(e))
            return
        if not isinstance(replayed, int):
            replica.replayed, replica.error = None, "not a standby (not in recovery)"
            _LOG.warning("read replica is not a standby", url=hide_password(replica.url))
            return
        replica.replayed, replica.error = replayed, None
        for at, position in reversed(self._samples):
            if position <= replayed:
                replica.fresh_as_of = max(replica.fresh_as_of or at, at)
                break

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Watch the replicas from now on (a task of `loop`)."""
        self._task = loop.create_task(
            self._watch(),
            name="read replicas",
            context=contextvars.Context(),  # not the call's that asked first (its bulkhead)
        )

    async def _watch(self) -> None:
        while True:
            await self.poll()
            await asyncio.sleep(POLL_SECONDS)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for replica in self.replicas:
            if replica.pool is not None:
                pool, replica.pool = replica.pool, None
                try:
                    async with asyncio.timeout(5):
                        await pool.close()
                except TimeoutError:
                    pool.terminate()


_replicas: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Replicas] = (
    weakref.WeakKeyDictionary()
)


def get_replicas() -> Replicas | None:
    """The running loop's replicas (watched from the first call on), or None when
    DATABASE_REPLICA_URLS is empty."""
    if not ENV.database_replica_urls:  # every call asks: nothing more without replicas
        return None
    loop = asyncio.get_running_loop()
    replicas = _replicas.get(loop)
    if replicas is None:
        replicas = Replicas([Replica(url) for url in ENV.database_replicas])
        replicas.start(loop)
        _replicas[loop] = replicas
    return replicas


async def _close_replicas(loop: asyncio.AbstractEventLoop) -> None:
    replicas = _replicas.pop(loop, None)
    if replicas is not None:
        await replicas.close()


CLOSING.append(_close_replicas)


@dataclass
class Writes:
    """The WAL position of the last commit on the primary within `track_writes()`."""

    position: int = 0


_tracking: contextvars.ContextVar[Writes | None] = contextvars.ContextVar(
    "replica_writes", default=None
)


def track_writes() -> tuple[Writes, contextvars.Token[Writes | None]]:
    """Record the commit position of each transaction committed from here on (in this
    context) until `stop_tracking(token)`."""
    writes = Writes()
    return writes, _tracking.set(writes)


def stop_tracking(token: contextvars.Token[Writes | None]) -> None:
    _tracking.reset(token)


async def record_commit(conn: asyncpg.Connection) -> None:
    """After a COMMIT on the primary: note its position if writes are being tracked."""
    writes = _tracking.get()
    if writes is not None:
        position = int(await conn.fetchval(COMMIT_POSITION_SQL))
        writes.position = max(writes.position, position)
