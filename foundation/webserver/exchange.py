"""The exchange policy: what surrounds every HTTP request, as one ASGI middleware.

    app.asgi_app = ExchangePolicy(RPCEndpoint(name, quart_asgi_app), cors_origins)

Installed once, around the whole application (the RPC endpoint and Quart behind it):

- The request id (`X-Request-ID`, see `foundation.rpc.request_id`): decided on arrival,
  handed down in the scope (`REQUEST_ID_SCOPE_KEY`), bound into the log context for the
  request and echoed on the response.
- Every response gets `X-Content-Type-Options: nosniff` and
  `Referrer-Policy: strict-origin-when-cross-origin` (replacing any the app set),
  `Vary: Origin` beside any Vary of its own, and `Cache-Control: no-store` unless the app
  set a caching policy of its own (API answers never do; the console's assets do).
- CORS as described in `cors.py`; a preflight is answered here, before the app.
- An exception escaping the app (a bug) is reported and answered as `UnknownError` with
  the request id, in the RPC error shape, when no response has started.
- One access-log line per answered request: `request` with method, path, status,
  duration_ms.

Every constant header is encoded once, at construction.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Iterable, MutableMapping
from typing import Any

from foundation.base.logs import bind_context, clear_context, info_line, log_enabled
from foundation.base.observability.errors import report_error
from foundation.rpc.errors import UnknownError
from foundation.rpc.http import ASGIApp, RawHeaders, Receive, Send, send_response
from foundation.rpc.request_id import REQUEST_ID_HEADER, REQUEST_ID_SCOPE_KEY, accept_request_id
from foundation.rpc.responses import error_answer
from foundation.rpc.streams import StreamBrokenError
from foundation.webserver.cors import cors_headers, preflight_answer

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
_FIXED: RawHeaders = [
    (name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
]
_REQUEST_ID_KEY = REQUEST_ID_HEADER.lower().encode()
_CACHE_CONTROL = b"cache-control"
_NO_STORE = (_CACHE_CONTROL, b"no-store")
_VARY = b"vary"
_ORIGIN = b"origin"
_REQUESTED_METHOD = b"access-control-request-method"
_REPLACED = frozenset({_REQUEST_ID_KEY, _VARY, *(name for name, _ in _FIXED)})
"""Headers of the app's own that the policy's replace (Vary is merged, not replaced)."""


def access_log(method: str, path: str, status: int, request_id: str, started: float) -> None:
    """The one `request` line of a request (`started`: `time.perf_counter()` at arrival)."""
    if not log_enabled(logging.INFO):
        return
    info_line(
        __name__,
        "request",
        request_id=request_id,
        method=method,
        path=path,
        status=status,
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )


class ExchangePolicy:
    """The ASGI middleware above, around `inner`; other scopes (lifespan) pass through."""

    def __init__(self, inner: ASGIApp, cors_origins: Collection[str]) -> None:
        self.inner = inner
        self.allowed = frozenset(cors_origins)
        self._cors = {origin.encode("latin-1"): cors_headers(origin) for origin in self.allowed}

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        started = time.perf_counter()
        candidate: str | None = None
        origin: bytes | None = None
        requested_method: bytes | None = None
        for name, value in scope["headers"]:
            name = name.lower()
            if name == _REQUEST_ID_KEY:
                candidate = value.decode("latin-1")
            elif name == _ORIGIN:
                origin = value
            elif name == _REQUESTED_METHOD:
                requested_method = value
        request_id = accept_request_id(candidate)
        scope[REQUEST_ID_SCOPE_KEY] = request_id
        bind_context(request_id=request_id)
        status = 0

        async def send_with_policy(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = self._headers(message.get("headers", ()), request_id, origin)
            await send(message)

        try:
            if scope["method"] == "OPTIONS" and origin is not None and requested_method:
                answer = preflight_answer(origin.decode("latin-1"), self.allowed)
                await send_response(send_with_policy, answer)
            else:
                try:
                    await self.inner(scope, receive, send_with_policy)
                except Exception as error:
                    if not isinstance(error, StreamBrokenError):  # that one was logged
                        report_error(
                            error, "request failed", request_id=request_id, path=scope["path"]
                        )
                    if status:
                        raise  # the answer is under way: the server breaks the connection
                    answer = error_answer(UnknownError(request_id=request_id))
                    await send_response(send_with_policy, answer)
            if status:
                access_log(scope["method"], scope["path"], status, request_id, started)
        finally:
            clear_context()

    def _headers(
        self, own: Iterable[tuple[bytes, bytes]], request_id: str, origin: bytes | None
    ) -> RawHeaders:
        """The response's headers with the policy's: the request id, the security headers,
        no-store unless the app set a caching policy, and CORS for an allowed `origin`;
        Vary gains Origin."""
        headers: RawHeaders = []
        vary: list[bytes] = []
        cached = False
        for name, value in own:
            lower = name.lower()
            if lower not in _REPLACED:
                headers.append((name, value))
                cached = cached or lower == _CACHE_CONTROL
            elif lower == _VARY:
                vary.append(value)
        headers.append((_REQUEST_ID_KEY, request_id.encode()))
        headers += _FIXED
        if not cached:
            headers.append(_NO_STORE)
        if vary and not any(b"origin" in v.lower() for v in vary):
            vary.append(b"Origin")
        headers.append((_VARY, b", ".join(vary) if vary else b"Origin"))
        if origin is not None:
            headers += self._cors.get(origin, ())
        return headers
