"""Single sign-on per organization: the protocol side of an organization's connection to
its identity provider (the routes are `product/sso/`; every answer goes through
`funnel.sso`).

OpenID Connect reuses social login's client (`foundation.auth.oauth`: discovery, PKCE
S256, state, nonce, the ID token's signature, issuer, audience, expiry and nonce) with a
`Provider` made from the connection (its client secret sealed with the vault's keys,
opened only here) and the callback page `SSO_CALLBACK_PATH`.

SAML 2.0 uses pysaml2's service provider (with Debian's `xmlsec1`): an AuthnRequest sent
by HTTP-Redirect, the answer POSTed to our ACS endpoint (`acs_url`). A response counts
only with a signed assertion (`want_assertions_signed`; signature checked against the
certificate of the IdP's metadata), for our entity id (audience), inside its validity
window, answering our request (`InResponseTo`, checked here against the request's hashed
id: unsolicited responses are refused); each assertion id is accepted once
(`funnel.saml_answer` records it).
"""

from __future__ import annotations

import base64
import functools
import hmac
import shutil
from dataclasses import dataclass, field
from typing import Any, cast
from xml.etree import ElementTree

from saml2 import (
    BINDING_HTTP_POST,
    BINDING_HTTP_REDIRECT,
)  # pyright: ignore[reportMissingTypeStubs] - pysaml2 ships no types
from saml2.saml import (
    NAMEID_FORMAT_EMAILADDRESS,
)  # pyright: ignore[reportMissingTypeStubs] - as above

from database.__codegen__.models import SsoConnectionModel
from foundation.auth.oauth import Provider
from foundation.base.env import ENV
from foundation.base.errors import ConfigurationError
from foundation.crypto.codes import hash_code
from foundation.crypto.vault import Sealed, open_sealed, seal

SSO_CALLBACK_PATH = "/sso/callback"
"""The frontend page the identity provider (OIDC) or our ACS endpoint (SAML) sends the
browser back to (`?state=&code=`): it calls `sso_complete`."""
SECRET_NAME = "sso_connection:oidc_client_secret"
"""The vault secret id the client secret is sealed under (one connection per organization)."""
OIDC_SCOPES = ("openid", "email", "profile")
METADATA_PATH = "/sso/saml/{connection_id}/metadata"
ACS_PATH = "/sso/saml/{connection_id}/acs"
ACCEPTED_TIME_DIFF_SECONDS = 60
"""Clock skew tolerated between us and the identity provider."""

_EMAIL_ATTRIBUTES = (
    "email",
    "mail",
    "emailaddress",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "urn:oid:0.9.2342.19200300.100.1.3",
)
_NAME_ATTRIBUTES = (
    "displayname",
    "name",
    "http://schemas.microsoft.com/identity/claims/displayname",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    "urn:oid:2.16.840.1.113730.3.1.241",
)


class SSOInvalidError(Exception):
    """The identity provider's answer proves nothing (a check failed): `reason` is for
    the logs; the client gets one error."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SSOIdentity:
    """Who the identity provider says signed in, and every claim or attribute it sent."""

    subject: str
    email: str | None
    name: str | None
    claims: dict[str, Any] = field(default_factory=dict[str, Any])

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "email": self.email,
            "name": self.name,
            "claims": self.claims,
        }

    @staticmethod
    def from_json(value: Any) -> SSOIdentity:
        data = cast("dict[str, Any]", value if isinstance(value, dict) else {})
        claims = data.get("claims")
        return SSOIdentity(
            subject=str(data.get("subject") or ""),
            email=data["email"] if isinstance(data.get("email"), str) else None,
            name=data["name"] if isinstance(data.get("name"), str) else None,
            claims=cast("dict[str, Any]", claims) if isinstance(claims, dict) else {},
        )


def redirect_uri() -> str:
    """Where the browser comes back to (register it at the identity provider, OIDC)."""
    return f"{ENV.product_base_url}{SSO_CALLBACK_PATH}"


def metadata_url(connection_id: str) -> str:
    """Our SAML service provider's metadata (also its entity id): stable per connection."""
    return f"{ENV.product_api_url}{METADATA_PATH.format(connection_id=connection_id)}"


