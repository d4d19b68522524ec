"""A small app that exercises every rule of the RPC protocol.

The framework's own tests run against it (in-process and through real hypercorn), and
it doubles as a compact example of routes, typed errors, cookies and an `around` hook.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, TypeVar

from quart import Quart

from foundation.base.logs import get_logger
from foundation.rpc import Access, AnyRoute, Call, Req, Router, RPCError, UnauthorizedError, route
from foundation.webserver.app import create_app

SAMPLE_ORIGIN = "https://app.example.com"
SAMPLE_TOKEN = "Bearer sample-token"
SAMPLE_VERSION = "9.9.9-sample"

KindEnum = Literal["book", "pen"]


@dataclass(slots=True)
class Item:
    name: str
    quantity: int
    kind: KindEnum = "book"


@dataclass(slots=True)
class OrderIn:
    placed_at: datetime.datetime
    price: Decimal
    items: list[Item]
    note: str | None = None


@dataclass(slots=True)
class OrderOut:
    placed_at: datetime.datetime
    price: Decimal
    items: list[Item]
    total_quantity: int
    note: str | None


@route("order_echo", access=Access(authorization="public", signed_in=False))
async def order_echo(req: Req[OrderIn]) -> OrderOut:
    """Return the order with its total quantity."""
    order = req.data
    return OrderOut(
        placed_at=order.placed_at,
        price=order.price,
        items=order.items,
        total_quantity=sum(i.quantity for i in order.items),
        note=order.note,
    )


@dataclass(slots=True)
class SearchIn:
    query: str
    limit: int = 10
    active: bool = False
    tags: list[str] = field(default_factory=list)


@route("item_search", method="GET")
async def item_search(req: Req[SearchIn]) -> SearchIn:
    """Read-only: echo the coerced query parameters."""
    return req.data


@route("nothing")
async def nothing(req: Req[None]) -> None:
    """No input, no output."""


@route("tally")
async def tally(req: Req[list[str]]) -> dict[str, int]:
    """Count words."""
    counts: dict[str, int] = {}
    for word in req.data:
        counts[word] = counts.get(word, 0) + 1
    return counts


@dataclass
class InsufficientFundsError(RPCError):
    balance: Decimal
    requested: Decimal


@dataclass(slots=True)
class WithdrawIn:
    amount: Decimal


@route("withdraw", errors=(InsufficientFundsError,))
async def withdraw(req: Req[WithdrawIn]) -> None:
    """Always short of money; sets a cookie before failing."""
    req.set_cookie("attempted", "1")
    raise InsufficientFundsError(balance=Decimal("1.00"), requested=req.data.amount)


@route("undeclared")
async def undeclared(req: Req[None]) -> None:
    raise InsufficientFundsError(balance=Decimal(0), requested=Decimal(1))


@route("crash")
async def crash(req: Req[None]) -> None:
    raise RuntimeError("internal detail: password=hunter2")


@route("wrong_output")
async def wrong_output(req: Req[None]) -> OrderOut:
    return {"not": "an order"}  # type: ignore[return-value]


@route("slow", timeout=0.01)
async def slow(req: Req[None]) -> None:
    await asyncio.Event().wait()


@dataclass(slots=True)
class LoginIn:
    name: str


@route("login")
async def login(req: Req[LoginIn]) -> None:
    get_logger(__name__).info("signed in", name=req.data.name)
    req.set_cookie("session", f"session-of-{req.data.name}", max_age=3600)


@route("logout")
async def logout(req: Req[None]) -> None:
    req.delete_cookie("session")


@route("cookie_read")
async def cookie_read(req: Req[None]) -> dict[str, str]:
    return req.cookies


def sample_router() -> Router:
    return Router("sample").include(
        order_echo,
        item_search,
        nothing,
        tally,
        withdraw,
        undeclared,
        crash,
        wrong_output,
        slow,
        login,
        logout,
        cookie_read,
    )


T = TypeVar("T")


@dataclass(kw_only=True, eq=False)
class SignedInReq(Req[T]):
    """What the `around` hook hands to the secure routes."""

    user: str


async def _require_token(route: AnyRoute, req: Req[Any], call: Call) -> Any:
    if req.headers.get("Authorization") != SAMPLE_TOKEN:
        raise UnauthorizedError()
    return await call(req.derive(SignedInReq, user="sample-user"))


@dataclass(slots=True)
class WhoAmIOut:
    user: str


@route("whoami", access=Access(authorization="user", signed_in=True))
async def whoami(req: SignedInReq[None]) -> WhoAmIOut:
    """The signed-in user."""
    req.set_cookie("seen", "yes")
    return WhoAmIOut(user=req.user)


def secure_router() -> Router:
    return Router("sample", around=_require_token).include(whoami)


def clashing_router() -> Router:
    """A router whose error is named like the sample's `InsufficientFundsError` but is
    another class: no app may serve both (clients could not tell them apart)."""

    @dataclass
    class InsufficientFundsError(RPCError):
        reason: str

    @route("refuse", errors=(InsufficientFundsError,))
    async def refuse(req: Req[None]) -> None:
        raise InsufficientFundsError(reason="no")

    return Router("other").include(refuse)


def sample_app(*, cors_origins: Collection[str] = (SAMPLE_ORIGIN,)) -> Quart:
    """The sample app (both routers)."""
    routers = [sample_router(), secure_router()]
    return create_app("sample", routers, version=SAMPLE_VERSION, cors_origins=cors_origins)
