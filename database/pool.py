"""One asyncpg pool per process and event loop, with JSON/JSONB codecs.

`get_pool()` creates the pool for the running loop on first use. Connections speak
JSON through `foundation.json` (NaN and non-string keys refused), so jsonb columns take
and return plain Python values.
"""

from __future__ import annotations

import asyncio
import weakref

import asyncpg

from database.connection import database_url
from foundation import json
from foundation.env import ENV

_pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncpg.Pool] = (
    weakref.WeakKeyDictionary()
)
_creating: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


async def init_connection(conn: asyncpg.Connection) -> None:
    """Register our codecs on a new connection."""
    for name in ("json", "jsonb"):
        await conn.set_type_codec(
            name, schema="pg_catalog", encoder=json.dumps, decoder=json.loads, format="text"
        )


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
            pool = await asyncpg.create_pool(
                database_url(),
                min_size=ENV.database_pool_min_size,
                max_size=ENV.database_pool_max_size,
                init=init_connection,
            )
            _pools[loop] = pool
    return pool


async def close_pool() -> None:
    """Close the running loop's pool (on app shutdown and at the end of tests)."""
    loop = asyncio.get_running_loop()
    pool = _pools.pop(loop, None)
    if pool is not None:
        await pool.close()
