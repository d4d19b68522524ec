"""`/rpc/<name>` answered at the ASGI level, in front of Quart.

Per request, Quart spends two tasks and an `asyncio.wait` (a body receiver beside the
handler), a request and an app context, werkzeug's header and response objects, its
before/after hooks and signals, one more task for the response timeout and three send
messages. An RPC needs none of that: its input, output and errors are typed and its
headers are known at mount time. So `RPCEndpoint` wraps the app's ASGI callable
(`app.asgi_app`): a request to a mounted route is answered right here, in the server's
task, by `dispatch`, and sent as one start and one body message; everything else
(`/ping`, the docs, the console, unknown paths) goes on to Quart. The app stays a Quart
app: the same object is configured, served by hypercorn and driven by Quart's test
client, and both paths give the same answers.

What surrounds every exchange (the request id, security and CORS headers, CORS
preflights, the access log) is the `ExchangeHooks` the web server installs
(`foundation.webserver.hooks`); without them only the request id is echoed.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from quart import Quart

from foundation.base.logs import bind_context, clear_context
from foundation.base.observability.errors import report_error
from foundation.rpc.dispatch import Around, dispatch
from foundation.rpc.errors import RPCError, UnknownError
from foundation.rpc.http import (
    ClientDisconnectedError,
    HTTPRequest,
    HTTPResponse,
    RawHeaders,
    Receive,
    Send,
    send_response,
)
from foundation.rpc.request_id import REQUEST_ID_HEADER, accept_request_id
from foundation.rpc.responses import error_answer
from foundation.rpc.route import Route

RPC_PREFIX = "/rpc/"
ENDPOINT_EXTENSION = "blossom_rpc_endpoint"
"""`app.extensions[ENDPOINT_EXTENSION]`: the app's `RPCEndpoint`."""
_REQUEST_ID_KEY = REQUEST_ID_HEADER.lower().encode()


@dataclass(frozen=True, slots=True)
class Mounted:
    """A route as mounted: with its router's around hook and router-wide errors."""

    route: Route
    around: Around | None
    errors: tuple[type[RPCError], ...]


class ExchangeHooks:
    """What surrounds every RPC exchange of an app; this base only echoes the request id."""

    def preflight(self, request: HTTPRequest) -> HTTPResponse | None:  # noqa: ARG002
        """The answer to a CORS preflight, None for any other request."""
        return None

    def headers(self, request: HTTPRequest, request_id: str) -> RawHeaders:  # noqa: ARG002
        """Headers every answer carries."""
        return [(_REQUEST_ID_KEY, request_id.encode())]

    def finished(self, request: HTTPRequest, request_id: str, status: int, started: float) -> None:
        """Told of every answer sent (`started` is `time.perf_counter()` at arrival)."""


class RPCEndpoint:
    """The app's ASGI callable: mounted RPCs here, the rest to Quart (`inner`)."""

    def __init__(self, app_name: str, inner: Any) -> None:
        self.app_name = app_name
        self.inner = inner
        self.routes: dict[str, Mounted] = {}
        self.hooks = ExchangeHooks()

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            root = scope.get("root_path")
            if root and path.startswith(root):
                path = path[len(root) :]
            if path.startswith(RPC_PREFIX):
                mounted = self.routes.get(path[len(RPC_PREFIX) :])
                if mounted is not None:
                    await self._exchange(mounted, scope, receive, send)
                    return
        await self.inner(scope, receive, send)

    async def _exchange(
        self, mounted: Mounted, scope: MutableMapping[str, Any], receive: Receive, send: Send
    ) -> None:
        started = time.perf_counter()
        request = HTTPRequest.from_scope(scope, receive)
        request_id = accept_request_id(request.headers.get(REQUEST_ID_HEADER))
        bind_context(request_id=request_id)
        try:
            try:
                response = self.hooks.preflight(request)
                if response is None:
                    response = await dispatch(
                        mounted.route,
                        mounted.around,
                        mounted.errors,
                        request,
                        request_id,
                        self.app_name,
                    )
            except ClientDisconnectedError:
                return  # nobody is listening for an answer
            except Exception as error:  # a hook failed: a bug, answered like one
                report_error(error, "request failed", request_id=request_id, path=request.path)
                response = error_answer(UnknownError(request_id=request_id))
            await send_response(send, response, self.hooks.headers(request, request_id))
            self.hooks.finished(request, request_id, response.status, started)
        finally:
            clear_context()


def rpc_endpoint(app: Quart) -> RPCEndpoint:
    """The app's `RPCEndpoint`, put in front of Quart on first use."""
    endpoint = app.extensions.get(ENDPOINT_EXTENSION)
    if endpoint is None:
        endpoint = RPCEndpoint(app.name, app.asgi_app)
        app.asgi_app = endpoint  # type: ignore[method-assign]
        app.extensions[ENDPOINT_EXTENSION] = endpoint
    return endpoint
