"""Organization RPCs: create, switch, update, members list, role change, remove, leave,
custom roles, the security policy (required two-factor) and the permissions list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated

from pydantic import StringConstraints

from database.__codegen__.enums import OrganizationRoleEnum
from foundation.base.types import Name
from foundation.rpc.errors import RPCError
from foundation.rpc.pages import InvalidCursorError, Page, PageIn
from foundation.tenancy import memberships
from foundation.webhooks.events import OrganizationUpdated, emit
from product.auth.init import SignedIn, signed_in_init
from product.framework import OrgReq, PublicReq, UserReq, route
from product.framework.mfa_policy import MfaRequiredError
from product.framework.permissions import (
    MEMBERS_MANAGE,
    MEMBERS_READ,
    ORGANIZATION_MANAGE,
    PERMISSIONS,
    ROLES_MANAGE,
    SECURITY_MANAGE,
)
from product.organizations.roles import (
    LastOwnerError,
    MemberNotFoundError,
    OrganizationNotFoundError,
    check_role,
    lock_members,
    member_role,
)


@dataclass
class OrganizationCreateIn:
    name: Name


@dataclass
class OrganizationRoleOut:
    id: str
    name: str
    role: OrganizationRoleEnum


# A new tenant lies outside the caller's RLS context: an admin transaction, scoped here.
@route("organization_create", authorization="user", transaction="admin")
async def organization_create(req: UserReq[OrganizationCreateIn]) -> OrganizationRoleOut:
    """Create an organization with the caller as owner, and switch this session to it."""
    organization = await req.q.orm.organization_create_with_owner(
        name=req.data.name, inbound_source="organic", user_id=req.user.id
    )
    await req.q.orm.session_organization_set(
        organization_id=organization.id, session_id=req.session_id
    )
    return OrganizationRoleOut(id=organization.id, name=organization.name, role="owner")


@dataclass
class OrganizationSwitchIn:
    organization_id: str


# Memberships of other organizations are outside RLS's view: an admin transaction.
@route(
    "organization_switch",
    authorization="user",
    transaction="admin",
    errors=(OrganizationNotFoundError,),
)
async def organization_switch(req: UserReq[OrganizationSwitchIn]) -> SignedIn:
    """Select another organization the caller is an active member of for this session."""
    q, organization_id = req.q, req.data.organization_id
    role = await q.orm.membership_active_role(user_id=req.user.id, organization_id=organization_id)
    if role is None:
        raise OrganizationNotFoundError(organization_id=organization_id)
    await q.orm.session_organization_set(organization_id=organization_id, session_id=req.session_id)
    return await signed_in_init(q, req.user, organization_id, req.impersonator)


@dataclass
class OrganizationUpdateIn:
    name: Name


@dataclass
class OrganizationOut:
    id: str
    name: str


@route("organization_update", authorization="organization", permission=ORGANIZATION_MANAGE)
async def organization_update(req: OrgReq[OrganizationUpdateIn]) -> OrganizationOut:
    """Rename the current organization (owners and admins)."""
    row = await req.q.orm.organization_rename(
        name=req.data.name, by_user_id=req.user.id, id=req.organization.id
    )
    await emit(req.q, row.id, "organization.updated", OrganizationUpdated(name=row.name))
    return OrganizationOut(id=row.id, name=row.name)


@dataclass
class MemberOut:
    user_id: str
    name: str
    email: str
    role: OrganizationRoleEnum
    joined_at: datetime.datetime
    custom_role_id: str | None = None
    """The custom role replacing the built-in role's permissions (role is then member)."""


