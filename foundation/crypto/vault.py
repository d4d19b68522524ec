"""The secrets vault: AES-256-GCM with keys from VAULT_KEYS.

    sealed = seal(organization_id, secret_id, "api-key-value")   # -> Sealed(key_id, blob)
    open_sealed(organization_id, secret_id, sealed.key_id, sealed.blob) -> "api-key-value"

Each encryption uses a fresh random 96-bit nonce (stored in front of the ciphertext) and
binds the ciphertext to its organization, secret id and key id as associated data, so a
ciphertext copied to another row or organization fails to decrypt. The newest key
encrypts; every key of the keyring decrypts (rotation: `blossom vault rotate`).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from foundation.base.env import ENV
from foundation.base.errors import BaseError
from foundation.base.keyring import newest_key_id, parse_keyring

NONCE_BYTES = 12


class VaultError(BaseError):
    """A vaulted secret cannot be decrypted (unknown key, or tampered/moved ciphertext)."""


@dataclass(frozen=True, slots=True)
class Sealed:
    key_id: str
    blob: bytes
    """nonce || ciphertext || tag"""


@functools.cache
def _keyring(value: str) -> dict[str, bytes]:
    return parse_keyring(value)


def keyring() -> dict[str, bytes]:
    return _keyring(ENV.vault_keys)


def current_key_id() -> str:
    return newest_key_id(keyring())


def _associated_data(organization_id: str, secret_id: str, key_id: str) -> bytes:
    return f"blossom-vault:v1:{organization_id}:{secret_id}:{key_id}".encode()


def seal(organization_id: str, secret_id: str, plaintext: str) -> Sealed:
    """Encrypt `plaintext` for this organization and secret under the newest key."""
    key_id = current_key_id()
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(keyring()[key_id]).encrypt(
        nonce, plaintext.encode(), _associated_data(organization_id, secret_id, key_id)
    )
    return Sealed(key_id=key_id, blob=nonce + ciphertext)


def open_sealed(organization_id: str, secret_id: str, key_id: str, blob: bytes) -> str:
    """The plaintext, or VaultError when the key is gone or the ciphertext does not belong
    to this organization and secret."""
    key = keyring().get(key_id)
    if key is None:
        raise VaultError("vault key is not configured", key_id=key_id, secret_id=secret_id)
    try:
        plaintext = AESGCM(key).decrypt(
            blob[:NONCE_BYTES],
            blob[NONCE_BYTES:],
            _associated_data(organization_id, secret_id, key_id),
        )
    except InvalidTag:
        raise VaultError("vaulted secret does not decrypt here", secret_id=secret_id) from None
    return plaintext.decode()
