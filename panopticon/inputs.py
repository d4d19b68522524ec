"""Input types shared by panopticon's RPCs: the `reason` every mutation takes, search
boxes, and (from `foundation.rpc.pages`, the one implementation both apps use) list
limits and the opaque cursors of paginated lists (`users`, `organizations`, `audit`,
`emails`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from foundation.rpc.pages import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    NO_CURSOR,
    InvalidCursorError,
    Limit,
    Page,
    decode_cursor,
    encode_cursor,
)

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "NO_CURSOR",
    "InvalidCursorError",
    "Limit",
    "Page",
    "Reason",
    "SearchQuery",
    "decode_cursor",
    "encode_cursor",
    "like_pattern",
]

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)]
"""Why an admin makes a change: 3 to 500 characters after trimming; kept in the audit log."""

SearchQuery = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
"""What an admin typed in a search box (trimmed; empty lists everything)."""


def like_pattern(text: str) -> str:
    """`%text%` for LIKE, lowercased, with LIKE's special characters escaped."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
