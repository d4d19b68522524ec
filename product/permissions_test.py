"""Permissions: every route declaring one refuses a role without it and lets a role with it
through; roles are read fresh; RLS still keeps each organization's data to itself."""

from __future__ import annotations

from typing import Any

import pytest

from database.__codegen__.enums import OrganizationRoleEnum
from database.__codegen__.models import OrganizationModel, UserModel
from database.testing import harness
from database.xact import xact_admin
from foundation.rpc.route import Route
from foundation.testing.examples import example_input
from foundation.testing.fixture import TFix
from product.app import product_router
from product.auth.routes import init
from product.db import DB
from product.framework.permissions import (
    PERMISSIONS,
    InsufficientRoleError,
    built_in,
    held,
    require_permission,
)
from product.organizations.routes import (
    CustomRoleNeedsMemberError,
    MemberRoleIn,
    RoleDeleteIn,
    RoleIn,
    RoleInUseError,
    RoleNameTakenError,
    RoleNotFoundError,
    RoleUpdateIn,
    UnknownPermissionError,
    organization_member_update_role,
    organization_members_list,
    permissions_list,
    role_create,
    role_delete,
    role_update,
    roles_list,
)
from product.vault.routes import VaultSecretCreateIn, vault_secret_create, vault_secrets_list

WITHOUT_PERMISSION = frozenset({"organization_leave", "organization_export_request"})
"""Organization routes without a permission: leaving (any member may), and exporting the
organization (its owners only, checked in the handler; the export worker and the download
check ownership again: a custom role cannot grant it)."""


def _permissioned() -> list[str]:
    return sorted(
        info.name
        for info in product_router().routes()
        if info.route.access is not None and info.route.access.permission is not None
    )


def _route(name: str) -> Route[Any, Any]:
    router: Any = product_router()
    found = router.get(name)
    assert found is not None
    return found


def _body(name: str, member: UserModel) -> Any:
    """The route's example body; a role change aims at a member, not at ownership (only
    owners touch owners, beyond any permission); a key's scope is the permission itself."""
    body = example_input(_route(name).input_type)
    if name == "organization_member_update_role":
        body = {"user_id": member.id, "role": "member"}
    if name == "invite_create":
        body = {**body, "role": "member"}
    if name == "api_key_create":  # a key's scopes are permissions its maker must hold too
        body = {**body, "scopes": ["api_keys:personal"]}
    return body


async def _member_with(
    t: TFix, owner: UserModel, organization: OrganizationModel, permissions: list[str]
) -> UserModel:
    """A new member of `organization` holding a custom role of exactly `permissions`."""
    user = await t.factory.user()
    await t.factory.membership(user=user, organization=organization, role="member")
    role = await t.rpc.call(
        role_create,
        RoleIn(name=f"role {user.id}", permissions=permissions),
        as_=owner,
        organization=organization,
    )
    await t.rpc.call(
        organization_member_update_role,
        MemberRoleIn(user_id=user.id, role="member", custom_role_id=role.output.id),
        as_=owner,
        organization=organization,
    )
    return user


def test_every_organization_route_declares_a_permission() -> None:
    for info in product_router().routes():
        access = info.route.access
        if access is not None and access.authorization == "organization":
            assert access.permission is not None or info.name in WITHOUT_PERMISSION, info.name


def test_built_in_roles_keep_their_powers() -> None:
    assert built_in("owner") == frozenset(PERMISSIONS)
    assert "roles:manage" not in built_in("admin") and "members:manage" in built_in("admin")
    assert built_in("member") == {"members:read", "invites:read", "vault:read", "api_keys:personal"}
    assert held("member", ["vault:write", "gone:away"]) == {"vault:write"}
    assert held("admin", ["vault:read"]) == built_in("admin")


