"""impersonation_accept and impersonation_end, and the read-only rule of impersonated
sessions over every route of the product router (so a new mutation cannot be forgotten)."""

from __future__ import annotations

import datetime

import pytest

from database.__codegen__.models import UserModel
from database.testing.factory import Customer
from database.xact import xact_admin
from foundation.auth.users import UserSummary
from foundation.clock import CLOCK
from foundation.crypto.codes import new_code
from foundation.rpc.errors import UnauthorizedError
from foundation.testing.examples import example_input
from foundation.testing.fixture import TFix
from product.app import product_router
from product.auth.init import Impersonator, InitOut
from product.auth.routes import init, logout, sessions_list
from product.framework import PRODUCT
from product.framework.impersonation import ALLOWED_WHILE_IMPERSONATED, ImpersonationReadOnlyError
from product.impersonation.routes import (
    ImpersonationAcceptIn,
    ImpersonationTokenInvalidError,
    NotImpersonatingError,
    impersonation_accept,
    impersonation_end,
)
from product.organizations.routes import OrganizationSwitchIn, organization_switch

COOKIE = PRODUCT.cookie


async def _superadmin(t: TFix) -> UserModel:
    admin = await t.factory.user(name="Ada Admin")
    async with xact_admin() as q:
        await q.orm.test_admin_grant(user_id=admin.id, role="superadmin")
    return admin


async def _token(
    t: TFix, admin: UserModel, user: UserModel, *, minutes: int = 10
) -> tuple[str, str]:
    """A fresh impersonation token (as panopticon's impersonation_start makes them)."""
    token, token_hash = new_code()
    async with xact_admin() as q:
        row = await q.orm.test_impersonation_create(
            admin_user_id=admin.id,
            user_id=user.id,
            token_hash=token_hash,
            minutes=minutes,
            accept_by=CLOCK.now() + datetime.timedelta(minutes=2),
        )
    return token, row.id


async def _impersonated(t: TFix) -> tuple[Customer, UserModel, str]:
    """A customer, the superadmin impersonating them, and the impersonated session's cookie."""
    admin = await _superadmin(t)
    c = await t.factory.customer()
    token, _ = await _token(t, admin, c.user)
    res = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=token))
    return c, admin, res.cookies[COOKIE]


async def test_accept_starts_a_marked_session_that_init_shows(t: TFix) -> None:
    admin = await _superadmin(t)
    c = await t.factory.customer()
    now = t.freeze_time()
    token, impersonation_id = await _token(t, admin, c.user, minutes=10)
    res = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=token))
    expected_user = UserSummary(id=c.user.id, name=c.user.name, email=c.user.email)
    assert res.output.user == expected_user
    assert res.output.impersonator == Impersonator(id=admin.id, name="Ada Admin")
    assert res.output.organization is not None
    assert res.output.organization.id == c.organization.id
    cookie = res.cookies[COOKIE]
    assert "Max-Age" not in res.headers.get("Set-Cookie", "")  # ends with the browser
    shown = (await t.rpc.call(init, as_=cookie)).output
    assert shown == res.output
    async with xact_admin() as q:
        row = await q.orm.test_impersonation_fetch(id=impersonation_id)
        assert row.accepted_at == now and row.session_id is not None
        session = await q.orm.test_session_fetch(id=row.session_id)
    assert session.impersonator_user_id == admin.id
    assert session.expires_at == now + datetime.timedelta(minutes=10)
    t.advance_time(datetime.timedelta(minutes=11))
    assert (await t.rpc.call(init, as_=cookie)).output.user is None  # expired


async def test_a_token_works_once_within_two_minutes(t: TFix) -> None:
    admin = await _superadmin(t)
    user = await t.factory.user()
    t.freeze_time()
    token, _ = await _token(t, admin, user)
    assert (
        await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=token))
    ).status == 200
    again = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=token))
    again.expect_error(ImpersonationTokenInvalidError)
    late, _ = await _token(t, admin, user)
    t.advance_time(datetime.timedelta(minutes=2, seconds=1))
    res = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=late))
    res.expect_error(ImpersonationTokenInvalidError)
    unknown = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token="nope"))
    unknown.expect_error(ImpersonationTokenInvalidError)


async def test_a_demoted_admin_or_a_disabled_user_voids_the_token(t: TFix) -> None:
    admin = await _superadmin(t)
    user = await t.factory.user()
    token, _ = await _token(t, admin, user)
    async with xact_admin() as q:
        await q.orm.test_admin_grant(user_id=admin.id, role="support")
    res = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=token))
    res.expect_error(ImpersonationTokenInvalidError)
    other_admin = await _superadmin(t)
    token, _ = await _token(t, other_admin, user)
    async with xact_admin() as q:
        await q.orm.test_user_disable(id=user.id)
    res = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=token))
    res.expect_error(ImpersonationTokenInvalidError)


def _posts() -> list[str]:
    return sorted(info.name for info in product_router().routes() if info.method == "POST")


@pytest.mark.parametrize("name", [n for n in _posts() if n not in ALLOWED_WHILE_IMPERSONATED])
async def test_every_mutation_is_refused_while_impersonated(t: TFix, name: str) -> None:
    _, _, cookie = await _impersonated(t)
    route = product_router().get(name)
    assert route is not None
    res = await t.rpc.raw(route, example_input(route.input_type), as_=cookie)
    assert res.status == 403, res.response.body
    res.expect_error(ImpersonationReadOnlyError)


def test_the_allowed_mutations_exist() -> None:
    assert set(_posts()) >= ALLOWED_WHILE_IMPERSONATED


async def test_reads_and_session_changes_work_while_impersonated(t: TFix) -> None:
    c, _, cookie = await _impersonated(t)
    assert (await t.rpc.call(sessions_list, as_=cookie)).status == 200
    for info in product_router().routes():
        if info.method == "GET":
            res = await t.rpc.raw(info.route, example_input(info.input_type), as_=cookie)
            assert res.error != "ImpersonationReadOnlyError", info.name
    switch = OrganizationSwitchIn(organization_id=c.organization.id)
    assert (await t.rpc.call(organization_switch, switch, as_=cookie)).status == 200
    assert (await t.rpc.call(impersonation_end, as_=cookie)).status == 200
    assert (await t.rpc.call(init, as_=cookie)).output.user is None
    (await t.rpc.call(sessions_list, as_=cookie)).expect_error(UnauthorizedError)


async def test_logout_ends_an_impersonated_session(t: TFix) -> None:
    _, _, cookie = await _impersonated(t)
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
