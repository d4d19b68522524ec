"""Base64url without padding (RFC 4648 section 5, as JWTs, WebAuthn and our cookies and
cursors carry bytes in text)."""

from __future__ import annotations

import base64


def b64url_encode(data: bytes) -> str:
    """`data` in base64url, without the trailing `=` padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """The bytes of base64url `text`, padded or not; `ValueError` (`binascii.Error`) when
    it is not base64url."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
