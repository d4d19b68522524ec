"""`Router`: unique names, introspection, mounting."""

from __future__ import annotations

from typing import Any

import pytest

from foundation.base.env import ENV
from foundation.rpc import (
    STANDARD_ERRORS,
    Access,
    Req,
    RouteDefinitionError,
    Router,
    UnauthorizedError,
    route,
)
from foundation.testing.sample_app import (
    InsufficientFundsError,
    OrderIn,
    OrderOut,
    item_search,
    nothing,
    order_echo,
    sample_router,
    slow,
    whoami,
    withdraw,
)


async def _nothing_again(req: Req[None]) -> None:
    return None


def test_duplicate_names_are_rejected_when_building() -> None:
    twin = route("nothing")(_nothing_again)
    with pytest.raises(RouteDefinitionError, match="two routes share a name"):
        Router("x").include(nothing, twin)


def test_only_routes_can_be_added() -> None:
    with pytest.raises(RouteDefinitionError, match="@route"):
        Router("x").add(_nothing_again)  # type: ignore[arg-type]


def test_router_errors_must_be_rpc_errors() -> None:
    with pytest.raises(RouteDefinitionError, match="RPCError subclasses"):
        Router("x", errors=(KeyError,))  # type: ignore[arg-type]


def test_routes_are_described_sorted_by_name() -> None:
    infos = sample_router().routes()
    names = [info.name for info in infos]
    assert names == sorted(names) and "order_echo" in names
    echo = next(info for info in infos if info.name == "order_echo")
    assert (echo.method, echo.path) == ("POST", "/rpc/order_echo")
    assert (echo.input_type, echo.output_type) == (OrderIn, OrderOut)
    assert echo.access == Access(authorization="public", signed_in=False)
    assert echo.docstring == "Return the order with its total quantity."
    assert echo.timeout == ENV.rpc_timeout_seconds
    assert echo.errors == STANDARD_ERRORS
    assert echo.route is order_echo


def test_descriptions_list_declared_router_and_standard_errors_once() -> None:
    router = Router("x", errors=(InsufficientFundsError, UnauthorizedError))
    router.include(withdraw, slow, item_search, whoami)
    info = {i.name: i for i in router.routes()}
    assert info["withdraw"].errors[0] is InsufficientFundsError
    assert set(info["withdraw"].errors) == {InsufficientFundsError, *STANDARD_ERRORS}
    assert len(info["withdraw"].errors) == len(set(info["withdraw"].errors))
    assert info["slow"].timeout == 0.01
    assert info["item_search"].method == "GET"
    assert info["whoami"].access == Access(authorization="user", signed_in=True)


def test_get_finds_a_route_by_name() -> None:
    router: Any = sample_router()
    assert router.get("nothing") is nothing and router.get("missing") is None
