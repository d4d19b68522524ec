"""Regression tests of the outside attack (issue 23) that was made over HTTP: the product
served by hypercorn, clients told apart by X-Forwarded-For behind one trusted proxy."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from foundation.auth.login import LOCKOUT_FAILURES
from foundation.auth.passwords import hash_password
from foundation.testing.fixture import TFix
from foundation.testing.mfa import enable_mfa
from foundation.testing.server import client_at, fresh_address, serve_in_background
from foundation.testing.settings import override_env
from product.app import create_product_app
from product.framework import PRODUCT

PASSWORD = "a long enough password"


@pytest.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    """The product over real HTTP with the documented rate limits, behind one proxy."""
    override_env(monkeypatch, web_trusted_proxies=1, rate_limits="")
    async with serve_in_background(create_product_app()) as base_url:
        yield base_url


async def test_invite_accept_is_no_password_oracle_and_skips_no_second_factor(
    t: TFix, server: str
) -> None:
    """Finding 1: anyone holding an invite for the victim's address (its inviter saw the
    code) guessed the victim's password through `invite_accept` (no lockout, no second
    factor, a full session). An existing account now joins only while signed in as
    itself: every password, the right one too, gets the same refusal and no cookie."""
    owner = await t.factory.customer()
    victim = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    await enable_mfa(victim.user.id)
    code = f"oracle-{uuid.uuid4().hex}"
    await t.factory.invite(organization=owner.organization, code=code, email=victim.user.email)
    async with client_at(server, fresh_address()) as attacker:
        for guess in [f"guess number {n}" for n in range(19)] + [PASSWORD]:
            res = await attacker.post("/rpc/invite_accept", json={"code": code, "password": guess})
            assert res.status_code == 400, res.text
            assert res.json()["error"] == "InviteSignInRequiredError"
            assert "set-cookie" not in res.headers
        # And the client is rate-limited (20 per client and code an hour).
        res = await attacker.post("/rpc/invite_accept", json={"code": code})
        assert res.json()["error"] == "TooManyAttemptsError"
    # The invite is still open for the victim, signed in as themselves.
    async with client_at(server, fresh_address()) as browser:
        browser.cookies.set(PRODUCT.cookie, await t.rpc.cookie(PRODUCT, victim))
        res = await browser.post("/rpc/invite_accept", json={"code": code})
        assert res.status_code == 200, res.text
        assert len(res.json()["available_organizations"]) == 2


async def test_wrong_logins_from_one_address_never_lock_the_owner_out(t: TFix, server: str) -> None:
    """Finding 3: 31 wrong logins from one address used up the email's shared login rate
    limit and locked the owner out from everywhere for 15 minutes. Failures now lock out
    the client making them (and that client with that email), never the owner."""
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    wrong = {"email": c.user.email, "password": "not the password"}
    async with client_at(server, fresh_address()) as attacker:
        errors = [
            (await attacker.post("/rpc/login", json=wrong)).json()["error"] for _ in range(40)
        ]
    assert errors == ["InvalidCredentialsError"] * LOCKOUT_FAILURES + ["TooManyAttemptsError"] * (
        40 - LOCKOUT_FAILURES
    )
    async with client_at(server, fresh_address()) as owner:
        res = await owner.post("/rpc/login", json={"email": c.user.email, "password": PASSWORD})
        assert res.status_code == 200, res.text
        assert PRODUCT.cookie in res.cookies


async def test_a_line_break_in_a_name_is_refused_at_the_door(t: TFix, server: str) -> None:
    """Finding 2 (the HTTP side; the outbox side is foundation/email/outbox_test.py): a
    display name with CR/LF reached an email subject and stopped every email for good.
    Names now refuse control characters wherever they come in."""
    c = await t.factory.customer()
    evil = "Mallory\r\nBcc: everyone@example.test"
    email = f"crlf-{uuid.uuid4().hex[:8]}@example.test"
    body = {"name": evil, "email": email, "password": PASSWORD, "organization_name": "Org"}
    async with client_at(server, fresh_address()) as browser:
        res = await browser.post("/rpc/signup", json=body)
        assert res.status_code == 400 and res.json()["error"] == "InputValidationError", res.text
        res = await browser.post(
            "/rpc/signup", json={**body, "name": "M", "organization_name": evil}
        )
        assert res.json()["error"] == "InputValidationError", res.text
        cookie = {"Cookie": f"{PRODUCT.cookie}={await t.rpc.cookie(PRODUCT, c)}"}
        res = await browser.post("/rpc/user_update", json={"name": evil}, headers=cookie)
        assert res.json()["error"] == "InputValidationError", res.text
