"""JSON answers for everything outside an RPC: unknown paths, wrong methods, crashes.

Every response of our apps is JSON in the RPC error shape, including Quart's own HTTP
errors, so clients and logs never see an HTML error page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from quart import Quart, Response, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from foundation.base.observability.errors import report_error
from foundation.rpc.errors import MethodNotAllowedError, RPCError, RPCNotFoundError, UnknownError
from foundation.rpc.responses import error_response, json_response
from foundation.rpc.router import RPC_PREFIX
from foundation.webserver.request_id import current_request_id


@dataclass
class PathNotFoundError(RPCError):
    """Nothing is served at this path (outside `/rpc/`)."""

    status: ClassVar[int] = 404
    path: str


@dataclass
class OriginNotAllowedError(RPCError):
    """A CORS preflight from an origin that is not in CORS_ORIGINS."""

    status: ClassVar[int] = 403
    origin: str


def install_error_handlers(app: Quart) -> None:
    """Answer Quart's HTTP errors and unexpected exceptions with JSON."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


async def _http_error(error: HTTPException) -> Response:
    if isinstance(error, NotFound):
        if request.path.startswith(RPC_PREFIX):
            return error_response(RPCNotFoundError(name=request.path[len(RPC_PREFIX) :][:200]))
        return error_response(PathNotFoundError(path=request.path[:200]))
    if isinstance(error, MethodNotAllowed):
        return error_response(MethodNotAllowedError(allowed=sorted(error.valid_methods or [])))
    code = error.code or 500
    return json_response({"error": "HTTPError", "data": {"status": code}}, code)


async def _unexpected_error(error: Exception) -> Response:
    request_id = current_request_id()
    report_error(error, "request failed", request_id=request_id, path=request.path)
    return error_response(UnknownError(request_id=request_id))
