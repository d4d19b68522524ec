"""organizations_search, organization_get, membership_set_role, membership_remove,
invite_resend, invite_revoke."""

from __future__ import annotations

import json
import uuid

from database.testing import harness
from database.testing.factory import Customer
from foundation.base.clock import CLOCK
from foundation.crypto.codes import hash_code
from foundation.testing.fixture import TFix
from foundation.testing.outbox import code_in, delivered_to
from panopticon.db import xact_admin
from panopticon.inputs import InvalidCursorError
from panopticon.organizations.routes import (
    DomainNotFoundError,
    InviteActionIn,
    InviteNotFoundError,
    InviteNotPendingError,
    LastOwnerError,
    MemberNotFoundError,
    MembershipRemoveIn,
    MembershipSetRoleIn,
    OrganizationDomainRemoveIn,
    OrganizationGetIn,
    OrganizationNotFoundError,
    OrganizationsSearchIn,
    invite_resend,
    invite_revoke,
    membership_remove,
    membership_set_role,
    organization_domain_remove,
    organization_get,
    organizations_search,
)
from panopticon.roles import AdminInsufficientRoleError
from panopticon.testing import audit_rows, make_admin

MISSING_ORG = "org_11111111111"


async def test_search_by_id_and_name_with_pages(t: TFix) -> None:
    admin = await make_admin(t, "support")
    tag = uuid.uuid4().hex[:10]
    made = [await t.factory.organization(name=f"Acme {tag} {i}") for i in range(3)]
    res = await t.rpc.call(organizations_search, OrganizationsSearchIn(query=made[1].id), as_=admin)
    assert [o.id for o in res.output.items] == [made[1].id]
    first = await t.rpc.call(
        organizations_search, OrganizationsSearchIn(query=f"ACME {tag}", limit=2), as_=admin
    )
    assert [o.id for o in first.output.items] == [made[2].id, made[1].id]
    assert first.output.next_cursor is not None
    rest = await t.rpc.call(
        organizations_search,
        OrganizationsSearchIn(query=f"acme {tag}", cursor=first.output.next_cursor, limit=2),
        as_=admin,
    )
    assert [o.id for o in rest.output.items] == [made[0].id]
    assert rest.output.next_cursor is None
    bad = await t.rpc.call(organizations_search, OrganizationsSearchIn(cursor="%%%"), as_=admin)
    bad.expect_error(InvalidCursorError)


async def test_organization_get_shows_secret_names_never_values(t: TFix) -> None:
    admin = await make_admin(t, "support")
    c = await t.factory.customer()
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=c.organization, role="member")
    invite = await t.factory.invite(organization=c.organization, email="new@example.test")
    async with xact_admin() as q:
        await harness(q).test_vault_secret_create(
            organization_id=c.organization.id, name="stripe key", ciphertext=b"\x01secret"
        )
    res = await t.rpc.call(
        organization_get, OrganizationGetIn(organization_id=c.organization.id), as_=admin
    )
    out = res.output
    assert out.organization.id == c.organization.id
    assert [(m.user_id, m.role) for m in out.members] == [
        (c.user.id, "owner"),
        (member.id, "member"),
    ]
    assert [i.invite_id for i in out.pending_invites] == [invite.id]
    assert [s.name for s in out.secret_names] == ["stripe key"]
    body = json.dumps(res.response.body)
    assert 'secret"' not in body and "ciphertext" not in body and "test-key" not in body
    missing = await t.rpc.call(
        organization_get, OrganizationGetIn(organization_id=MISSING_ORG), as_=admin
    )
    missing.expect_error(OrganizationNotFoundError)


async def _with_member(t: TFix) -> tuple[Customer, str]:
    c = await t.factory.customer()
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=c.organization, role="member")
    return c, member.id


