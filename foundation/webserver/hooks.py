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
"""

from __future__ import annotations

import time
from collections.abc import Collection

from quart import Quart, Response, g, request

from foundation.logs import bind_context, clear_context, get_logger
from foundation.observability.errors import init_error_reporting, stop_error_reporting
from foundation.observability.tracing import init_tracing, stop_tracing
from foundation.rpc.request_id import REQUEST_ID_HEADER, current_request_id
from foundation.webserver.cors import add_cors_headers, is_preflight, preflight_response

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cache-Control": "no-store",
}


def install_request_hooks(app: Quart, *, cors_origins: Collection[str]) -> None:
    """Register the before/after/teardown hooks on `app`."""
    allowed = frozenset(cors_origins)

    async def before() -> Response | None:
        g.request_started = time.perf_counter()
        bind_context(request_id=current_request_id())
        if is_preflight(request):
            return preflight_response(request.headers["Origin"], allowed)
        return None

    async def after(response: Response) -> Response:
        request_id = current_request_id()
        response.headers[REQUEST_ID_HEADER] = request_id
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        add_cors_headers(response, request.headers.get("Origin"), allowed)
        started = g.get("request_started", time.perf_counter())
        get_logger(__name__).info(
            "request",
            request_id=request_id,
            method=request.method,
            path=request.path,
            status=response.status_code,
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
        )
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
