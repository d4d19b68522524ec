"""Sliding-window rate limits kept in Postgres, so they hold across every worker.

    await rate_limit(q, "signup", client=req.client, identifier=email)

Each action has two limits (RATE_LIMITS in `.env.example`; an action it does not name
keeps its DEFAULT_LIMITS entry): hits per client address and hits per target within a
window; exceeding either answers `TooManyAttemptsError {retry_after_seconds}`. A hit is
recorded only when both buckets allow it (`rate_limit_take`, serialized per bucket). The
client address is `req.client` (the socket, or X-Forwarded-For only from
WEB_TRUSTED_PROXIES). Old hits are purged by the pipeline's hourly housekeeping.

The target bucket is per *client and target* for the actions in PER_CLIENT_TARGET (every
credential check of the authentication funnel, and password reset requests): hits from
one address never lock the target's owner out from another. For the others (invites per
organization, verification and email-change emails per user) it is per target alone,
shared by every client: those cap what one account can make the system send.
"""

from __future__ import annotations

import datetime
import functools
import math
from dataclasses import dataclass

from foundation.auth.errors import TooManyAttemptsError
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.base.errors import ConfigurationError
from foundation.db import FoundationConn, FoundationQ


def seconds_until(retry_at: datetime.datetime, now: datetime.datetime) -> int:
    """Whole seconds from `now` until `retry_at`, at least one: a refusal's
    `retry_after_seconds` (and Retry-After)."""
    return max(1, math.ceil((retry_at - now).total_seconds()))


@dataclass(frozen=True)
class Limit:
    per_client: int
    per_identifier: int
    window: datetime.timedelta


_HOUR = datetime.timedelta(hours=1)
_QUARTER = datetime.timedelta(minutes=15)

DEFAULT_LIMITS = {
    "signup": Limit(20, 5, _HOUR),
    "login": Limit(60, 30, _QUARTER),
    "login_mfa": Limit(60, 30, _QUARTER),
    "reauthenticate": Limit(60, 30, _QUARTER),
    "second_factor": Limit(60, 30, _QUARTER),
    "password_reset_request": Limit(20, 5, _HOUR),
    "login_code_request": Limit(20, 5, _HOUR),
    "login_code_verify": Limit(60, 30, _QUARTER),
    "oauth_complete": Limit(60, 30, _QUARTER),
    "sso_start": Limit(60, 30, _QUARTER),
    "sso_complete": Limit(60, 30, _QUARTER),
    "password_reset_complete": Limit(30, 10, _HOUR),
    "invite_accept": Limit(60, 20, _HOUR),
    "impersonation_accept": Limit(60, 20, _HOUR),
    "email_verification_resend": Limit(20, 5, _HOUR),
    "user_email_change_request": Limit(20, 5, _HOUR),
    "invite_create": Limit(300, 100, _HOUR),
    "passkey_options": Limit(120, 120, _QUARTER),
    "api_key": Limit(600, 600, datetime.timedelta(minutes=1)),
    "scim_token": Limit(600, 600, datetime.timedelta(minutes=1)),
}
"""Every rate-limited action and its limit unless RATE_LIMITS names it."""

ACTIONS = tuple(DEFAULT_LIMITS)

PER_CLIENT_TARGET = frozenset(
    {
        "login",
        "login_mfa",
        "reauthenticate",
        "second_factor",
        "password_reset_request",
        "password_reset_complete",
        "login_code_request",
        "login_code_verify",
        "oauth_complete",
        "sso_start",
        "sso_complete",
        "invite_accept",
        "impersonation_accept",
    }
)
"""Actions whose target bucket is per client and target (see the module docstring)."""


def unlimited() -> str:
    """A RATE_LIMITS value no realistic load reaches (the test suite, benchmarks)."""
    return ",".join(f"{action}=1000000000/1000000000/60" for action in ACTIONS)


def limits() -> dict[str, Limit]:
    """DEFAULT_LIMITS overlaid with RATE_LIMITS (`action=per_client/per_target/seconds,...`)."""
    return _parse(ENV.rate_limits)


@functools.lru_cache(maxsize=4)
def _parse(setting: str) -> dict[str, Limit]:
    """Parsed once per value, not on every request."""
    parsed: dict[str, Limit] = dict(DEFAULT_LIMITS)
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


async def rate_limit(
    q: FoundationQ | FoundationConn, action: str, *, client: str, identifier: str
) -> None:
    """Count one attempt of `action` by `client` on `identifier`, or refuse it."""
    limit = limits().get(action)
    if limit is None:
        raise ConfigurationError("no rate limit configured for this action", action=action)
    now = CLOCK.now()
    buckets = (
        (f"{action}:ip:{client}", limit.per_client),
        (
            (
                f"{action}:ip+id:{client}:{identifier.lower()}"
                if action in PER_CLIENT_TARGET
                else f"{action}:id:{identifier.lower()}"
            ),
            limit.per_identifier,
        ),
    )
    for bucket, max_hits in buckets:
        retry_at = await q.orm.rate_limit_take(
            bucket=bucket, now=now, max_hits=max_hits, win=limit.window
        )
        if retry_at is not None:
            raise TooManyAttemptsError(retry_after_seconds=seconds_until(retry_at, now))
