"""SCIM tokens: `bst_<id>_<secret>`, shown once, stored as the secret's sha256.

    token, parts = new_scim_token(token_id)    # hand out `token`, store `parts.secret_hash`
    parts = parse_scim_token(presented)        # None unless well-formed

A token authenticates only through the funnel (`foundation.auth.funnel.scim_token`, called
by the product's `/scim/v2/` endpoint for its `Authorization: Bearer` header).
"""

from __future__ import annotations

import re
import secrets

from foundation.auth.api_keys import KeyParts
from foundation.crypto.codes import hash_code

PREFIX = "bst_"
SECRET_BYTES = 24
_TOKEN = re.compile(r"^bst_(sct_[1-9A-HJ-NP-Za-km-z]{11})_([0-9a-f]{48})$")


def new_scim_token(token_id: str) -> tuple[str, KeyParts]:
    """A fresh token for the row `token_id` and what to store of it."""
    secret = secrets.token_hex(SECRET_BYTES)
    return f"{PREFIX}{token_id}_{secret}", KeyParts(token_id, hash_code(secret))


def parse_scim_token(presented: str) -> KeyParts | None:
    """The id and secret hash of a well-formed token, else None."""
    match = _TOKEN.fullmatch(presented)
    if match is None:
        return None
    return KeyParts(match.group(1), hash_code(match.group(2)))
