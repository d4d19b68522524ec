"""Read replicas against a real streaming replica (`database.testing.replica`): what a
process knows of a standby (replayed position, lag), which pool reads get, the commit
position a write records, and a standby's refusal of writes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest

from database.pool import create_pool
from database.replicas import Replica, Replicas, stop_tracking, track_writes
from database.testing.replica import Replicated, caught_up, replay_paused, streaming_replica
from database.trouble import database_trouble
from database.xact import DATABASE
from foundation.base.errors import DatabaseUnavailableError
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts two Postgres servers: foundation/testing/timeouts.py


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicated]:
    with streaming_replica(tmp_path_factory.mktemp("replicas")) as pair:
        yield pair


@pytest.fixture
async def primary(pair: Replicated) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(pair.primary_url)
    try:
        yield pool
    finally:
        await pool.close()


def _watching(url: str, primary: asyncpg.Pool) -> Replicas:
    """Replicas of `primary` (not the test process's pool): `url` alone, polled by hand."""

    async def the_primary() -> asyncpg.Pool:
        return primary

    return Replicas([Replica(url)], primary=the_primary)


async def _write(pool: asyncpg.Pool) -> int:
    """Commit a transaction that writes WAL on the primary; its recorded commit position."""
    writes, token = track_writes()
    try:
        async with DATABASE.xact_admin(pool=pool) as q:
            await q.conn.execute("SELECT pg_logical_emit_message(true, 'replicas_test', 'x')")
    finally:
        stop_tracking(token)
    return writes.position


async def test_a_standby_reads_and_its_refusal_to_write_is_read_only_trouble(
    pair: Replicated,
) -> None:
    conn = await asyncpg.connect(pair.standby_url)
    try:
        assert await conn.fetchval("SELECT pg_is_in_recovery()") is True
        with pytest.raises(asyncpg.ReadOnlySQLTransactionError) as refused:
            await conn.execute("CREATE TABLE refused (id BIGINT)")
    finally:
        await conn.close()
    assert database_trouble(refused.value) == "read_only"


async def test_reads_go_to_a_replica_that_has_the_callers_write_and_lags_within_the_bound(
    pair: Replicated, primary: asyncpg.Pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, database_replica_max_lag_seconds=60)
    replicas = _watching(pair.standby_url, primary)
    try:
        await caught_up(pair)
        await replicas.poll()
        standby = replicas.replicas[0].pool
        assert standby is not None
        assert replicas.choose() is standby
        [status] = replicas.status()
        assert status["serving"] is True
        assert status["lag_seconds"] is not None

        with replay_paused(pair):
            written = await _write(primary)  # what the caller's cookie would carry
            assert written > 0
            await replicas.poll()
            # Read-your-writes: the standby has not replayed the caller's write.
            assert replicas.choose(written) is None
            assert replicas.choose() is standby  # others may read there: within the bound

            # Lagging beyond the bound: nobody reads there.
            override_env(monkeypatch, database_replica_max_lag_seconds=0.3)
            async with asyncio.timeout(10):
                while replicas.choose() is not None:
                    await asyncio.sleep(0.1)
                    await replicas.poll()
            [status] = replicas.status()
            assert status["serving"] is False
            assert status["lag_seconds"] > 0.3

        override_env(monkeypatch, database_replica_max_lag_seconds=60)
        await caught_up(pair)
        await replicas.poll()
        assert replicas.choose(written) is standby
    finally:
        await replicas.close()


async def test_an_unreachable_replica_serves_no_reads(
    pair: Replicated, primary: asyncpg.Pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, database_acquire_timeout_seconds=1)
    gone = pair.standby_url.replace("host=", "host=/nonexistent")
    replicas = _watching(gone, primary)
    try:
        await replicas.poll()
        assert replicas.choose() is None
        [status] = replicas.status()
        assert status["serving"] is False
        assert status["lag_seconds"] is None
        assert "error" in status
    finally:
        await replicas.close()


async def test_a_primary_listed_as_a_replica_serves_no_reads(
    pair: Replicated, primary: asyncpg.Pool
) -> None:
    replicas = _watching(pair.primary_url, primary)
    try:
        await replicas.poll()
        assert replicas.choose() is None
        assert replicas.status()[0]["error"] == "not a standby (not in recovery)"
    finally:
        await replicas.close()


async def test_a_read_the_standby_cancels_for_its_replay_is_busy_trouble(
    pair: Replicated, primary: asyncpg.Pool
) -> None:
    """A standby cancels a query holding back its replay (max_standby_streaming_delay):
    the client can only retry, a 503 (never a 500)."""
    standby = await asyncpg.connect(pair.standby_url)
    try:
        await standby.execute("ALTER SYSTEM SET max_standby_streaming_delay = 0")
        await standby.execute("SELECT pg_reload_conf()")
        async with primary.acquire() as conn:
            await conn.execute("CREATE TABLE recovery_conflict (id BIGINT)")
            await conn.execute("INSERT INTO recovery_conflict SELECT generate_series(1, 100)")
        await caught_up(pair)
        # A read still running when the standby replays the removal of rows it sees.
        reading = asyncio.ensure_future(
            standby.fetchval(
                "SELECT count(*) FROM recovery_conflict CROSS JOIN LATERAL pg_sleep(0.2)"
            )
        )
        watcher = await asyncpg.connect(pair.standby_url)
        try:
            async with asyncio.timeout(10):
                while True:
                    if await watcher.fetchval(
                        "SELECT EXISTS (SELECT 1 FROM pg_stat_activity"
                        " WHERE query LIKE '%LATERAL pg_sleep%' AND state = 'active'"
                        " AND pid <> pg_backend_pid())"
                    ):
                        break
                    await asyncio.sleep(0.02)
        finally:
            await watcher.close()
        async with primary.acquire() as conn:  # removes rows the running read sees
            await conn.execute("DELETE FROM recovery_conflict")
            await conn.execute("VACUUM recovery_conflict")
        with pytest.raises(asyncpg.SerializationError) as cancelled:
            await reading
        assert database_trouble(cancelled.value) == "busy", repr(cancelled.value)
    finally:
        standby.terminate()
        async with primary.acquire() as conn:
            await conn.execute("DROP TABLE IF EXISTS recovery_conflict")
        reset = await asyncpg.connect(pair.standby_url)
        try:
            await reset.execute("ALTER SYSTEM RESET max_standby_streaming_delay")
            await reset.execute("SELECT pg_reload_conf()")
        finally:
            await reset.close()


async def test_without_the_primarys_position_a_replica_grows_stale(
    pair: Replicated, primary: asyncpg.Pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The primary unreachable: no new position to be fresh as of, so a replica's lag
    grows until it stops serving (reads then go to the primary, which answers 503)."""
    override_env(monkeypatch, database_replica_max_lag_seconds=60)
    reachable = True

    async def the_primary() -> asyncpg.Pool:
        if not reachable:
            raise DatabaseUnavailableError("no postgres connection")
        return primary

    replicas = Replicas([Replica(pair.standby_url)], primary=the_primary)
    try:
        await caught_up(pair)
        await replicas.poll()
        assert replicas.choose() is not None
        reachable = False
        override_env(monkeypatch, database_replica_max_lag_seconds=0.3)
        async with asyncio.timeout(10):
            while True:
                await replicas.poll()
                if replicas.choose() is None:
                    break
                await asyncio.sleep(0.1)
        assert replicas.status()[0]["lag_seconds"] > 0.3
    finally:
        await replicas.close()
