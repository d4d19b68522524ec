"""A GitHub-style plain OAuth 2.0 provider (no ID token: the user and emails endpoints),
as a local fake over real sockets (`foundation.testing.fake_http`)."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from foundation.auth.errors import OAuthFailedError
from foundation.auth.oauth import pkce_challenge
from foundation.testing.fake_http import FakeHTTPServer, FakeResponse, fake_http
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env
from product.sign_in_methods.routes import (
    STATE_COOKIE,
    OAuthCompleteIn,
    OAuthEmailUnverifiedError,
    OAuthStartIn,
    oauth_complete,
    oauth_start,
)

REDIRECT_URI = "http://localhost:5999/oauth/callback"


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHTTPServer]:
    with fake_http() as server:
        entry = {
            "id": "github",
            "client_id": "gh-client",
            "client_secret": "gh-secret",
            "authorize_url": f"{server.url}/login/oauth/authorize",
            "token_url": f"{server.url}/login/oauth/access_token",
            "userinfo_url": f"{server.url}/user",
            "emails_url": f"{server.url}/user/emails",
        }
        override_env(
            monkeypatch, oauth_providers=json.dumps([entry]), oauth_redirect_url=REDIRECT_URI
        )
        yield server


def _user(server: FakeHTTPServer, *, verified: bool) -> str:
    number = uuid.uuid4().int % 10**9
    email = f"octo-{number}@example.test"
    server.respond(
        "POST", "/login/oauth/access_token", FakeResponse(200, {"access_token": "gho_1"})
    )
    server.respond("GET", "/user", FakeResponse(200, {"id": number, "login": "octo", "name": None}))
    emails = [
        {"email": f"other-{number}@example.test", "primary": False, "verified": True},
        {"email": email, "primary": True, "verified": verified},
    ]
    server.respond("GET", "/user/emails", FakeResponse(200, emails))
    return email


async def _start(t: TFix) -> tuple[dict[str, list[str]], dict[str, str]]:
    res = await t.rpc.call(oauth_start, OAuthStartIn(provider="github"))
    query = parse_qs(urlsplit(res.output.authorization_url).query)
    return query, {STATE_COOKIE: res.cookies[STATE_COOKIE]}


async def test_a_plain_oauth_provider_signs_up_with_its_verified_primary_address(
    t: TFix, github: FakeHTTPServer
) -> None:
    email = _user(github, verified=True)
    query, cookies = await _start(t)
    assert query["redirect_uri"] == [REDIRECT_URI]
    assert query["scope"] == ["read:user user:email"] and "nonce" not in query
    [state] = query["state"]
    data = OAuthCompleteIn(state=state, code="gh-code")
    res = await t.rpc.call(oauth_complete, data, cookies=cookies)
    user = res.output.signed_in.user
    assert (user.email, user.name, user.email_verified) == (email, "octo", True)
    # The code went back with the PKCE verifier of the challenge, the client authenticated.
    [token] = github.calls("POST", "/login/oauth/access_token")
    form = parse_qs(token.body.decode())
    assert form["code"] == ["gh-code"] and form["grant_type"] == ["authorization_code"]
    assert [pkce_challenge(form["code_verifier"][0])] == query["code_challenge"]
    assert query["code_challenge_method"] == ["S256"]
    basic = base64.b64encode(b"gh-client:gh-secret").decode()
    assert token.headers["Authorization"] == f"Basic {basic}"
    [user_call] = github.calls("GET", "/user")
    assert user_call.headers["Authorization"] == "Bearer gho_1"


async def test_an_unverified_primary_address_creates_nobody(
    t: TFix, github: FakeHTTPServer
) -> None:
    _user(github, verified=False)
    query, cookies = await _start(t)
    res = await t.rpc.call(
        oauth_complete, OAuthCompleteIn(state=query["state"][0], code="c"), cookies=cookies
    )
    res.expect_error(OAuthEmailUnverifiedError)


async def test_a_refused_code_signs_nobody_in(t: TFix, github: FakeHTTPServer) -> None:
    github.respond(
        "POST", "/login/oauth/access_token", FakeResponse(401, {"error": "bad_verification_code"})
    )
    query, cookies = await _start(t)
    res = await t.rpc.call(
        oauth_complete, OAuthCompleteIn(state=query["state"][0], code="c"), cookies=cookies
    )
    assert res.expect_error(OAuthFailedError).provider == "github"
