"""Calling RPCs of an app in-process (Quart's test client), for tests.

    client = RPCClient(app)
    res = await client.call("note_create", {"text": "hi"}, cookies={"session": token})
    assert res.status == 200 and res.data["text"] == "hi"
    assert res.error is None

The HTTP method defaults to the route's own (GET routes get `data` as query parameters).
No cookie jar: pass `cookies` per call, read `res.cookies` (Set-Cookie of the response;
a deleted cookie maps to "").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any, cast

from pydantic_core import to_jsonable_python
from quart import Quart
from quart.testing import QuartClient
from werkzeug.datastructures import Headers

from foundation.base import strict_json
from foundation.base.errors import InvalidInputError
from foundation.rpc.endpoint import RPCEndpoint
from foundation.rpc.http import JSON_MEDIA_TYPE
from foundation.rpc.router import RPC_PREFIX
from foundation.webserver.app import ENDPOINT_EXTENSION


@dataclass(slots=True)
class RPCResponse:
    """What an RPC answered."""

    status: int
    body: Any
    headers: Headers
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def error(self) -> str | None:
        """The error class name of an error response, else None."""
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), str):
            return self.body["error"]
        return None

    @property
    def data(self) -> Any:
        """The error's data for an error response, else the whole body (the output)."""
        if self.error is not None:
            return self.body.get("data")
        return self.body


class RPCClient:
    """Calls `/rpc/<name>` on `app` without a network."""

    def __init__(self, app: Quart) -> None:
        self.app = app
        self._client = cast(QuartClient, app.test_client(use_cookies=False))

    async def call(
        self,
        name: str,
        data: Any = None,
        *,
        method: str | None = None,
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> RPCResponse:
        """Call RPC `name` with `data` (a dict, dataclass or pydantic model, or None)."""
        method = method or self._method_of(name)
        request_headers = Headers(headers or {})
        if cookies:
            request_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        payload = to_jsonable_python(data)
        if method == "GET":
            response = await self._client.open(
                RPC_PREFIX + name,
                method="GET",
                headers=request_headers,
                query_string=_query(payload),
            )
        else:
            request_headers.setdefault("Content-Type", "application/json")
            body = b"" if payload is None else strict_json.dumps(payload).encode()
            response = await self._client.open(
                RPC_PREFIX + name, method=method, headers=request_headers, data=body
            )
        raw = await response.get_data(as_text=False)
        json = response.mimetype == JSON_MEDIA_TYPE or not raw
        return RPCResponse(
            status=response.status_code,
            # A streamed answer (CSV, JSON lines...) is its text.
            body=(strict_json.loads(raw) if raw else None) if json else raw.decode(),
            headers=response.headers,
            cookies=_set_cookies(response.headers.getlist("Set-Cookie")),
        )

    def _method_of(self, name: str) -> str:
        endpoint: RPCEndpoint = self.app.extensions[ENDPOINT_EXTENSION]
        route = endpoint.route(name)
        return route.method if route is not None else "POST"


def _query(payload: Any) -> dict[str, Any] | None:
    """Query parameters from a flat dict: lists repeat the key, booleans are true/false."""
    if payload is None:
        return None
    if not isinstance(payload, dict):
        raise InvalidInputError("get inputs are flat objects (a dict, dataclass or model)")

    def text(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    return {
        key: [text(v) for v in value] if isinstance(value, list) else text(value)
        for key, value in payload.items()
        if value is not None
    }


def _set_cookies(values: list[str]) -> dict[str, str]:
    """Cookie name -> value from Set-Cookie headers (an expired cookie has value "")."""
    cookies: dict[str, str] = {}
    for value in values:
        jar: SimpleCookie = SimpleCookie()
        jar.load(value)
        for name, morsel in jar.items():
            cookies[name] = morsel.value
    return cookies
