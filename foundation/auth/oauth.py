"""Social login: the OAuth 2.0 / OpenID Connect client side, for any provider.

    url = await authorization_url(provider, state=..., nonce=..., verifier=...)
    identity = await provider_identity(provider, code=..., verifier=..., nonce_hash=...)

Providers are configuration (`OAUTH_PROVIDERS`, a JSON list; `providers()`): each has an
id, a display name, a client id and secret, and either an OIDC issuer (its endpoints
come from discovery, `/.well-known/openid-configuration`) or, for plain OAuth 2.0
(GitHub), its endpoints. `PRESETS` fill those in for Google, Microsoft (Entra ID,
multi-tenant), GitHub and Apple.

Every request uses PKCE (S256) and a `state`; OIDC requests a `nonce` too (the caller
stores both hashed, `funnel.oauth` redeems them once). An ID token is checked with
joserfc: its signature against the provider's JWKS (cached; a key id it does not know
fetches the set again, so a provider's key rotation just works, and a key the provider
no longer publishes is refused), `iss`, `aud` (and `azp`), `exp`, `iat` and `nonce`.
Claims the ID token lacks (the email) come from the userinfo endpoint, whose `sub` must
match. A plain OAuth provider's user comes from its user endpoint (and, for GitHub, the
primary verified address from its emails endpoint).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlencode

from joserfc.errors import InvalidKeyIdError, JoseError
from pydantic import BaseModel, ConfigDict, ValidationError

from foundation.base.base64url import b64url_encode
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.base.errors import ConfigurationError
from foundation.crypto.codes import hash_code
from foundation.external.errors import ExternalServiceError
from foundation.external.oauth import OAuthHTTP, OAuthHTTPClient, OAuthRefusedError

if TYPE_CHECKING:
    from joserfc.jwk import KeySet

CALLBACK_PATH = "/oauth/callback"
"""The frontend page providers send the browser back to (`?code=&state=`): it calls
`oauth_complete`. OAUTH_REDIRECT_URL overrides the whole URL."""

ID_TOKEN_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
"""Asymmetric only: a token signed with the client secret (HS256) or `none` is refused."""
CLOCK_LEEWAY_SECONDS = 60


class OAuthInvalidError(Exception):
    """The provider's answer does not prove an identity (a refused code, a bad ID token):
    `reason` says which check failed (for logs; the client gets one error)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Provider:
    id: str
    name: str
    client_id: str
    client_secret: str
    issuer: str | None
    """OIDC: endpoints from discovery. None: plain OAuth 2.0 with the URLs below."""
    authorize_url: str | None
    token_url: str | None
    userinfo_url: str | None
    emails_url: str | None
    """GitHub-style: the user's addresses with their `verified` flag."""
    scopes: tuple[str, ...]
    verified_claim: str
    """The ID token/userinfo claim saying the email is verified (Microsoft: `xms_edov`)."""

    @property
    def oidc(self) -> bool:
        return self.issuer is not None


