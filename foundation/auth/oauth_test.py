"""The OAuth/OIDC client: providers from configuration, and the ID token's checks against
a provider's published keys (a local fake serving discovery and JWKS, tokens minted
here with joserfc)."""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from foundation.auth import oauth
from foundation.base.clock import CLOCK
from foundation.base.errors import ConfigurationError
from foundation.crypto.codes import hash_code
from foundation.testing.fake_http import FakeHTTPServer, FakeResponse, fake_http
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env

NONCE = "the-nonce-of-this-request"
CLIENT_ID = "our-client"


def _providers(monkeypatch: pytest.MonkeyPatch, entries: Any) -> dict[str, oauth.Provider]:
    override_env(monkeypatch, oauth_providers=json.dumps(entries))
    return oauth.providers()


def test_presets_fill_in_google_microsoft_github_and_apple(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entries = [
        {"id": p, "client_id": f"{p}-id", "client_secret": "s"}
        for p in ("google", "microsoft", "github", "apple")
    ]
    entries.append(
        {
            "id": "okta",
            "name": "Okta",
            "issuer": "https://example.okta.test/",
            "client_id": "o",
            "client_secret": "s",
        }
    )
    entries.append({"id": "work", "preset": "microsoft", "client_id": "w", "client_secret": "s"})
    found = _providers(monkeypatch, entries)
    assert list(found) == ["google", "microsoft", "github", "apple", "okta", "work"]
    assert found["google"].issuer == "https://accounts.google.com"
    assert found["microsoft"].issuer == "https://login.microsoftonline.com/common/v2.0"
    assert found["microsoft"].verified_claim == "xms_edov"
    assert found["work"].name == "Microsoft"
    github = found["github"]
    assert not github.oidc and github.emails_url and github.scopes == ("read:user", "user:email")
    assert found["apple"].issuer == "https://appleid.apple.com"
    assert (found["okta"].issuer, found["okta"].name) == ("https://example.okta.test", "Okta")
    assert found["okta"].scopes == ("openid", "email", "profile")
    assert _providers(monkeypatch, []) == {}


@pytest.mark.parametrize(
    "setting",
    [
        "not json",
        '{"id": "google"}',
        '[{"id": "x", "client_id": "a", "client_secret": "b"}]',
        '[{"id": "x", "client_id": "a", "client_secret": "b", "authorize_url": "https://a"}]',
        '[{"id": "google", "client_id": "a", "client_secret": "b", "colour": "red"}]',
        '[{"id": "google", "client_id": "a", "client_secret": "b"},'
        ' {"id": "google", "client_id": "a", "client_secret": "b"}]',
    ],
)
def test_a_malformed_configuration_is_refused(
    monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    override_env(monkeypatch, oauth_providers=setting)
    with pytest.raises(ConfigurationError, match="oauth provider"):
        oauth.providers()


# -- ID tokens -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def issuer() -> Iterator[FakeHTTPServer]:
    """One fake issuer for the module (each test publishes its own keys)."""
    with fake_http() as server:
        yield server


def _provider(server: FakeHTTPServer, *, issuer_claim: str | None = None) -> oauth.Provider:
    server.respond(
        "GET",
        "/.well-known/openid-configuration",
        FakeResponse(
            200,
            {
                "issuer": issuer_claim or server.url,
                "authorization_endpoint": f"{server.url}/auth",
                "token_endpoint": f"{server.url}/token",
                "jwks_uri": f"{server.url}/jwks",
            },
        ),
    )
    oauth.forget_cached()
    return oauth.Provider(
        id="fake",
        name="Fake",
        client_id=CLIENT_ID,
        client_secret="secret",
        issuer=server.url,
        authorize_url=None,
        token_url=None,
        userinfo_url=None,
        emails_url=None,
        scopes=("openid", "email"),
        verified_claim="email_verified",
    )


@functools.cache
def _key(kid: str, which: str = "ours") -> RSAKey:
    """A signing key (made once per run: RSA key generation is slow)."""
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig"}, private=True)


def _publish(server: FakeHTTPServer, *keys: RSAKey) -> None:
    server.respond(
        "GET", "/jwks", FakeResponse(200, {"keys": [k.as_dict(private=False) for k in keys]})
    )


def _token(key: RSAKey | OctKey, server: FakeHTTPServer, alg: str = "RS256", **claims: Any) -> str:
    now = int(CLOCK.now().timestamp())
    offsets = {"exp": now + 300, "iat": now}
    for claim in ("exp", "iat"):
        if f"{claim}_in" in claims:
            offsets[claim] = now + claims.pop(f"{claim}_in")
    payload = {
        "iss": server.url,
        "aud": CLIENT_ID,
        "sub": "subject-1",
        **offsets,
        "nonce": NONCE,
        "email": "a@example.test",
        **claims,
    }
    payload = {k: v for k, v in payload.items() if v is not None}
    return jwt.encode({"alg": alg, "kid": key.kid}, payload, key)


async def _check(provider: oauth.Provider, token: str) -> dict[str, Any]:
    return await oauth.verified_claims(provider, token, hash_code(NONCE))


async def test_a_good_id_token_passes(t: TFix, issuer: FakeHTTPServer) -> None:
    provider, key = _provider(issuer), _key("k1")
    _publish(issuer, key)
    claims = await _check(provider, _token(key, issuer))
    assert claims["sub"] == "subject-1"


@pytest.mark.parametrize(
    "claims",
    [
        {"iss": "https://another.issuer.test"},
        {"aud": "another-client"},
        {"aud": [CLIENT_ID, "another-client"]},  # several audiences and no azp
        {"aud": [CLIENT_ID, "another-client"], "azp": "another-client"},
        {"nonce": "another-nonce"},
        {"nonce": None},
        {"exp_in": -120},
        {"iat_in": 3600},
        {"sub": None},
    ],
)
async def test_an_id_token_failing_a_claim_check_is_refused(
    t: TFix, issuer: FakeHTTPServer, claims: dict[str, Any]
) -> None:
    provider, key = _provider(issuer), _key("k1")
    _publish(issuer, key)
    with pytest.raises(oauth.OAuthInvalidError):
        await _check(provider, _token(key, issuer, **claims))


async def test_several_audiences_pass_with_us_as_the_authorized_party(
    t: TFix, issuer: FakeHTTPServer
) -> None:
    provider, key = _provider(issuer), _key("k1")
    _publish(issuer, key)
    token = _token(key, issuer, aud=[CLIENT_ID, "other"], azp=CLIENT_ID)
    assert (await _check(provider, token))["azp"] == CLIENT_ID


async def test_only_the_providers_asymmetric_keys_sign(t: TFix, issuer: FakeHTTPServer) -> None:
    provider, key = _provider(issuer), _key("k1")
    _publish(issuer, key)
    stranger = _key("k1", "stranger's")  # the same key id, another key
    with pytest.raises(oauth.OAuthInvalidError):
        await _check(provider, _token(stranger, issuer))
    # A MACed token (HS256) is refused, even with its key in the published set.
    secret = OctKey.import_key("secret-secret-secret-secret-secret", {"kid": "mac"})
    keys = [key.as_dict(private=False), secret.as_dict(private=True)]
    issuer.respond("GET", "/jwks", FakeResponse(200, {"keys": keys}))
    oauth.forget_cached()
    with pytest.raises(oauth.OAuthInvalidError):
        await _check(provider, _token(secret, issuer, alg="HS256"))


async def test_a_new_key_is_fetched_and_a_dropped_one_refused(
    t: TFix, issuer: FakeHTTPServer
) -> None:
    provider, old, new = _provider(issuer), _key("old"), _key("new")
    _publish(issuer, old)
    before = len(issuer.calls("GET", "/jwks"))
    t.freeze_time()
    await _check(provider, _token(old, issuer))  # the set is cached with "old"
    _publish(issuer, new)  # rotated: "new" signs, "old" is gone
    await _check(provider, _token(new, issuer))  # an unknown kid fetches the set again
    with pytest.raises(oauth.OAuthInvalidError, match="does not publish"):
        await _check(provider, _token(old, issuer))
    assert len(issuer.calls("GET", "/jwks")) - before == 3
    # Cached for JWKS_MAX_AGE: then fetched again, so a dropped key stops working.
    _publish(issuer, old, new)
    await _check(provider, _token(new, issuer))
    assert len(issuer.calls("GET", "/jwks")) - before == 3
    t.advance_time(oauth.JWKS_MAX_AGE + datetime.timedelta(seconds=1))
    await _check(provider, _token(old, issuer))
    assert len(issuer.calls("GET", "/jwks")) - before == 4


async def test_microsofts_multi_tenant_issuer_is_the_tokens_tenant(
    t: TFix, issuer: FakeHTTPServer
) -> None:
    provider = _provider(issuer, issuer_claim=f"{issuer.url}/{{tenantid}}/v2.0")
    key = _key("k1")
    _publish(issuer, key)
    token = _token(key, issuer, iss=f"{issuer.url}/tenant-1/v2.0", tid="tenant-1")
    assert (await _check(provider, token))["tid"] == "tenant-1"
    forged = _token(key, issuer, iss=f"{issuer.url}/tenant-2/v2.0", tid="tenant-1")
    with pytest.raises(oauth.OAuthInvalidError):
        await _check(provider, forged)