def acs_url(connection_id: str) -> str:
    """Our SAML assertion consumer service: the identity provider POSTs its answer here."""
    return f"{ENV.product_api_url}{ACS_PATH.format(connection_id=connection_id)}"


# -- OpenID Connect ----------------------------------------------------------------------


def seal_client_secret(organization_id: str, secret: str) -> Sealed:
    return seal(organization_id, SECRET_NAME, secret)


def oidc_provider(connection: SsoConnectionModel) -> Provider:
    """The connection as an OIDC provider of `foundation.auth.oauth` (secret opened)."""
    if (
        connection.oidc_issuer is None
        or connection.oidc_client_extid is None
        or connection.oidc_secret_key_name is None
        or connection.oidc_secret_ciphertext is None
    ):
        raise SSOInvalidError("the connection is not an OIDC connection")
    secret = open_sealed(
        connection.organization_id,
        SECRET_NAME,
        connection.oidc_secret_key_name,
        connection.oidc_secret_ciphertext,
    )
    return Provider(
        id=f"sso:{connection.id}",
        name="Single sign-on",
        client_id=connection.oidc_client_extid,
        client_secret=secret,
        issuer=connection.oidc_issuer.rstrip("/"),
        authorize_url=None,
        token_url=None,
        userinfo_url=None,
        emails_url=None,
        scopes=OIDC_SCOPES,
        verified_claim="email_verified",
    )


# -- SAML 2.0 ------------------------------------------------------------------------------


@functools.cache
def _xmlsec() -> str:
    found = shutil.which("xmlsec1")
    if found is None:
        raise ConfigurationError("xmlsec1 not found: SAML needs it (apt-get install xmlsec1)")
    return found


def idp_entity_id(metadata: str) -> str | None:
    """The entity id of an IdP's metadata XML, or None when it is not IdP metadata."""
    try:
        root = ElementTree.fromstring(metadata)
    except ElementTree.ParseError:
        return None
    md = "{urn:oasis:names:tc:SAML:2.0:metadata}"
    descriptors = (
        [root] if root.tag == f"{md}EntityDescriptor" else list(root.iter(f"{md}EntityDescriptor"))
    )
    for descriptor in descriptors:
        if descriptor.find(f"{md}IDPSSODescriptor") is not None and descriptor.get("entityID"):
            return descriptor.get("entityID")
    return None


def _client(connection: SsoConnectionModel) -> Any:
    # Imported here: pysaml2's client builds its XML schemas at import (more than a second
    # of CPU), which every server process and CLI command would pay for nothing.
    from saml2.client import Saml2Client  # pyright: ignore[reportMissingTypeStubs] - as above
    from saml2.config import SPConfig  # pyright: ignore[reportMissingTypeStubs] - as above

    if connection.saml_idp_metadata is None:
        raise SSOInvalidError("the connection is not a SAML connection")
    config = SPConfig()
    config.load(  # pyright: ignore[reportUnknownMemberType] - pysaml2 ships no types
        {
            "entityid": metadata_url(connection.id),
            "xmlsec_binary": _xmlsec(),
            "accepted_time_diff": ACCEPTED_TIME_DIFF_SECONDS,
            "service": {
                "sp": {
                    "endpoints": {
                        "assertion_consumer_service": [(acs_url(connection.id), BINDING_HTTP_POST)]
                    },
                    # InResponseTo is checked against the stored request (`saml_identity`).
                    "allow_unsolicited": True,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "authn_requests_signed": False,
                    "name_id_format": NAMEID_FORMAT_EMAILADDRESS,
                }
            },
            "metadata": {"inline": [connection.saml_idp_metadata]},
        }
    )
    return Saml2Client(config=config)


