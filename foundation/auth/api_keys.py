"""API keys: `bsk_<id>_<secret>`, shown once, stored as the secret's sha256.

    key, parts = new_api_key(key_id)           # hand out `key`, store `parts.secret_hash`
    parts = parse_api_key(presented)           # None unless well-formed

A key authenticates only through the funnel (`foundation.auth.funnel.api_key`, called by
the session framework for an `Authorization: Bearer bsk_...` header on a route that
accepts keys): its rate limit, the live key, a fresh check of its user and membership,
in the session lookup's single round trip.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from foundation.crypto.codes import hash_code

PREFIX = "bsk_"
SECRET_BYTES = 24
_KEY = re.compile(r"^bsk_(key_[1-9A-HJ-NP-Za-km-z]{11})_([0-9a-f]{48})$")


@dataclass(frozen=True, slots=True)
class KeyParts:
    key_id: str
    secret_hash: str


def new_api_key(key_id: str) -> tuple[str, KeyParts]:
    """A fresh key for the row `key_id` and what to store of it."""
    secret = secrets.token_hex(SECRET_BYTES)
    return f"{PREFIX}{key_id}_{secret}", KeyParts(key_id, hash_code(secret))


def parse_api_key(presented: str) -> KeyParts | None:
    """The id and secret hash of a well-formed key, else None."""
    match = _KEY.fullmatch(presented)
    if match is None:
        return None
    return KeyParts(match.group(1), hash_code(match.group(2)))


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (None without one)."""
    if authorization is None:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()