async def test_the_databases_check_agrees_with_held_for_every_role_and_permission(
    t: TFix,
) -> None:
    """Routes check permissions in SQL (`membership_permission_require`), `init` shows
    `held`: for every permission, built-in role and a custom role (half the permissions and
    a name no longer declared), both answer alike."""
    c = await t.factory.customer()
    names = list(PERMISSIONS)
    custom = [*names[::2], "gone:away"]
    members: dict[str, tuple[UserModel, OrganizationRoleEnum, list[str] | None]] = {
        "owner": (c.user, "owner", None)
    }
    role: OrganizationRoleEnum
    for role in ("admin", "member"):
        user = await t.factory.user()
        await t.factory.membership(user=user, organization=c.organization, role=role)
        members[role] = (user, role, None)
    async with xact_admin() as q:
        made = await harness(q).test_organization_role_create(
            organization_id=c.organization.id, name="half", permissions=custom
        )
    customs: tuple[tuple[str, OrganizationRoleEnum], ...] = (
        ("custom", "member"),
        ("admin with a custom role", "admin"),
    )
    for name, role in customs:
        user = await t.factory.user()  # an admin's leftover custom role counts for nothing
        await t.factory.membership(user=user, organization=c.organization, role=role)
        async with xact_admin() as q:
            await harness(q).test_membership_set_custom_role(
                custom_role_id=made.id, user_id=user.id, organization_id=c.organization.id
            )
        members[name] = (user, role, custom)
    for name, (user, role, permissions) in members.items():
        for permission in names:
            try:
                async with DB.xact_customer(user=user, organization=c.organization) as q:
                    await require_permission(q, user.id, c.organization.id, permission)
                allowed = True
            except InsufficientRoleError as e:
                assert e.role == role
                allowed = False
            assert allowed == (permission in held(role, permissions)), (name, permission)


@pytest.mark.parametrize("name", _permissioned())
async def test_a_role_without_the_permission_is_refused_one_with_it_passes(
    t: TFix, name: str
) -> None:
    c = await t.factory.customer()
    access = _route(name).access
    assert access is not None and access.permission is not None
    needed = access.permission
    lacking = await _member_with(t, c.user, c.organization, [p for p in PERMISSIONS if p != needed])
    holding = await _member_with(t, c.user, c.organization, [needed])
    refused = await t.rpc.raw(
        _route(name), _body(name, lacking), as_=lacking, organization=c.organization
    )
    assert refused.error == "InsufficientRoleError", refused.response.body
    passed = await t.rpc.raw(
        _route(name), _body(name, lacking), as_=holding, organization=c.organization
    )
    assert passed.error != "InsufficientRoleError", passed.response.body
    assert passed.status < 500


async def test_rls_still_isolates_organizations_from_a_permitted_role(t: TFix) -> None:
    a = await t.factory.customer()
    b = await t.factory.customer()
    await t.rpc.call(
        vault_secret_create,
        VaultSecretCreateIn(name="b's", value="x"),
        as_=b.user,
        organization=b.organization,
    )
    reader = await _member_with(t, a.user, a.organization, ["vault:read", "members:read"])
    secrets = await t.rpc.call(vault_secrets_list, as_=reader, organization=a.organization)
    assert secrets.output.items == []
    members = await t.rpc.call(organization_members_list, as_=reader, organization=a.organization)
    assert {m.user_id for m in members.output.items} == {a.user.id, reader.id}


async def test_a_role_change_counts_at_the_next_call(t: TFix) -> None:
    c = await t.factory.customer()
    user = await _member_with(t, c.user, c.organization, ["vault:read"])
    role_id = (
        (await t.rpc.call(roles_list, as_=c.user, organization=c.organization)).output.items[0].id
    )
    assert (
        await t.rpc.call(vault_secrets_list, as_=user, organization=c.organization)
    ).status == 200
    await t.rpc.call(
        role_update,
        RoleUpdateIn(role_id=role_id, name="readers", permissions=["members:read"]),
        as_=c.user,
        organization=c.organization,
    )
    res = await t.rpc.call(vault_secrets_list, as_=user, organization=c.organization)
    assert res.expect_error(InsufficientRoleError) == InsufficientRoleError(role="member")


