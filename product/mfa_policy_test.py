"""Required two-factor: while the organization requires it, a member without a second
factor reaches none of its routes, but enrolment and `init` (which says why) still work."""

from __future__ import annotations

from pyotp.totp import TOTP

from foundation.base.clock import CLOCK
from foundation.testing.fixture import TFix
from foundation.testing.mfa import enable_mfa
from product.auth.routes import init
from product.framework.mfa_policy import MfaRequiredError
from product.framework.permissions import InsufficientRoleError
from product.mfa.routes import MfaCodeIn, mfa_status, mfa_totp_confirm, mfa_totp_enroll
from product.organizations.routes import (
    OrganizationSecurityIn,
    organization_members_list,
    organization_security_set,
)
from product.vault.routes import vault_secrets_list


async def test_members_without_a_second_factor_reach_only_enrolment_and_init(t: TFix) -> None:
    c = await t.factory.customer()
    await enable_mfa(c.user.id)
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=c.organization, role="member")
    session = await t.factory.session(user=member, organization=c.organization)
    assert (await t.rpc.call(vault_secrets_list, as_=session)).status == 200

    answer = await t.rpc.call(
        organization_security_set, OrganizationSecurityIn(require_mfa=True), as_=c
    )
    assert answer.output.require_mfa is True
    assert answer.output.members_without_mfa == 1  # the owner has one, the member not

    refused = await t.rpc.call(vault_secrets_list, as_=session)
    assert refused.expect_error(MfaRequiredError).organization_id == c.organization.id
    (await t.rpc.call(organization_members_list, as_=session)).expect_error(MfaRequiredError)
    out = (await t.rpc.call(init, as_=session)).output
    assert out.organization is not None and out.organization.mfa_enrolment_required
    assert (await t.rpc.call(mfa_status, as_=session)).status == 200
    enrolled = (await t.rpc.call(mfa_totp_enroll, as_=session)).output
    # The owner, who has a second factor, works on.
    assert (await t.rpc.call(vault_secrets_list, as_=c)).status == 200
    owner_init = (await t.rpc.call(init, as_=c)).output
    assert owner_init.organization is not None
    assert not owner_init.organization.mfa_enrolment_required

    code = TOTP(enrolled.secret).at(CLOCK.now())
    confirmed = await t.rpc.call(mfa_totp_confirm, MfaCodeIn(code=code), as_=session)
    assert confirmed.status == 200  # enrolled: read fresh at the next call
    assert (await t.rpc.call(vault_secrets_list, as_=session)).status == 200

    off = await t.rpc.call(
        organization_security_set, OrganizationSecurityIn(require_mfa=False), as_=c
    )
    assert off.output == type(off.output)(require_mfa=False, members_without_mfa=0)


async def test_only_owners_with_a_second_factor_require_it(t: TFix) -> None:
    c = await t.factory.customer()
    admin = await t.factory.user()
    await t.factory.membership(user=admin, organization=c.organization, role="admin")
    await enable_mfa(admin.id)
    res = await t.rpc.call(
        organization_security_set,
        OrganizationSecurityIn(require_mfa=True),
        as_=admin,
        organization=c.organization,
    )
    assert res.expect_error(InsufficientRoleError) == InsufficientRoleError(role="admin")
    # An owner without a second factor would lock themselves out: enrol first.
    res = await t.rpc.call(
        organization_security_set, OrganizationSecurityIn(require_mfa=True), as_=c
    )
    res.expect_error(MfaRequiredError)
    counted = await t.rpc.call(
        organization_security_set, OrganizationSecurityIn(require_mfa=False), as_=c
    )
    assert counted.output.members_without_mfa == 1  # the owner; the admin has one
