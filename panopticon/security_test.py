"""Finding 4 of the outside attack (issue 23), over real HTTP: panopticon signed admins in
with the password alone, superadmins with two-factor authentication on included. Admins
with a second factor now pass it (`login_mfa`), and where ADMIN_REQUIRE_MFA holds (in
production by default) an admin without one is refused until they enrol."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from database.testing import harness
from foundation.auth.funnel import CHALLENGE_TTL
from foundation.auth.passwords import hash_password
from foundation.base.clock import CLOCK
from foundation.crypto.codes import new_code
from foundation.db import xact_admin
from foundation.testing.fixture import TFix
from foundation.testing.mfa import enable_mfa
from foundation.testing.server import client_at, fresh_address, serve_in_background
from foundation.testing.settings import override_env
from panopticon.app import create_panopticon_app
from panopticon.framework import PANOPTICON
from panopticon.testing import make_admin

PASSWORD = "a long enough password"


async def _server(monkeypatch: pytest.MonkeyPatch, *, require_mfa: bool) -> AsyncIterator[str]:
    override_env(monkeypatch, web_trusted_proxies=1, admin_require_mfa=require_mfa)
    async with serve_in_background(create_panopticon_app()) as base_url:
        yield base_url


@pytest.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    async for base_url in _server(monkeypatch, require_mfa=False):
        yield base_url


@pytest.fixture
async def strict_server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    async for base_url in _server(monkeypatch, require_mfa=True):
        yield base_url


async def test_an_admin_with_mfa_on_passes_the_second_factor(t: TFix, server: str) -> None:
    t.freeze_time()
    admin = await make_admin(t, "superadmin", password_hash=await hash_password(PASSWORD))
    mfa = await enable_mfa(admin.id)
    async with client_at(server, fresh_address()) as browser:
        res = await browser.post("/rpc/login", json={"email": admin.email, "password": PASSWORD})
        assert res.status_code == 400 and res.json()["error"] == "MFARequiredError", res.text
        assert PANOPTICON.cookie not in res.cookies
        challenge = res.json()["data"]["challenge"]
        assert (await browser.get("/rpc/init")).json() == {"admin": None}
        wrong = {"challenge": challenge, "code": mfa.wrong_code()}
        res = await browser.post("/rpc/login_mfa", json=wrong)
        assert res.json()["error"] == "MFACodeInvalidError"
        res = await browser.post(
            "/rpc/login_mfa", json={"challenge": challenge, "code": mfa.code()}
        )
        assert res.status_code == 200, res.text
        assert res.json()["admin"]["id"] == admin.id
        cookie = res.cookies[PANOPTICON.cookie]  # Secure outside development: sent by hand
        init = await browser.get("/rpc/init", headers={"Cookie": f"{PANOPTICON.cookie}={cookie}"})
        assert init.json()["admin"]["role"] == "superadmin"


async def test_a_product_challenge_does_not_sign_in_to_panopticon(t: TFix, server: str) -> None:
    """Challenges belong to their app: one the product's login issued is no admin sign-in."""
    t.freeze_time()
    admin = await make_admin(t, "superadmin", password_hash=await hash_password(PASSWORD))
    mfa = await enable_mfa(admin.id)
    token, token_hash = new_code()
    async with xact_admin() as q:
        await q.orm.mfa_challenge_create(
            user_id=admin.id,
            organization_id=None,
            permanent=False,
            challenge_hash=token_hash,
            expires_at=CLOCK.now() + CHALLENGE_TTL,
            now=CLOCK.now(),
            app="product",
            sign_in_method="password",
        )
    async with client_at(server, fresh_address()) as browser:
        res = await browser.post("/rpc/login_mfa", json={"challenge": token, "code": mfa.code()})
        assert res.json()["error"] == "MFAChallengeInvalidError"
        assert PANOPTICON.cookie not in res.cookies


async def test_where_admins_must_have_mfa_one_without_is_refused(
    t: TFix, strict_server: str
) -> None:
    admin = await make_admin(t, "superadmin", password_hash=await hash_password(PASSWORD))
    async with client_at(strict_server, fresh_address()) as browser:
        wrong = await browser.post("/rpc/login", json={"email": admin.email, "password": "nope!"})
        assert wrong.json()["error"] == "InvalidCredentialsError"
        res = await browser.post("/rpc/login", json={"email": admin.email, "password": PASSWORD})
        assert res.status_code == 400 and res.json()["error"] == "MFAEnrollmentRequiredError"
        assert PANOPTICON.cookie not in res.cookies
    # Once enrolled (in the product), the same admin signs in with the second factor.
    t.freeze_time()
    mfa = await enable_mfa(admin.id)
    async with client_at(strict_server, fresh_address()) as browser:
        res = await browser.post("/rpc/login", json={"email": admin.email, "password": PASSWORD})
        challenge = res.json()["data"]["challenge"]
        res = await browser.post(
            "/rpc/login_mfa", json={"challenge": challenge, "code": mfa.code()}
        )
        assert res.status_code == 200, res.text


async def test_a_passkey_set_as_second_factor_is_no_admin_second_factor(
    t: TFix, strict_server: str
) -> None:
    """Passkeys belong to the product's origin (WEBAUTHN_RP_ID), so panopticon cannot ask
    for one: an admin whose only second factor is a passkey must enrol an authenticator
    app, rather than get a challenge only a recovery code could answer."""
    admin = await make_admin(t, "superadmin", password_hash=await hash_password(PASSWORD))
    async with xact_admin() as q:
        await harness(q).test_passkey_second_factor_create(user_id=admin.id)
    async with client_at(strict_server, fresh_address()) as browser:
        res = await browser.post("/rpc/login", json={"email": admin.email, "password": PASSWORD})
        assert res.status_code == 400 and res.json()["error"] == "MFAEnrollmentRequiredError"
        assert PANOPTICON.cookie not in res.cookies
