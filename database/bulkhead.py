"""Bulkheads: the calls of one route may hold at most a share of the pool at once.

    token = enter_route("product", "organization_members_list")   # the around hook
    try:
        ...                       # every `acquire` of the call counts toward the route
    finally:
        leave_route(token)

Each route (by app and name, per pool: per process and event loop) has
max(1, DATABASE_ROUTE_MAX_SHARE x the pool's size) slots; 1 turns the bound off. A call
takes its route's slot when it takes its first pooled connection and gives it back when
it holds none any more, so one call never needs two slots: connections it nests (a
handler's own `xact_admin()` inside the framework's transaction) ride on the slot it
holds, and a `hold=False` route holds the slot only while one of its short
transactions is open. A call that finds every slot of its route taken (its other calls
stuck on a locked table) waits for one within DATABASE_ACQUIRE_TIMEOUT_SECONDS (the wait
for the connection included), then gets `DatabaseUnavailableError` (503 with
Retry-After), counted in `blossom_db_bulkhead_refused_total`; the rest of the pool stays
with the other routes.
"""

from __future__ import annotations

import asyncio
import contextvars
import math
import time

import asyncpg

from foundation.base.deadlines import deadlines
from foundation.base.env import ENV
from foundation.base.errors import DatabaseUnavailableError
from foundation.base.observability.metrics import metric_count


class Bulkhead:
    """The slots of one route: `limit` of its calls may hold pooled connections at once
    (`semaphore` None: unbounded, the share covers the whole pool)."""

    __slots__ = ("limit", "semaphore")

    def __init__(self, limit: int, pool_size: int) -> None:
        self.limit = limit
        self.semaphore = asyncio.Semaphore(limit) if limit < pool_size else None


def route_limit(share: float, pool_size: int) -> int:
    """The slots of a route: `share` of `pool_size`, rounded down, at least 1."""
    return max(1, math.floor(share * pool_size + 1e-9))


_bulkheads: dict[asyncpg.Pool, dict[tuple[str, str], Bulkhead]] = {}


def _bulkhead(pool: asyncpg.Pool, app: str, rpc: str) -> Bulkhead:
    routes = _bulkheads.get(pool)
    if routes is None:
        routes = _bulkheads[pool] = {}
    bulkhead = routes.get((app, rpc))
    if bulkhead is None:
        size = pool.get_max_size()
        bulkhead = Bulkhead(route_limit(ENV.database_route_max_share, size), size)
        routes[(app, rpc)] = bulkhead
    return bulkhead


def forget_bulkheads(pool: asyncpg.Pool) -> None:
    """Drop the bulkheads of `pool` (closing it)."""
    _bulkheads.pop(pool, None)


class RouteCall:
    """One call's hold on its route's slot: taken by its first pooled connection, given
    back when it holds none (`users` counts the connections it holds; `permits`, the
    slots: more than one only if connections opened concurrently both waited)."""

    __slots__ = ("app", "bulkhead", "permits", "rpc", "users")

    def __init__(self, app: str, rpc: str) -> None:
        self.app = app
        self.rpc = rpc
        self.bulkhead: Bulkhead | None = None
        self.users = 0
        self.permits = 0

    async def enter(self, pool: asyncpg.Pool, seconds: float) -> float:
        """Hold the route's slot for one more connection (waiting for it if the call
        holds none yet); what is left of `seconds` (the acquire timeout) for the
        connection itself."""
        if self.users:  # a connection of this call holds the slot already
            self.users += 1
            return seconds
        bulkhead = self.bulkhead or _bulkhead(pool, self.app, self.rpc)
        self.bulkhead = bulkhead
        semaphore = bulkhead.semaphore
        if semaphore is None:
            self.users += 1
            return seconds
        if not semaphore.locked():
            await semaphore.acquire()  # returns at once
        else:
            started = time.monotonic()
            try:
                async with deadlines().deadline(seconds):  # no timer of its own per wait
                    await semaphore.acquire()
            except TimeoutError:
                metric_count("db_bulkhead_refused_total", app=self.app, rpc=self.rpc)
                raise DatabaseUnavailableError(
                    "the route holds its whole share of the pool",
                    rpc=self.rpc,
                    slots=bulkhead.limit,
                    timeout_seconds=seconds,
                ) from None
            seconds = max(seconds - (time.monotonic() - started), 0.001)
        self.permits += 1
        self.users += 1
        return seconds

    def leave(self) -> None:
        """One connection of the call went back to the pool; the last gives the slot back."""
        self.users -= 1
        if self.users == 0 and self.permits:
            semaphore = self.bulkhead.semaphore if self.bulkhead is not None else None
            if semaphore is not None:
                for _ in range(self.permits):
                    semaphore.release()
            self.permits = 0


_CALL: contextvars.ContextVar[RouteCall | None] = contextvars.ContextVar("route_call", default=None)


def enter_route(app: str, rpc: str) -> contextvars.Token[RouteCall | None]:
    """From here on (in this task and those it starts), pooled connections count toward
    the route `rpc` of `app`; undo with `leave_route(token)`."""
    return _CALL.set(RouteCall(app, rpc))


def leave_route(token: contextvars.Token[RouteCall | None]) -> None:
    """The call of `enter_route` is over: connections count toward no route again."""
    _CALL.reset(token)


def current_route_call() -> RouteCall | None:
    """The route call whose share a connection taken now counts toward, if any."""
    return _CALL.get()
