"""Vault keys from VAULT_KEYS: `id:base64key,id2:base64key2`, the last one newest."""

from __future__ import annotations

import base64
import binascii
import re

KEY_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def parse_keyring(value: str) -> dict[str, bytes]:
    """Key id -> key, in the order given (newest last). ValueError says what is wrong
    without ever echoing key material."""
    keyring: dict[str, bytes] = {}
    for position, item in enumerate((p.strip() for p in value.split(",") if p.strip()), 1):
        key_id, separator, encoded = item.partition(":")
        if not separator or not _KEY_ID.match(key_id):
            raise ValueError(f"entry {position} must be `id:base64key` (id: letters, digits, _ -)")
        if key_id in keyring:
            raise ValueError(f"key id {key_id!r} appears twice")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise ValueError(f"key {key_id!r} is not valid base64") from None
        if len(key) != KEY_BYTES:
            raise ValueError(f"key {key_id!r} must be {KEY_BYTES} bytes, not {len(key)}")
        keyring[key_id] = key
    if not keyring:
        raise ValueError("at least one key is needed")
    return keyring


def newest_key_id(keyring: dict[str, bytes]) -> str:
    return next(reversed(keyring))
