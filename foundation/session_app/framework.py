"""`SessionApp`: route decorator, around hook and session helpers of one app.

    APP = SessionApp(
        "product",
        cookie="blossom_session",
        db=DB,
        levels={
            "public": Level(PublicReq, signed_in=False),  # each route declares its kind
            "organization": Level(OrgReq, signed_in=True, transaction="customer"),
        },
        errors=(NoOrganizationSelectedError,),
    )
    route = APP.route

    @route("organization_update", authorization="organization")
    async def organization_update(req: OrgReq[OrganizationUpdateIn]) -> OrganizationOut: ...

    @route("signup", authorization="public", transaction="admin", hold=False)
    async def signup(req: PublicReq[SignupIn]) -> InitOut: ...

Every call: read the app's cookie -> one statement loads the session, user and selected
organization -> the app's `policy` may refuse the caller -> a cookie that does not
authenticate (malformed, forged, ended, refused) is cleared, on every route -> a
signed-in level without a valid session is `UnauthorizedError` -> the level's request
type takes its fields from the session (`from_auth`, which may refuse with the app's
errors) -> the transaction opens on the same connection, of the kind the route declares
(or its level's): customer (RLS, the caller's user and selected organization), admin
(RLS bypassed) or none -> the handler runs. Handlers never open transactions themselves
(checked at import: `opens_transactions`), so every RLS bypass is declared on its route
(`just list-admin-routes`, OpenAPI's `x-transaction`). Routes declared `hold=False` hold
no connection while the handler runs and open short transactions of their kind with
`req.transaction()`. Every pooled connection a call
takes counts toward its route's share of the pool (`database.bulkhead`,
DATABASE_ROUTE_MAX_SHARE): requests of one route stuck on a lock cannot hold them all.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import functools
import math
import types
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import asyncpg

from database.__codegen__.enums import SessionAppEnum
from database.bulkhead import enter_route, leave_route
from database.replicas import Writes, get_replicas, stop_tracking, track_writes
from database.xact import Conn, Database, PermissionCheck, PermissionRefused, Q
from foundation.auth import funnel
from foundation.auth.api_keys import bearer_token
from foundation.auth.cookies import unsign_session, well_formed
from foundation.auth.errors import API_KEY_ERRORS, ApiKeyNotAllowedError, ApiKeyScopeError
from foundation.auth.funnel import Passed, SecondFactorNeeded, SignedIn
from foundation.auth.sessions import Auth, authenticate, end_session, record_visit
from foundation.base.env import ENV
from foundation.base.errors import ImpossibleError
from foundation.base.logs import bind_context
from foundation.db import FoundationORM
from foundation.rpc.dispatch import Call
from foundation.rpc.errors import RouteDefinitionError, RPCError, UnauthorizedError
from foundation.rpc.http import Stream
from foundation.rpc.req import Req, SameSiteEnum
from foundation.rpc.route import Access, AnyRoute, Declare, MethodEnum, OutT, ReqT, Route
from foundation.rpc.route import route as foundation_route
from foundation.rpc.router import Router
from foundation.rpc.spec import TransactionKindEnum
from foundation.session_app.req import Opener, SessionReq

ORM = TypeVar("ORM", bound=FoundationORM)
AuthorizationT = TypeVar("AuthorizationT", bound=str)

Policy = Callable[[Conn[ORM], Auth], Awaitable[Auth | None]]
"""`async def policy(c, auth) -> auth or None`: the app's rule on who may use it at all
(panopticon: admins only); None treats the caller as signed out."""

Guard = Callable[[Route[Any, Any], Auth], None]
"""`def guard(route, auth)`: the app's rule on which routes a session may call, raising
one of the app's errors (product: impersonated sessions are read-only; an organization
requiring a second factor the caller lacks). It runs on what the session lookup read:
anything it needs from the database travels with that statement, no round trip of its
own."""


class Permissions(Protocol):
    """An app's permissions (product: `product.framework.permissions`): which names a
    route may declare (`@route(..., permission=...)`), the errors a route declaring one
    may answer, and the check that runs first in each of such a route's transactions."""

    errors: tuple[type[RPCError], ...]

    def known(self, name: str) -> bool: ...

    def check(self, auth: Auth, permission: str, *, writes: bool) -> PermissionCheck | None:
        """The check folded into each customer transaction's BEGIN script (no round trip of
        its own), or None: `require` runs first in the transaction instead. `writes`: the
        route may write (not a GET), so the check must hold until its commit."""
        ...

    def refused(self, refused: PermissionRefused) -> RPCError:
        """The typed error of a folded check's refusal."""
        ...

    async def require(self, q: Q[Any], auth: Auth, permission: str) -> None: ...