@dataclass(frozen=True, slots=True)
class ProviderIdentity:
    """Who the provider says signed in: its stable `subject`, and the address (with
    whether the provider verified it)."""

    provider: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None
    claims: dict[str, Any] = field(default_factory=dict[str, Any])
    """OIDC: every claim of the ID token (and userinfo), for single sign-on's dry run."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    client_id: str
    client_secret: str
    preset: Literal["google", "microsoft", "github", "apple"] | None = None
    name: str | None = None
    issuer: str | None = None
    authorize_url: str | None = None
    token_url: str | None = None
    userinfo_url: str | None = None
    emails_url: str | None = None
    scopes: list[str] | None = None
    verified_claim: str | None = None


_OIDC_SCOPES = ["openid", "email", "profile"]

PRESETS: dict[str, dict[str, Any]] = {
    "google": {"name": "Google", "issuer": "https://accounts.google.com"},
    "microsoft": {
        "name": "Microsoft",
        "issuer": "https://login.microsoftonline.com/common/v2.0",
        # Entra ID sends no email_verified; `xms_edov` (an optional claim to turn on in
        # the app registration) says the address's domain is verified by its tenant.
        "verified_claim": "xms_edov",
    },
    "github": {
        "name": "GitHub",
        "authorize_url": "https://github.com/login/oauth/authorize",
        "token_url": "https://github.com/login/oauth/access_token",
        "userinfo_url": "https://api.github.com/user",
        "emails_url": "https://api.github.com/user/emails",
        "scopes": ["read:user", "user:email"],
    },
    "apple": {
        "name": "Apple",
        "issuer": "https://appleid.apple.com",
        "scopes": ["openid", "email"],
    },
}
"""What a provider whose `preset` (or id) names one gets unless it says otherwise."""


def providers() -> dict[str, Provider]:
    """The configured providers by id (OAUTH_PROVIDERS), in their configured order."""
    return _parse(ENV.oauth_providers)


@functools.lru_cache(maxsize=4)
def _parse(setting: str) -> dict[str, Provider]:
    if not setting.strip():
        return {}
    try:
        parsed = json.loads(setting)
        if not isinstance(parsed, list):
            raise TypeError("not a list")
        entries = [_Entry.model_validate(e) for e in list[Any](parsed)]
    except (ValueError, TypeError, ValidationError) as error:
        raise ConfigurationError(
            "the oauth providers setting is not a JSON list of providers",
            variable="OAUTH_PROVIDERS",
            error=str(error)[:300],
        ) from None
    found: dict[str, Provider] = {}
    for entry in entries:
        preset = PRESETS.get(entry.preset or entry.id, {})
        given = {k: v for k, v in entry.model_dump().items() if v is not None}
        merged: dict[str, Any] = {**preset, **given}
        issuer = merged.get("issuer")
        if entry.id in found or (issuer is None) == (merged.get("authorize_url") is None):
            raise ConfigurationError(
                "an oauth provider needs a unique id and either an issuer or endpoints",
                variable="OAUTH_PROVIDERS",
                provider=entry.id,
            )
        if issuer is None and not (merged.get("token_url") and merged.get("userinfo_url")):
            raise ConfigurationError(
                "a plain oauth provider needs token_url and userinfo_url",
                variable="OAUTH_PROVIDERS",
                provider=entry.id,
            )
        found[entry.id] = Provider(
            id=entry.id,
            name=merged.get("name") or entry.id,
            client_id=entry.client_id,
            client_secret=entry.client_secret,
            issuer=issuer.rstrip("/") if issuer else None,
            authorize_url=merged.get("authorize_url"),
            token_url=merged.get("token_url"),
            userinfo_url=merged.get("userinfo_url"),
            emails_url=merged.get("emails_url"),
            scopes=tuple(merged.get("scopes") or _OIDC_SCOPES),
            verified_claim=merged.get("verified_claim") or "email_verified",
        )
    return found


def redirect_uri() -> str:
    """Where providers send the browser back (registered with each provider)."""
    return ENV.oauth_redirect_url or f"{ENV.product_base_url}{CALLBACK_PATH}"


def client(provider: Provider) -> OAuthHTTP:
    return OAuthHTTPClient(base_url=provider.issuer or provider.authorize_url or "")


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge of a PKCE verifier (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return b64url_encode(digest)


def new_verifier() -> str:
    return secrets.token_urlsafe(48)


# -- discovery and keys, cached per process ---------------------------------------------


JWKS_MAX_AGE = datetime.timedelta(minutes=5)
"""How long a fetched key set is trusted: a key the provider stops publishing (rotated
out, perhaps compromised) is refused within this, even if we saw it before."""
METADATA_MAX_AGE = datetime.timedelta(hours=1)


class _Cache:
    metadata: dict[str, tuple[datetime.datetime, dict[str, Any]]] = {}  # noqa: RUF012
    keys: dict[str, tuple[datetime.datetime, KeySet]] = {}  # noqa: RUF012


async def metadata(provider: Provider) -> dict[str, Any]:
    """The issuer's discovery document (fetched again after METADATA_MAX_AGE)."""
    assert provider.issuer is not None
    now = CLOCK.now()
    cached = _Cache.metadata.get(provider.issuer)
    if cached is not None and now - cached[0] < METADATA_MAX_AGE:
        return cached[1]
    url = f"{provider.issuer}/.well-known/openid-configuration"
    found = await client(provider).get_json("discovery", url)
    if not isinstance(found, dict):
        raise ExternalServiceError("the discovery document is no object", url=url)
    document = dict[str, Any](found)
    _Cache.metadata[provider.issuer] = (now, document)
    return document


