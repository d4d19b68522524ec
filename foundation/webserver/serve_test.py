"""`serve`: hypercorn settings, and a real process stopping cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import math
import signal
import socket
import sys

import httpx
import pytest

from foundation.base import strict_json
from foundation.base.env import ENV, reload_env
from foundation.base.errors import ConfigurationError
from foundation.base.paths import REPO_ROOT
from foundation.testing.sample_app import SAMPLE_VERSION, sample_app
from foundation.testing.server import serve_in_background
from foundation.testing.timeouts import STARTS_PROCESSES
from foundation.webserver.serve import hypercorn_config, serve

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

_SERVE_SAMPLE = (
    "import sys; from foundation.webserver.serve import serve; "
    "from foundation.testing.sample_app import sample_app; "
    "sys.exit(serve(sample_app(), host='127.0.0.1', port=int(sys.argv[1]), workers=1))"
)


def test_hypercorn_config() -> None:
    config = hypercorn_config(host="127.0.0.1", port=4000, workers=3)
    assert config.bind == ["127.0.0.1:4000"]
    assert (config.workers, config.worker_class) == (3, "uvloop")
    assert config.graceful_timeout == ENV.web_shutdown_grace_seconds
    assert config.accesslog is None and not config.include_server_header
    assert config.read_timeout == math.ceil(ENV.rpc_body_timeout_seconds)
    assert hypercorn_config(host="::1", port=1, grace_seconds=0.5).bind == ["[::1]:1"]
    assert hypercorn_config(host="::1", port=1, grace_seconds=0.5).graceful_timeout == 0.5


def test_several_workers_need_an_import_path() -> None:
    with pytest.raises(ConfigurationError, match="app_path"):
        serve(sample_app(), port=1, workers=2)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _wait_for_ping(url: str, process: asyncio.subprocess.Process) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        while True:
            if process.returncode is not None:
                raise AssertionError("the server exited before answering")
            try:
                return await http.get(url)
            except httpx.ConnectError:
                await asyncio.sleep(0.05)


async def test_a_served_process_answers_and_stops_on_sigterm() -> None:
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _SERVE_SAMPLE,
        str(port),
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(60):
            ping = await _wait_for_ping(f"http://127.0.0.1:{port}/ping", process)
        assert ping.json() == {"ok": True, "version": SAMPLE_VERSION, "database": "ok"}
        process.send_signal(signal.SIGTERM)
        _, stderr = await process.communicate()
        assert process.returncode == 0, stderr.decode()
        assert b"stopped serving" in stderr
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_a_body_trickling_in_gets_a_408_when_its_time_is_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Headers arrive, then one byte of a promised 100 and nothing more (slowloris): the
    server answers 408 once RPC_BODY_TIMEOUT_SECONDS have passed, and closes."""
    monkeypatch.setenv("RPC_BODY_TIMEOUT_SECONDS", "0.3")
    reload_env()
    try:
        async with serve_in_background(sample_app()) as base_url:
            host, port = base_url.removeprefix("http://").split(":")
            reader, writer = await asyncio.open_connection(host, int(port))
            writer.write(
                b"POST /rpc/order_echo HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
            )
            await writer.drain()
            async with asyncio.timeout(30):  # a bound for the test, not a speed claim
                answer = await reader.read()  # until the server closes
            writer.close()
    finally:
        monkeypatch.undo()
        reload_env()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), answer
    assert strict_json.loads(body) == {
        "error": "RequestTimeoutError",
        "data": {"timeout_seconds": 0.3},
    }
