"""A real SAML 2.0 identity provider for tests: pysaml2's IdP side (signing with
Debian's `xmlsec1`) behind an HTTP server on a free port, and a browser's part of the
HTTP-Redirect / HTTP-POST round trip.

    with saml_idp() as idp:                       # its metadata: idp.metadata
        idp.trust(sp_metadata_xml)                # our service provider's metadata
        form = await idp.login(redirect_url, email="a@example.test")
        # form.acs_url, form.saml_response, form.relay_state: what the browser POSTs

`login` follows the AuthnRequest URL `sso_start` answered, and the IdP answers the
auto-submitting form a real IdP shows, with a response whose assertion is signed (or
not: `sign=False`), for our entity id (or `audience=`), valid `lifetime_minutes` from now
(negative: already expired).
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import html
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import (
    BINDING_HTTP_REDIRECT,
)  # pyright: ignore[reportMissingTypeStubs] - pysaml2 ships no types
from saml2.config import IdPConfig  # pyright: ignore[reportMissingTypeStubs] - as above
from saml2.metadata import (
    create_metadata_string,
)  # pyright: ignore[reportMissingTypeStubs] - as above
from saml2.saml import (
    NAMEID_FORMAT_EMAILADDRESS,
    NameID,
)  # pyright: ignore[reportMissingTypeStubs] - as above
from saml2.server import Server  # pyright: ignore[reportMissingTypeStubs] - as above

from foundation.base.clock import CLOCK
from foundation.base.errors import ConfigurationError

AUTHN_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


@dataclass(frozen=True)
class PostedForm:
    """What the IdP's page makes the browser POST to our ACS endpoint."""

    acs_url: str
    saml_response: str
    relay_state: str


@dataclass
class _Next:
    email: str = "someone@example.test"
    name: str = "Sam Saml"
    sign: bool = True
    audience: str | None = None
    lifetime_minutes: int = 15


@dataclass
class SAMLIdP:
    url: str
    entity_id: str
    metadata: str
    """Our IdP's metadata XML (what an organization's owner pastes into the connection)."""
    _directory: Path
    _sp_metadata: list[str] = field(default_factory=list[str])
    _next: _Next = field(default_factory=_Next)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def trust(self, sp_metadata: str) -> None:
        """The service provider's metadata (our SP's, from its metadata URL)."""
        with self._lock:
            self._sp_metadata.append(sp_metadata)

    async def login(
        self,
        redirect_url: str,
        *,
        email: str,
        name: str = "Sam Saml",
        sign: bool = True,
        audience: str | None = None,
        lifetime_minutes: int = 15,
    ) -> PostedForm:
        """The browser at the IdP: follows `redirect_url` (the AuthnRequest) as a signed-in
        user with `email`; returns the form the IdP's page POSTs to the ACS."""
        with self._lock:
            self._next = _Next(email, name, sign, audience, lifetime_minutes)
        async with httpx.AsyncClient() as browser:
            page = await browser.get(redirect_url)
        if page.status_code != 200:
            raise ConfigurationError(
                "the IdP refused", status=page.status_code, body=page.text[:500]
            )
        fields = dict(re.findall(r'name="([A-Za-z]+)" value="([^"]*)"', page.text))
        action = re.search(r'action="([^"]+)"', page.text)
        if action is None or "SAMLResponse" not in fields:
            raise ConfigurationError("the IdP answered no form", body=page.text[:500])
        return PostedForm(
            acs_url=html.unescape(action.group(1)),
            saml_response=html.unescape(fields["SAMLResponse"]),
            relay_state=html.unescape(fields.get("RelayState", "")),
        )

    def _config(self, lifetime_minutes: int) -> Any:
        config = IdPConfig()
        config.load(  # pyright: ignore[reportUnknownMemberType] - pysaml2 ships no types
            {
                "entityid": self.entity_id,
                "xmlsec_binary": shutil.which("xmlsec1"),
                "key_file": str(self._directory / "idp.key"),
                "cert_file": str(self._directory / "idp.crt"),
                "metadata": {"inline": list(self._sp_metadata)} if self._sp_metadata else {},
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [(f"{self.url}/sso", BINDING_HTTP_REDIRECT)]
                        },
                        "policy": {"default": {"lifetime": {"minutes": lifetime_minutes}}},
                        "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                    }
                },
            }
        )
        return config

    def _answer(self, query: str) -> str:
        """The page the IdP shows for an AuthnRequest: an auto-submitting POST form."""
        params = parse_qs(query)
        with self._lock:
            wanted = self._next
            server = Server(config=self._config(wanted.lifetime_minutes))
        parsed: Any = server.parse_authn_request(params["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        request = parsed.message
        acs = str(request.assertion_consumer_service_url)
        response = server.create_authn_response(
            {"mail": [wanted.email], "displayName": [wanted.name]},
            in_response_to=request.id,
            destination=acs,
            sp_entity_id=wanted.audience or str(request.issuer.text),
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=wanted.email),
            userid=wanted.email,
            authn={"class_ref": AUTHN_CONTEXT, "authn_auth": self.entity_id},
            sign_assertion=wanted.sign,
            sign_response=False,
        )
        encoded = base64.b64encode(str(response).encode()).decode()
        relay = params.get("RelayState", [""])[0]
        return (
            f'<html><body><form method="post" action="{html.escape(acs)}">'
            f'<input type="hidden" name="SAMLResponse" value="{html.escape(encoded)}"/>'
            f'<input type="hidden" name="RelayState" value="{html.escape(relay)}"/>'
            "</form><script>document.forms[0].submit()</script></body></html>"
        )


def _key_pair(directory: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "blossom test idp")])
    now = CLOCK.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    (directory / "idp.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    (directory / "idp.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


@contextlib.contextmanager
def saml_idp() -> Iterator[SAMLIdP]:
    """Run the IdP until the block ends (needs `xmlsec1`: the caller checks)."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        _key_pair(directory)
        holder: list[SAMLIdP] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                try:
                    body, status = holder[0]._answer(parts.query), 200
                except Exception as error:
                    body, status = f"idp error: {type(error).__name__}: {error}", 500
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        url = f"http://127.0.0.1:{server.server_address[1]}"
        idp = SAMLIdP(url=url, entity_id=f"{url}/idp", metadata="", _directory=directory)
        idp.metadata = cast(
            "bytes",
            create_metadata_string(None, config=idp._config(15)),
        ).decode()
        holder.append(idp)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield idp
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)
