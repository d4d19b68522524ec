from database.xact import xact
from foundation.testing.fixture import TFix


async def test_organization_create_makes_the_caller_owner_and_switches(t: TFix) -> None:
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    res = await t.rpc.product("organization_create", {"name": " New Co "}, as_=session)
    assert res.status == 200, res.body
    assert (res.data["name"], res.data["role"]) == ("New Co", "owner")
    init = await t.rpc.product("init", as_=session)
    assert init.data["organization"]["id"] == res.data["id"]
    assert len(init.data["available_organizations"]) == 2


async def test_organization_switch(t: TFix) -> None:
    c = await t.factory.customer()
    other = await t.factory.organization()
    await t.factory.membership(user=c.user, organization=other, role="member")
    foreign = await t.factory.organization()
    session = await t.factory.session(user=c.user, organization=c.organization)
    res = await t.rpc.product("organization_switch", {"organization_id": other.id}, as_=session)
    assert res.data["organization"] == {"id": other.id, "name": other.name, "role": "member"}
    assert (await t.rpc.product("init", as_=session)).data["organization"]["id"] == other.id
    res = await t.rpc.product("organization_switch", {"organization_id": foreign.id}, as_=session)
    assert (res.error, res.data) == ("OrganizationNotFoundError", {"organization_id": foreign.id})


async def test_organization_update_by_managers_only(t: TFix) -> None:
    admin = await t.factory.customer(role="admin")
    res = await t.rpc.product("organization_update", {"name": "Renamed"}, as_=admin)
    assert res.data == {"id": admin.organization.id, "name": "Renamed"}
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=admin.organization, role="member")
    res = await t.rpc.product(
        "organization_update", {"name": "Nope"}, as_=member, organization=admin.organization
    )
    assert (res.error, res.data) == ("InsufficientRoleError", {"role": "member"})
    async with xact() as q:
        story = await q.conn.fetchval(
            "SELECT storytime FROM organizations WHERE id = $1", admin.organization.id
        )
    assert story is not None
    assert story["events"][-1]["did"] == "renamed" and story["events"][-1]["by"] == admin.user.id


async def test_members_list_in_join_order(t: TFix) -> None:
    c = await t.factory.customer(name="First")
    second = await t.factory.user(name="Second")
    await t.factory.membership(user=second, organization=c.organization, role="member")
    res = await t.rpc.product("organization_members_list", as_=c)
    assert [(m["user_id"], m["name"], m["role"]) for m in res.data] == [
        (c.user.id, "First", "owner"),
        (second.id, "Second", "member"),
    ]
    assert set(res.data[0]) == {"user_id", "name", "email", "role", "joined_at"}


async def test_member_role_update_rules(t: TFix) -> None:
    owner = await t.factory.customer()
    org = owner.organization
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=org, role="member")
    stranger = await t.factory.customer()
    res = await t.rpc.product(
        "organization_member_update_role", {"user_id": member.id, "role": "admin"}, as_=owner
    )
    assert res.status == 200
    res = await t.rpc.product(
        "organization_member_update_role",
        {"user_id": member.id, "role": "owner"},
        as_=member,
        organization=org,
    )
    assert res.error == "InsufficientRoleError"
    res = await t.rpc.product(
        "organization_member_update_role", {"user_id": owner.user.id, "role": "member"}, as_=owner
    )
    assert res.error == "LastOwnerError"
    res = await t.rpc.product(
        "organization_member_update_role",
        {"user_id": stranger.user.id, "role": "member"},
        as_=owner,
    )
    assert (res.error, res.data) == ("MemberNotFoundError", {"user_id": stranger.user.id})
    members = (await t.rpc.product("organization_members_list", as_=owner)).data
    assert {m["user_id"]: m["role"] for m in members} == {
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
    as_admin = {"as_": admin, "organization": org}
    res = await t.rpc.product("organization_member_remove", {"user_id": owner.user.id}, **as_admin)
    assert res.error == "InsufficientRoleError"  # admins cannot remove owners
    res = await t.rpc.product(
        "organization_member_remove", {"user_id": admin.id}, as_=member, organization=org
    )
    assert res.error == "InsufficientRoleError"  # members remove nobody
    res = await t.rpc.product("organization_member_remove", {"user_id": member.id}, **as_admin)
    assert res.status == 200
    assert (await t.rpc.product("organization_members_list", as_=member_session)).error == (
        "NoOrganizationSelectedError"
    )
    assert (await t.rpc.product("init", as_=member_session)).data["organization"] is None
    res = await t.rpc.product("organization_member_remove", {"user_id": member.id}, **as_admin)
    assert res.error == "MemberNotFoundError"
    res = await t.rpc.product("organization_member_remove", {"user_id": other_owner.id}, as_=owner)
    assert res.status == 200
    res = await t.rpc.product("organization_member_remove", {"user_id": owner.user.id}, as_=owner)
    assert res.error == "LastOwnerError"
    async with xact() as q:
        row = await q.conn.fetchrow(
            "SELECT removed_at, removed_by_user_id FROM organizations_users"
            " WHERE user_id = $1 AND organization_id = $2",
            member.id,
            org.id,
        )
    assert (
        row is not None and row["removed_at"] is not None and row["removed_by_user_id"] == admin.id
    )


async def test_leave(t: TFix) -> None:
    owner = await t.factory.customer()
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=owner.organization, role="member")
    res = await t.rpc.product("organization_leave", as_=member, organization=owner.organization)
    assert (res.status, res.body) == (200, {"ok": True})
    assert (await t.rpc.product("organization_leave", as_=owner)).error == "LastOwnerError"
    members = (await t.rpc.product("organization_members_list", as_=owner)).data
    assert [m["user_id"] for m in members] == [owner.user.id]