Confirm = Callable[[Q[Any], Auth], Awaitable[None]]
"""`async def confirm(q, auth)`: re-checks the caller's right to the level on fresh data
inside the call's transaction, before the handler (panopticon: the admin's role)."""


@dataclass(frozen=True, slots=True)
class Level:
    """One authorization level: the request type its handlers take, whether it needs a
    session, the transaction kind of its routes unless a route declares its own
    (`transaction`; None: every route of the level must declare it), and the check
    (`confirm`) each of its transactions runs first, if any (the framework's before the
    handler, and every one a `hold=False` handler opens)."""

    req: type[SessionReq[Any, Any]]
    signed_in: bool
    transaction: TransactionKindEnum | None = None
    confirm: Confirm | None = None


@dataclass(frozen=True, slots=True)
class _Later:
    """A call whose handler runs after its connection went back (`hold=False`)."""

    req: Req[Any]


_ON_THE_PRIMARY = object()
"""`around`'s answer when the caller is to be read again on the primary."""


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
        guard: Guard | None = None,
        permissions: Permissions | None = None,
        errors: Iterable[type[RPCError]] = (),
        same_site: SameSiteEnum = "Lax",
        api_keys: bool = False,
    ) -> None:
        self.name: SessionAppEnum = name
        self.api_keys = api_keys
        """Whether routes of this app may accept API keys (`route(..., api_keys=True)`)."""
        self.key_routes: set[str] = set()
        """The names of the routes that accept API keys."""
        self.key_permissions: set[str] = set()
        """The permissions of the routes that accept API keys (what a key's scopes name)."""
        self.cookie = cookie
        self.same_site: SameSiteEnum = same_site
        self.guard = guard
        self.permissions = permissions
        self.db = db
        self.levels: dict[str, Level] = {str(k): v for k, v in levels.items()}
        self.policy = policy
        self.errors = tuple(errors)
        self.lsn_cookie = f"{cookie}_lsn"
        """The WAL position of the caller's last write, with read replicas (DATABASE_REPLICA_URLS)."""

    # -- definitions ---------------------------------------------------------------------

    def route(
        self,
        name: str,
        *,
        authorization: AuthorizationT,
        errors: tuple[type[RPCError], ...] | list[type[RPCError]] = (),
        method: MethodEnum = "POST",
        timeout: float | None = None,
        transaction: TransactionKindEnum | None = None,
        hold: bool = True,
        replica: bool | None = None,
        permission: str | None = None,
        api_keys: bool = False,
        streams: tuple[str, ...] = (),
    ) -> Declare[ReqT, OutT]:
        """Declare an RPC of this app; the handler's request type must be its level's.

        `transaction` is the kind of every transaction the handler gets (`req.q`,
        `req.transaction()`): `customer` (RLS), `admin` (RLS bypassed: written here, where
        the route is defined) or `none`; the level's kind unless given (a level without
        one, such as `public`, makes every route declare it). `hold=False`: no
        transaction around the handler, which opens short ones (slow work between).
        `replica`: its transactions may run on a read replica (DATABASE_REPLICA_URLS;
        `database.replicas`): the default for GET routes (they only read) of a level
        without `confirm` (which re-checks the caller on fresh data, under lock).
        `permission`: the permission the caller must hold, one the app's `permissions`
        knows; checked first in every transaction of the call (fresh, under the app's
        lock), its errors declared on the route.
        `api_keys=True`: an API key whose scopes hold the route's `permission` may call it
        (a customer transaction of a signed-in level only: RLS confines the key to its
        organization); by default keys are refused.
        `streams`: the media types of a streamed answer (the handler returns a `Stream`,
        `foundation/rpc/streams.py`); with `hold=False` (no transaction is held while the
        client reads: its chunks come from short `req.transaction()`s, each re-checking
        the permission, counted in the route's bulkhead)."""
        level = self.levels.get(authorization)
        if level is None:
            raise RouteDefinitionError(
                f"authorization must be {' or '.join(self.levels)}",
                route=name,
                authorization=authorization,
            )
        kind = transaction or level.transaction
        if kind is None:
            raise RouteDefinitionError(
                f"a {authorization} route declares its transaction: "
                'transaction="customer", "admin" or "none"',
                route=name,
            )
        if kind == "customer" and not level.signed_in:
            raise RouteDefinitionError(
                "a customer transaction needs a signed-in level (RLS is the caller's)",
                route=name,
                authorization=authorization,
            )
        if permission is not None:
            if self.permissions is None or not self.permissions.known(permission):
                raise RouteDefinitionError(
                    "a route's permission is one the app declares",
                    route=name,
                    permission=permission,
                )
            if not level.signed_in or kind == "none":
                raise RouteDefinitionError(
                    "a permission is checked in the transactions of a signed-in level",
                    route=name,
                )
            errors = (*errors, *(e for e in self.permissions.errors if e not in errors))
            replica = False if replica is None else replica
        if replica is None:
            replica = method == "GET" and kind != "none" and level.confirm is None
        if replica and (
            method != "GET" or level.confirm is not None or kind == "none" or permission
        ):
            raise RouteDefinitionError(
                "replica=True is for GET routes (they only read) with a transaction, of a "
                "level without `confirm` or a permission (re-checked on fresh data)",
                route=name,
            )
        if api_keys and not (
            self.api_keys and level.signed_in and kind == "customer" and permission
        ):
            raise RouteDefinitionError(
                "api_keys=True is for customer-transaction routes of a signed-in level "
                "declaring a permission (a key's scopes are permissions), in an app that "
                "accepts API keys",
                route=name,
            )
        if streams and hold and kind != "none":
            raise RouteDefinitionError(
                "a streamed route holds no transaction while the client reads (hold=False): "
                "its chunks come from short req.transaction()s",
                route=name,
            )
        if api_keys and permission:
            self.key_routes.add(name)
            self.key_permissions.add(permission)
        access = Access(
            authorization=authorization,
            signed_in=level.signed_in,
            transaction=kind,
            hold=hold,
            replica=replica,
            permission=permission,
            api_keys=api_keys,
        )
        declare = foundation_route(
            name, errors=errors, method=method, timeout=timeout, access=access, streams=streams
        )

        def decorate(handler: Callable[[ReqT], Awaitable[OutT]]) -> Route[ReqT, OutT]:
            declared = declare(handler)
            if declared.req_type is not level.req:
                raise RouteDefinitionError(
                    f"a {authorization} route's handler takes req: {level.req.__name__}[In]",
                    route=name,
                )
            opened = opens_transactions(handler)
            if opened:
                raise RouteDefinitionError(
                    "a handler uses `req.q` / `req.transaction()`, whose kind the route "
                    f'declares (transaction="{kind}"), and opens none itself',
                    route=name,
                    opens=sorted(opened),
                )
            return declared

        return decorate

    def router(self, *routes: AnyRoute) -> Router:
        """A router of `routes` behind this app's around hook and errors."""
        errors = (*self.errors, *API_KEY_ERRORS) if self.api_keys else self.errors
        router = Router(self.name, around=self.around, errors=errors)
        # foundation/rpc (not strict yet) annotates a bare Route: its type arguments are unknown.
        return router.include(*routes)  # pyright: ignore[reportUnknownMemberType]

    # -- every call ----------------------------------------------------------------------

    async def around(self, route: Route[Any, Any], req: Req[Any], call: Call) -> Any:
        """Authenticate, authorize, open the transaction, call the handler."""
        access = route.access
        level = self.levels.get(access.authorization) if access is not None else None
        if access is None or level is None:
            raise RouteDefinitionError("route was not declared by this app", route=route.name)
        cookie = req.cookies.get(self.cookie)
        # An API key (Authorization: Bearer) is the call's credential instead of the
        # cookie, on the primary (its lookup records the use).
        key = bearer_token(req.headers.get("Authorization")) if self.api_keys else None
        if key is not None:
            if not access.api_keys:
                raise ApiKeyNotAllowedError()
            cookie = None
        # Read replicas (DATABASE_REPLICA_URLS): a replica route reads on one that has
        # replayed the caller's last write (its position in the `_lsn` cookie), else on the
        # primary; the other routes note their writes' positions for that cookie.
        replicas = get_replicas() if access.transaction != "none" else None
        pool: asyncpg.Pool | None = None
        tracking: tuple[Writes, contextvars.Token[Writes | None]] | None = None
        if replicas is not None and access.replica and key is None:
            pool = replicas.choose(_written(req.cookies.get(self.lsn_cookie)))
        elif replicas is not None:
            tracking = track_writes()
        # Every pooled connection of the call (this one, the handler's) counts toward the
        # route's share of the pool (`database.bulkhead`).
        bulkhead = enter_route(self.name, route.name)
        try:
            async with self.db.connection(pool=pool) as c:
                if key is not None:
                    auth = await self._key_auth(c, route, key)
                else:
                    auth = (
                        await authenticate(c, self.name, cookie, replica=pool is not None)
                        if cookie
                        else None
                    )
                if auth is None and pool is not None and unsign_session(self.name, cookie):
                    answer: Any = _ON_THE_PRIMARY
                else:
                    answer = await self._serve(
                        c, route, access, level, req, call, auth, cookie, pool
                    )
            if answer is _ON_THE_PRIMARY:
                # A session the replica does not have (yet: signed in elsewhere, the `_lsn`
                # cookie not kept) is the primary's to judge: never signed out by a lag.
                async with self.db.connection() as c:
                    auth = await authenticate(c, self.name, cookie)
                    answer = await self._serve(
                        c, route, access, level, req, call, auth, cookie, None
                    )
            if not isinstance(answer, _Later):
                return answer
            # hold=False (or no database): no connection is held while the handler runs.
            output = await call(answer.req)
            if isinstance(output, Stream):  # its chunks' transactions count for the route too
                return output.wrapped(_in_bulkhead(self.name, route.name, output.chunks))
            return output
        finally:
            leave_route(bulkhead)
            if tracking is not None:
                writes, token = tracking
                stop_tracking(token)
                if writes.position:  # the caller reads from the primary until a replica has it
                    req.set_cookie(
                        self.lsn_cookie,
                        str(writes.position),
                        max_age=_lsn_cookie_seconds(),
                        same_site=self.same_site,
                    )

    async def _serve(
        self,
        c: Conn[ORM],
        route: Route[Any, Any],
        access: Access,
        level: Level,
        req: Req[Any],
        call: Call,
        auth: Auth | None,
        cookie: str | None,
        pool: asyncpg.Pool | None,
    ) -> Any:
        """The rest of `around` on the connection the caller was read on: authorize, then
        the handler's output in its transaction on `c` (`hold`), or the call to make
        once `c` is given back (`_Later`)."""
        if auth is not None and self.policy is not None:
            auth = await self.policy(c, auth)
        if auth is None and cookie and not _foreign(self.name, cookie):
            req.delete_cookie(self.cookie)  # malformed, or its session is over
        if auth is None and level.signed_in:
            raise UnauthorizedError()
        if auth is not None:  # on every log line and error report of the call
            bind_context(user_id=auth.user.id)
        if auth is not None and self.guard is not None:
            self.guard(route, auth)
        if auth is not None and auth.visit_due:  # read on a replica: record it later
            req.after_commit(functools.partial(record_visit, auth))
        fields = level.req.from_auth(auth)
        opener = self._opener(access, level, auth, pool, route.method != "GET")
        if access.hold and access.transaction != "none":
            async with opener(within=c) as q:
                return await call(req.derive(level.req, _tx=q, _opener=opener, **fields))
        return _Later(req.derive(level.req, _tx=None, _opener=opener, **fields))

    async def _key_auth(self, c: Conn[ORM], route: Route[Any, Any], key: str) -> Auth:
        """The caller behind an API key (through the funnel), allowed to call `route`."""
        auth = await funnel.api_key(c, key)
        if auth is None:
            raise UnauthorizedError()
        permission = route.access.permission if route.access is not None else None
        if permission is None or permission not in auth.api_key_scopes:
            raise ApiKeyScopeError(rpc=route.name, permission=permission or "")
        return auth

    def _opener(
        self,
        access: Access,
        level: Level,
        auth: Auth | None,
        pool: asyncpg.Pool | None,
        writes: bool,
    ) -> Opener[ORM]:
        kind = access.transaction
        opener: Opener[ORM]
        check: PermissionCheck | None = None
        if kind == "customer" and auth is not None and auth.service and auth.organization:
            opener = functools.partial(
                self.db.xact_service, organization=auth.organization.id, pool=pool
            )
        elif kind == "customer" and auth is not None:
            organization = auth.organization.id if auth.organization else None
            if access.permission is not None and self.permissions is not None:
                check = self.permissions.check(auth, access.permission, writes=writes)
            opener = functools.partial(
                self.db.xact_customer,
                user=auth.user.id,
                organization=organization,
                pool=pool,
                check=check,
            )
            if check is not None and self.permissions is not None:  # checked as it opens
                opener = _refusing(opener, self.permissions.refused)
        elif kind == "admin":
            opener = functools.partial(self.db.xact_admin, pool=pool)
        else:
            return _no_database
        if auth is None:
            return opener
        if access.permission is not None and self.permissions is not None and check is None:
            opener = _confirming(
                opener, functools.partial(_permitted, self.permissions, access.permission), auth
            )
        if level.confirm is None:
            return opener
        return _confirming(opener, level.confirm, auth)

    # -- sessions ------------------------------------------------------------------------

    async def sign_in(
        self,
        q: Q[ORM],
        req: Req[Any],
        passed: Passed,
        *,
        organization_id: str | None,
        permanent: bool,
        lifetime: datetime.timedelta | None = None,
        require_second_factor: bool = False,
    ) -> SignedIn | SecondFactorNeeded:
        """The funnel's steps 5-7 for this app (`foundation.auth.funnel.sign_in`): the
        user re-read under lock, the second factor, then a new session of this app (the
        one the request came with ends) and its cookie on the response."""
        return await funnel.sign_in(
            q,
            req,
            passed,
            app=self.name,
            cookie=self.cookie,
            same_site=self.same_site,
            organization_id=organization_id,
            permanent=permanent,
            lifetime=lifetime,
            require_second_factor=require_second_factor,
        )

    async def end_session(self, q: Q[ORM], req: Req[Any], session_id: str) -> None:
        """End the session server-side and clear its cookie."""
        await end_session(q, req, self.name, self.cookie, session_id)


