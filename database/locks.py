"""Postgres advisory locks keyed by a readable name.

    async with pg_advisory_lock(conn, "vault-rotate"):
        ...

The name is hashed to a stable signed 64-bit key (sha256), identical in every process,
so two workers or two CLI runs that take the same name exclude each other.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncGenerator, Generator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING

import asyncpg

if TYPE_CHECKING:
    import psycopg


def advisory_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@asynccontextmanager
async def pg_advisory_lock(conn: asyncpg.Connection, name: str) -> AsyncGenerator[None, None]:
    """Hold a session-level advisory lock on `conn` for the duration of the block.

    When the unlock cannot run (cancelled, connection broken), the connection is
    terminated so that the pool never hands out a connection still holding the lock.
    """
    key = advisory_key(name)
    # Waiting for the lock is the point: no lock_timeout or statement_timeout for it. A
    # session-level advisory lock outlives the transaction that takes it.
    await conn.execute("BEGIN; SET LOCAL lock_timeout = 0; SET LOCAL statement_timeout = 0")
    try:
        await conn.execute("SELECT pg_advisory_lock($1)", key)
    finally:
        await conn.execute("COMMIT")
    try:
        yield
    finally:
        try:
            await asyncio.shield(conn.execute("SELECT pg_advisory_unlock($1)", key))
        except BaseException:
            conn.terminate()
            raise


POLL_SECONDS = 0.05


@contextmanager
def pg_advisory_lock_sync(conn: psycopg.Connection, name: str) -> Generator[None, None, None]:
    """The same lock for synchronous (psycopg) code such as migrations, on an autocommit
    connection. It waits by polling `pg_try_advisory_lock`, idle between tries: a session
    blocked inside `pg_advisory_lock` is a running transaction, and a migration building
    an index CONCURRENTLY (0052) waits for every transaction of its database, so a second
    `migrate` queued that way and the first would wait for each other forever."""
    key = advisory_key(name)
    while not _taken(conn, key):
        time.sleep(POLL_SECONDS)
    try:
        yield
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (key,))


def _taken(conn: psycopg.Connection, key: int) -> bool:
    row = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
    return row is not None and bool(row[0])
