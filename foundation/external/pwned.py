"""Have I Been Pwned's Pwned Passwords range API, with k-anonymity: only the first five
hex characters of the password's SHA-1 leave the machine (`GET /range/ABCDE`); the answer
lists every known suffix of that prefix with its count (`SUFFIX:COUNT` lines), and the
match is made here. `Add-Padding: true` makes the service pad every answer with
zero-count suffixes to a similar size, so its length does not tell the prefix either.

`PwnedPasswordsClient` calls it through `ExternalHTTP` (PWNED_PASSWORDS_TIMEOUT_SECONDS
per attempt, two attempts: a user waits on it); `FakePwnedPasswords` knows the passwords
a test says are breached. Configured by PWNED_PASSWORDS (off|check|enforce) and
PWNED_PASSWORDS_API_URL; the policy using it is `foundation.auth.breached`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Protocol

from foundation.base.env import ENV
from foundation.external.errors import ExternalServiceError
from foundation.external.http import ExternalHTTP

ATTEMPTS = 2


class PwnedPasswords(Protocol):
    async def breach_count(self, password: str) -> int:
        """How often `password` appears in the breaches the service knows (0: never).
        `ExternalServiceError` when the service cannot answer."""
        ...


def sha1_hex(password: str) -> str:
    """The upper-case hex SHA-1 of `password` (UTF-8), as the range API spells it."""
    return hashlib.sha1(password.encode("utf-8", "surrogatepass")).hexdigest().upper()


def parse_range(body: str) -> dict[str, int]:
    """`SUFFIX:COUNT` lines as a mapping; padding lines (count 0) are left out."""
    counts: dict[str, int] = {}
    for line in body.splitlines():
        suffix, _, count = line.strip().partition(":")
        if not suffix or not count.strip().isdigit():
            continue
        if int(count) > 0:
            counts[suffix.upper()] = int(count)
    return counts


class PwnedPasswordsClient:
    def __init__(self, *, api_url: str, timeout_seconds: float = 3.0) -> None:
        self.api_url = api_url
        self.http = ExternalHTTP(
            "pwned_passwords",
            base_url=api_url,
            headers={"Add-Padding": "true", "User-Agent": "blossom"},
            timeout_seconds=timeout_seconds,
            attempts=ATTEMPTS,
        )

    async def breach_count(self, password: str) -> int:
        digest = sha1_hex(password)
        prefix, suffix = digest[:5], digest[5:]
        response = await self.http.request("range", "GET", f"/range/{prefix}")
        return parse_range(response.text).get(suffix, 0)


def pwned_passwords_from_env() -> PwnedPasswords | None:
    if ENV.pwned_passwords == "off":
        return None
    return PwnedPasswordsClient(
        api_url=ENV.pwned_passwords_api_url,
        timeout_seconds=ENV.pwned_passwords_timeout_seconds,
    )


@dataclass
class FakePwnedPasswords:
    """Knows `breached` (password -> count); `unreachable` makes every call fail the way
    a dead service does."""

    breached: dict[str, int] = field(default_factory=dict[str, int])
    unreachable: bool = False
    checked: list[str] = field(default_factory=list[str])
    """The SHA-1 prefixes asked for (what the real client would have sent)."""

    async def breach_count(self, password: str) -> int:
        self.checked.append(sha1_hex(password)[:5])
        if self.unreachable:
            raise ExternalServiceError("pwned_passwords call failed", operation="range")
        return self.breached.get(password, 0)
