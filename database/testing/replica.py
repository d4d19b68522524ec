"""A real streaming replica for tests: a primary (an embedded Postgres of its own, one
migrated database `blossom`) and a hot standby made from it with `pg_basebackup -R`, both
on Unix sockets of their own.

    with streaming_replica(tmp_path) as pair:
        pair.primary_url, pair.standby_url      # the `blossom` database on each
        with replay_paused(pair):               # the standby stops replaying WAL
            ...
        await caught_up(pair)                   # the standby has replayed all the primary wrote
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString, cast

import psycopg

from database.connection import with_database
from database.embedded import EmbeddedPostgres
from database.replicas import COMMIT_POSITION_SQL, REPLAY_POSITION_SQL
from database.testing.databases import dedicated_cluster


@dataclass(frozen=True)
class Replicated:
    primary: EmbeddedPostgres
    primary_url: str
    standby: EmbeddedPostgres
    standby_url: str


@contextlib.contextmanager
def streaming_replica(directory: Path) -> Generator[Replicated, None, None]:
    """A primary with a migrated `blossom` database and a hot standby streaming from it;
    both destroyed at exit."""
    with dedicated_cluster(directory / "primary") as (primary, primary_url):
        standby = EmbeddedPostgres(directory / "standby", fast=True)
        try:
            standby.make_standby_of(primary)
            standby.ensure_running()
            yield Replicated(primary, primary_url, standby, with_database(standby.url(), "blossom"))
        finally:
            standby.destroy()


def _one(url: str, statement: LiteralString) -> object:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(statement).fetchone()
        return None if row is None else cast(object, row[0])


@contextlib.contextmanager
def replay_paused(pair: Replicated) -> Generator[None, None, None]:
    """While inside, the standby replays no WAL (`pg_wal_replay_pause()`): it serves what
    it had, however far the primary moves on."""
    _one(pair.standby_url, "SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        _one(pair.standby_url, "SELECT pg_wal_replay_resume()")


async def caught_up(pair: Replicated, *, seconds: float = 20) -> None:
    """Return once the standby has replayed everything the primary had written when
    called (TimeoutError after `seconds`)."""
    target = await asyncio.to_thread(_one, pair.primary_url, COMMIT_POSITION_SQL)
    assert isinstance(target, int)
    async with asyncio.timeout(seconds):
        while True:
            replayed = await asyncio.to_thread(_one, pair.standby_url, REPLAY_POSITION_SQL)
            if isinstance(replayed, int) and replayed >= target:
                return
            await asyncio.sleep(0.05)
