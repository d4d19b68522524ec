"""Driving an ASGI callable with raw messages, as hypercorn would (no test client).

sent = await exchange(app, http_scope("POST", "/rpc/x", JSON_HEADERS), [body])
assert sent[0]["status"] == 200
"""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

JSON_HEADERS = [(b"content-type", b"application/json")]


def http_scope(
    method: str, path: str, headers: list[tuple[bytes, bytes]], **extra: Any
) -> dict[str, Any]:
    """An HTTP request's scope, as a server sends it (`extra` adds or replaces keys)."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("10.1.2.3", 5000),
        "server": ("127.0.0.1", 80),
        **extra,
    }


async def exchange(
    app: Any, scope: dict[str, Any], messages: list[dict[str, Any]]
) -> list[MutableMapping[str, Any]]:
    """Run one request through `app` (an ASGI callable); the messages it sent. After
    `messages`, `receive` waits, as a server's does until the client speaks."""
    inbox = list(messages)
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if inbox:
            return inbox.pop(0)
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    async with asyncio.timeout(10):
        await app(scope, receive, send)
    return sent