async def _key_set(provider: Provider, jwks_uri: str, *, fresh: bool) -> KeySet:
    """The provider's published keys: cached for JWKS_MAX_AGE unless `fresh`."""
    now = CLOCK.now()
    cached = _Cache.keys.get(jwks_uri)
    if not fresh and cached is not None and now - cached[0] < JWKS_MAX_AGE:
        return cached[1]
    found = await client(provider).get_json("jwks", jwks_uri)
    from joserfc.jwk import KeySet  # here: joserfc's import costs every server start 0.1 s

    try:
        keys = KeySet.import_key_set(found)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise ExternalServiceError("the provider's JWKS is unusable") from error
    _Cache.keys[jwks_uri] = (now, keys)
    return keys


# -- the flow ----------------------------------------------------------------------------


async def authorization_url(
    provider: Provider, *, state: str, nonce: str, verifier: str, redirect: str | None = None
) -> str:
    """The provider's authorization URL for this request (code flow, PKCE S256), sending
    the browser back to `redirect` (default: social login's `redirect_uri()`)."""
    if provider.issuer is not None:
        endpoint = str((await metadata(provider))["authorization_endpoint"])
    else:
        endpoint = provider.authorize_url or ""
    query: dict[str, str] = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect or redirect_uri(),
        "scope": " ".join(provider.scopes),
        "state": state,
        "code_challenge": pkce_challenge(verifier),
        "code_challenge_method": "S256",
    }
    if provider.oidc:
        query["nonce"] = nonce
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


async def provider_identity(
    provider: Provider, *, code: str, verifier: str, nonce_hash: str, redirect: str | None = None
) -> ProviderIdentity:
    """Exchange `code` (with the PKCE verifier) and prove who signed in: the ID token's
    checks (OIDC) or the user endpoint (plain OAuth). `OAuthInvalidError` when the
    provider refuses or its answer fails a check; `ExternalServiceError` when it cannot
    be reached."""
    http = client(provider)
    token_url = (
        str((await metadata(provider))["token_endpoint"]) if provider.oidc else provider.token_url
    )
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect or redirect_uri(),
        "code_verifier": verifier,
        "client_id": provider.client_id,
    }
    try:
        tokens = await http.post_form(
            "token", token_url or "", form, basic=(provider.client_id, provider.client_secret)
        )
    except OAuthRefusedError as error:
        raise OAuthInvalidError("the provider refused the code") from error
    if not isinstance(tokens, dict) or not isinstance(tokens.get("access_token"), str):
        raise OAuthInvalidError("no access token")
    answer = dict[str, Any](tokens)
    if provider.oidc:
        return await _oidc_identity(provider, http, answer, nonce_hash)
    return await _oauth_identity(provider, http, str(answer["access_token"]))


async def _oidc_identity(
    provider: Provider, http: OAuthHTTP, tokens: dict[str, Any], nonce_hash: str
) -> ProviderIdentity:
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise OAuthInvalidError("no ID token")
    claims = await verified_claims(provider, id_token, nonce_hash)
    if "email" not in claims:
        info = await _userinfo(provider, http, str(tokens["access_token"]))
        if info.get("sub") != claims["sub"]:
            raise OAuthInvalidError("the userinfo subject differs from the ID token's")
        claims = {**info, **claims}
    email = claims.get("email")
    return ProviderIdentity(
        provider=provider.id,
        subject=str(claims["sub"]),
        email=email if isinstance(email, str) and email else None,
        email_verified=claims.get(provider.verified_claim) in (True, "true"),
        name=str(claims["name"]) if isinstance(claims.get("name"), str) else None,
        claims=claims,
    )


