"""The product app through real HTTP (hypercorn on a free port)."""

import dataclasses
from typing import Any

import httpx
import pytest
from pydantic import TypeAdapter
from structlog.typing import EventDict

from foundation.auth.errors import InvalidCredentialsError
from foundation.email.links import PAGES
from foundation.rpc.errors import UnauthorizedError, UnsupportedMediaTypeError
from foundation.rpc.route import Route
from foundation.rpc.router import RPC_PREFIX, RouteInfo
from foundation.testing.examples import example_input
from foundation.testing.fixture import TFix
from foundation.testing.hostile_checks import (
    assert_every_route_refuses_non_text,
    assert_malformed_cookies_sign_out,
)
from foundation.testing.server import serve_in_background
from foundation.testing.settings import override_env
from product.api_keys.routes import ApiKeyCreateIn, api_key_create
from product.app import create_product_app, product_router
from product.auth.init import InitOut
from product.auth.routes import (
    SignupIn,
    init,
    login,
    logout,
    session_revoke,
    sessions_list,
    signup,
)
from product.dev_pages.pages import SCRIPT_PATH, STYLE_PATH
from product.framework import PRODUCT
from product.framework.impersonation import ALLOWED_WHILE_IMPERSONATED, ImpersonationReadOnlyError
from product.impersonation.routes import impersonation_end
from product.organizations.routes import OrganizationSwitchIn, organization_switch
from product.testing import impersonated

COOKIE = PRODUCT.cookie


async def test_signup_then_init_over_http(t: TFix) -> None:
    async with (
        serve_in_background(create_product_app()) as base_url,
        httpx.AsyncClient(base_url=base_url) as http,
    ):
        ping = await http.get("/ping")
        assert ping.json()["database"] == "ok"
        email = f"http-{id(t)}@example.test"
        signup_in = SignupIn(
            name="Ada", email=email, password="a long password", organization_name="Engines"
        )
        signed_up = await http.post(RPC_PREFIX + signup.name, json=dataclasses.asdict(signup_in))
        assert signed_up.status_code == 200, signed_up.text
        assert signed_up.headers["X-Request-ID"]
        assert signed_up.headers["Cache-Control"] == "no-store"
        assert signed_up.headers["X-Content-Type-Options"] == "nosniff"
        set_cookie = signed_up.headers["set-cookie"]
        assert "HttpOnly" in set_cookie and "Secure" in set_cookie  # not development
        cookie = signed_up.cookies[COOKIE]
        got = await http.get(RPC_PREFIX + init.name, headers={"Cookie": f"{COOKIE}={cookie}"})
        user = TypeAdapter(InitOut).validate_json(got.content).user
        assert user is not None and user.email == email
        form = await http.post(
            RPC_PREFIX + logout.name, data={"a": "b"}, headers={"Cookie": f"{COOKIE}={cookie}"}
        )
        assert (form.status_code, form.json()["error"]) == (
            415,
            UnsupportedMediaTypeError.__name__,
        )


def test_the_router_describes_every_route() -> None:
    # foundation/rpc (not strict yet) annotates a bare Route: its type arguments are unknown.
    routes: dict[Route[Any, Any], RouteInfo] = {
        r.route: r for r in product_router().routes()  # pyright: ignore[reportUnknownMemberType]
    }
    assert set(routes) >= {init, signup, login, logout, sessions_list, session_revoke}
    init_access = routes[init].access
    assert routes[init].method == "GET"
    assert init_access is not None and init_access.authorization == "public"
    logout_access = routes[logout].access
    assert logout_access is not None and logout_access.authorization == "user"
    assert InvalidCredentialsError in routes[login].errors


async def test_every_route_refuses_strings_that_are_not_text() -> None:
    await assert_every_route_refuses_non_text(create_product_app())


async def test_malformed_cookies_are_signed_out_on_every_route() -> None:
    await assert_malformed_cookies_sign_out(create_product_app(), PRODUCT.cookie)


