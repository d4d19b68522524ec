"""`Router`: the RPCs of one app, served as `/rpc/<name>` by an `RPCEndpoint`.

    router = Router("product", around=product_around, errors=(ForbiddenError,))
    router.include(user_fetch, user_update)
    endpoint.mount(router)

`around` wraps every call (`async def around(route, req, call) -> output`): the app layer
authenticates there, opens the transaction and hands the handler its own `Req` subclass.
`errors` are errors every route of the router may raise (typically from `around`), in
addition to the standard ones. `routes()` describes every RPC for codegen and docs;
`app_routes(routers)` and `app_errors(routes)` do so for a whole app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, cast

from foundation.base.env import ENV
from foundation.rpc.dispatch import Around
from foundation.rpc.errors import STANDARD_ERRORS, RouteDefinitionError, RPCError
from foundation.rpc.route import Access, AnyRoute, MethodEnum, Route, is_error_class

RPC_PREFIX = "/rpc/"


@dataclass(frozen=True, slots=True)
class RouteInfo:
    """What a client needs to know about one RPC."""

    name: str
    method: MethodEnum
    path: str
    input_type: Any
    output_type: Any
    errors: tuple[type[RPCError], ...]
    """Declared, router-wide and standard errors, without repeats."""
    timeout: float
    access: Access | None
    docstring: str | None
    route: AnyRoute


class Router:
    """A named set of routes sharing an `around` hook."""

    def __init__(
        self,
        app_name: str,
        *,
        around: Around | None = None,
        errors: Iterable[type[RPCError]] = (),
    ) -> None:
        self.app_name = app_name
        self.around = around
        self.errors = tuple(errors)
        self._routes: dict[str, AnyRoute] = {}
        for error in self.errors:
            if not is_error_class(error):
                raise RouteDefinitionError(
                    "router errors must be RPCError subclasses", app=app_name, error=error
                )

    def add(self, route: AnyRoute) -> AnyRoute:
        """Add one route; a second route with the same name is an error."""
        given = cast(object, route)  # checked as any value: callers may be untyped
        if not isinstance(given, Route):
            raise RouteDefinitionError(
                "only @route-decorated handlers can be added", app=self.app_name, value=route
            )
        if route.name in self._routes:
            raise RouteDefinitionError(
                "two routes share a name", app=self.app_name, route=route.name
            )
        self._routes[route.name] = route
        return route

    def include(self, *routes: AnyRoute) -> Router:
        """Add several routes (returns the router, for chaining)."""
        for r in routes:
            self.add(r)
        return self

    def get(self, name: str) -> AnyRoute | None:
        return self._routes.get(name)

    def routes(self) -> list[RouteInfo]:
        """Every route, sorted by name, with its effective errors and timeout."""
        return [self.describe(self._routes[name]) for name in sorted(self._routes)]

    def describe(self, route: AnyRoute) -> RouteInfo:
        errors = tuple(dict.fromkeys((*route.errors, *self.errors, *STANDARD_ERRORS)))
        return RouteInfo(
            name=route.name,
            method=route.method,
            path=RPC_PREFIX + route.name,
            input_type=route.input_type,
            output_type=route.output_type,
            errors=errors,
            timeout=route.timeout if route.timeout is not None else ENV.rpc_timeout_seconds,
            access=route.access,
            docstring=route.docstring,
            route=route,
        )


def app_routes(routers: Iterable[Router]) -> list[RouteInfo]:
    """Every route of an app's routers, sorted by name."""
    return sorted((info for router in routers for info in router.routes()), key=attrgetter("name"))


def app_errors(routes: Iterable[RouteInfo]) -> dict[str, type[RPCError]]:
    """Every error `routes` may answer, by name (sorted). On the wire an error is its class
    name, so two different classes with one name are refused: clients could not tell them
    apart."""
    errors: dict[str, type[RPCError]] = {}
    for info in routes:
        for error in info.errors:
            if errors.setdefault(error.__name__, error) is not error:
                raise RouteDefinitionError(
                    "two different errors share a name", name=error.__name__, rpc=info.name
                )
    return dict(sorted(errors.items()))


__all__ = ["RPC_PREFIX", "RouteInfo", "Router", "app_errors", "app_routes"]
