"""`t.rpc`: call an app's RPCs in-process, signed in as someone.

    res = await t.rpc.product("init", as_=customer)
    res = await t.rpc.product("login", {"email": ..., "password": ...})
    assert res.status == 200 and res.data["user"]["id"] == customer.user.id
    res.cookies["blossom_session"]   # what the response set ("" when cleared)

`as_` is a `Customer` (a session in its organization), a user model (a session without an
organization unless `organization=` is given), a session model, or a raw cookie value.
The apps are registered by the repository's root conftest.py (`foundation` cannot import
them); each is built once per test process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quart import Quart

from database.__codegen__.enums import SessionAppEnum
from database.__codegen__.models import OrganizationModel, SessionModel, UserModel
from database.testing.factory import Customer, Factory
from foundation.auth.cookies import sign_session
from foundation.auth.sessions import cookie_name
from foundation.errors import ConfigurationError
from foundation.testing.rpc_client import RPCClient, RPCResponse

AppFactory = Callable[[], Quart]
As = Customer | UserModel | SessionModel | str | None

_factories: dict[str, AppFactory] = {}
_clients: dict[str, RPCClient] = {}


def register_app(name: SessionAppEnum, factory: AppFactory) -> None:
    """Make `t.rpc.<name>` call the app built by `factory`."""
    _factories[name] = factory


def client(name: SessionAppEnum) -> RPCClient:
    if name not in _clients:
        if name not in _factories:
            raise ConfigurationError("no app registered for t.rpc (see conftest.py)", app=name)
        _clients[name] = RPCClient(_factories[name]())
    return _clients[name]


class RPCs:
    def __init__(self, factory: Factory) -> None:
        self._factory = factory

    async def product(
        self,
        name: str,
        data: Any = None,
        *,
        as_: As = None,
        organization: OrganizationModel | None = None,
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> RPCResponse:
        return await self.call("product", name, data, as_, organization, cookies, headers)

    async def panopticon(
        self,
        name: str,
        data: Any = None,
        *,
        as_: As = None,
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> RPCResponse:
        return await self.call("panopticon", name, data, as_, None, cookies, headers)

    async def call(
        self,
        app: SessionAppEnum,
        name: str,
        data: Any,
        as_: As,
        organization: OrganizationModel | None,
        cookies: dict[str, str] | None,
        headers: dict[str, str] | None,
    ) -> RPCResponse:
        jar = dict(cookies or {})
        if as_ is not None:
            jar[cookie_name(app)] = await self.cookie(app, as_, organization)
        return await client(app).call(name, data, cookies=jar, headers=headers)

    async def cookie(
        self, app: SessionAppEnum, as_: As, organization: OrganizationModel | None = None
    ) -> str:
        """The session cookie value for `as_` in `app` (a new session unless one is given)."""
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
