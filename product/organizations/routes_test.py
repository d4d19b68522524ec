from database.testing import harness
from database.xact import xact_admin
from foundation.rpc.errors import InputValidationError
from foundation.testing.fixture import TFix
from product.auth.init import InitOrganization
from product.auth.routes import init
from product.framework import NoOrganizationSelectedError
from product.framework.permissions import built_in
from product.organizations.roles import (
    InsufficientRoleError,
    LastOwnerError,
    MemberNotFoundError,
    OrganizationNotFoundError,
)
from product.organizations.routes import (
    MemberRemoveIn,
    MemberRoleIn,
    OrganizationCreateIn,
    OrganizationOut,
    OrganizationSwitchIn,
    OrganizationUpdateIn,
    organization_create,
    organization_leave,
    organization_member_remove,
    organization_member_update_role,
    organization_members_list,
    organization_switch,
    organization_update,
)


async def test_organization_create_makes_the_caller_owner_and_switches(t: TFix) -> None:
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    res = await t.rpc.call(organization_create, OrganizationCreateIn(name=" New Co "), as_=session)
    created = res.output
    assert (created.name, created.role) == ("New Co", "owner")
    signed_in = (await t.rpc.call(init, as_=session)).output
    assert signed_in.organization is not None and signed_in.organization.id == created.id
    assert len(signed_in.available_organizations) == 2


async def test_organization_switch(t: TFix) -> None:
    c = await t.factory.customer()
    other = await t.factory.organization()
    await t.factory.membership(user=c.user, organization=other, role="member")
    foreign = await t.factory.organization()
    session = await t.factory.session(user=c.user, organization=c.organization)
    res = await t.rpc.call(
        organization_switch, OrganizationSwitchIn(organization_id=other.id), as_=session
    )
    assert res.output.organization == InitOrganization(
        id=other.id, name=other.name, role="member", permissions=sorted(built_in("member"))
    )
    selected = (await t.rpc.call(init, as_=session)).output.organization
    assert selected is not None and selected.id == other.id
    res = await t.rpc.call(
        organization_switch, OrganizationSwitchIn(organization_id=foreign.id), as_=session
    )
    assert res.expect_error(OrganizationNotFoundError) == OrganizationNotFoundError(
        organization_id=foreign.id
    )


async def test_organization_update_by_managers_only(t: TFix) -> None:
    admin = await t.factory.customer(role="admin")
    res = await t.rpc.call(organization_update, OrganizationUpdateIn(name="Renamed"), as_=admin)
    assert res.output == OrganizationOut(id=admin.organization.id, name="Renamed")
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=admin.organization, role="member")
    res = await t.rpc.call(
        organization_update,
        OrganizationUpdateIn(name="Nope"),
        as_=member,
        organization=admin.organization,
    )
    assert res.expect_error(InsufficientRoleError) == InsufficientRoleError(role="member")
    async with xact_admin() as q:
        story = (await harness(q).test_organization_fetch(id=admin.organization.id)).storytime
    assert story is not None
    assert isinstance(story, dict)
    events = story["events"]
    assert isinstance(events, list)
    last = events[-1]
    assert isinstance(last, dict) and last["did"] == "renamed" and last["by"] == admin.user.id


async def test_organization_names_refuse_line_breaks(t: TFix) -> None:
    # An organization's name goes into invite subjects: a line break there once stopped
    # every email.
    owner = await t.factory.customer()
    name = "Acme\r\nBcc: x@y.test"
    res = await t.rpc.call(organization_update, OrganizationUpdateIn(name=name), as_=owner)
    assert "control characters" in res.expect_error(InputValidationError).fields["name"]
    res = await t.rpc.call(organization_create, OrganizationCreateIn(name=name), as_=owner)
    assert "control characters" in res.expect_error(InputValidationError).fields["name"]
    async with xact_admin() as q:
        assert (await harness(q).test_organization_fetch(id=owner.organization.id)).name == (
            owner.organization.name
        )


