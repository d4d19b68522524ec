"""The funnel check catches each kind of bypass (so the apps' own funnel tests can fail).

The sample handlers below are never called: the check reads their code. Each bypasses
the funnel one way an app's route could; the last ones go through it."""

from __future__ import annotations

from typing import Any

from database.xact import xact_admin
from foundation.auth import funnel
from foundation.auth.login import check_login
from foundation.auth.passkeys import verify_assertion
from foundation.auth.passwords import verify_password
from foundation.auth.second_factor import use_recovery_code
from foundation.base.clock import CLOCK
from foundation.base.retry import retrying
from foundation.rpc import Req, Router, route
from foundation.testing.funnel_check import funnel_bypasses, route_bypasses


@route("password_by_hand")
async def password_by_hand(req: Req[str]) -> bool:
    return await verify_password(req.data, None)


@route("import_inside")
async def import_inside(req: Req[str]) -> bool:
    from foundation.auth import passwords

    return await passwords.verify_password(req.data, None)


async def _helper_checks_login(email: str) -> None:
    await check_login("product", email, "password", client="192.0.2.1")


@route("login_in_a_helper")
async def login_in_a_helper(req: Req[str]) -> None:
    await _helper_checks_login(req.data)


@route("session_by_hand")
async def session_by_hand(req: Req[str]) -> None:
    async with xact_admin() as q:
        q_any: Any = q
        await q_any.orm.auth_session_create(user_id=req.data, app="product")


@route("recovery_code_in_a_lambda")
async def recovery_code_in_a_lambda(req: Req[str]) -> None:
    async with xact_admin() as q:
        q_any: Any = q
        await retrying(
            "sample", lambda: use_recovery_code(q_any, user_id="u", code=req.data, now=CLOCK.now())
        )


@route("code_without_limit")
async def code_without_limit(req: Req[str]) -> None:
    funnel.code("password_reset", req.data, RuntimeError())  # type: ignore[arg-type]


@route("passkey_by_hand")
async def passkey_by_hand(req: Req[dict[str, Any]]) -> int | None:
    return verify_assertion(req.data, b"challenge", public_key=b"", sign_count=0)


@route("passkey_counter_by_hand")
async def passkey_counter_by_hand(req: Req[str]) -> None:
    async with xact_admin() as q:
        q_any: Any = q
        await q_any.orm.passkey_used(id=req.data, sign_count=1, now=CLOCK.now())


@route("api_key_by_hand")
async def api_key_by_hand(req: Req[str]) -> None:
    async with xact_admin() as q:
        q_any: Any = q
        await q_any.orm.auth_api_key_lookup(key_id=req.data, secret_hash="h")


@route("through_the_funnel")
async def through_the_funnel(req: Req[str]) -> None:
    await funnel.password("product", req.data, "password", client=req.client)


@route("passkey_through_the_funnel")
async def passkey_through_the_funnel(req: Req[dict[str, Any]]) -> None:
    await funnel.passkey("product", req.data, client=req.client)


@route("code_with_limit")
async def code_with_limit(req: Req[str]) -> None:
    await funnel.limit("password_reset_complete", client=req.client, target=req.data)
    funnel.code("password_reset", req.data, RuntimeError())  # type: ignore[arg-type]


def test_every_kind_of_bypass_is_reported() -> None:
    expected = {
        password_by_hand: "verifies a password",
        import_inside: "verifies a password",
        login_in_a_helper: "checks a login",
        session_by_hand: "creates a session",
        recovery_code_in_a_lambda: "checks a recovery code",
        code_without_limit: "without funnel.limit",
        passkey_by_hand: "checks a passkey's signature",
        passkey_counter_by_hand: "records a passkey's signature",
        api_key_by_hand: "checks an API key",
    }
    for checked, what in expected.items():
        found = route_bypasses(checked)
        assert found, checked.name
        assert any(what in str(b) for b in found), (checked.name, [str(b) for b in found])


def test_routes_through_the_funnel_pass() -> None:
    router = Router("sample").include(
        through_the_funnel, code_with_limit, passkey_through_the_funnel
    )
    assert funnel_bypasses(router) == []