async def test_membership_set_role_keeps_an_owner(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    c, member_id = await _with_member(t)
    org = c.organization.id
    promote = MembershipSetRoleIn(
        organization_id=org, user_id=member_id, role="owner", reason="ownership transfer"
    )
    assert (await t.rpc.call(membership_set_role, promote, as_=admin)).output.changed
    demote_old = MembershipSetRoleIn(
        organization_id=org, user_id=c.user.id, role="admin", reason="ownership transfer"
    )
    assert (await t.rpc.call(membership_set_role, demote_old, as_=admin)).output.changed
    demote_last = MembershipSetRoleIn(
        organization_id=org, user_id=member_id, role="member", reason="try the last owner"
    )
    res = await t.rpc.call(membership_set_role, demote_last, as_=admin)
    res.expect_error(LastOwnerError)
    [entry] = await audit_rows(member_id)
    assert entry.action == "membership.set_role"
    assert entry.diff == {"organization_id": org, "role": {"before": "member", "after": "owner"}}
    same = await t.rpc.call(membership_set_role, promote, as_=admin)
    assert not same.output.changed and len(await audit_rows(member_id)) == 1
    stranger = MembershipSetRoleIn(
        organization_id=org, user_id=admin.id, role="member", reason="not a member"
    )
    (await t.rpc.call(membership_set_role, stranger, as_=admin)).expect_error(MemberNotFoundError)
    nowhere = MembershipSetRoleIn(
        organization_id=MISSING_ORG, user_id=member_id, role="member", reason="no such org"
    )
    res = await t.rpc.call(membership_set_role, nowhere, as_=admin)
    res.expect_error(OrganizationNotFoundError)


async def test_membership_remove_keeps_an_owner(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    c, member_id = await _with_member(t)
    org = c.organization.id
    remove = MembershipRemoveIn(organization_id=org, user_id=member_id, reason="left company")
    assert (await t.rpc.call(membership_remove, remove, as_=admin)).output.changed
    (await t.rpc.call(membership_remove, remove, as_=admin)).expect_error(MemberNotFoundError)
    last = MembershipRemoveIn(organization_id=org, user_id=c.user.id, reason="the last owner")
    (await t.rpc.call(membership_remove, last, as_=admin)).expect_error(LastOwnerError)
    async with xact_admin() as q:
        assert [m.user_id for m in await q.orm.organization_members(organization_id=org)] == [
            c.user.id
        ]
    [entry] = await audit_rows(member_id)
    assert entry.action == "membership.remove" and entry.reason == "left company"
    nowhere = MembershipRemoveIn(organization_id=MISSING_ORG, user_id=member_id, reason="none")
    res = await t.rpc.call(membership_remove, nowhere, as_=admin)
    res.expect_error(OrganizationNotFoundError)


async def test_invite_resend_replaces_the_code_and_emails_it(t: TFix) -> None:
    admin = await make_admin(t, "support")
    organization = await t.factory.organization(name="Resend Org")
    email = f"invitee-{uuid.uuid4().hex[:8]}@example.test"
    invite = await t.factory.invite(organization=organization, code="old code", email=email)
    t.freeze_time()
    res = await t.rpc.call(
        invite_resend, InviteActionIn(invite_id=invite.id, reason="lost"), as_=admin
    )
    out = res.output
    assert out.email == email and out.expires_at > invite.expires_at
    [message] = await delivered_to(email)
    assert "Resend Org" in message.subject
    assert "Your new invite code:" in message.text
    code = code_in(message)
    assert code not in json.dumps(res.response.body)  # never shown to the admin
    async with xact_admin() as q:
        stored = await harness(q).test_invite_fetch(id=invite.id)
    assert stored.code_hash == hash_code(code) and stored.code_hash != hash_code("old code")
    [entry] = await audit_rows(invite.id)
    assert entry.action == "invite.resend" and entry.target_type == "invite"
    missing = InviteActionIn(invite_id="inv_11111111111", reason="nothing")
    (await t.rpc.call(invite_resend, missing, as_=admin)).expect_error(InviteNotFoundError)


async def test_invite_revoke_then_nothing_is_pending(t: TFix) -> None:
    admin = await make_admin(t, "support")
    invite = await t.factory.invite(organization=await t.factory.organization())
    data = InviteActionIn(invite_id=invite.id, reason="sent by mistake")
    assert (await t.rpc.call(invite_revoke, data, as_=admin)).output.changed
    error = (await t.rpc.call(invite_revoke, data, as_=admin)).expect_error(InviteNotPendingError)
    assert error == InviteNotPendingError(state="revoked")
    (await t.rpc.call(invite_resend, data, as_=admin)).expect_error(InviteNotPendingError)
    assert [e.action for e in await audit_rows(invite.id)] == ["invite.revoke"]
    missing = InviteActionIn(invite_id="inv_11111111111", reason="nothing")
    (await t.rpc.call(invite_revoke, missing, as_=admin)).expect_error(InviteNotFoundError)


async def test_organization_get_shows_custom_roles_and_the_two_factor_policy(t: TFix) -> None:
    admin = await make_admin(t, "support")
    c = await t.factory.customer()
    async with xact_admin() as q:
        role = await harness(q).test_organization_role_create(
            organization_id=c.organization.id, name="Auditors", permissions=["vault:read"]
        )
        await harness(q).test_organization_require_mfa(require_mfa=True, id=c.organization.id)
    res = await t.rpc.call(
        organization_get, OrganizationGetIn(organization_id=c.organization.id), as_=admin
    )
    assert res.output.organization.require_mfa is True
    assert [(r.role_id, r.name, r.permissions, r.members) for r in res.output.roles] == [
        (role.id, "Auditors", ["vault:read"], 0)
    ]


async def test_organization_get_shows_domains_and_superadmins_remove_one(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    support = await make_admin(t, "support")
    organization = await t.factory.organization()
    domain = f"panopticon-{uuid.uuid4().hex[:10]}.test"
    async with xact_admin() as q:
        await harness(q).test_domain_create(
            organization_id=organization.id,
            domain=domain,
            verification_token="not-shown",
            verified_at=CLOCK.now(),
            checked_at=None,
        )
    get = OrganizationGetIn(organization_id=organization.id)
    out = (await t.rpc.call(organization_get, get, as_=support)).output
    assert [(d.domain, d.enrollment, d.verified_at is not None) for d in out.domains] == [
        (domain, "none", True)
    ]
    remove = OrganizationDomainRemoveIn(
        organization_id=organization.id, domain=domain, reason="ownership dispute"
    )
    res = await t.rpc.call(organization_domain_remove, remove, as_=support)
    res.expect_error(AdminInsufficientRoleError)
    assert (await t.rpc.call(organization_domain_remove, remove, as_=admin)).output.changed
    res = await t.rpc.call(organization_domain_remove, remove, as_=admin)
    assert res.expect_error(DomainNotFoundError) == DomainNotFoundError(
        organization_id=organization.id, domain=domain
    )
    out = (await t.rpc.call(organization_get, get, as_=support)).output
    assert out.domains == []
    assert any(e.did == f"domain removed by an admin: {domain}" for e in out.storytime)
    [entry] = await audit_rows(organization.id)
    assert (entry.action, entry.reason) == ("organization_domain.remove", "ownership dispute")
    assert entry.diff == {"domain": domain, "enrollment": "none", "verified": True}


async def test_organization_get_shows_scim_token_names_and_use_never_secrets(t: TFix) -> None:
    admin = await make_admin(t, "support")
    c = await t.factory.customer()
    used = CLOCK.now()
    async with xact_admin() as q:
        await harness(q).test_scim_token_create(
            organization_id=c.organization.id,
            user_id=c.user.id,
            name="Okta",
            secret_hash=hash_code("the-secret"),
            last_used_at=used,
        )
    res = await t.rpc.call(
        organization_get, OrganizationGetIn(organization_id=c.organization.id), as_=admin
    )
    assert [(s.name, s.last_used_at, s.revoked_at) for s in res.output.scim_tokens] == [
        ("Okta", used, None)
    ]
    assert hash_code("the-secret") not in json.dumps(res.response.body)
