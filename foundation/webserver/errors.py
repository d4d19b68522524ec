"""JSON answers for Quart's own HTTP errors: unknown paths, wrong methods, bodies too big.

Every response of our apps is JSON in the RPC error shape, so clients and logs never see
an HTML error page. A crash is not Quart's to answer: the app propagates it to the
exchange policy (`exchange.py`), which answers every crash of the app the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from quart import Quart, Response, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from foundation.rpc.errors import MethodNotAllowedError, RPCError, RPCNotFoundError
from foundation.rpc.router import RPC_PREFIX
from foundation.webserver.responses import error_response, json_response


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
    """Answer Quart's HTTP errors with JSON; let every other exception propagate to the
    exchange policy."""
    app.register_error_handler(HTTPException, _http_error)
    app.config["PROPAGATE_EXCEPTIONS"] = True


async def _http_error(error: HTTPException) -> Response:
    if isinstance(error, NotFound):
        if request.path.startswith(RPC_PREFIX):
            return error_response(RPCNotFoundError(name=request.path[len(RPC_PREFIX) :][:200]))
        return error_response(PathNotFoundError(path=request.path[:200]))
    if isinstance(error, MethodNotAllowed):
        return error_response(MethodNotAllowedError(allowed=sorted(error.valid_methods or [])))
    code = error.code or 500
    return json_response({"error": "HTTPError", "data": {"status": code}}, code)
