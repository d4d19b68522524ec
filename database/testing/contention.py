"""Contention on purpose: another session holding a lock, as an operator's migration or a
stuck job would (fault-injection tests and `just chaos`)."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager

import psycopg
from psycopg import sql


@contextmanager
def table_locked(url: str, table: str) -> Generator[None, None, None]:
    """Hold an ACCESS EXCLUSIVE lock on `table` from a session of its own until the block
    ends: every statement touching the table waits meanwhile."""
    with psycopg.connect(url) as locker:
        locker.execute(
            sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(sql.Identifier(table))
        )
        yield


def lock_waiters(url: str) -> int:
    """How many sessions of `url`'s database are waiting for a lock right now."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE wait_event_type = 'Lock' AND datname = current_database()"
        ).fetchone()
    return int(row[0]) if row else 0
