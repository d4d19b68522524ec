"""Sliding-window rate limits in Postgres: per client, per target, shared by workers."""

from __future__ import annotations

import asyncio
import datetime
import uuid

import pytest

from foundation.auth.errors import TooManyAttemptsError
from foundation.auth.ratelimit import DEFAULT_LIMITS, limits, rate_limit
from foundation.base.errors import ConfigurationError
from foundation.db import xact_admin
from foundation.testing.fixture import TFix
from foundation.testing.server import fresh_address
from foundation.testing.settings import override_env


def use_limits(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """Small limits for one test (the suite runs with generous ones)."""
    override_env(monkeypatch, rate_limits=value)


async def _hit(action: str, client: str, identifier: str) -> None:
    async with xact_admin() as q:
        await rate_limit(q, action, client=client, identifier=identifier)


async def test_per_target_and_per_client_windows(t: TFix, monkeypatch: pytest.MonkeyPatch) -> None:
    use_limits(monkeypatch, "signup=3/2/60")
    t.freeze_time()
    target = f"{uuid.uuid4().hex}@example.test"
    await _hit("signup", "10.0.0.1", target)
    await _hit("signup", "10.0.0.2", target.upper())  # the same target, any case
    with pytest.raises(TooManyAttemptsError) as refused:
        await _hit("signup", "10.0.0.3", target)
    assert refused.value.retry_after_seconds == 60
    client = f"10.1.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    for i in range(3):
        await _hit("signup", client, f"{i}-{target}")
    with pytest.raises(TooManyAttemptsError):
        await _hit("signup", client, f"other-{target}")
    t.advance_time(datetime.timedelta(seconds=61))  # the window slides
    await _hit("signup", client, f"later-{target}")
    await _hit("signup", "10.0.0.9", target)


async def test_concurrent_workers_never_exceed_the_limit(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_limits(monkeypatch, "invite_create=1000/5/60")
    target = f"org_{uuid.uuid4().hex}"
    outcomes = await asyncio.gather(
        *(_hit("invite_create", f"10.2.0.{i}", target) for i in range(20)),
        return_exceptions=True,
    )
    assert sum(o is None for o in outcomes) == 5
    assert all(isinstance(o, TooManyAttemptsError) for o in outcomes if o is not None)


async def test_credential_targets_are_counted_per_client(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sign-in action's target bucket is per client and target: one address using up
    its allowance for an email leaves every other address the full allowance (the owner
    is never locked out from elsewhere)."""
    use_limits(monkeypatch, "login=1000/3/60")
    target = f"{uuid.uuid4().hex}@example.test"
    for _ in range(3):
        await _hit("login", "10.3.0.1", target)
    with pytest.raises(TooManyAttemptsError):
        await _hit("login", "10.3.0.1", target.upper())
    for _ in range(3):
        await _hit("login", "10.3.0.2", target)


async def test_the_default_limits_of_a_login_and_a_reset_request(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without RATE_LIMITS, one address gets 30 logins and 5 reset requests per email."""
    use_limits(monkeypatch, "")
    client, email = fresh_address(), f"{uuid.uuid4().hex}@example.test"
    for action, allowed in (("login", 30), ("password_reset_request", 5)):
        for _ in range(allowed):
            await _hit(action, client, email)
        with pytest.raises(TooManyAttemptsError):
            await _hit(action, client, email)


def test_unnamed_actions_keep_their_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    use_limits(monkeypatch, "login=1/2/3")
    assert limits()["login"].window == datetime.timedelta(seconds=3)
    assert limits()["invite_accept"] == DEFAULT_LIMITS["invite_accept"]


def test_limits_are_parsed_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    use_limits(monkeypatch, "signup=20/5/3600, login=1/2/3")
    assert limits()["login"].window == datetime.timedelta(seconds=3)
    use_limits(monkeypatch, "signup=20/5")
    with pytest.raises(ConfigurationError, match="rate limit entry"):
        limits()


async def test_an_action_without_a_configured_limit_is_refused(t: TFix) -> None:
    """A new rate-limited action must be added to the limits: counting it against nothing
    would let it through unlimited."""
    with pytest.raises(ConfigurationError, match="no rate limit configured"):
        await _hit("an_action_nobody_configured", "203.0.113.9", "someone")
