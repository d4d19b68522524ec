"""`SessionApp`: route decorator, around hook and session helpers of one app.

    APP = SessionApp(
        "product",
        cookie="blossom_session",
        db=DB,
        levels={
            "public": Level(PublicReq, signed_in=False, customer=False),
            "organization": Level(OrgReq, signed_in=True, customer=True),
        },
        errors=(NoOrganizationSelectedError,),
    )
    route = APP.route

    @route("organization_update", authorization="organization")
    async def organization_update(req: OrgReq[OrganizationUpdateIn]) -> OrganizationOut: ...

Every call: read the app's cookie -> one statement loads the session, user and selected
organization -> the app's `policy` may refuse the caller -> a cookie that does not
authenticate (malformed, forged, ended, refused) is cleared, on every route -> a
signed-in level without a valid session is `UnauthorizedError` -> the level's request
type takes its fields from the session (`from_auth`, which may refuse with the app's
errors) -> the transaction opens on the same connection: customer (RLS, the caller's
user and selected organization) or admin, per level -> the handler runs. Routes declared
`transaction=False` hold no connection while the handler runs and open short
transactions of the same kind with `req.transaction()`.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from database.__codegen__.enums import SessionAppEnum
from database.__codegen__.models import SessionModel
from database.xact import Conn, Database, Q
from foundation.auth.sessions import Auth, authenticate, end_session, start_session
from foundation.db import FoundationORM
from foundation.rpc.dispatch import Call
from foundation.rpc.errors import RouteDefinitionError, RPCError, UnauthorizedError
from foundation.rpc.req import Req
from foundation.rpc.route import Access, Declare, MethodEnum, OutT, ReqT, Route
from foundation.rpc.route import route as foundation_route
from foundation.rpc.router import Router
from foundation.session_app.req import Opener, SessionReq

ORM = TypeVar("ORM", bound=FoundationORM)
AuthorizationT = TypeVar("AuthorizationT", bound=str)

Policy = Callable[[Conn[ORM], Auth], Awaitable[Auth | None]]
"""`async def policy(c, auth) -> auth or None`: the app's rule on who may use it at all
(panopticon: admins only); None treats the caller as signed out."""


@dataclass(frozen=True, slots=True)
class Level:
    """One authorization level: the request type its handlers take, whether it needs a
    session, and whether its transaction is a customer one (RLS) or admin."""

    req: type[SessionReq[Any, Any]]
    signed_in: bool
    customer: bool


class SessionApp(Generic[ORM, AuthorizationT]):
    """One app's sessions and routes; `AuthorizationT` is its `Literal` of level names."""

    def __init__(
        self,
        name: SessionAppEnum,
        *,
        cookie: str,
        db: Database[ORM],
        levels: Mapping[AuthorizationT, Level],
        policy: Policy[ORM] | None = None,
        errors: Iterable[type[RPCError]] = (),
    ) -> None:
        self.name: SessionAppEnum = name
        self.cookie = cookie
        self.db = db
        self.levels: dict[str, Level] = {str(k): v for k, v in levels.items()}
        self.policy = policy
        self.errors = tuple(errors)

    # -- definitions ---------------------------------------------------------------------

    def route(
        self,
        name: str,
        *,
        authorization: AuthorizationT,
        errors: tuple[type[RPCError], ...] | list[type[RPCError]] = (),
        method: MethodEnum = "POST",
        timeout: float | None = None,
        transaction: bool = True,
    ) -> Declare[ReqT, OutT]:
        """Declare an RPC of this app; the handler's request type must be its level's."""
        level = self.levels.get(authorization)
        if level is None:
            raise RouteDefinitionError(
                f"authorization must be {' or '.join(self.levels)}",
                route=name,
                authorization=authorization,
            )
        access = Access(
            authorization=authorization, signed_in=level.signed_in, transaction=transaction
        )
        declare = foundation_route(
            name, errors=errors, method=method, timeout=timeout, access=access
        )

        def decorate(handler: Callable[[ReqT], Awaitable[OutT]]) -> Route[ReqT, OutT]:
            declared = declare(handler)
            if declared.req_type is not level.req:
                raise RouteDefinitionError(
                    f"a {authorization} route's handler takes req: {level.req.__name__}[In]",
                    route=name,
                )
            return declared

        return decorate

    def router(self, *routes: Route[Any, Any]) -> Router:
        """A router of `routes` behind this app's around hook and errors."""
        return Router(self.name, around=self.around, errors=self.errors).include(*routes)

    # -- every call ----------------------------------------------------------------------

    async def around(self, route: Route[Any, Any], req: Req[Any], call: Call) -> Any:
        """Authenticate, authorize, open the transaction, call the handler."""
        access = route.access
        level = self.levels.get(access.authorization) if access is not None else None
        if access is None or level is None:
            raise RouteDefinitionError("route was not declared by this app", route=route.name)
        cookie = req.cookies.get(self.cookie)
        async with self.db.connection() as c:
            auth = await authenticate(c, self.name, cookie) if cookie else None
            if auth is not None and self.policy is not None:
                auth = await self.policy(c, auth)
            if auth is None and cookie:
                req.delete_cookie(self.cookie)  # malformed, forged, ended: signed out
            if auth is None and level.signed_in:
                raise UnauthorizedError()
            fields = level.req.from_auth(auth)
            opener = self._opener(level, auth)
            if access.transaction:
                async with opener(within=c) as q:
                    return await call(req.derive(level.req, tx=q, opener=opener, **fields))
        # transaction=False: no connection is held while the handler runs.
        return await call(req.derive(level.req, tx=None, opener=opener, **fields))

    def _opener(self, level: Level, auth: Auth | None) -> Opener[ORM]:
        if level.customer and auth is not None:
            organization = auth.organization.id if auth.organization else None
            return functools.partial(
                self.db.xact_customer, user=auth.user.id, organization=organization
            )
        return self.db.xact_admin

    # -- sessions ------------------------------------------------------------------------

    async def start_session(
        self,
        q: Q[ORM],
        req: Req[Any],
        *,
        user_id: str,
        organization_id: str | None,
        permanent: bool,
    ) -> SessionModel:
        """A new session of this app for the user (ending the one the request came with)
        and its cookie on the response."""
        return await start_session(
            q,
            req,
            self.name,
            self.cookie,
            user_id=user_id,
            organization_id=organization_id,
            permanent=permanent,
        )

    async def end_session(self, q: Q[ORM], req: Req[Any], session_id: str) -> None:
        """End the session server-side and clear its cookie."""
        await end_session(q, req, self.name, self.cookie, session_id)


__all__ = ["Level", "Opener", "Policy", "SessionApp"]
