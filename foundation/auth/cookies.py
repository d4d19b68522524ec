"""Signed session cookies: `<session id>.<HMAC-SHA256 of app and id>`, base64url.

The keys are SESSION_SECRET's (comma-separated): the first signs, every one verifies, so
a key is rotated in phases across nodes (README "Session key rotation": add it
verify-only everywhere, make it the signer, drop the old one once its cookies have
expired). A well-formed cookie no key verifies is refused but not cleared
(`foundation.session_app.framework`): it may be another node's newer key. The app name is part of what is signed, so a product cookie
is not even well-formed for panopticon (and the session row's `app` is checked too).
Each app names its own cookie (`foundation.session_app.SessionApp`).
"""

from __future__ import annotations

import hashlib
import hmac
import re

from database.ids import ID_PATTERN, SESSION_PREFIX
from foundation.base.base64url import b64url_encode
from foundation.base.env import ENV

PERMANENT_SECONDS = 30 * 24 * 3600
_SIGNATURE = re.compile(r"[A-Za-z0-9_-]{43}")
"""An HMAC-SHA256 in unpadded base64url."""


def _signature(app: str, session_id: str, key: str) -> str:
    mac = hmac.new(key.encode(), f"{app}:{session_id}".encode(), hashlib.sha256).digest()
    return b64url_encode(mac)


def sign_session(app: str, session_id: str) -> str:
    """The cookie value for `session_id` in `app`."""
    return f"{session_id}.{_signature(app, session_id, ENV.session_secrets[0])}"


def _parts(value: str | None) -> tuple[str, str] | None:
    """(session id, signature) of a value of a cookie's shape, else None."""
    if not value or not value.isascii() or value.count(".") != 1:
        return None
    session_id, signature = value.split(".")
    match = ID_PATTERN.fullmatch(session_id)
    if match is None or match.group(1) != SESSION_PREFIX:
        return None
    if _SIGNATURE.fullmatch(signature) is None:
        return None
    return session_id, signature


def well_formed(value: str | None) -> bool:
    """Whether `value` has a session cookie's shape (a session id and a signature),
    whichever key signed it: one that has not could never be verified by any node."""
    return _parts(value) is not None


def unsign_session(app: str, value: str | None) -> str | None:
    """The session id of a well-formed, correctly signed cookie value, else None (never an
    error, whatever the value holds)."""
    parts = _parts(value)
    if parts is None:
        return None
    session_id, signature = parts
    valid = [
        hmac.compare_digest(signature, _signature(app, session_id, key))
        for key in ENV.session_secrets  # every key, whichever matches: no early exit
    ]
    return session_id if any(valid) else None
