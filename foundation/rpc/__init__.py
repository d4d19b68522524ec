"""The typed RPC framework: `@route` handlers, `Req[In]`, `Router`, typed errors.

    @route("note_create", errors=(NoteTooLongError,))
    async def note_create(req: Req[NoteCreateIn]) -> NoteOut: ...

    router = Router("product").include(note_create)

Protocol: `POST /rpc/<name>` with a JSON body (GET with a query string for read-only
routes); 200 with the output as JSON, or `{"error": "<Class>", "data": {...}}` with the
error's status. See `dispatch.py` for the order of the checks.
"""

from foundation.rpc.dispatch import Around, Call
from foundation.rpc.errors import (
    STANDARD_ERRORS,
    InputValidationError,
    MethodNotAllowedError,
    RequestTooLargeError,
    RouteDefinitionError,
    RPCError,
    RPCNotFoundError,
    RPCTimeoutError,
    ServerJSONDeserializeError,
    UnauthorizedError,
    UnknownError,
    UnsupportedMediaTypeError,
)
from foundation.rpc.req import CookieChange, Req
from foundation.rpc.route import Access, AnyRoute, Route, route
from foundation.rpc.router import RouteInfo, Router

__all__ = [
    "STANDARD_ERRORS",
    "Access",
    "AnyRoute",
    "Around",
    "Call",
    "CookieChange",
    "InputValidationError",
    "MethodNotAllowedError",
    "RPCError",
    "RPCNotFoundError",
    "RPCTimeoutError",
    "Req",
    "RequestTooLargeError",
    "Route",
    "RouteDefinitionError",
    "RouteInfo",
    "Router",
    "ServerJSONDeserializeError",
    "UnauthorizedError",
    "UnknownError",
    "UnsupportedMediaTypeError",
    "route",
]
