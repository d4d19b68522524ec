"""user_activity_summary: the LLM's answer is replayed from a recording beside this test
(`recordings/routes_test/...`, made with `just test-record`); not configured and failing
LLMs answer their typed errors."""

from __future__ import annotations

from foundation.external.errors import ExternalServiceFailedError, ExternalServiceNotConfiguredError
from foundation.external.llm import OpenAIClient, RecordedLLM
from foundation.external.registry import override_services
from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.fixture import TFix
from panopticon.support.routes import UserActivitySummaryIn, user_activity_summary
from panopticon.testing import make_admin
from panopticon.users.routes import UserNotFoundError, UserSetEnabledIn, user_set_enabled


async def test_summary_of_a_disabled_user_from_the_recorded_answer(
    t: TFix, recorded_llm: RecordedLLM
) -> None:
    user = await t.factory.user()
    superadmin = await make_admin(t, "superadmin")
    disabled = await t.rpc.call(
        user_set_enabled,
        UserSetEnabledIn(user_id=user.id, enabled=False, reason="chargeback fraud reported"),
        as_=superadmin,
    )
    assert disabled.output.changed
    res = await t.rpc.call(
        user_activity_summary,
        UserActivitySummaryIn(user_id=user.id),
        as_=await make_admin(t, "support"),
    )
    out = res.output
    assert out.user_id == user.id and out.events >= 2
    assert "disabled" in out.summary and "fraud" in out.summary


async def test_unknown_user(t: TFix, recorded_llm: RecordedLLM) -> None:
    res = await t.rpc.call(
        user_activity_summary,
        UserActivitySummaryIn(user_id="usr_missing"),
        as_=await make_admin(t, "support"),
    )
    assert res.expect_error(UserNotFoundError).user_id == "usr_missing"


async def test_without_an_llm_it_is_not_configured(t: TFix) -> None:
    user = await t.factory.user()
    with override_services(llm=None):
        res = await t.rpc.call(
            user_activity_summary,
            UserActivitySummaryIn(user_id=user.id),
            as_=await make_admin(t, "support"),
        )
    assert res.expect_error(ExternalServiceNotConfiguredError).service == "llm"
    assert res.status == 501


async def test_a_failing_llm_is_a_typed_error(t: TFix) -> None:
    user = await t.factory.user()
    with fake_http() as server:
        server.respond("POST", "/v1/chat/completions", FakeResponse(401, {"error": "bad key"}))
        llm = OpenAIClient(
            api_key="k", base_url=server.url + "/v1", chat_model="m", embedding_model="e"
        )
        with override_services(llm=llm):
            res = await t.rpc.call(
                user_activity_summary,
                UserActivitySummaryIn(user_id=user.id),
                as_=await make_admin(t, "support"),
            )
    assert res.expect_error(ExternalServiceFailedError).service == "llm"
    assert res.status == 502
