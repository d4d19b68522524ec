"""`@route` reads types from annotations and rejects bad definitions at decoration time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pytest
from pydantic import BaseModel

from foundation.rpc import Access, Req, RouteDefinitionError, RPCError, route
from foundation.testing.sample_app import SignedInReq, order_echo, whoami

ColourEnum = Literal["red", "green"]


@dataclass
class NoDataclassFieldsError(RPCError):
    pass


class NotADataclassError(RPCError):
    pass


class Point(BaseModel):
    x: int
    y: int


class Opaque:
    """Pydantic cannot build a schema for this."""


async def _takes_point(req: Req[Point]) -> list[Point]:
    return [req.data]


async def _takes_literal(req: Req[ColourEnum]) -> dict[str, ColourEnum]:
    return {"colour": req.data}


async def _no_annotations(req):  # type: ignore[no-untyped-def]  # pyright: ignore[reportMissingParameterType, reportUnknownParameterType]
    return None


async def _no_return(req: Req[None]):  # type: ignore[no-untyped-def]
    return None


async def _not_req(req: int) -> None:
    return None


async def _bare_req(req: Req) -> None:  # type: ignore[type-arg]
    return None


async def _two_params(req: Req[None], other: int) -> None:
    return None


def _sync(req: Req[None]) -> None:
    return None


async def _opaque(req: Req[Opaque]) -> None:
    return None


def test_types_come_from_annotations() -> None:
    access = Access(authorization="admin", signed_in=True)
    r = route("point_list", method="GET", timeout=2.5, access=access)(_takes_point)
    assert (r.name, r.method, r.timeout) == ("point_list", "GET", 2.5)
    assert r.input_type is Point and r.output_type == list[Point]
    assert r.access == access and r.req_type is Req
    literal = route("colour")(_takes_literal)
    assert literal.input_type == ColourEnum and literal.output_type == dict[str, ColourEnum]


def test_none_types_and_docstrings() -> None:
    assert order_echo.docstring == "Return the order with its total quantity."
    assert whoami.input_type is type(None)


def test_req_subclasses_carry_the_input_type() -> None:
    async def handler(req: SignedInReq[Point]) -> None:
        return None

    assert route("signed")(handler).input_type is Point


@pytest.mark.parametrize("name", ["Bad", "1st", "with-dash", "", "sp ace", "_private"])
def test_names_are_lowercase_snake_case(name: str) -> None:
    with pytest.raises(RouteDefinitionError, match="snake_case"):
        route(name)


def test_method_must_be_get_or_post() -> None:
    with pytest.raises(RouteDefinitionError, match="GET or POST"):
        route("x", method="PUT")  # type: ignore[arg-type]


def test_timeout_must_be_positive() -> None:
    with pytest.raises(RouteDefinitionError, match="positive"):
        route("x", timeout=0)


@pytest.mark.parametrize(
    "error", [ValueError, RPCError, "InsufficientFundsError", NotADataclassError]
)
def test_errors_must_be_rpc_error_dataclasses(error: Any) -> None:
    with pytest.raises(RouteDefinitionError, match="errors must be"):
        route("x", errors=(error,))


def test_error_without_fields_is_fine() -> None:
    assert route("x", errors=(NoDataclassFieldsError,))(_takes_point).errors == (
        NoDataclassFieldsError,
    )


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (
            _no_annotations,
            "annotate the handler parameter",
        ),  # pyright: ignore[reportUnknownArgumentType]
        (_no_return, "annotate the handler return type"),
        (_not_req, "must be annotated Req"),
        (_bare_req, "Req\\[In\\]"),
        (_two_params, "exactly one parameter"),
        (_sync, "async functions"),
        (_opaque, "not supported by pydantic"),
    ],
)
def test_bad_handlers_are_rejected_at_decoration(handler: Any, message: str) -> None:
    with pytest.raises(RouteDefinitionError, match=message):
        route("x")(handler)


def test_unresolvable_annotations_are_rejected() -> None:
    async def handler(req: Req[Missing]) -> None:  # type: ignore[name-defined]  # noqa: F821
        return None

    with pytest.raises(RouteDefinitionError, match="cannot be resolved"):
        route("x")(handler)  # pyright: ignore[reportUnknownArgumentType]


def test_rpc_errors_render_their_fields() -> None:
    error = NoDataclassFieldsError()
    assert error.to_json() == {"error": "NoDataclassFieldsError", "data": {}}
    assert str(error) == "NoDataclassFieldsError()"
