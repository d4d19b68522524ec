"""Prefixed, time-sortable ids (`usr_...`, `org_...`) and their validation.

Ids are made in Postgres by `generate_id(prefix)`: a 64-bit TSID (milliseconds since
2020-01-01, a counter and random bits) in fixed-width base58, so they sort by creation
time under COLLATE "C". Every id that reaches SQL from outside is checked here first.
"""

from __future__ import annotations

import re

from foundation.base.errors import InvalidInputError

ID_PATTERN = re.compile(r"^([a-z]{2,3})_[1-9A-HJ-NP-Za-km-z]{11}$")

USER_PREFIX = "usr"
ORGANIZATION_PREFIX = "org"
SESSION_PREFIX = "ses"

KINDS = {
    USER_PREFIX: "user",
    ORGANIZATION_PREFIX: "organization",
    "inv": "invite",
    "mem": "membership",
    SESSION_PREFIX: "session",
    "adm": "admin",
    "imp": "impersonation",
    "key": "api_key",
    "sct": "scim_token",
}
"""What an id names, by its prefix (for the ids that people see: audit targets)."""


def validate_id(value: object, prefix: str) -> str:
    """Return `value` if it is a well-formed id with `prefix`; raise InvalidInputError."""
    if not isinstance(value, str):
        raise InvalidInputError("id must be a string", prefix=prefix, value=repr(value)[:80])
    match = ID_PATTERN.fullmatch(value)
    if match is None or match.group(1) != prefix:
        raise InvalidInputError("malformed id", prefix=prefix, value=value[:80])
    return value