async def test_custom_roles_are_listed_named_once_and_deleted_only_unused(t: TFix) -> None:
    c = await t.factory.customer()
    user = await _member_with(t, c.user, c.organization, ["vault:read"])
    listed = (await t.rpc.call(roles_list, as_=c.user, organization=c.organization)).output.items
    assert [(r.permissions, r.members) for r in listed] == [(["vault:read"], 1)]
    taken = await t.rpc.call(
        role_create,
        RoleIn(name=listed[0].name.upper(), permissions=[]),
        as_=c.user,
        organization=c.organization,
    )
    taken.expect_error(RoleNameTakenError)
    unknown = await t.rpc.call(
        role_create,
        RoleIn(name="x", permissions=["root:all"]),
        as_=c.user,
        organization=c.organization,
    )
    assert unknown.expect_error(UnknownPermissionError).permission == "root:all"
    in_use = await t.rpc.call(
        role_delete, RoleDeleteIn(role_id=listed[0].id), as_=c.user, organization=c.organization
    )
    assert in_use.expect_error(RoleInUseError).members == 1
    await t.rpc.call(
        organization_member_update_role,
        MemberRoleIn(user_id=user.id, role="member"),
        as_=c.user,
        organization=c.organization,
    )
    deleted = await t.rpc.call(
        role_delete, RoleDeleteIn(role_id=listed[0].id), as_=c.user, organization=c.organization
    )
    assert deleted.status == 200
    assert (
        await t.rpc.call(roles_list, as_=c.user, organization=c.organization)
    ).output.items == []


async def test_init_and_permissions_list_tell_the_frontend(t: TFix) -> None:
    c = await t.factory.customer()
    user = await _member_with(t, c.user, c.organization, ["vault:write", "vault:read"])
    out = (await t.rpc.call(init, as_=user, organization=c.organization)).output
    assert out.organization is not None
    assert out.organization.permissions == ["vault:read", "vault:write"]
    assert out.organization.custom_role == f"role {user.id}"
    owner = (await t.rpc.call(init, as_=c.user, organization=c.organization)).output
    assert owner.organization is not None and owner.organization.permissions == sorted(PERMISSIONS)
    listed = (await t.rpc.call(permissions_list)).output
    assert [p.name for p in listed] == list(PERMISSIONS)


async def test_a_custom_role_is_the_organizations_own_and_for_members(t: TFix) -> None:
    a = await t.factory.customer()
    b = await t.factory.customer()
    theirs = await t.rpc.call(
        role_create, RoleIn(name="theirs", permissions=[]), as_=b.user, organization=b.organization
    )
    user = await t.factory.user()
    await t.factory.membership(user=user, organization=a.organization, role="member")
    res = await t.rpc.call(
        organization_member_update_role,
        MemberRoleIn(user_id=user.id, role="member", custom_role_id=theirs.output.id),
        as_=a.user,
        organization=a.organization,
    )
    assert res.expect_error(RoleNotFoundError).role_id == theirs.output.id
    res = await t.rpc.call(
        organization_member_update_role,
        MemberRoleIn(user_id=user.id, role="admin", custom_role_id=theirs.output.id),
        as_=a.user,
        organization=a.organization,
    )
    res.expect_error(CustomRoleNeedsMemberError)


async def test_admins_cannot_change_roles_and_only_owners_touch_ownership(t: TFix) -> None:
    c = await t.factory.customer()
    admin, member = await t.factory.user(), await t.factory.user()
    await t.factory.membership(user=admin, organization=c.organization, role="admin")
    await t.factory.membership(user=member, organization=c.organization, role="member")
    res = await t.rpc.call(
        organization_member_update_role,
        MemberRoleIn(user_id=member.id, role="admin"),
        as_=admin,
        organization=c.organization,
    )
    assert res.expect_error(InsufficientRoleError) == InsufficientRoleError(role="admin")
    manager = await _member_with(t, c.user, c.organization, ["roles:manage"])
    changes: list[tuple[str, OrganizationRoleEnum]] = [(member.id, "owner"), (c.user.id, "member")]
    for target, role in changes:
        res = await t.rpc.call(
            organization_member_update_role,
            MemberRoleIn(user_id=target, role=role),
            as_=manager,
            organization=c.organization,
        )
        assert res.expect_error(InsufficientRoleError) == InsufficientRoleError(role="member")
    res = await t.rpc.call(
        organization_member_update_role,
        MemberRoleIn(user_id=member.id, role="admin"),
        as_=manager,
        organization=c.organization,
    )
    assert res.status == 200
