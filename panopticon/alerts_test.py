"""Slack security alerts: sent after the admin's change committed, retried over real HTTP
(a local fake webhook), never for a call that failed or a change that is not one."""

from __future__ import annotations

from foundation.base.observability.metrics import metrics_text
from foundation.base.observability.metrics_test import sample
from foundation.external.registry import override_services
from foundation.external.slack import FakeSlack, SlackClient
from foundation.rpc.background import background_settled
from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.fixture import TFix
from panopticon.admins.admins import grant_admin
from panopticon.impersonation.routes import ImpersonationStartIn, impersonation_start
from panopticon.testing import make_admin
from panopticon.users.routes import UserNotFoundError, UserSetEnabledIn, user_set_enabled


async def test_user_disabled_alert_is_retried_after_the_commit(t: TFix) -> None:
    user = await t.factory.user()
    superadmin = await make_admin(t, "superadmin")
    with fake_http() as server:
        server.respond("POST", "/hook", FakeResponse(503), FakeResponse(200, "ok"))
        slack = SlackClient(webhook_url=server.url + "/hook", bot_token="", api_url=server.url)
        before = sample(
            metrics_text(), "blossom_slack_alerts_total", event="user_disabled", outcome="sent"
        )
        with override_services(slack=slack):
            res = await t.rpc.call(
                user_set_enabled,
                UserSetEnabledIn(user_id=user.id, enabled=False, reason="account takeover"),
                as_=superadmin,
            )
            assert res.output.changed
            await background_settled()
        calls = server.calls("POST", "/hook")
    assert len(calls) == 2
    text = calls[-1].json()["text"]
    assert user.id in text and superadmin.id in text and "account takeover" in text
    after = sample(
        metrics_text(), "blossom_slack_alerts_total", event="user_disabled", outcome="sent"
    )
    assert after == before + 1


async def test_no_alert_for_a_failed_call_or_an_enabling(t: TFix) -> None:
    user = await t.factory.user()
    superadmin = await make_admin(t, "superadmin")
    slack = FakeSlack()
    with override_services(slack=slack):
        missing = await t.rpc.call(
            user_set_enabled,
            UserSetEnabledIn(user_id="usr_missing", enabled=False, reason="no such user"),
            as_=superadmin,
        )
        missing.expect_error(UserNotFoundError)
        enabled = await t.rpc.call(
            user_set_enabled,
            UserSetEnabledIn(user_id=user.id, enabled=True, reason="already enabled"),
            as_=superadmin,
        )
        assert not enabled.output.changed
        await background_settled()
    assert slack.webhooks == []


async def test_impersonation_and_admin_grant_alerts(t: TFix) -> None:
    user = await t.factory.user()
    superadmin = await make_admin(t, "superadmin")
    slack = FakeSlack()
    with override_services(slack=slack):
        res = await t.rpc.call(
            impersonation_start,
            ImpersonationStartIn(user_id=user.id, reason="ticket 42", minutes=5),
            as_=superadmin,
        )
        assert res.status == 200
        await background_settled()
        other = await t.factory.user()
        await grant_admin(other.email, "support", reason="new hire")
    texts = [w["text"] for w in slack.webhooks]
    assert any("impersonating" in x and user.id in x and "ticket 42" in x for x in texts), texts
    assert any("granted" in x and other.id in x and "new hire" in x for x in texts), texts


async def test_a_failing_webhook_is_counted_and_the_change_stands(t: TFix) -> None:
    user = await t.factory.user()
    superadmin = await make_admin(t, "superadmin")
    with fake_http() as server:
        server.respond("POST", "/hook", FakeResponse(404))  # not retryable: fails at once
        slack = SlackClient(webhook_url=server.url + "/hook", bot_token="", api_url=server.url)
        before = sample(
            metrics_text(), "blossom_slack_alerts_total", event="user_disabled", outcome="failed"
        )
        with override_services(slack=slack):
            res = await t.rpc.call(
                user_set_enabled,
                UserSetEnabledIn(user_id=user.id, enabled=False, reason="spam"),
                as_=superadmin,
            )
            await background_settled()
    assert res.output.changed
    after = sample(
        metrics_text(), "blossom_slack_alerts_total", event="user_disabled", outcome="failed"
    )
    assert after == before + 1
