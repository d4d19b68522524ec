"""Validated input types for RPC models (pydantic `Annotated` constraints).

@dataclass
class SignupIn:
    name: Name
    email: Email
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
MAX_EMAIL_LENGTH = 254


def _check_email(value: str) -> str:
    if len(value) > MAX_EMAIL_LENGTH or not _EMAIL.match(value):
        raise ValueError("not a valid email address")
    return value


Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_check_email),
    Field(json_schema_extra={"format": "email"}),
]
"""An email address, surrounding whitespace removed; compared case-insensitively in SQL."""

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
"""A display name: 1 to 200 characters after trimming."""

Password = Annotated[str, StringConstraints(max_length=1024)]
"""A password as typed (not trimmed); the length cap bounds hashing work."""
