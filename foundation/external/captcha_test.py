"""The siteverify client of Turnstile and hCaptcha over real HTTP against a local fake
siteverify: the form it posts, the answer it reads, a malformed answer refused."""

from __future__ import annotations

import httpx
import pytest

from foundation.external.captcha import SiteverifyClient
from foundation.external.errors import ExternalServiceError
from foundation.testing.fake_http import FakeResponse, fake_http


async def test_turnstile_posts_secret_token_and_address() -> None:
    with fake_http() as server:
        server.respond("POST", "/siteverify", FakeResponse(200, {"success": True}))
        client = SiteverifyClient(
            provider="turnstile",
            secret="s3cret",
            site_key="site",
            verify_url=server.url + "/siteverify",
        )
        assert await client.verify("token-1", remote_ip="203.0.113.9") is True
        [call] = server.requests
        assert dict(httpx.QueryParams(call.body.decode())) == {
            "secret": "s3cret",
            "response": "token-1",
            "remoteip": "203.0.113.9",
        }


async def test_hcaptcha_sends_its_site_key_and_a_refusal_is_false() -> None:
    with fake_http() as server:
        server.respond(
            "POST",
            "/siteverify",
            FakeResponse(200, {"success": False, "error-codes": ["invalid-input-response"]}),
        )
        client = SiteverifyClient(
            provider="hcaptcha",
            secret="s",
            site_key="10000000",
            verify_url=server.url + "/siteverify",
        )
        assert await client.verify("bad", remote_ip="") is False
        [call] = server.requests
        assert dict(httpx.QueryParams(call.body.decode())) == {
            "secret": "s",
            "response": "bad",
            "sitekey": "10000000",
        }


async def test_an_answer_without_success_is_an_external_failure() -> None:
    with fake_http() as server:
        server.respond("POST", "/siteverify", FakeResponse(200, {"ok": True}))
        client = SiteverifyClient(
            provider="turnstile", secret="s", site_key="k", verify_url=server.url + "/siteverify"
        )
        with pytest.raises(ExternalServiceError):
            await client.verify("t", remote_ip="")
