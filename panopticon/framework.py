"""Panopticon's layer over the foundation RPC framework.

    @route("users_search", authorization="admin")
    async def users_search(req: AdminReq[UsersSearchIn]) -> list[UserOut]: ...

Every call runs in an admin transaction (admins see every tenant). `admin` routes need a
panopticon session of a user who is still an admin, checked on every request, so a
revoked admin is out at once. Product sessions never authenticate here: the cookie has
another name and signature, and the session row's app must be `panopticon`.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from database.xact import Q, connection, xact
from foundation.auth.sessions import AuthUser, authenticate, cookie_name
from foundation.errors import ImpossibleError
from foundation.rpc.dispatch import Call
from foundation.rpc.errors import RouteDefinitionError, RPCError, UnauthorizedError
from foundation.rpc.req import Req
from foundation.rpc.route import Handler, MethodEnum, Route
from foundation.rpc.route import route as foundation_route

APP = "panopticon"
In = TypeVar("In")
AuthorizationEnum = Literal["public", "admin"]


@dataclass(kw_only=True, eq=False)
class PublicReq(Req[In]):
    tx: Q | None
    """The call's transaction; None for `transaction=False` routes (use `transaction()`)."""
    session_id: str | None
    admin: AuthUser | None

    @property
    def q(self) -> Q:
        if self.tx is None:
            raise ImpossibleError(
                "this route runs without a transaction; use `async with req.transaction()`",
                route=self.route.name,
            )
        return self.tx

    def transaction(self) -> AbstractAsyncContextManager[Q]:
        return xact()


@dataclass(kw_only=True, eq=False)
class AdminReq(Req[In]):
    q: Q
    session_id: str
    admin: AuthUser


REQ_TYPES: dict[str, type] = {"public": PublicReq, "admin": AdminReq}


def route(
    name: str,
    *,
    authorization: AuthorizationEnum,
    errors: tuple[type[RPCError], ...] | list[type[RPCError]] = (),
    method: MethodEnum = "POST",
    timeout: float | None = None,
    transaction: bool = True,
) -> Callable[[Handler], Route]:
    """Declare a panopticon RPC (the handler's request type must match `authorization`).
    `transaction=False` (public routes only): no transaction is held during the call."""
    if authorization not in REQ_TYPES:
        raise RouteDefinitionError("authorization must be public or admin", route=name)
    if not transaction and authorization != "public":
        raise RouteDefinitionError("only public routes may run without a transaction", route=name)
    declare = foundation_route(
        name,
        errors=errors,
        method=method,
        timeout=timeout,
        authorization=authorization,
        transaction=transaction,
    )

    def decorate(handler: Handler) -> Route:
        declared = declare(handler)
        parameter = next(iter(inspect.signature(handler).parameters))
        annotation = typing.get_type_hints(handler)[parameter]
        expected = REQ_TYPES[authorization]
        if (typing.get_origin(annotation) or annotation) is not expected:
            raise RouteDefinitionError(
                f"a {authorization} route's handler takes req: {expected.__name__}[In]",
                route=name,
            )
        return declared

    return decorate


async def around(route: Route, req: Req[Any], call: Call) -> Any:
    cookie = req.cookies.get(cookie_name(APP))
    public = route.meta["authorization"] == "public"
    async with connection() as c:
        auth = await authenticate(c, APP, cookie) if cookie else None
        if auth is not None and not await c.orm.auth_is_admin(user_id=auth.user.id):
            auth = None
        if not public and auth is None:
            if cookie:
                req.delete_cookie(cookie_name(APP))
            raise UnauthorizedError()
        session_id = auth.session_id if auth else None
        admin = auth.user if auth else None
        if route.meta["transaction"]:
            async with xact(within=c) as q:
                if auth is not None and not public:
                    return await call(
                        req.derive(AdminReq, q=q, session_id=auth.session_id, admin=auth.user)
                    )
                return await call(req.derive(PublicReq, tx=q, session_id=session_id, admin=admin))
    # transaction=False: no connection is held while the handler runs.
    return await call(req.derive(PublicReq, tx=None, session_id=session_id, admin=admin))
