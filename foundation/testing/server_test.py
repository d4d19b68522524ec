"""Real HTTP through hypercorn: ping, RPC calls, request ids, graceful shutdown."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from foundation.rpc import Req, Router, route
from foundation.testing.sample_app import SAMPLE_VERSION, sample_app
from foundation.testing.server import serve_in_background
from foundation.webserver.app import create_app

JSON_HEADERS = {"Content-Type": "application/json"}


@dataclass
class _Gate:
    """Lets a test hold a request inside its handler."""

    started: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)


_gate = _Gate()


@route("held")
async def held(req: Req[None]) -> None:
    _gate.started.set()
    await _gate.release.wait()


async def test_ping_rpc_and_request_id_over_real_http() -> None:
    async with (
        serve_in_background(sample_app()) as base_url,
        httpx.AsyncClient(base_url=base_url) as http,
    ):
        ping = await http.get("/ping")
        assert ping.status_code == 200
        assert ping.json() == {"ok": True, "version": SAMPLE_VERSION, "database": "ok"}

        res = await http.post(
            "/rpc/tally", json=["a", "a"], headers={"X-Request-ID": "real-http-001"}
        )
        assert (res.status_code, res.json()) == (200, {"a": 2})
        assert res.headers["X-Request-ID"] == "real-http-001"
        assert res.headers["Cache-Control"] == "no-store"
        assert "server" not in res.headers

        search = await http.get("/rpc/item_search", params={"query": "q", "tags": ["x", "y"]})
        assert search.json()["tags"] == ["x", "y"]


async def _release_once_refusing(base_url: str) -> None:
    """Release the held handler once the server no longer accepts connections."""
    address = urlsplit(base_url)
    while True:
        try:
            _, writer = await asyncio.open_connection(address.hostname, address.port)
        except ConnectionRefusedError:
            _gate.release.set()
            return
        writer.close()
        await writer.wait_closed()
        await asyncio.sleep(0.01)


async def test_in_flight_requests_finish_during_graceful_shutdown() -> None:
    global _gate
    _gate = _Gate()
    app = create_app("held", [Router("held").include(held)])
    async with httpx.AsyncClient() as http:
        async with serve_in_background(app) as base_url:
            in_flight = asyncio.create_task(http.post(f"{base_url}/rpc/held", headers=JSON_HEADERS))
            await _gate.started.wait()
            releaser = asyncio.create_task(_release_once_refusing(base_url))
        # The block has exited: the server stopped accepting, then waited for `held`.
        response = await in_flight
        await releaser
    assert (response.status_code, response.json()) == (200, {"ok": True})
