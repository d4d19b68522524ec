"""`/ready` (readiness) beside `/ping` (liveness), and the schema check at start-up: real
server processes on real databases (an empty one is a schema behind; one migrated by a
"newer version" is ahead)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from quart import Quart

from database.connection import direct_database_url, drop_database
from database.migrate import migrate, schema_status
from database.testing.databases import clone_database, ensure_template, scratch_database
from foundation.base import strict_json
from foundation.base.deadlines import deadlines
from foundation.base.paths import REPO_ROOT
from foundation.rpc import dispatch
from foundation.testing.live_server import free_port, live_server
from foundation.testing.sample_app import sample_app
from foundation.testing.settings import process_env
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

SERVE = ["-m", "foundation.testing.drain_app"]
SERVE_PRODUCT = [sys.executable, "-m", "cli.main", "product", "serve"]


@pytest.fixture(scope="module")
def app() -> Quart:
    return sample_app()


async def _get(app: Quart, path: str) -> tuple[int, object]:
    response = await app.test_client().get(path)
    return response.status_code, strict_json.loads(await response.get_data())


async def test_ready_answers_200_when_the_database_and_schema_are_fit(app: Quart) -> None:
    assert await _get(app, "/ready") == (
        200,
        {"ok": True, "database": "ok", "schema": "current", "draining": False},
    )


async def test_a_draining_server_is_not_ready_but_alive(
    app: Quart, monkeypatch: pytest.MonkeyPatch
) -> None:
    # put back after the test (the drain state is the process's, private to dispatch)
    monkeypatch.setattr(dispatch._Drain, "deadline", None)  # pyright: ignore[reportPrivateUsage]
    monkeypatch.setattr(deadlines(), "limit", None)
    dispatch.begin_drain(3600)
    assert await _get(app, "/ready") == (
        503,
        {
            "error": "NotReadyError",
            "data": {"database": "ok", "schema": "current", "draining": True},
        },
    )
    assert (await _get(app, "/ping"))[0] == 200


async def test_an_unreachable_database_is_not_ready_but_alive() -> None:
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    env = {"DATABASE_URL": "postgresql://app:pw@127.0.0.1:1/blossom", "LOG_FORMAT": "json"}
    with live_server(SERVE, env) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            ping = await http.get("/ping")
            ready = await http.get("/ready")
        assert "database unreachable at start" in server.output()
    assert (ping.status_code, ping.json()["database"]) == (200, "unavailable")
    assert ready.status_code == 503
    assert ready.json() == {
        "error": "NotReadyError",
        "data": {"database": "unavailable", "schema": "unknown", "draining": False},
    }


async def test_a_schema_behind_is_not_ready_in_tests_and_migrated_in_development() -> None:
    with scratch_database("blossom_behind") as url:
        with live_server(SERVE, {"DATABASE_URL": url, "LOG_FORMAT": "json"}) as server:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
                ready = await http.get("/ready")
            assert "database schema is behind" in server.output()
        assert ready.status_code == 503
        assert ready.json()["data"] == {"database": "ok", "schema": "behind", "draining": False}
        assert (await schema_status(url)).behind
        env = {"DATABASE_URL": url, "LOG_FORMAT": "json", "BLOSSOM_ENV": "development"}
        with live_server(SERVE, env) as server:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
                ready = await http.get("/ready")
        assert ready.status_code == 200, ready.text
        assert ready.json()["schema"] == "current"
        assert not (await schema_status(url)).behind


def test_production_refuses_to_serve_a_schema_behind_naming_the_command() -> None:
    key = base64.b64encode(b"k" * 32).decode()
    with scratch_database("blossom_behind") as url:
        result = subprocess.run(
            [*SERVE_PRODUCT, "--host", "127.0.0.1", "--port", str(free_port())],
            cwd=REPO_ROOT,
            env=process_env(
                {
                    "BLOSSOM_ENV": "production",
                    "DATABASE_URL": url,
                    "SESSION_SECRET": "p" * 40,
                    "VAULT_KEYS": f"prod:{key}",
                    "LOG_FORMAT": "json",
                }
            ),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert asyncio.run(schema_status(url)).behind  # nothing was migrated
    assert result.returncode == 2, result.stderr
    error = json.loads(result.stderr.strip().splitlines()[-1])  # production: JSON lines
    assert error["level"] == "error", error
    assert error["message"].startswith("the database schema is behind this version ("), error
    assert "run `blossom db migrate`" in error["message"]


@pytest.fixture
def schema_ahead(tmp_path: Path) -> Iterator[str]:
    """A database migrated by a "newer version": ours plus one migration we do not ship."""
    server_url = direct_database_url()
    name = f"blossom_ahead_{os.getpid()}"
    url = clone_database(server_url, ensure_template(server_url), name)
    (tmp_path / "9999_from_the_future.sql").write_text("-- a newer version's\nSELECT 1;\n")
    try:
        migrate(url, progress=lambda _: None, write_schema=False, directory=tmp_path)
        yield url
    finally:
        drop_database(server_url, name)


async def test_a_schema_ahead_serves_and_says_so(schema_ahead: str) -> None:
    with live_server(SERVE, {"DATABASE_URL": schema_ahead, "LOG_FORMAT": "json"}) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            ready = await http.get("/ready")
        output = server.output()
    assert ready.status_code == 200, ready.text
    assert ready.json()["schema"] == "ahead"
    assert "database schema is ahead of this version" in output
    assert "9999_from_the_future" in output
