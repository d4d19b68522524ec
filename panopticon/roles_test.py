"""The role matrix: every panopticon RPC called by nobody, a product session, a signed-in
non-admin, a support admin and a superadmin. The table of sample inputs must name every
signed-in route of the router, so a new RPC cannot miss the matrix."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from database.__codegen__.models import UserModel
from database.testing import harness
from database.testing.waiting import once_waiting_for_a_lock
from database.xact import xact_admin
from foundation.auth.cookies import sign_session
from foundation.base.clock import CLOCK
from foundation.email.outbox import queue_email
from foundation.external.llm import FakeLLM
from foundation.external.registry import override_services
from foundation.rpc.errors import UnauthorizedError
from foundation.rpc.route import Route
from foundation.testing.fixture import TFix
from panopticon.accounts.routes import UserDeleteIn, user_delete
from panopticon.admins.admins import grant_admin, revoke_admin
from panopticon.analytics.routes import AnalyticsOverviewIn, analytics_overview
from panopticon.app import panopticon_router
from panopticon.audit.routes import AuditLogListIn, audit_log_list
from panopticon.auth.routes import logout
from panopticon.db import xact_admin as panopticon_xact
from panopticon.emails.routes import EmailResendIn, EmailsListIn, email_resend, emails_list
from panopticon.framework import PANOPTICON
from panopticon.impersonation.routes import ImpersonationStartIn, impersonation_start
from panopticon.organizations.routes import (
    InviteActionIn,
    MembershipRemoveIn,
    MembershipSetRoleIn,
    OrganizationDomainRemoveIn,
    OrganizationGetIn,
    OrganizationsSearchIn,
    invite_resend,
    invite_revoke,
    membership_remove,
    membership_set_role,
    organization_domain_remove,
    organization_get,
    organizations_search,
)
from panopticon.overview.routes import overview
from panopticon.roles import AdminInsufficientRoleError
from panopticon.sso.routes import (
    OrganizationSsoIn,
    OrganizationSsoRemoveIn,
    organization_sso_get,
    organization_sso_remove,
)
from panopticon.support.routes import UserActivitySummaryIn, user_activity_summary
from panopticon.testing import make_admin
from panopticon.users.routes import (
    LoginLockoutClearIn,
    UserEmailSendIn,
    UserGetIn,
    UserMfaResetIn,
    UserSessionsExpireIn,
    UserSetEnabledIn,
    UsersSearchIn,
    UserUpdateIn,
    login_lockout_clear,
    user_get,
    user_mfa_reset,
    user_password_reset_send,
    user_sessions_expire,
    user_set_enabled,
    user_update,
    user_verification_resend,
    users_search,
)

Sample = Callable[[TFix], Awaitable[Any]]
"""Makes a fresh target and returns a valid input for the route (None: no input)."""


async def _owned_twice(t: TFix) -> tuple[str, str]:
    """An organization with two owners: one of them can be demoted or removed."""
    c = await t.factory.customer()
    other = await t.factory.user()
    await t.factory.membership(user=other, organization=c.organization, role="owner")
    return c.organization.id, other.id


async def _set_role(t: TFix) -> MembershipSetRoleIn:
    organization_id, user_id = await _owned_twice(t)
    return MembershipSetRoleIn(
        organization_id=organization_id, user_id=user_id, role="member", reason="matrix"
    )


async def _remove(t: TFix) -> MembershipRemoveIn:
    organization_id, user_id = await _owned_twice(t)
    return MembershipRemoveIn(organization_id=organization_id, user_id=user_id, reason="matrix")


async def _domain(t: TFix) -> OrganizationDomainRemoveIn:
    organization = await t.factory.organization()
    async with xact_admin() as q:
        domain = await harness(q).test_domain_create(
            organization_id=organization.id,
            domain=f"{organization.id.lower().replace('_', '-')}.test",
            verification_token="t",
            verified_at=None,
            checked_at=None,
        )
    return OrganizationDomainRemoveIn(
        organization_id=organization.id, domain=domain.domain, reason="matrix"
    )


async def _sso(t: TFix) -> OrganizationSsoRemoveIn:
    organization = await t.factory.organization()
    async with xact_admin() as q:
        await harness(q).test_sso_connection_create(organization_id=organization.id)
    return OrganizationSsoRemoveIn(organization_id=organization.id, reason="matrix")


async def _invite(t: TFix) -> InviteActionIn:
    invite = await t.factory.invite(organization=await t.factory.organization())
    return InviteActionIn(invite_id=invite.id, reason="matrix")


async def _user_id(t: TFix) -> str:
    return (await t.factory.user()).id


async def _failed_email(t: TFix) -> EmailResendIn:
    """A failed email (no code) to resend."""
    to = f"matrix-{uuid.uuid4().hex[:8]}@example.test"
    async with panopticon_xact() as q:
        await queue_email(q, to=to, subject="Hi", kind="test", body="hello")
        [email] = await harness(q).test_emails_to(to_address=to)
        await q.orm.email_mark_attempt_failed(
            id=email.id, last_error="550", next_attempt_at=CLOCK.now(), give_up=True
        )
    return EmailResendIn(email_id=email.id, reason="matrix")


async def _none(t: TFix) -> None:
    return None


SAMPLES: dict[str, tuple[Route[Any, Any], Sample]] = {
    "logout": (logout, _none),
    "overview": (overview, _none),
    "users_search": (users_search, lambda t: _const(UsersSearchIn(query="user"))),
    "user_get": (user_get, lambda t: _then(_user_id(t), lambda u: UserGetIn(user_id=u))),
    "organizations_search": (organizations_search, lambda t: _const(OrganizationsSearchIn())),
    "organization_get": (
        organization_get,
        lambda t: _then(
            t.factory.organization(), lambda o: OrganizationGetIn(organization_id=o.id)
        ),
    ),
    "user_set_enabled": (
        user_set_enabled,
        lambda t: _then(
            _user_id(t), lambda u: UserSetEnabledIn(user_id=u, enabled=False, reason="matrix")
        ),
    ),
    "user_sessions_expire": (
        user_sessions_expire,
        lambda t: _then(_user_id(t), lambda u: UserSessionsExpireIn(user_id=u, reason="matrix")),
    ),
    "user_mfa_reset": (
        user_mfa_reset,
        lambda t: _then(_user_id(t), lambda u: UserMfaResetIn(user_id=u, reason="matrix")),
    ),
    "user_password_reset_send": (
        user_password_reset_send,
        lambda t: _then(_user_id(t), lambda u: UserEmailSendIn(user_id=u, reason="matrix")),
    ),
    "user_verification_resend": (
        user_verification_resend,
        lambda t: _then(_user_id(t), lambda u: UserEmailSendIn(user_id=u, reason="matrix")),
    ),
    "user_update": (
        user_update,
        lambda t: _then(
            _user_id(t),
            lambda u: UserUpdateIn(
                user_id=u, name="Matrix", email=f"{u.lower()}@example.test", reason="matrix"
            ),
        ),
    ),
    "login_lockout_clear": (
        login_lockout_clear,
        lambda t: _const(LoginLockoutClearIn(email="locked@example.test", reason="matrix")),
    ),
    "invite_resend": (invite_resend, _invite),
    "invite_revoke": (invite_revoke, _invite),
    "membership_set_role": (membership_set_role, _set_role),
    "membership_remove": (membership_remove, _remove),
    "organization_domain_remove": (organization_domain_remove, _domain),
    "organization_sso_get": (
        organization_sso_get,
        lambda t: _then(
            t.factory.organization(), lambda o: OrganizationSsoIn(organization_id=o.id)
        ),
    ),
    "organization_sso_remove": (organization_sso_remove, _sso),
    "impersonation_start": (
        impersonation_start,
        lambda t: _then(
            _user_id(t), lambda u: ImpersonationStartIn(user_id=u, reason="matrix", minutes=5)
        ),
    ),
    "audit_log_list": (audit_log_list, lambda t: _const(AuditLogListIn())),
    "emails_list": (emails_list, lambda t: _const(EmailsListIn())),
    "email_resend": (email_resend, _failed_email),
    "user_delete": (
        user_delete,
        lambda t: _then(_user_id(t), lambda u: UserDeleteIn(user_id=u, reason="matrix")),
    ),
    "user_activity_summary": (
        user_activity_summary,
        lambda t: _then(_user_id(t), lambda u: UserActivitySummaryIn(user_id=u)),
    ),
    "analytics_overview": (
        analytics_overview,
        lambda t: _const(
            AnalyticsOverviewIn(
                from_day=datetime.date(2026, 1, 1), to_day=datetime.date(2026, 1, 7)
            )
        ),
    ),
}


@pytest.fixture(autouse=True)
def _fake_llm() -> Iterator[None]:
    """An LLM for `user_activity_summary` (without one it answers 501 to everybody)."""
    with override_services(llm=FakeLLM()):
        yield


async def _const(value: Any) -> Any:
    return value


async def _then(made: Awaitable[Any], build: Callable[[Any], Any]) -> Any:
    return build(await made)


def _route(name: str) -> Route[Any, Any] | None:
    # Any: foundation/rpc (not strict yet) returns a bare Route, whose type arguments are unknown.
    router: Any = panopticon_router()
    return router.get(name)


def _authorization(name: str) -> str:
    route = _route(name)
    assert route is not None and route.access is not None
    return route.access.authorization


def test_the_matrix_covers_every_signed_in_route() -> None:
    signed_in = {
        info.name
        for info in panopticon_router().routes()
        if info.access is not None and info.access.signed_in
    }
    assert signed_in == set(SAMPLES)
    assert {name: route.name for name, (route, _) in SAMPLES.items()} == {n: n for n in SAMPLES}


@dataclass(frozen=True)
class Caller:
    name: str
    make: Callable[[TFix], Awaitable[str | UserModel | None]]


async def _product_session_of_a_superadmin(t: TFix) -> str:
    admin = await make_admin(t, "superadmin")
    session = await t.factory.session(user=admin, app="product")
    return sign_session("product", session.id)


async def _non_admin(t: TFix) -> UserModel:
    return await t.factory.user()


async def _support(t: TFix) -> UserModel:
    return await make_admin(t, "support")


async def _superadmin(t: TFix) -> UserModel:
    return await make_admin(t, "superadmin")


async def _nobody(t: TFix) -> None:
    return None


CALLERS = [
    Caller("nobody", _nobody),
    Caller("product session", _product_session_of_a_superadmin),
    Caller("non-admin", _non_admin),
    Caller("support", _support),
    Caller("superadmin", _superadmin),
]


def _expected(caller: str, authorization: str) -> str:
    if caller in ("nobody", "product session", "non-admin"):
        return "UnauthorizedError"
    if caller == "support" and authorization == "superadmin":
        return "AdminInsufficientRoleError"
    return "ok"


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize("caller", CALLERS, ids=[c.name for c in CALLERS])
async def test_role_matrix(t: TFix, caller: Caller, name: str) -> None:
    route, sample = SAMPLES[name]
    data = await sample(t)
    as_ = await caller.make(t)
    res = await t.rpc.call(route, data, as_=as_)
    expected = _expected(caller.name, _authorization(name))
    if expected == "ok":
        assert res.status == 200, res.response.body
    elif expected == "UnauthorizedError":
        res.expect_error(UnauthorizedError)
        assert res.status == 401
    else:
        error = res.expect_error(AdminInsufficientRoleError)
        assert error == AdminInsufficientRoleError(role="support", required="superadmin")


async def test_the_role_is_read_again_in_the_call_s_transaction(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    cookie = await t.rpc.cookie(PANOPTICON, admin)
    data = UserSetEnabledIn(user_id=(await t.factory.user()).id, enabled=False, reason="demoted")
    await grant_admin(admin.email, "support")  # demoted after the session was made
    res = await t.rpc.call(user_set_enabled, data, as_=cookie)
    res.expect_error(AdminInsufficientRoleError)
    await revoke_admin(admin.email)
    res = await t.rpc.call(overview, as_=cookie)
    res.expect_error(UnauthorizedError)


async def test_a_revoke_committed_during_a_call_is_seen_by_it(t: TFix) -> None:
    """The call's session lookup still saw a support admin; the revoke holds the admin's
    row while the call reaches its transaction, whose role check waits for it (FOR SHARE)
    and then reads it again: 401, not a support admin's answer."""
    admin = await make_admin(t, "support")
    cookie = await t.rpc.cookie(PANOPTICON, admin)
    async with xact_admin() as q:
        await harness(q).test_admin_lock(user_id=admin.id)
        call = await once_waiting_for_a_lock(t.rpc.call(overview, as_=cookie))
        await harness(q).test_admin_revoke(user_id=admin.id)
    (await call).expect_error(UnauthorizedError)
