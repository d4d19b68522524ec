"""Fakes by default: a developer's real configuration never reaches a test, and a real
client constructed in a test fails it (planted tests, run in a subprocess)."""

from __future__ import annotations

from pathlib import Path

from foundation.base.env import ENV
from foundation.external.captcha import FakeCaptcha
from foundation.external.llm import FakeLLM
from foundation.external.pwned import FakePwnedPasswords
from foundation.external.registry import services
from foundation.external.sheets import FakeSheets
from foundation.external.slack import FakeSlack
from foundation.testing.fakes import FAKE_ENV, is_local
from foundation.testing.planted import run_planted
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

WEBHOOK = "https://hooks.example.com/services/T0/B0/planted"

PLANTED = f"""
import pytest

from foundation.base.env import ENV
from foundation.external.registry import services
from foundation.external.slack import FakeSlack, SlackClient

WEBHOOK = {WEBHOOK!r}


def _real_slack():
    return SlackClient(webhook_url=WEBHOOK, bot_token="", api_url="https://slack.example.com/api")


def test_the_configured_webhook_is_not_seen():
    assert ENV.slack_alerts_webhook_url == ""
    assert isinstance(services().slack, FakeSlack)


def test_a_planted_real_client():
    _real_slack()


def test_a_planted_real_client_whose_error_is_swallowed():
    try:
        _real_slack()
    except Exception:
        pass


@pytest.mark.live
def test_live_sees_the_real_configuration():
    assert ENV.slack_alerts_webhook_url == WEBHOOK
    assert isinstance(services().slack, SlackClient)
    _real_slack()
"""


def test_every_external_service_is_a_fake_by_default() -> None:
    assert isinstance(services().llm, FakeLLM)
    assert isinstance(services().slack, FakeSlack)
    assert isinstance(services().sheets, FakeSheets)
    assert isinstance(services().pwned_passwords, FakePwnedPasswords)
    assert isinstance(services().captcha, FakeCaptcha)
    assert ENV.email_backend == "maildir" and not ENV.sentry_dsn and not ENV.llm_api_key
    assert ENV.pwned_passwords == "off" and ENV.captcha_provider == "off"
    assert all(value in ("", "maildir", "off") or is_local(value) for value in FAKE_ENV.values())


def test_a_real_client_fails_the_test_and_live_tests_are_skipped(tmp_path: Path) -> None:
    """The developer's webhook (here in the environment; `.env.local` loses the same way)
    is blanked; a planted real client fails its test even when the error is swallowed."""
    done = run_planted(tmp_path, PLANTED, env={"SLACK_ALERTS_WEBHOOK_URL": WEBHOOK})
    out = done.stdout
    assert done.returncode == 1, out
    assert "PASSED ::test_the_configured_webhook_is_not_seen" in out
    assert "FAILED ::test_a_planted_real_client - " in out
    assert "FAILED ::test_a_planted_real_client_whose_error_is_swallowed - " in out
    assert "a real external client was constructed in a test" in out
    assert (
        f"the test constructed real external clients (call): SlackClient(webhook_url='{WEBHOOK}')"
        in out
    )
    assert "SKIPPED [1]" in out and "run with LIVE_TESTS=1" in out
    assert "2 failed, 1 passed, 1 skipped" in out


def test_a_live_test_runs_with_the_real_configuration(tmp_path: Path) -> None:
    done = run_planted(
        tmp_path,
        PLANTED,
        "test_live_sees_the_real_configuration",
        "test_the_configured_webhook_is_not_seen",
        env={"SLACK_ALERTS_WEBHOOK_URL": WEBHOOK, "LIVE_TESTS": "1"},
    )
    assert done.returncode == 0, done.stdout
    assert "2 passed" in done.stdout


def test_local_endpoints_are_not_real() -> None:
    assert is_local("http://127.0.0.1:4000/hook") and is_local("localhost")
    assert is_local("postgresql://postgres@/db?host=/tmp/x")
    assert not is_local(WEBHOOK) and not is_local("smtp.example.com")
