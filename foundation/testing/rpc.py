"""`t.rpc`: call an app's RPCs in-process, typed, signed in as someone.

    res = await t.rpc.call(organization_update, OrganizationUpdateIn(name="New"), as_=owner)
    assert res.output == OrganizationOut(id=..., name="New")      # typed: the route's Out
    error = res.expect_error(InsufficientRoleError)              # typed: that error
    assert error == InsufficientRoleError(role="member")
    res.cookies["blossom_session"]      # what the response set ("" when cleared)

The route is the `@route`-decorated handler itself, so a renamed RPC, a wrong input type
or a misread output field fails pyright. `res.output` fails the test on an error answer;
`res.expect_error(E)` fails it unless the route declares `E` (itself, its router or the
standard errors) and answered with it. `t.rpc.raw(route, {...})` sends an untyped body
(inputs the input type cannot express: missing fields, wrong types).

`as_` is a `Customer` (a session in its organization), a user model (a session without
an organization unless `organization=` is given), a session model, or a raw cookie
value. The apps are registered by the repository's root conftest.py (`foundation`
cannot import them) with their `SessionApp`; each is built once per test process.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, overload

from pydantic import TypeAdapter
from quart import Quart
from werkzeug.datastructures import Headers

from database.__codegen__.models import OrganizationModel, SessionModel, UserModel
from database.testing.factory import Customer, Factory
from foundation.auth.cookies import sign_session
from foundation.base.errors import ConfigurationError
from foundation.rpc.errors import RPCError
from foundation.rpc.pages import PageIn
from foundation.rpc.req import Req
from foundation.rpc.responses import OK_BODY
from foundation.rpc.route import Route
from foundation.rpc.router import Router
from foundation.session_app import SessionApp
from foundation.testing.rpc_client import RPCClient, RPCResponse
from foundation.webserver.app import ROUTERS_EXTENSION

AppFactory = Callable[[], Quart]
As = Customer | UserModel | SessionModel | str | None
In = TypeVar("In")
Out = TypeVar("Out")
E = TypeVar("E", bound=RPCError)
_NONE_TYPE = type(None)


@dataclass(slots=True)
class _App:
    client: RPCClient
    sessions: SessionApp[Any, Any]
    routers: dict[Route[Any, Any], Router]


_registered: list[tuple[AppFactory, SessionApp[Any, Any]]] = []
_apps: list[_App] = []


def register_app(factory: AppFactory, sessions: SessionApp[Any, Any]) -> None:
    """Make `t.rpc.call` reach the routes of the app `factory` builds, whose sessions are
    `sessions` (its cookie and app name)."""
    _registered.append((factory, sessions))


def _app_of(route: Route[Any, Any]) -> tuple[_App, Router]:
    if len(_apps) < len(_registered):
        for factory, sessions in _registered[len(_apps) :]:
            app = factory()
            routers: list[Router] = app.extensions[ROUTERS_EXTENSION]
            by_route = {info.route: router for router in routers for info in router.routes()}
            _apps.append(_App(RPCClient(app), sessions, by_route))
    for app in _apps:
        router = app.routers.get(route)
        if router is not None:
            return app, router
    raise ConfigurationError(
        "no registered app serves this route (see conftest.py)", route=route.name
    )


@dataclass(slots=True)
class RPCResult(Generic[Out]):
    """What a typed call answered."""

    route: Route[Any, Out]
    declared: tuple[type[RPCError], ...]
    response: RPCResponse

    @property
    def status(self) -> int:
        return self.response.status

    @property
    def headers(self) -> Headers:
        return self.response.headers

    @property
    def cookies(self) -> dict[str, str]:
        """Cookies the response set ("" for a cleared one)."""
        return self.response.cookies

    @property
    def error(self) -> str | None:
        """The error's class name of an error answer, else None."""
        return self.response.error

    @property
    def output(self) -> Out:
        """The route's output, decoded into its type; fails the test on an error answer."""
        if self.response.error is not None or self.status != 200:
            raise AssertionError(
                f"{self.route.name} answered {self.status} {self.response.body!r}, not its output"
            )
        assert not self.route.streams, f"{self.route.name} streams its answer: read res.text"
        if self.route.output_type is _NONE_TYPE:
            assert self.response.body == OK_BODY, self.response.body
            return None  # type: ignore[return-value]
        return self.route.output_adapter.validate_python(self.response.body)

    @property
    def text(self) -> str:
        """A streamed route's whole answer (CSV, JSON lines...); fails the test on an
        error answer."""
        if self.response.error is not None or self.status != 200:
            raise AssertionError(
                f"{self.route.name} answered {self.status} {self.response.body!r}, not its stream"
            )
        assert isinstance(self.response.body, str), self.response.body
        return self.response.body

    def expect_error(self, error: type[E]) -> E:
        """The error answered, as an `error` instance; fails the test unless the route
        declares `error` and answered with it."""
        if error not in self.declared:
            raise AssertionError(
                f"{self.route.name} does not declare {error.__name__}: declare it or expect"
                f" one of {sorted(e.__name__ for e in self.declared)}"
            )
        if self.response.error != error.__name__:
            raise AssertionError(
                f"{self.route.name} answered {self.status} {self.response.body!r},"
                f" not {error.__name__}"
            )
        expected_status = error.status
        assert self.status == expected_status, (self.status, expected_status)
        if not dataclasses.is_dataclass(error):
            return error()
        return TypeAdapter(error).validate_python(self.response.data or {})


