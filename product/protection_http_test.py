"""Account protection over real HTTP end to end (issue 30): the product served by
hypercorn, its real Pwned Passwords and siteverify clients talking to local fake services
on real sockets (a server of range files, a fake siteverify)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from foundation.auth.breached import BREACHED_REASON
from foundation.external.captcha import SiteverifyClient
from foundation.external.pwned import PwnedPasswordsClient
from foundation.external.pwned_test import serve_ranges
from foundation.external.registry import override_services
from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.server import client_at, fresh_address, serve_in_background
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES
from product.app import create_product_app

pytestmark = STARTS_PROCESSES

BREACHED = "correct horse battery staple"  # pragma: allowlist secret
CLEAN = "an unbreached passphrase"  # pragma: allowlist secret


@pytest.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    override_env(monkeypatch, web_trusted_proxies=1)
    async with serve_in_background(create_product_app()) as base_url:
        yield base_url


def _signup(password: str, **extra: str) -> dict[str, str]:
    email = f"http-{uuid.uuid4().hex[:10]}@example.test"
    return {"name": "Ada", "email": email, "password": password, "organization_name": "O", **extra}


async def test_signup_refuses_a_breached_password_from_the_range_server(
    server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    override_env(monkeypatch, pwned_passwords="enforce", pwned_passwords_min_count=1)
    with fake_http() as ranges:
        serve_ranges(ranges, tmp_path, {BREACHED: 12})
        with override_services(pwned_passwords=PwnedPasswordsClient(api_url=ranges.url)):
            async with client_at(server, fresh_address()) as browser:
                res = await browser.post("/rpc/signup", json=_signup(BREACHED))
                assert res.status_code == 400, res.text
                assert res.json() == {
                    "error": "WeakPasswordError",
                    "data": {"reason": BREACHED_REASON},
                }
                # CLEAN's prefix is not served (404): the service failed, signup goes on.
                res = await browser.post("/rpc/signup", json=_signup(CLEAN))
                assert res.status_code == 200, res.text
        assert all(call.headers["Add-Padding"] == "true" for call in ranges.requests)
        assert {len(call.path) for call in ranges.requests} == {len("/range/ABCDE")}


async def test_signup_verifies_the_captcha_at_the_fake_siteverify(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(
        monkeypatch,
        captcha_provider="hcaptcha",
        captcha_site_key="10000000-ffff",
        captcha_secret="0x-secret",  # pragma: allowlist secret
    )
    with fake_http() as siteverify:
        siteverify.respond("POST", "/siteverify", FakeResponse(200, {"success": False}))
        client = SiteverifyClient(
            provider="hcaptcha",
            secret="0x-secret",  # pragma: allowlist secret
            site_key="10000000-ffff",
            verify_url=siteverify.url + "/siteverify",
        )
        address = fresh_address()
        with override_services(captcha=client):
            async with client_at(server, address) as browser:
                res = await browser.post("/rpc/signup", json=_signup(CLEAN))
                assert res.json() == {
                    "error": "CaptchaRequiredError",
                    "data": {"provider": "hcaptcha", "site_key": "10000000-ffff"},
                }
                assert siteverify.requests == []  # no token: nothing to ask
                res = await browser.post("/rpc/signup", json=_signup(CLEAN, captcha_token="t1"))
                assert res.json()["error"] == "CaptchaRequiredError", res.text
                siteverify.respond("POST", "/siteverify", FakeResponse(200, {"success": True}))
                res = await browser.post("/rpc/signup", json=_signup(CLEAN, captcha_token="t2"))
                assert res.status_code == 200, res.text
        forms = [dict(httpx.QueryParams(r.body.decode())) for r in siteverify.requests]
        assert [(f["response"], f["remoteip"], f["secret"]) for f in forms] == [
            ("t1", address, "0x-secret"),
            ("t2", address, "0x-secret"),
        ]
