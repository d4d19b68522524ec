"""Sliding-window rate limits kept in Postgres, so they hold across every worker.

    await rate_limit(q, "signup", client=req.client, identifier=email)

Each action has two limits (RATE_LIMITS in `.env.example`): hits per client address and
hits per target identifier (an email, a user id) within a window; exceeding either
answers `TooManyAttemptsError {retry_after_seconds}`. A hit is recorded only when both
buckets allow it (`rate_limit_take`, serialized per bucket). The client address is
`req.client` (the socket, or X-Forwarded-For only from WEB_TRUSTED_PROXIES). Old hits are
purged by the pipeline's hourly housekeeping.
"""

from __future__ import annotations

import datetime
import functools
import math
from dataclasses import dataclass

from foundation.auth.errors import TooManyAttemptsError
from foundation.clock import CLOCK
from foundation.db import FoundationQ
from foundation.env import ENV
from foundation.errors import ConfigurationError


@dataclass(frozen=True)
class Limit:
    per_client: int
    per_identifier: int
    window: datetime.timedelta


ACTIONS = (
    "signup",
    "login",
    "password_reset_request",
    "email_verification_resend",
    "user_email_change_request",
    "invite_create",
)
"""Every rate-limited action (RATE_LIMITS names a limit for each)."""


def unlimited() -> str:
    """A RATE_LIMITS value no realistic load reaches (the test suite, benchmarks)."""
    return ",".join(f"{action}=1000000000/1000000000/60" for action in ACTIONS)


def limits() -> dict[str, Limit]:
    """RATE_LIMITS parsed: `action=per_client/per_identifier/window_seconds,...`."""
    return _parse(ENV.rate_limits)


@functools.lru_cache(maxsize=4)
def _parse(setting: str) -> dict[str, Limit]:
    """Parsed once per value, not on every request."""
    parsed: dict[str, Limit] = {}
    for entry in setting.split(","):
        if not entry.strip():
            continue
        try:
            action, numbers = entry.strip().split("=")
            client, identifier, seconds = (int(n) for n in numbers.split("/"))
        except ValueError:
            raise ConfigurationError(
                "rate limit entry is not action=N/N/SECONDS", variable="RATE_LIMITS", entry=entry
            ) from None
        parsed[action.strip()] = Limit(client, identifier, datetime.timedelta(seconds=seconds))
    return parsed


async def rate_limit(q: FoundationQ, action: str, *, client: str, identifier: str) -> None:
    """Count one attempt of `action` by `client` on `identifier`, or refuse it."""
    limit = limits().get(action)
    if limit is None:
        raise ConfigurationError("no rate limit configured for this action", action=action)
    now = CLOCK.now()
    buckets = (
        (f"{action}:ip:{client}", limit.per_client),
        (f"{action}:id:{identifier.lower()}", limit.per_identifier),
    )
    for bucket, max_hits in buckets:
        retry_at = await q.orm.rate_limit_take(
            bucket=bucket, now=now, max_hits=max_hits, win=limit.window
        )
        if retry_at is not None:
            seconds = max(1, math.ceil((retry_at - now).total_seconds()))
            raise TooManyAttemptsError(retry_after_seconds=seconds)