def sp_metadata(connection: SsoConnectionModel) -> str:
    """Our service provider's metadata XML for this connection (entity id, ACS)."""
    from saml2.metadata import (  # pyright: ignore[reportMissingTypeStubs] - as above
        create_metadata_string,
    )

    client = _client(connection)
    return cast("bytes", create_metadata_string(None, config=client.config)).decode()


def saml_request(connection: SsoConnectionModel, relay_state: str) -> tuple[str, str]:
    """An AuthnRequest to the connection's IdP: (its id, the redirect URL to send the
    browser to, HTTP-Redirect binding)."""
    client = _client(connection)
    try:
        request_id, info = client.prepare_for_authenticate(
            entityid=connection.saml_idp_entity_extid,
            relay_state=relay_state,
            binding=BINDING_HTTP_REDIRECT,
        )
    except Exception as error:  # pysaml2 raises bare exceptions for unusable metadata
        raise SSOInvalidError(f"no AuthnRequest for this IdP: {error}") from None
    headers = dict(cast("list[tuple[str, str]]", info["headers"]))
    return str(request_id), headers["Location"]


@dataclass(frozen=True, slots=True)
class SAMLAnswer:
    identity: SSOIdentity
    assertion_id: str
    not_on_or_after: str | None


def saml_identity(
    connection: SsoConnectionModel, response: str, request_id_hash: str
) -> SAMLAnswer:
    """The identity a SAML response proves (see the module docstring for its checks), or
    SSOInvalidError."""
    try:
        base64.b64decode(response, validate=True)
    except ValueError:
        raise SSOInvalidError("the SAMLResponse is not base64") from None
    client = _client(connection)
    try:
        parsed = client.parse_authn_request_response(response, BINDING_HTTP_POST, outstanding=None)
    except Exception as error:  # pysaml2 raises many (signature, audience, time, XML) types
        raise SSOInvalidError(
            f"the response failed a check: {type(error).__name__}: {error}"
        ) from None
    if parsed is None or parsed.assertion is None:
        raise SSOInvalidError("no assertion")
    in_response_to = str(parsed.in_response_to or "")
    if not in_response_to or not hmac.compare_digest(hash_code(in_response_to), request_id_hash):
        raise SSOInvalidError("the response does not answer this request (InResponseTo)")
    attributes = {
        str(k): [str(v) for v in cast("list[Any]", vs)]
        for k, vs in cast("dict[str, Any]", parsed.get_identity() or {}).items()
    }
    lowered = {k.lower(): v for k, v in attributes.items()}
    name_id = parsed.name_id
    subject = str(name_id.text).strip() if name_id is not None and name_id.text else ""
    if not subject:
        raise SSOInvalidError("no NameID")
    email = next((lowered[a][0] for a in _EMAIL_ATTRIBUTES if lowered.get(a)), None)
    if email is None and name_id is not None and name_id.format == NAMEID_FORMAT_EMAILADDRESS:
        email = subject
    name = next((lowered[a][0] for a in _NAME_ATTRIBUTES if lowered.get(a)), None)
    conditions = parsed.assertion.conditions
    return SAMLAnswer(
        identity=SSOIdentity(
            subject=subject,
            email=email,
            name=name,
            claims={"name_id": subject, **attributes},
        ),
        assertion_id=str(parsed.assertion.id),
        not_on_or_after=(
            str(conditions.not_on_or_after)
            if conditions is not None and conditions.not_on_or_after
            else None
        ),
    )


__all__ = [
    "ACS_PATH",
    "METADATA_PATH",
    "SSO_CALLBACK_PATH",
    "SAMLAnswer",
    "SSOIdentity",
    "SSOInvalidError",
    "acs_url",
    "idp_entity_id",
    "metadata_url",
    "oidc_provider",
    "redirect_uri",
    "saml_identity",
    "saml_request",
    "seal_client_secret",
    "sp_metadata",
]
