"""One GET straight through an app's ASGI callable, as the in-process benches call it:
plain dicts, no HTTP server, no test client and no timeout around it (what it costs is
what the bench measures)."""

from __future__ import annotations

from typing import Any

from foundation.testing.asgi import http_scope


async def get_status(app: Any, path: str, cookie: str) -> int:
    """GET `path` (with its query string, if any) sending `cookie`; the answer's status."""
    target, _, query = path.partition("?")
    scope = http_scope(
        "GET",
        target,
        [(b"cookie", cookie.encode()), (b"host", b"x")],
        query_string=query.encode(),
        client=("127.0.0.1", 5000),
    )
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status
