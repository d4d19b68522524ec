"""A software WebAuthn authenticator for tests: real ES256 keys (`cryptography`), real
CBOR attestation objects and signatures, the JSON a browser's `credential.toJSON()` gives.

    key = SoftAuthenticator(origin="http://localhost:8000", rp_id="localhost")
    credential = key.create(options)          # options: passkey_register_options's
    answer = key.get(login_options)           # options: passkey_login_options's

What a real authenticator cannot be made to do, it can: sign for another origin or
relying party (`origin=`, `rp_id=`), skip user verification (`user_verified=False`),
roll its signature counter back (`Passkey.sign_count`). Nothing in it is our code under
test: the server checks what it makes with the `webauthn` library.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url, encode_cbor

_UP, _UV, _BE, _BS, _AT = 0x01, 0x04, 0x08, 0x10, 0x40
AAGUID = bytes(16)


@dataclass
class Passkey:
    """One credential the authenticator holds."""

    credential_id: bytes
    key: ec.EllipticCurvePrivateKey
    user_handle: bytes
    sign_count: int = 0
    """The counter the next signature reports is this plus one (0 stays 0: no counter)."""
    counts: bool = True
    """False: the authenticator keeps no counter (always reports 0)."""

    def cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return encode_cbor(
            {
                1: 2,  # kty: EC2
                3: -7,  # alg: ES256
                -1: 1,  # crv: P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )


@dataclass
class SoftAuthenticator:
    origin: str
    rp_id: str
    user_verified: bool = True
    passkeys: list[Passkey] = field(default_factory=list[Passkey])

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps(
            {
                "type": kind,
                "challenge": challenge,
                "origin": origin or self.origin,
                "crossOrigin": False,
            }
        ).encode()

    def _flags(self, extra: int = 0) -> int:
        return _UP | (_UV if self.user_verified else 0) | _BE | _BS | extra

    def create(
        self,
        options: dict[str, Any],
        *,
        origin: str | None = None,
        rp_id: str | None = None,
        passkey: Passkey | None = None,
    ) -> dict[str, Any]:
        """A new passkey for `options` (`navigator.credentials.create`'s, as JSON): the
        registration answer as JSON (of `passkey` again, when given: what no real
        authenticator would do once excluded)."""
        if passkey is None:
            passkey = Passkey(
                credential_id=secrets.token_bytes(16),
                key=ec.generate_private_key(ec.SECP256R1()),
                user_handle=base64url_to_bytes(options["user"]["id"]) if "user" in options else b"",
            )
            self.passkeys.append(passkey)
        rp_hash = hashlib.sha256((rp_id or self.rp_id).encode()).digest()
        auth_data = (
            rp_hash
            + bytes([self._flags(_AT)])
            + struct.pack(">I", passkey.sign_count)
            + AAGUID
            + struct.pack(">H", len(passkey.credential_id))
            + passkey.credential_id
            + passkey.cose_key()
        )
        attestation = encode_cbor({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        raw_id = bytes_to_base64url(passkey.credential_id)
        return {
            "id": raw_id,
            "rawId": raw_id,
            "type": "public-key",
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "attestationObject": bytes_to_base64url(attestation),
                "transports": ["internal", "hybrid"],
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }

    def get(
        self,
        options: dict[str, Any],
        *,
        passkey: Passkey | None = None,
        origin: str | None = None,
        rp_id: str | None = None,
    ) -> dict[str, Any]:
        """An answer to `options` (`navigator.credentials.get`'s, as JSON) signed by
        `passkey` (default: the newest), as JSON; its counter moves on."""
        passkey = passkey or self.passkeys[-1]
        if passkey.counts:
            passkey.sign_count += 1
        count = passkey.sign_count if passkey.counts else 0
        rp_hash = hashlib.sha256((rp_id or self.rp_id).encode()).digest()
        auth_data = rp_hash + bytes([self._flags()]) + struct.pack(">I", count)
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = passkey.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        raw_id = bytes_to_base64url(passkey.credential_id)
        return {
            "id": raw_id,
            "rawId": raw_id,
            "type": "public-key",
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "authenticatorData": bytes_to_base64url(auth_data),
                "signature": bytes_to_base64url(signature),
                "userHandle": bytes_to_base64url(passkey.user_handle),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }
