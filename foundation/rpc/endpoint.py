"""`/rpc/<name>` answered at the ASGI level, in front of the rest of the app.

Per request, Quart spends two tasks and an `asyncio.wait` (a body receiver beside the
handler), a request and an app context, werkzeug's header and response objects, its
before/after hooks and signals, one more task for the response timeout and three send
messages. An RPC needs none of that: its input, output and errors are typed and its
headers are known at mount time. So `RPCEndpoint` is an ASGI callable in front of
another (`inner`, the web server's Quart app): a request to a mounted route is answered
right here, in the server's task, by `dispatch`, and sent as one start and one body
message; everything else (`/ping`, the docs, the console, unknown paths) goes on to
`inner`. This package knows nothing of Quart (an import contract says so).

What surrounds every exchange (the request id, security and CORS headers, preflights,
the access log, a crash answered as JSON) is one ASGI middleware around the whole app,
`foundation.webserver.exchange`; it hands the request id down in the scope
(`REQUEST_ID_SCOPE_KEY`). Without it, the endpoint decides the id itself.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from foundation.rpc.dispatch import Around, RouteMetrics, dispatch
from foundation.rpc.errors import RouteDefinitionError, RPCError
from foundation.rpc.http import (
    ASGIApp,
    ClientDisconnectedError,
    HTTPRequest,
    Receive,
    Send,
    send_response,
)
from foundation.rpc.request_id import REQUEST_ID_HEADER, REQUEST_ID_SCOPE_KEY, accept_request_id
from foundation.rpc.router import RPC_PREFIX, Router
from foundation.rpc.spec import AnyRoute
from foundation.rpc.streams import send_stream


@dataclass(frozen=True, slots=True)
class Mounted:
    """A route as mounted: with its router's around hook and router-wide errors."""

    route: AnyRoute
    around: Around | None
    errors: tuple[type[RPCError], ...]
    metrics: RouteMetrics


class RPCEndpoint:
    """An ASGI callable: mounted RPCs here, the rest to `inner`."""

    def __init__(self, app_name: str, inner: ASGIApp) -> None:
        self.app_name = app_name
        self.inner = inner
        self.routes: dict[str, Mounted] = {}

    def mount(self, router: Router) -> None:
        """Serve `/rpc/<name>` for every route of `router` (names are unique per endpoint;
        every method reaches the route, so a wrong one gets the typed 405)."""
        for info in router.routes():
            if info.name in self.routes:
                raise RouteDefinitionError(
                    "two routes share a name", app=router.app_name, route=info.name
                )
            self.routes[info.name] = Mounted(
                info.route,
                router.around,
                router.errors,
                RouteMetrics.of(self.app_name, info.name),
            )

    def route(self, name: str) -> AnyRoute | None:
        """The mounted route called `name`, if any."""
        mounted = self.routes.get(name)
        return None if mounted is None else mounted.route

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
        request = HTTPRequest.from_scope(scope, receive)
        request_id = scope.get(REQUEST_ID_SCOPE_KEY)
        if request_id is None:
            request_id = accept_request_id(request.headers.get(REQUEST_ID_HEADER))
        try:
            response = await dispatch(
                mounted.route,
                mounted.around,
                mounted.errors,
                request,
                request_id,
                self.app_name,
                mounted.metrics,
            )
        except ClientDisconnectedError:
            return  # nobody is listening for an answer
        if response.stream is not None:  # a streamed route's success: chunks as they come
            await send_stream(
                send, response, response.stream, rpc=mounted.route.name, request_id=request_id
            )
            return
        await send_response(send, response)