class RPCs:
    def __init__(self, factory: Factory) -> None:
        self._factory = factory

    @overload
    async def call(
        self,
        route: Route[Req[None], Out],
        data: None = None,
        *,
        as_: As = None,
        organization: OrganizationModel | None = None,
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> RPCResult[Out]: ...

    @overload
    async def call(
        self,
        route: Route[Req[PageIn], Out],
        data: PageIn | None = None,
        *,
        as_: As = None,
        organization: OrganizationModel | None = None,
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> RPCResult[Out]: ...

    @overload
    async def call(
        self,
        route: Route[Req[In], Out],
        data: In,
        *,
        as_: As = None,
        organization: OrganizationModel | None = None,
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> RPCResult[Out]: ...

    async def call(
        self,
        route: Route[Req[Any], Out],
        data: Any = None,
        *,
        as_: As = None,
        organization: OrganizationModel | None = None,
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> RPCResult[Out]:
        """Call `route` with `data` (its input type), signed in as `as_`."""
        return await self.raw(
            route, data, as_=as_, organization=organization, cookies=cookies, headers=headers
        )

    async def raw(
        self,
        route: Route[Req[Any], Out],
        data: Any,
        *,
        as_: As = None,
        organization: OrganizationModel | None = None,
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
    ) -> RPCResult[Out]:
        """Call `route` with any JSON-able `data` (for inputs its type cannot express)."""
        app, router = _app_of(route)
        jar = dict(cookies or {})
        if as_ is not None:
            jar[app.sessions.cookie] = await self.cookie(app.sessions, as_, organization)
        response = await app.client.call(
            route.name, data, method=method, cookies=jar, headers=headers
        )
        return RPCResult(route, router.describe(route).errors, response)

    async def cookie(
        self,
        sessions: SessionApp[Any, Any],
        as_: As,
        organization: OrganizationModel | None = None,
    ) -> str:
        """The session cookie value for `as_` in the app of `sessions` (a new session
        unless one is given)."""
        app = sessions.name
        if isinstance(as_, str):
            return as_
        if isinstance(as_, Customer):
            session = await self._factory.session(
                user=as_.user, organization=organization or as_.organization, app=app
            )
        elif isinstance(as_, UserModel):
            session = await self._factory.session(user=as_, organization=organization, app=app)
        elif isinstance(as_, SessionModel):
            session = as_
        else:
            raise ConfigurationError("as_ must be a customer, user, session or cookie value")
        return sign_session(app, session.id)
