"""What happens around every request: request id, security and CORS headers, access log.

- The request id (`X-Request-ID`, see `foundation.rpc.request_id`) is bound into the log
  context for the request and echoed on the response.
- Every response gets `X-Content-Type-Options: nosniff`,
  `Referrer-Policy: strict-origin-when-cross-origin` and `Cache-Control: no-store` (the
  apps serve only API responses, none of which may be cached).
- CORS as described in `cors.py`.
- One access-log line per request: `request` with method, path, status, duration_ms.
- When the app starts serving (in each worker process): error reporting (SENTRY_DSN) and
  tracing (OTEL_EXPORTER_OTLP_ENDPOINT) if configured; flushed when it stops.

RPC calls are answered by `foundation.rpc.endpoint` outside Quart, so the same policy is
installed twice: as that endpoint's `ExchangeHooks` (`WebHooks`, headers as bytes, built
once) and as Quart's before/after hooks for everything else.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection

from quart import Quart, Response, g, request

from foundation.base.logs import bind_context, clear_context, get_logger, log_enabled
from foundation.base.observability.errors import init_error_reporting, stop_error_reporting
from foundation.base.observability.tracing import init_tracing, stop_tracing
from foundation.rpc.endpoint import ExchangeHooks, rpc_endpoint
from foundation.rpc.http import HTTPRequest, HTTPResponse, RawHeaders
from foundation.rpc.request_id import REQUEST_ID_HEADER
from foundation.rpc.responses import quart_response
from foundation.webserver.cors import cors_headers, preflight_answer
from foundation.webserver.request_id import current_request_id

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cache-Control": "no-store",
}
_FIXED: RawHeaders = [
    *((name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()),
    (b"vary", b"Origin"),
]
_REQUEST_ID_KEY = REQUEST_ID_HEADER.lower().encode()


def access_log(method: str, path: str, status: int, request_id: str, started: float) -> None:
    """The one `request` line of a request (`started`: `time.perf_counter()` at arrival)."""
    if not log_enabled(logging.INFO):
        return
    get_logger(__name__).info(
        "request",
        request_id=request_id,
        method=method,
        path=path,
        status=status,
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )


class WebHooks(ExchangeHooks):
    """The policy above for RPC exchanges; every constant header is encoded once."""

    def __init__(self, allowed: frozenset[str]) -> None:
        self.allowed = allowed
        self._cors = {origin: cors_headers(origin) for origin in allowed}

    def preflight(self, request: HTTPRequest) -> HTTPResponse | None:
        headers = request.headers
        return self.preflight_of(
            request.method, headers.get("origin"), headers.get("access-control-request-method")
        )

    def preflight_of(
        self, method: str, origin: str | None, requested_method: str | None
    ) -> HTTPResponse | None:
        """The answer to a CORS preflight (`OPTIONS` with an Origin and the method it asks
        for), None for any other request."""
        if method != "OPTIONS" or origin is None or requested_method is None:
            return None
        return preflight_answer(origin, self.allowed)

    def headers(self, request: HTTPRequest, request_id: str) -> RawHeaders:
        return self.response_headers(request_id, request.headers.get("origin"))

    def response_headers(self, request_id: str, origin: str | None) -> RawHeaders:
        """Every response's headers: request id, security headers, Vary, and CORS for an
        allowed `origin`."""
        headers = [(_REQUEST_ID_KEY, request_id.encode()), *_FIXED]
        if origin is not None:
            headers += self._cors.get(origin, ())
        return headers

    def finished(self, request: HTTPRequest, request_id: str, status: int, started: float) -> None:
        access_log(request.method, request.path, status, request_id, started)


def install_request_hooks(app: Quart, *, cors_origins: Collection[str]) -> None:
    """Register the hooks on `app`: on its RPC endpoint and as Quart's before/after/teardown
    hooks."""
    hooks = WebHooks(frozenset(cors_origins))
    rpc_endpoint(app).hooks = hooks

    async def before() -> Response | None:
        g.request_started = time.perf_counter()
        bind_context(request_id=current_request_id())
        headers = request.headers
        answer = hooks.preflight_of(
            request.method, headers.get("Origin"), headers.get("Access-Control-Request-Method")
        )
        return None if answer is None else quart_response(answer)

    async def after(response: Response) -> Response:
        request_id = current_request_id()
        for name, value in hooks.response_headers(request_id, request.headers.get("Origin")):
            if name == b"vary":
                response.vary.add(value.decode())  # beside any Vary of the response's own
            else:
                response.headers[name.decode()] = value.decode()
        started = g.get("request_started", time.perf_counter())
        access_log(request.method, request.path, response.status_code, request_id, started)
        return response

    async def teardown(_: BaseException | None) -> None:
        clear_context()

    app.before_request(before)
    app.after_request(after)
    app.teardown_request(teardown)

    async def start_observability() -> None:
        init_error_reporting()
        init_tracing(app.name)

    async def stop_observability() -> None:
        stop_tracing()
        stop_error_reporting()

    app.before_serving(start_observability)
    app.after_serving(stop_observability)
