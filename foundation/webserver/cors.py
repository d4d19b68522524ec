"""CORS for the browser frontend: exact origins from CORS_ORIGINS, with credentials.

An allowed origin gets `Access-Control-Allow-Origin: <origin>` and
`Access-Control-Allow-Credentials: true` (never `*`); other origins get no CORS headers,
so the browser blocks them. A preflight (`OPTIONS` with `Access-Control-Request-Method`)
from an allowed origin gets 204 with the allowed methods and headers; from any other
origin it gets 403 `OriginNotAllowedError`, which says plainly what is wrong.
"""

from __future__ import annotations

from collections.abc import Collection

from quart import Request, Response

from foundation.rpc.request_id import REQUEST_ID_HEADER
from foundation.rpc.responses import error_response
from foundation.webserver.errors import OriginNotAllowedError

ALLOWED_METHODS = "GET, POST"
ALLOWED_HEADERS = f"Content-Type, {REQUEST_ID_HEADER}"
PREFLIGHT_MAX_AGE_SECONDS = 600


def is_preflight(request: Request) -> bool:
    return (
        request.method == "OPTIONS"
        and "Origin" in request.headers
        and "Access-Control-Request-Method" in request.headers
    )


def preflight_response(origin: str, allowed: Collection[str]) -> Response:
    """204 for an allowed origin (headers added by `add_cors_headers`), else 403."""
    if origin not in allowed:
        return error_response(OriginNotAllowedError(origin=origin[:200]))
    response = Response("", status=204)
    response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_SECONDS)
    return response


def add_cors_headers(response: Response, origin: str | None, allowed: Collection[str]) -> None:
    """Echo an allowed origin; every response varies by Origin."""
    response.vary.add("Origin")
    if origin is None or origin not in allowed:
        return
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Allow-Credentials"] = "true"
    response.headers["Access-Control-Expose-Headers"] = REQUEST_ID_HEADER
