"""CORS for the browser frontend: exact origins from CORS_ORIGINS, with credentials.

An allowed origin gets `Access-Control-Allow-Origin: <origin>` and
`Access-Control-Allow-Credentials: true` (never `*`); other origins get no CORS headers,
so the browser blocks them. A preflight (`OPTIONS` with `Access-Control-Request-Method`)
from an allowed origin gets 204 with the allowed methods and headers; from any other
origin it gets 403 `OriginNotAllowedError`, which says plainly what is wrong.
"""

from __future__ import annotations

from collections.abc import Collection

from foundation.rpc.http import HTTPResponse, RawHeaders
from foundation.rpc.request_id import REQUEST_ID_HEADER
from foundation.rpc.responses import error_answer
from foundation.webserver.errors import OriginNotAllowedError

ALLOWED_METHODS = "GET, POST"
ALLOWED_HEADERS = f"Content-Type, {REQUEST_ID_HEADER}"
PREFLIGHT_MAX_AGE_SECONDS = 600
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    "Access-Control-Allow-Headers": ALLOWED_HEADERS,
    "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS),
}


def preflight_answer(origin: str, allowed: Collection[str]) -> HTTPResponse:
    """204 for an allowed origin (its CORS headers come with every response), else 403."""
    if origin not in allowed:
        return error_answer(OriginNotAllowedError(origin=origin[:200]))
    answer = HTTPResponse(204, b"")
    for name, value in PREFLIGHT_HEADERS.items():
        answer.add_header(name, value)
    return answer


def cors_headers(origin: str) -> RawHeaders:
    """What a response to allowed `origin` carries (every response also varies by Origin)."""
    return [
        (b"access-control-allow-origin", origin.encode("latin-1")),
        (b"access-control-allow-credentials", b"true"),
        (b"access-control-expose-headers", REQUEST_ID_HEADER.encode()),
    ]
