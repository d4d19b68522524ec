"""What a declared RPC is: `Route` (made by `@route`, see `route.py`) and its `Access`.

Kept apart from the decorator so that `Req` (which carries its `Route`) and the
decorator (which checks handlers take a `Req`) do not import each other.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from pydantic import TypeAdapter

from foundation.rpc.errors import RPCError

MethodEnum = Literal["GET", "POST"]
TransactionKindEnum = Literal["customer", "admin", "none"]
"""The transactions a route's handler gets: `customer` (Row Level Security: the caller's
user and organization), `admin` (RLS bypassed), `none` (no database through the
framework)."""
Handler = Callable[[Any], Awaitable[Any]]
ReqT_co = TypeVar("ReqT_co", covariant=True)
OutT_co = TypeVar("OutT_co", covariant=True)


@dataclass(frozen=True, slots=True)
class Access:
    """Who may call a route and how it runs; set by the app's framework."""

    authorization: str
    """The app's authorization level (e.g. `public`, `organization`, `admin`)."""
    signed_in: bool
    """Whether the level needs a session (documented as the session cookie)."""
    transaction: TransactionKindEnum = "none"
    """The kind of every transaction the handler gets (`req.q`, `req.transaction()`)."""
    hold: bool = True
    """Whether the framework holds one transaction around the handler (`req.q`); False:
    the handler opens short ones with `req.transaction()` (slow work between them)."""
    replica: bool = False
    """Whether its transactions may run on a read replica (DATABASE_REPLICA_URLS): it only
    reads, and may read data a little behind (never behind the caller's own writes)."""
    permission: str | None = None
    """The permission the caller's role must hold (checked fresh, in each of the call's
    transactions); None: the level alone decides."""
    api_keys: bool = False
    """Whether an API key (`Authorization: Bearer bsk_...`) may call it, when the key's
    scopes name it; False: keys are refused (`ApiKeyNotAllowedError`)."""


@dataclass(frozen=True, eq=False)
class Route(Generic[ReqT_co, OutT_co]):
    """One RPC: its name, HTTP method, handler, input/output types and declared errors.

    `Route[OrgReq[In], Out]` carries the handler's request and output types for type
    checkers (typed test calls: `t.rpc.call(route, In(...))` returns an `Out`)."""

    name: str
    method: MethodEnum
    handler: Handler
    req_type: type
    """The class of the handler's request (`OrgReq` for `req: OrgReq[In]`)."""
    input_type: Any
    output_type: Any
    errors: tuple[type[RPCError], ...]
    timeout: float | None
    access: Access | None
    docstring: str | None
    streams: tuple[str, ...]
    """The media types a streamed route answers (its handler returns a `Stream`:
    `foundation/rpc/streams.py`); empty for a JSON answer."""
    input_adapter: TypeAdapter[Any] = field(repr=False)
    output_adapter: TypeAdapter[Any] = field(repr=False)

    async def __call__(self, req: Any) -> Any:
        """Call the handler directly (tests of the handler alone)."""
        return await self.handler(req)


AnyRoute = Route[Any, Any]
"""A route of any request and output type (what routers, dispatch and docs handle)."""
