"""The product app through real HTTP (hypercorn on a free port)."""

import httpx

from foundation.auth.sessions import cookie_name
from foundation.testing.fixture import TFix
from foundation.testing.server import serve_in_background
from product.app import create_product_app, product_router

COOKIE = cookie_name("product")


async def test_signup_then_init_over_http(t: TFix) -> None:
    async with (
        serve_in_background(create_product_app()) as base_url,
        httpx.AsyncClient(base_url=base_url) as http,
    ):
        ping = await http.get("/ping")
        assert ping.json()["database"] == "ok"
        email = f"http-{id(t)}@example.test"
        signup = await http.post(
            "/rpc/signup",
            json={
                "name": "Ada",
                "email": email,
                "password": "a long password",
                "organization_name": "Engines",
            },
        )
        assert signup.status_code == 200, signup.text
        assert signup.headers["X-Request-ID"]
        assert signup.headers["Cache-Control"] == "no-store"
        assert signup.headers["X-Content-Type-Options"] == "nosniff"
        set_cookie = signup.headers["set-cookie"]
        assert "HttpOnly" in set_cookie and "Secure" in set_cookie  # not development
        cookie = signup.cookies[COOKIE]
        init = await http.get("/rpc/init", headers={"Cookie": f"{COOKIE}={cookie}"})
        assert init.json()["user"]["email"] == email
        form = await http.post(
            "/rpc/logout", data={"a": "b"}, headers={"Cookie": f"{COOKIE}={cookie}"}
        )
        assert (form.status_code, form.json()["error"]) == (415, "UnsupportedMediaTypeError")


def test_the_router_describes_every_route() -> None:
    routes = {r.name: r for r in product_router().routes()}
    assert set(routes) >= {"init", "signup", "login", "logout", "sessions_list", "session_revoke"}
    assert routes["init"].method == "GET" and routes["init"].meta["authorization"] == "public"
    assert routes["logout"].meta["authorization"] == "user"
    assert "InvalidCredentialsError" in {e.__name__ for e in routes["login"].errors}