OPENERS = frozenset({"xact_admin", "xact_customer", "connection", "dedicated"})
"""What a handler may not call to reach Postgres: the route's declared kind decides."""


def opens_transactions(handler: Callable[..., Any]) -> set[str]:
    """The names in OPENERS the handler's code (nested functions and lambdas too) loads:
    a handler opening its own transactions (the route's kind would not say so)."""
    found: set[str] = set()
    pending = [getattr(handler, "__code__", None)]
    while pending:
        code = pending.pop()
        if not isinstance(code, types.CodeType):
            continue
        found |= OPENERS & set(code.co_names)
        pending.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return found


async def _in_bulkhead(app: str, rpc: str, chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """`chunks`, whose connections count toward the route's share of the pool (the call
    left it when the handler returned)."""
    bulkhead = enter_route(app, rpc)
    try:
        async for chunk in chunks:
            yield chunk
    finally:
        leave_route(bulkhead)
        if isinstance(chunks, AsyncGenerator):
            await chunks.aclose()  # pyright: ignore[reportUnknownMemberType]  (any generator)


@contextlib.asynccontextmanager
async def _no_database(
    *,
    within: Conn[Any] | None = None,  # noqa: ARG001
) -> AsyncGenerator[Q[Any], None]:
    raise ImpossibleError('this route declared transaction="none": it has no database')
    yield  # pragma: no cover  (a generator, for the context manager)


def _confirming(opener: Opener[ORM], confirm: Confirm, auth: Auth) -> Opener[ORM]:
    """`opener` whose every transaction first runs the level's `confirm`. (A partial of a
    module-level context manager: one built per call would cost a `functools.wraps`.)"""
    return functools.partial(_open_confirmed, opener, confirm, auth)


@contextlib.asynccontextmanager
async def _open_confirmed(
    opener: Opener[ORM], confirm: Confirm, auth: Auth, *, within: Conn[Any] | None = None
) -> AsyncGenerator[Q[ORM], None]:
    async with opener(within=within) as q:
        await confirm(q, auth)
        yield q


def _refusing(
    opener: Callable[..., AbstractAsyncContextManager[Q[ORM]]],
    refused: Callable[[PermissionRefused], RPCError],
) -> Opener[ORM]:
    """`opener`, whose folded permission check's refusal becomes the app's typed error."""
    return functools.partial(_open_checked, opener, refused)


@contextlib.asynccontextmanager
async def _open_checked(
    opener: Callable[..., AbstractAsyncContextManager[Q[ORM]]],
    refused: Callable[[PermissionRefused], RPCError],
    *,
    within: Conn[Any] | None = None,
) -> AsyncGenerator[Q[ORM], None]:
    try:
        async with opener(within=within) as q:
            yield q
    except PermissionRefused as e:
        raise refused(e) from None


async def _permitted(permissions: Permissions, permission: str, q: Q[Any], auth: Auth) -> None:
    await permissions.require(q, auth, permission)


def _written(cookie: str | None) -> int:
    """The WAL position in an `_lsn` cookie (0: none, or not a number). Not signed: a
    client forging it only changes where its own reads run."""
    if cookie is None or not cookie.isdigit() or len(cookie) > 19:
        return 0
    return int(cookie)


def _lsn_cookie_seconds() -> int:
    """How long the `_lsn` cookie lives: past it, a replica that has not replayed the write
    lags beyond DATABASE_REPLICA_MAX_LAG_SECONDS, so reads no longer go to it anyway."""
    return math.ceil(ENV.database_replica_max_lag_seconds) + 60


def _foreign(app: SessionAppEnum, cookie: str) -> bool:
    """Whether `cookie` is well-formed but no key of this node verifies it: refused, but
    not cleared, since during a rolling key rotation it may be signed with another node's
    newer key (README "Session key rotation"). A cookie that verifies but whose session
    is over (ended, expired, user disabled, refused by the policy), or that is not even of
    a cookie's shape, is cleared: signed out."""
    return well_formed(cookie) and unsign_session(app, cookie) is None


__all__ = ["Confirm", "Guard", "Level", "Opener", "Permissions", "Policy", "SessionApp"]
