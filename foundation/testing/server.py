"""A real hypercorn server inside the test's event loop, for tests that need real HTTP.

    async with serve_in_background(app) as base_url:
        async with httpx.AsyncClient(base_url=base_url) as client:
            await client.get("/ping")

The server listens on 127.0.0.1 (a free port unless `port` is given) before the base
URL is handed out, and shuts down gracefully when the block exits: it stops accepting,
waits for in-flight requests (up to `grace_seconds`, default WEB_SHUTDOWN_GRACE_SECONDS)
and runs the app's shutdown hooks. An error of the server is raised at exit.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from hypercorn.asyncio.run import worker_serve
from hypercorn.utils import wrap_app
from quart import Quart

from foundation.webserver.serve import hypercorn_config

_HOST = "127.0.0.1"


@asynccontextmanager
async def serve_in_background(
    app: Quart, *, port: int = 0, grace_seconds: float | None = None
) -> AsyncIterator[str]:
    """Serve `app` until the block exits; yields the base URL `http://127.0.0.1:PORT`."""
    config = hypercorn_config(host=_HOST, port=port, grace_seconds=grace_seconds)
    sockets = config.create_sockets()
    listener = sockets.insecure_sockets[0]
    # Listen now, so connections made before hypercorn starts accepting wait in the backlog.
    listener.listen(config.backlog)
    bound_port = listener.getsockname()[1]
    stop = asyncio.Event()
    server = asyncio.create_task(
        worker_serve(
            wrap_app(app, config.wsgi_max_body_size, "asgi"),
            config,
            sockets=sockets,
            shutdown_trigger=stop.wait,
        ),
        name=f"hypercorn:{bound_port}",
    )
    try:
        yield f"http://{_HOST}:{bound_port}"
    finally:
        stop.set()
        try:
            await server
        finally:
            listener.close()


def fresh_address() -> str:
    """A client address no other test uses (a private IPv4 address, random)."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{n // 250 % 250}.{n // 62500 % 250 + 1}"


CLIENT_TIMEOUT_SECONDS = 60


def client_at(base_url: str, address: str) -> httpx.AsyncClient:
    """An HTTP client of the server at `base_url` that says it is `address` (as one
    trusted proxy would, in X-Forwarded-For: set WEB_TRUSTED_PROXIES=1), with cookies of
    its own, like one browser on one machine. Its timeout is a hang's, not httpx's 5 s
    (which a password hash on a loaded machine can pass)."""
    return httpx.AsyncClient(
        base_url=base_url, headers={"X-Forwarded-For": address}, timeout=CLIENT_TIMEOUT_SECONDS
    )
