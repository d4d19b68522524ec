"""One-time codes (invites, impersonation tokens): random, URL-safe, stored only as a
hash.

    code, code_hash = new_code()      # hand out `code`, store `code_hash`
    row = lookup(code_hash=hash_code(presented))
"""

from __future__ import annotations

import hashlib
import secrets

CODE_BYTES = 24


def hash_code(code: str) -> str:
    """sha256 hex of the code: codes carry 192 random bits, so no salt or slow hash."""
    return hashlib.sha256(code.encode()).hexdigest()


def new_code() -> tuple[str, str]:
    """A fresh code and its hash."""
    code = secrets.token_urlsafe(CODE_BYTES)
    return code, hash_code(code)
