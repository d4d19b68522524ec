"""The product app through real HTTP (hypercorn on a free port)."""

import dataclasses

import httpx
from pydantic import TypeAdapter

from foundation.auth.errors import InvalidCredentialsError
from foundation.rpc.errors import UnsupportedMediaTypeError
from foundation.rpc.router import RPC_PREFIX
from foundation.testing.fixture import TFix
from foundation.testing.hostile_checks import (
    assert_every_route_refuses_non_text,
    assert_malformed_cookies_sign_out,
)
from foundation.testing.server import serve_in_background
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
from product.framework import PRODUCT

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
    routes = {r.route: r for r in product_router().routes()}
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
