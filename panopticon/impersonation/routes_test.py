"""impersonation_start, and impersonated sessions never authenticating panopticon.
(The product side, `impersonation_accept` and the read-only rule, is tested in
product/impersonation/.)"""

from __future__ import annotations

import datetime

import pytest

from database.testing import harness
from foundation.auth.cookies import sign_session
from foundation.base.env import ENV
from foundation.crypto.codes import hash_code
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env
from panopticon.auth.routes import PanopticonInitOut, init
from panopticon.db import xact_admin
from panopticon.framework import PANOPTICON
from panopticon.impersonation.routes import (
    ImpersonationStartIn,
    UserDisabledError,
    impersonation_start,
)
from panopticon.testing import audit_rows, make_admin
from panopticon.users.routes import UserNotFoundError


async def test_start_makes_a_one_time_token_for_two_minutes(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    user = await t.factory.user()
    now = t.freeze_time()
    data = ImpersonationStartIn(user_id=user.id, reason="ticket 981: billing page", minutes=30)
    out = (await t.rpc.call(impersonation_start, data, as_=admin)).output
    assert out.accept_by == now + datetime.timedelta(minutes=2) and out.minutes == 30
    # IMPERSONATION_ACCEPT_URL is empty in tests: the development product server's page.
    assert out.accept_url == f"{ENV.product_base_url}/impersonate#token={out.token}"
    async with xact_admin() as q:
        stored = await harness(q).test_impersonation_fetch(id=out.impersonation_id)
    assert stored.token_hash == hash_code(out.token) and out.token not in stored.token_hash
    assert (stored.admin_user_id, stored.user_id, stored.accepted_at) == (admin.id, user.id, None)
    [entry] = await audit_rows(user.id)
    assert entry.action == "user.impersonate"
    assert entry.diff == {"impersonation_id": out.impersonation_id, "minutes": 30}


async def test_the_accept_link_is_the_configured_page_and_none_in_production_without_one(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = await make_admin(t, "superadmin")
    data = ImpersonationStartIn(user_id=(await t.factory.user()).id, reason="ticket 982")
    template = "https://app.example.com/impersonate#token={token}"
    override_env(monkeypatch, impersonation_accept_url=template)
    out = (await t.rpc.call(impersonation_start, data, as_=admin)).output
    assert out.accept_url == f"https://app.example.com/impersonate#token={out.token}"
    override_env(
        monkeypatch, impersonation_accept_url="", environment="production", admin_require_mfa=False
    )
    assert (await t.rpc.call(impersonation_start, data, as_=admin)).output.accept_url is None


async def test_minutes_are_bounded_and_the_user_must_exist_and_be_enabled(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    user = await t.factory.user()
    for minutes in (0, 61):
        body = {"user_id": user.id, "reason": "too long", "minutes": minutes}
        res = await t.rpc.raw(impersonation_start, body, as_=admin)
        assert res.error == "InputValidationError", minutes
    missing = ImpersonationStartIn(user_id="usr_11111111111", reason="nobody")
    (await t.rpc.call(impersonation_start, missing, as_=admin)).expect_error(UserNotFoundError)
    disabled = await t.factory.user(is_enabled=False)
    data = ImpersonationStartIn(user_id=disabled.id, reason="disabled")
    (await t.rpc.call(impersonation_start, data, as_=admin)).expect_error(UserDisabledError)


async def test_impersonated_sessions_never_authenticate_panopticon(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    impersonated = await t.factory.session(user=admin, impersonator=admin)
    for cookie in (
        sign_session("product", impersonated.id),  # the product cookie under panopticon's name
        await t.rpc.cookie(PANOPTICON, impersonated),  # as if signed for panopticon
    ):
        res = await t.rpc.call(init, as_=cookie)
        assert res.output == PanopticonInitOut(admin=None)
    # Even a panopticon session row marked as impersonated is refused by the policy.
    marked = await t.factory.session(user=admin, app="panopticon", impersonator=admin)
    assert (await t.rpc.call(init, as_=marked)).output == PanopticonInitOut(admin=None)


async def test_an_impersonation_reaches_the_audit_log_of_each_organization_of_the_user(
    t: TFix,
) -> None:
    """Admin-access transparency: the organizations the target is an active member of
    get a copy of the entry (with the reason), in the same transaction; others do not."""
    admin = await make_admin(t, "superadmin")
    member = await t.factory.customer()
    second = await t.factory.organization()
    await t.factory.membership(user=member.user, organization=second, role="member")
    bystander = await t.factory.customer()
    data = ImpersonationStartIn(user_id=member.user.id, reason="ticket 42: billing page")
    assert (await t.rpc.call(impersonation_start, data, as_=admin)).status == 200
    async with xact_admin() as q:
        for organization in (member.organization, second):
            rows = await harness(q).test_organization_audit_log_of(organization_id=organization.id)
            assert [(r.action, r.target, r.reason, r.admin_user_id) for r in rows] == [
                ("user.impersonate", member.user.id, data.reason, admin.id)
            ]
        assert (
            await harness(q).test_organization_audit_log_of(
                organization_id=bystander.organization.id
            )
            == []
        )
