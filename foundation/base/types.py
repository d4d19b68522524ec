"""Validated input types for RPC models (pydantic `Annotated` constraints).

@dataclass
class SignupIn:
    name: Name
    email: Email
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Control and format characters, surrogates, line and paragraph separators."""
_JOINERS = frozenset({"\u200c", "\u200d"})
"""Zero-width non-joiner and joiner (format characters Persian, Indic scripts and emoji
sequences need)."""
_EMOJI_TAGS = range(0xE0020, 0xE0080)
"""Tag characters: they spell subdivision flags (England, Scotland, Wales)."""


def _refuse_control_characters(value: str) -> str:
    """Refuse what could break a header (a name or address reaches email headers: line
    breaks, tabs, other control characters) or disguise text (bidi overrides, invisible
    characters), except joiners and emoji tags."""
    for char in value:
        if (
            unicodedata.category(char) in _CONTROL_CATEGORIES
            and char not in _JOINERS
            and ord(char) not in _EMOJI_TAGS
        ):
            raise ValueError("must not contain control characters")
    return value


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
MAX_EMAIL_LENGTH = 254


def _check_email(value: str) -> str:
    if len(value) > MAX_EMAIL_LENGTH or not _EMAIL.match(value):
        raise ValueError("not a valid email address")
    return value


Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_refuse_control_characters),
    AfterValidator(_check_email),
    Field(json_schema_extra={"format": "email"}),
]
"""An email address, surrounding whitespace removed; compared case-insensitively in SQL."""

Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_refuse_control_characters),
]
"""A display name: 1 to 200 characters after trimming, without control characters (no
line breaks or tabs: names reach email subjects)."""

Password = Annotated[str, StringConstraints(max_length=1024)]
"""A password as typed (not trimmed); the length cap bounds hashing work."""