async def verified_claims(provider: Provider, id_token: str, nonce_hash: str) -> dict[str, Any]:
    """The claims of an ID token that passed every check (see the module docstring)."""
    from joserfc import jwt  # here: joserfc's import costs every server start 0.1 s

    meta = await metadata(provider)
    jwks_uri = str(meta.get("jwks_uri") or "")
    try:
        try:
            keys = await _key_set(provider, jwks_uri, fresh=False)
            token = jwt.decode(id_token, keys, algorithms=ID_TOKEN_ALGORITHMS)
        except InvalidKeyIdError:  # a key we have not seen: the provider rotated
            keys = await _key_set(provider, jwks_uri, fresh=True)
            token = jwt.decode(id_token, keys, algorithms=ID_TOKEN_ALGORITHMS)
        claims = dict[str, Any](token.claims)
        registry = jwt.JWTClaimsRegistry(
            now=int(CLOCK.now().timestamp()),
            leeway=CLOCK_LEEWAY_SECONDS,
            iss={"essential": True, "value": _expected_issuer(str(meta["issuer"]), claims)},
            aud={"essential": True, "value": provider.client_id},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True},
        )
        registry.validate(claims)
    except InvalidKeyIdError as error:
        raise OAuthInvalidError("signed by a key the provider does not publish") from error
    except (JoseError, ValueError) as error:
        raise OAuthInvalidError(f"the ID token failed a check: {error}") from error
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise OAuthInvalidError("the ID token was issued to another party (azp)")
    if not hmac.compare_digest(hash_code(str(claims["nonce"])), nonce_hash):
        raise OAuthInvalidError("the nonce is not this request's")
    return claims


def _expected_issuer(issuer: str, claims: dict[str, Any]) -> str:
    """The issuer; Microsoft's multi-tenant metadata says `{tenantid}`, filled from `tid`."""
    if "{tenantid}" in issuer:
        return issuer.replace("{tenantid}", str(claims.get("tid", "")))
    return issuer


async def _userinfo(provider: Provider, http: OAuthHTTP, access_token: str) -> dict[str, Any]:
    url = str((await metadata(provider)).get("userinfo_endpoint") or "")
    if not url:
        raise OAuthInvalidError("no email in the ID token and no userinfo endpoint")
    try:
        info = await http.get_json("userinfo", url, token=access_token)
    except OAuthRefusedError as error:
        raise OAuthInvalidError("the provider refused its own access token") from error
    if not isinstance(info, dict):
        raise OAuthInvalidError("the userinfo answer is no object")
    return dict[str, Any](info)


async def _oauth_identity(provider: Provider, http: OAuthHTTP, token: str) -> ProviderIdentity:
    try:
        user = await http.get_json("user", provider.userinfo_url or "", token=token)
        emails = (
            await http.get_json("emails", provider.emails_url, token=token)
            if provider.emails_url
            else None
        )
    except OAuthRefusedError as error:
        raise OAuthInvalidError("the provider refused its own access token") from error
    if not isinstance(user, dict):
        raise OAuthInvalidError("the user answer is no object")
    info = dict[str, Any](user)
    subject = info.get("id", info.get("sub"))
    if not isinstance(subject, str | int) or isinstance(subject, bool) or subject == "":
        raise OAuthInvalidError("the user answer has no id")
    email, verified = _primary_email(emails) if emails is not None else (None, False)
    name = info.get("name") or info.get("login")
    return ProviderIdentity(
        provider=provider.id,
        subject=str(subject),
        email=email,
        email_verified=verified,
        name=str(name) if isinstance(name, str) else None,
    )


def _primary_email(emails: Any) -> tuple[str | None, bool]:
    """GitHub's `/user/emails`: the primary address, and whether it is verified."""
    if not isinstance(emails, list):
        return None, False
    for entry in list[Any](emails):
        if isinstance(entry, dict):
            item = dict[str, Any](entry)
            if item.get("primary") is True and isinstance(item.get("email"), str):
                return str(item["email"]), item.get("verified") is True
    return None, False


def forget_cached() -> None:
    """Drop the cached discovery documents and key sets (tests)."""
    _Cache.metadata.clear()
    _Cache.keys.clear()


__all__ = [
    "PRESETS",
    "OAuthInvalidError",
    "Provider",
    "ProviderIdentity",
    "authorization_url",
    "forget_cached",
    "new_verifier",
    "pkce_challenge",
    "provider_identity",
    "providers",
    "redirect_uri",
    "verified_claims",
]