def _route(name: str) -> Route[Any, Any] | None:
    # Any: foundation/rpc (not strict yet) returns a bare Route, whose type arguments are unknown.
    router: Any = product_router()
    return router.get(name)


def _posts() -> list[str]:
    return sorted(info.name for info in product_router().routes() if info.method == "POST")


@pytest.mark.parametrize("name", [n for n in _posts() if n not in ALLOWED_WHILE_IMPERSONATED])
async def test_every_mutation_is_refused_while_impersonated(t: TFix, name: str) -> None:
    _, _, cookie = await impersonated(t)
    route = _route(name)
    assert route is not None
    res = await t.rpc.raw(route, example_input(route.input_type), as_=cookie)
    assert res.status == 403, res.response.body
    res.expect_error(ImpersonationReadOnlyError)


def test_the_allowed_mutations_exist() -> None:
    assert set(_posts()) >= ALLOWED_WHILE_IMPERSONATED


async def test_reads_and_session_changes_work_while_impersonated(t: TFix) -> None:
    c, _, cookie = await impersonated(t)
    assert (await t.rpc.call(sessions_list, as_=cookie)).status == 200
    for info in product_router().routes():
        if info.method == "GET":
            res = await t.rpc.raw(info.route, example_input(info.input_type), as_=cookie)
            assert res.error != "ImpersonationReadOnlyError", info.name
    switch = OrganizationSwitchIn(organization_id=c.organization.id)
    assert (await t.rpc.call(organization_switch, switch, as_=cookie)).status == 200
    assert (await t.rpc.call(impersonation_end, as_=cookie)).status == 200
    assert (await t.rpc.call(init, as_=cookie)).output.user is None
    (await t.rpc.call(sessions_list, as_=cookie)).expect_error(UnauthorizedError)


async def test_the_pages_emails_link_to_exist_outside_production_only(
    monkeypatch: pytest.MonkeyPatch, logs: list[EventDict]
) -> None:
    """PRODUCT_URL defaults to this server: outside production it answers the emailed
    paths (`product/dev_pages/`); in production none of them, nor their script, exists."""
    paths = (*PAGES, SCRIPT_PATH, STYLE_PATH)
    development = create_product_app().test_client()
    assert [(await development.get(path)).status_code for path in paths] == [200] * len(paths)
    override_env(monkeypatch, environment="production", product_url="")
    production = create_product_app().test_client()
    for path in paths:
        res = await production.get(path)
        assert (res.status_code, res.content_type) == (404, "application/json"), path
    [warning] = [e for e in logs if e["event"].startswith("PRODUCT_URL is not set")]
    assert warning["log_level"] == "warning"
    override_env(monkeypatch, product_url="https://app.example.com")
    create_product_app()
    assert len([e for e in logs if e["event"].startswith("PRODUCT_URL is not set")]) == 1


async def test_every_route_not_declared_for_keys_refuses_them(t: TFix) -> None:
    """Sign-in, key management, account deletion, the second factor and every other route
    not declared `api_keys=True` refuse a key, even one whose scopes name it."""
    c = await t.factory.customer()
    routes = product_router().routes()
    allowed = {info.name for info in routes if info.access and info.access.api_keys}
    assert allowed == PRODUCT.key_routes
    refused = [info for info in routes if info.name not in allowed]
    for name in (
        "login",
        "signup",
        "api_key_create",
        "api_key_revoke",
        "user_delete",
        "mfa_totp_enroll",
        "mfa_disable",
        "session_reauthenticate",
        "logout",
    ):
        assert name in {info.name for info in refused}
    scopes = sorted(PRODUCT.key_permissions)
    created = await t.rpc.call(api_key_create, ApiKeyCreateIn(name="all", scopes=scopes), as_=c)
    bearer = {"Authorization": f"Bearer {created.output.key}"}
    for info in refused:
        body = example_input(info.route.input_type)
        res = await t.rpc.raw(info.route, body, headers=bearer)
        assert res.error == "ApiKeyNotAllowedError", info.name
