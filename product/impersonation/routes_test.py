"""impersonation_accept and impersonation_end, and the read-only rule of impersonated
sessions over every route of the product router (so a new mutation cannot be forgotten)."""

from __future__ import annotations

import datetime

from database.testing import harness
from database.xact import xact_admin
from foundation.rpc.errors import UnauthorizedError
from foundation.testing.fixture import TFix
from product.auth.init import Impersonator, InitOut, InitUser
from product.auth.routes import init, logout, sessions_list
from product.framework import PRODUCT
from product.framework.impersonation import ALLOWED_WHILE_IMPERSONATED
from product.impersonation.routes import (
    ImpersonationAcceptIn,
    ImpersonationTokenInvalidError,
    NotImpersonatingError,
    impersonation_accept,
    impersonation_end,
)
from product.testing import impersonated, impersonation_token, superadmin

COOKIE = PRODUCT.cookie


async def test_accept_starts_a_marked_session_that_init_shows(t: TFix) -> None:
    admin = await superadmin(t)
    c = await t.factory.customer()
    now = t.freeze_time()
    token, impersonation_id = await impersonation_token(t, admin, c.user, minutes=10)
    res = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=token))
    expected_user = InitUser(
        id=c.user.id, name=c.user.name, email=c.user.email, email_verified=True
    )
    assert res.output.user == expected_user
    assert res.output.impersonator == Impersonator(id=admin.id, name="Ada Admin")
    assert res.output.organization is not None
    assert res.output.organization.id == c.organization.id
    cookie = res.cookies[COOKIE]
    assert "Max-Age" not in res.headers.get("Set-Cookie", "")  # ends with the browser
    shown = (await t.rpc.call(init, as_=cookie)).output
    assert shown == InitOut.of(res.output)
    async with xact_admin() as q:
        row = await harness(q).test_impersonation_fetch(id=impersonation_id)
        assert row.accepted_at == now and row.session_id is not None
        session = await harness(q).test_session_fetch(id=row.session_id)
    assert session.impersonator_user_id == admin.id
    assert session.expires_at == now + datetime.timedelta(minutes=10)
    t.advance_time(datetime.timedelta(minutes=11))
    assert (await t.rpc.call(init, as_=cookie)).output.user is None  # expired


async def test_a_token_works_once_within_two_minutes(t: TFix) -> None:
    admin = await superadmin(t)
    user = await t.factory.user()
    t.freeze_time()
    token, _ = await impersonation_token(t, admin, user)
    assert (
        await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=token))
    ).status == 200
    again = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=token))
    again.expect_error(ImpersonationTokenInvalidError)
    late, _ = await impersonation_token(t, admin, user)
    t.advance_time(datetime.timedelta(minutes=2, seconds=1))
    res = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=late))
    res.expect_error(ImpersonationTokenInvalidError)
    unknown = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token="nope"))
    unknown.expect_error(ImpersonationTokenInvalidError)


async def test_a_demoted_admin_or_a_disabled_user_voids_theimpersonation_token(t: TFix) -> None:
    admin = await superadmin(t)
    user = await t.factory.user()
    token, _ = await impersonation_token(t, admin, user)
    async with xact_admin() as q:
        await harness(q).test_admin_grant(user_id=admin.id, role="support")
    res = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=token))
    res.expect_error(ImpersonationTokenInvalidError)
    other_admin = await superadmin(t)
    token, _ = await impersonation_token(t, other_admin, user)
    async with xact_admin() as q:
        await harness(q).test_user_disable(id=user.id)
    res = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=token))
    res.expect_error(ImpersonationTokenInvalidError)


async def test_logout_ends_an_impersonated_session(t: TFix) -> None:
    _, _, cookie = await impersonated(t)
    assert (await t.rpc.call(logout, as_=cookie)).status == 200
    (await t.rpc.call(sessions_list, as_=cookie)).expect_error(UnauthorizedError)


async def test_impersonation_end_needs_an_impersonated_session(t: TFix) -> None:
    c = await t.factory.customer()
    res = await t.rpc.call(impersonation_end, as_=c)
    res.expect_error(NotImpersonatingError)


async def test_init_without_impersonation_has_no_impersonator(t: TFix) -> None:
    c = await t.factory.customer()
    out: InitOut = (await t.rpc.call(init, as_=c)).output
    assert out.impersonator is None and out.user is not None


def test_the_routes_allowed_while_impersonated_are_exactly_these() -> None:
    """Each changes the session, not the data; adding one (a data-changing route slipped
    in) must be a reviewed change of this test."""
    assert (
        frozenset({"logout", "organization_switch", "impersonation_end", "impersonation_accept"})
        == ALLOWED_WHILE_IMPERSONATED
    )