async def test_members_list_in_join_order(t: TFix) -> None:
    c = await t.factory.customer(name="First")
    second = await t.factory.user(name="Second")
    await t.factory.membership(user=second, organization=c.organization, role="member")
    res = await t.rpc.call(organization_members_list, as_=c)
    assert [(m.user_id, m.name, m.role) for m in res.output.items] == [
        (c.user.id, "First", "owner"),
        (second.id, "Second", "member"),
    ]
    # The wire body itself: exactly these fields (the typed output would drop extra ones).
    assert set(res.response.body) == {"items", "next_cursor"}
    assert set(res.response.body["items"][0]) == {
        "user_id",
        "name",
        "email",
        "role",
        "joined_at",
        "custom_role_id",
    }


async def test_member_role_update_rules(t: TFix) -> None:
    owner = await t.factory.customer()
    org = owner.organization
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=org, role="member")
    stranger = await t.factory.customer()
    res = await t.rpc.call(
        organization_member_update_role, MemberRoleIn(user_id=member.id, role="admin"), as_=owner
    )
    assert res.status == 200 and res.output is None
    res = await t.rpc.call(
        organization_member_update_role,
        MemberRoleIn(user_id=member.id, role="owner"),
        as_=member,
        organization=org,
    )
    res.expect_error(InsufficientRoleError)
    res = await t.rpc.call(
        organization_member_update_role,
        MemberRoleIn(user_id=owner.user.id, role="member"),
        as_=owner,
    )
    res.expect_error(LastOwnerError)
    res = await t.rpc.call(
        organization_member_update_role,
        MemberRoleIn(user_id=stranger.user.id, role="member"),
        as_=owner,
    )
    assert res.expect_error(MemberNotFoundError) == MemberNotFoundError(
        organization_id=owner.organization.id, user_id=stranger.user.id
    )
    members = (await t.rpc.call(organization_members_list, as_=owner)).output.items
    assert {m.user_id: m.role for m in members} == {
        owner.user.id: "owner",
        member.id: "admin",
    }


async def test_member_remove_rules_and_the_removed_lose_access(t: TFix) -> None:
    owner = await t.factory.customer()
    org = owner.organization
    admin, member, other_owner = (
        await t.factory.user(),
        await t.factory.user(),
        await t.factory.user(),
    )
    await t.factory.membership(user=admin, organization=org, role="admin")
    await t.factory.membership(user=member, organization=org, role="member")
    await t.factory.membership(user=other_owner, organization=org, role="owner")
    member_session = await t.factory.session(user=member, organization=org)
    res = await t.rpc.call(
        organization_member_remove,
        MemberRemoveIn(user_id=owner.user.id),
        as_=admin,
        organization=org,
    )
    res.expect_error(InsufficientRoleError)  # admins cannot remove owners
    res = await t.rpc.call(
        organization_member_remove, MemberRemoveIn(user_id=admin.id), as_=member, organization=org
    )
    res.expect_error(InsufficientRoleError)  # members remove nobody
    res = await t.rpc.call(
        organization_member_remove, MemberRemoveIn(user_id=member.id), as_=admin, organization=org
    )
    assert res.status == 200 and res.output is None
    (await t.rpc.call(organization_members_list, as_=member_session)).expect_error(
        NoOrganizationSelectedError
    )
    assert (await t.rpc.call(init, as_=member_session)).output.organization is None
    res = await t.rpc.call(
        organization_member_remove, MemberRemoveIn(user_id=member.id), as_=admin, organization=org
    )
    res.expect_error(MemberNotFoundError)
    res = await t.rpc.call(
        organization_member_remove, MemberRemoveIn(user_id=other_owner.id), as_=owner
    )
    assert res.status == 200 and res.output is None
    res = await t.rpc.call(
        organization_member_remove, MemberRemoveIn(user_id=owner.user.id), as_=owner
    )
    res.expect_error(LastOwnerError)
    async with xact_admin() as q:
        row = await harness(q).test_membership_fetch(user_id=member.id, organization_id=org.id)
    assert row.removed_at is not None and row.removed_by_user_id == admin.id


async def test_leave(t: TFix) -> None:
    owner = await t.factory.customer()
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=owner.organization, role="member")
    res = await t.rpc.call(organization_leave, as_=member, organization=owner.organization)
    # `output` of a `-> None` route checks the 200 answer's body is {"ok": true}.
    assert (res.status, res.output) == (200, None)
    (await t.rpc.call(organization_leave, as_=owner)).expect_error(LastOwnerError)
    members = (await t.rpc.call(organization_members_list, as_=owner)).output.items
    assert [m.user_id for m in members] == [owner.user.id]