@dataclass
class MembersPage:
    items: list[MemberOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route(
    "organization_members_list",
    authorization="organization",
    method="GET",
    api_keys=True,
    permission=MEMBERS_READ,
    errors=(InvalidCursorError,),
)
async def organization_members_list(req: OrgReq[PageIn]) -> MembersPage:
    """The active members of the current organization, in the order they joined, one
    page at a time (`limit`, 50 by default, at most 200; `cursor`: the previous page's
    `next_cursor`)."""
    page = Page.of("members", req.data.cursor, req.data.limit)
    rows = await req.q.orm.organization_members_list(
        organization_id=req.organization.id, after_id=page.after, row_limit=page.fetch
    )
    return MembersPage(
        items=[
            MemberOut(
                user_id=r.user_id,
                name=r.name,
                email=r.email,
                role=r.role,
                joined_at=r.joined_at,
                custom_role_id=r.custom_role_id,
            )
            for r in page.shown(rows)
        ],
        next_cursor=page.next(rows),
    )


@dataclass
class RoleNotFoundError(RPCError):
    """The current organization has no custom role with this id."""

    role_id: str


@dataclass
class MemberRoleIn:
    user_id: str
    role: OrganizationRoleEnum
    custom_role_id: str | None = None
    """A custom role of the organization (`roles_list`) whose permissions replace the
    built-in role's; only with `role: "member"`. Omitted: the built-in role alone."""


@dataclass
class CustomRoleNeedsMemberError(RPCError):
    """A custom role is given with the built-in role `member` (owners and admins hold
    their built-in permissions)."""


@route(
    "organization_member_update_role",
    authorization="organization",
    permission=ROLES_MANAGE,
    errors=(LastOwnerError, MemberNotFoundError, RoleNotFoundError, CustomRoleNeedsMemberError),
)
async def organization_member_update_role(req: OrgReq[MemberRoleIn]) -> None:
    """Give a member another role, built-in or custom (`roles:manage`; only owners make
    or unmake owners; the last owner stays owner)."""
    q, organization_id, data = req.q, req.organization.id, req.data
    if data.custom_role_id is not None and data.role != "member":
        raise CustomRoleNeedsMemberError()
    caller = await lock_members(q, req)
    current = await member_role(q, organization_id, data.user_id)
    if "owner" in (current, data.role):
        check_role(caller, "owner")
    if data.custom_role_id is not None:
        found = await q.orm.organization_role_fetch(
            organization_id=organization_id, id=data.custom_role_id
        )
        if found is None:
            raise RoleNotFoundError(role_id=data.custom_role_id)
    await memberships.set_role(
        q,
        organization_id,
        data.user_id,
        current=current,
        role=data.role,
        by_user_id=req.user.id,
        client=req.client or None,
    )
    if data.custom_role_id is not None:
        await q.orm.member_custom_role_set(
            custom_role_id=data.custom_role_id,
            by_user_id=req.user.id,
            organization_id=organization_id,
            user_id=data.user_id,
        )


@dataclass
class MemberRemoveIn:
    user_id: str


@route(
    "organization_member_remove",
    authorization="organization",
    permission=MEMBERS_MANAGE,
    errors=(LastOwnerError, MemberNotFoundError),
)
async def organization_member_remove(req: OrgReq[MemberRemoveIn]) -> None:
    """Remove a member (`members:manage`; only owners remove owners). Their sessions lose
    this organization at once; the membership row stays, marked removed."""
    q, organization_id = req.q, req.organization.id
    role = await lock_members(q, req)
    target = await member_role(q, organization_id, req.data.user_id)
    if target == "owner":
        check_role(role, "owner")
    await memberships.remove(
        q,
        organization_id,
        req.data.user_id,
        current=target,
        by_user_id=req.user.id,
        removed_by_user_id=req.user.id,
        did="removed",
        client=req.client or None,
    )


@route("organization_leave", authorization="organization", errors=(LastOwnerError,))
async def organization_leave(req: OrgReq[None]) -> None:
    """Leave the current organization (not as its last owner)."""
    q, organization_id = req.q, req.organization.id
    await memberships.remove(
        q,
        organization_id,
        req.user.id,
        current=await lock_members(q, req),
        by_user_id=req.user.id,
        removed_by_user_id=None,
        did="left",
        client=req.client or None,
    )


@dataclass
class PermissionOut:
    name: str
    description: str


@route("permissions_list", authorization="public", transaction="none", method="GET")
async def permissions_list(req: PublicReq[None]) -> list[PermissionOut]:  # noqa: ARG001
    """Every permission a route may need and a custom role may grant, with what it allows
    (`init.organization.permissions`: the caller's). Not paginated: the catalogue is the
    code's fixed `PERMISSIONS`, the same few dozen entries for everyone."""
    return [PermissionOut(name=n, description=d) for n, d in PERMISSIONS.items()]


Permission = Annotated[str, StringConstraints(min_length=1, max_length=64)]


@dataclass
class RoleIn:
    name: Name
    permissions: list[Permission]


@dataclass
class RoleOut:
    id: str
    name: str
    permissions: list[str]
    members: int
    """How many active members hold it."""


@dataclass
class UnknownPermissionError(RPCError):
    """A permission name `permissions_list` does not list."""

    permission: str


@dataclass
class RoleNameTakenError(RPCError):
    """Another custom role of the organization has this name (case-insensitively)."""

    name: str


@dataclass
class RoleInUseError(RPCError):
    """Members hold this custom role: give them another before deleting it."""

    role_id: str
    members: int


def _checked(data: RoleIn) -> list[str]:
    for name in data.permissions:
        if name not in PERMISSIONS:
            raise UnknownPermissionError(permission=name)
    return sorted(set(data.permissions))


@dataclass
class RolesPage:
    items: list[RoleOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route(
    "roles_list",
    authorization="organization",
    method="GET",
    permission=MEMBERS_READ,
    errors=(InvalidCursorError,),
)
async def roles_list(req: OrgReq[PageIn]) -> RolesPage:
    """The current organization's custom roles, oldest first, one page at a time (the
    built-in owner, admin and member are not listed: `permissions_list` and `init`
    describe them)."""
    page = Page.of("roles", req.data.cursor, req.data.limit)
    rows = await req.q.orm.organization_roles_page(
        organization_id=req.organization.id, after_id=page.after, row_limit=page.fetch
    )
    return RolesPage(
        items=[
            RoleOut(id=r.id, name=r.name, permissions=r.permissions, members=r.members)
            for r in page.shown(rows)
        ],
        next_cursor=page.next(rows),
    )


@route(
    "role_create",
    authorization="organization",
    permission=ROLES_MANAGE,
    errors=(UnknownPermissionError, RoleNameTakenError),
)
async def role_create(req: OrgReq[RoleIn]) -> RoleOut:
    """Create a custom role: a name and the permissions it grants (`roles:manage`)."""
    q, organization_id = req.q, req.organization.id
    permissions = _checked(req.data)
    if await q.orm.organization_role_name_taken(
        organization_id=organization_id, name=req.data.name, except_id=None
    ):
        raise RoleNameTakenError(name=req.data.name)
    row = await q.orm.organization_role_create(
        organization_id=organization_id,
        name=req.data.name,
        permissions=permissions,
        by_user_id=req.user.id,
    )
    return RoleOut(id=row.id, name=row.name, permissions=row.permissions, members=0)


@dataclass
class RoleUpdateIn:
    role_id: str
    name: Name
    permissions: list[Permission]


@route(
    "role_update",
    authorization="organization",
    permission=ROLES_MANAGE,
    errors=(UnknownPermissionError, RoleNameTakenError, RoleNotFoundError),
)
async def role_update(req: OrgReq[RoleUpdateIn]) -> RoleOut:
    """Rename a custom role and set its permissions (`roles:manage`); its members hold the
    new ones from their next call."""
    q, organization_id, data = req.q, req.organization.id, req.data
    permissions = _checked(RoleIn(name=data.name, permissions=data.permissions))
    if await q.orm.organization_role_name_taken(
        organization_id=organization_id, name=data.name, except_id=data.role_id
    ):
        raise RoleNameTakenError(name=data.name)
    row = await q.orm.organization_role_update(
        name=data.name,
        permissions=permissions,
        by_user_id=req.user.id,
        organization_id=organization_id,
        id=data.role_id,
    )
    if row is None:
        raise RoleNotFoundError(role_id=data.role_id)
    listed = await q.orm.organization_roles_list(organization_id=organization_id)
    members = next((r.members for r in listed if r.id == row.id), 0)
    return RoleOut(id=row.id, name=row.name, permissions=row.permissions, members=members)


@dataclass
class RoleDeleteIn:
    role_id: str


@route(
    "role_delete",
    authorization="organization",
    permission=ROLES_MANAGE,
    errors=(RoleNotFoundError, RoleInUseError),
)
async def role_delete(req: OrgReq[RoleDeleteIn]) -> None:
    """Delete a custom role no active member holds (`roles:manage`)."""
    q, organization_id, role_id = req.q, req.organization.id, req.data.role_id
    listed = await q.orm.organization_roles_list(organization_id=organization_id)
    found = next((r for r in listed if r.id == role_id), None)
    if found is None:
        raise RoleNotFoundError(role_id=role_id)
    if found.members:
        raise RoleInUseError(role_id=role_id, members=found.members)
    if (
        await q.orm.organization_role_delete(
            organization_id=organization_id, id=role_id, by_user_id=req.user.id
        )
        is None
    ):
        raise RoleInUseError(role_id=role_id, members=0)


@dataclass
class OrganizationSecurityIn:
    require_mfa: bool
    """Members without a second factor reach only enrolment, `init` and their own
    account until they enrol."""


@dataclass
class OrganizationSecurityOut:
    require_mfa: bool
    members_without_mfa: int
    """Active members with no second factor yet (TOTP or a passkey): while two-factor
    is required they are locked out of the organization's routes until they enrol."""


# Whether a member has a second factor (`MfaEnabled`) is hidden from customers: an
# admin transaction, every query scoped to the caller's organization here.
@route(
    "organization_security_set",
    authorization="organization",
    transaction="admin",
    permission=SECURITY_MANAGE,
)
async def organization_security_set(
    req: OrgReq[OrganizationSecurityIn],
) -> OrganizationSecurityOut:
    """Require (or stop requiring) a second factor of every member (`security:manage`:
    owners, with a second factor of their own). The answer counts the members who have
    none yet: call with the current setting first to see the count before switching it
    on."""
    q, organization_id = req.q, req.organization.id
    if req.data.require_mfa and not await q.orm.mfa_enabled(user_id=req.user.id):
        raise MfaRequiredError(organization_id=organization_id)  # enrol first: no lock-out
    await q.orm.organization_security_set(
        require_mfa=req.data.require_mfa, by_user_id=req.user.id, id=organization_id
    )
    without = 0
    for user_id in await q.orm.organization_member_user_ids(organization_id=organization_id):
        if not await q.orm.mfa_enabled(user_id=user_id):
            without += 1
    return OrganizationSecurityOut(require_mfa=req.data.require_mfa, members_without_mfa=without)


ROUTES = (
    permissions_list,
    roles_list,
    role_create,
    role_update,
    role_delete,
    organization_security_set,
    organization_create,
    organization_switch,
    organization_update,
    organization_members_list,
    organization_member_update_role,
    organization_member_remove,
    organization_leave,
)
