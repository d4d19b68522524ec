"""Graceful shutdown of a real server process (hypercorn, 1 or 2 workers): requests in
flight when SIGTERM arrives complete, whether the server alone or its whole process
group is signalled; past the grace period they get a JSON 503, and the process exits.
The longer runs and their figures: `uv run just chaos`."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import httpx
import pytest

from foundation.testing.drain_app import NAP_STARTED
from foundation.testing.live_server import LiveServer, live_server
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

SERVE = ["-m", "foundation.testing.drain_app"]
IN_FLIGHT = 8


async def _naps_in_flight(server: LiveServer, count: int) -> None:
    """Return once `count` naps have started (the server logs each): a barrier."""
    async with asyncio.timeout(60):
        while server.output().count(NAP_STARTED) < count:  # noqa: ASYNC110 (another process)
            await asyncio.sleep(0.01)


def _stop(server: LiveServer, whole_group: bool) -> None:
    if whole_group:
        os.killpg(server.process.pid, signal.SIGTERM)
    else:
        server.process.send_signal(signal.SIGTERM)


async def _exit_code(server: LiveServer) -> int:
    deadline = time.monotonic() + 60  # a bound for the test, not a speed claim
    while (code := server.process.poll()) is None:
        assert time.monotonic() < deadline, server.output()[-2000:]
        await asyncio.sleep(0.02)
    return code


@pytest.mark.parametrize(
    ("workers", "whole_group"),
    [(1, False), (2, False), (2, True)],
    ids=["1-worker", "2-workers-server-signalled", "2-workers-group-signalled"],
)
async def test_requests_in_flight_at_sigterm_complete(workers: int, whole_group: bool) -> None:
    env = {"WEB_SHUTDOWN_GRACE_SECONDS": "10", "LOG_FORMAT": "json"}
    with live_server([*SERVE, "--workers", str(workers)], env, own_process_group=True) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
            naps = [
                asyncio.ensure_future(http.post("/rpc/nap", json={"seconds": 0.5}))
                for _ in range(IN_FLIGHT)
            ]
            await _naps_in_flight(server, IN_FLIGHT)
            _stop(server, whole_group)
            answers = await asyncio.gather(*naps)
        assert [(a.status_code, a.json()) for a in answers] == [(200, 0.5)] * IN_FLIGHT
        assert await _exit_code(server) == 0, server.output()[-2000:]


async def test_requests_still_running_when_the_grace_period_ends_get_a_503() -> None:
    env = {"WEB_SHUTDOWN_GRACE_SECONDS": "1", "LOG_FORMAT": "json"}
    with live_server([*SERVE, "--workers", "2"], env, own_process_group=True) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
            naps = [
                asyncio.ensure_future(http.post("/rpc/nap", json={"seconds": 30}))
                for _ in range(IN_FLIGHT)
            ]
            await _naps_in_flight(server, IN_FLIGHT)
            _stop(server, whole_group=True)
            answers = await asyncio.gather(*naps)
        for answer in answers:
            assert answer.status_code == 503, answer.text
            assert answer.json() == {
                "error": "ServiceUnavailableError",
                "data": {"retry_after_seconds": 1},
            }
            assert answer.headers["Retry-After"] == "1"
        assert await _exit_code(server) == 0, server.output()[-2000:]


@pytest.mark.parametrize("reload", [False, True], ids=["workers", "reload"])
async def test_a_storm_of_stop_signals_stops_the_supervisor_cleanly(reload: bool) -> None:
    """Ctrl-C reaches the whole process group and `blossom dev` then sends SIGTERM too: a
    supervisor whose handler took a lock deadlocked when a signal arrived while it ran."""
    env = {"WEB_SHUTDOWN_GRACE_SECONDS": "2", "LOG_FORMAT": "json"}
    args = ["--reload"] if reload else ["--workers", "2"]
    with live_server([*SERVE, *args], env, own_process_group=True) as server:
        os.killpg(server.process.pid, signal.SIGINT)
        for index in range(3000):
            server.process.send_signal(signal.SIGTERM if index % 2 else signal.SIGINT)
        assert await _exit_code(server) == 0, server.output()[-2000:]
