"""Organization RPCs: create, switch, update, members list, role change, remove, leave."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from database.__codegen__.enums import OrganizationRoleEnum
from foundation.base.types import Name
from foundation.tenancy import memberships
from product.auth.init import SignedIn, signed_in_init
from product.framework import OrgReq, UserReq, route
from product.organizations.roles import (
    MANAGERS,
    InsufficientRoleError,
    LastOwnerError,
    MemberNotFoundError,
    OrganizationNotFoundError,
    check_role,
    lock_members,
    member_role,
    require_role,
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


@route("organization_update", authorization="organization", errors=(InsufficientRoleError,))
async def organization_update(req: OrgReq[OrganizationUpdateIn]) -> OrganizationOut:
    """Rename the current organization (owners and admins)."""
    await require_role(req.q, req, *MANAGERS)
    row = await req.q.orm.organization_rename(
        name=req.data.name, by_user_id=req.user.id, id=req.organization.id
    )
    return OrganizationOut(id=row.id, name=row.name)


@dataclass
class MemberOut:
    user_id: str
    name: str
    email: str
    role: OrganizationRoleEnum
    joined_at: datetime.datetime


@route("organization_members_list", authorization="organization", method="GET", api_keys=True)
async def organization_members_list(req: OrgReq[None]) -> list[MemberOut]:
    """The active members of the current organization, in the order they joined."""
    rows = await req.q.orm.organization_members_list(organization_id=req.organization.id)
    return [
        MemberOut(user_id=r.user_id, name=r.name, email=r.email, role=r.role, joined_at=r.joined_at)
        for r in rows
    ]


@dataclass
class MemberRoleIn:
    user_id: str
    role: OrganizationRoleEnum


@route(
    "organization_member_update_role",
    authorization="organization",
    errors=(InsufficientRoleError, LastOwnerError, MemberNotFoundError),
)
async def organization_member_update_role(req: OrgReq[MemberRoleIn]) -> None:
    """Give a member another role (owners only; the last owner stays owner)."""
    q, organization_id = req.q, req.organization.id
    await require_role(q, req, "owner")
    current = await member_role(q, organization_id, req.data.user_id)
    await memberships.set_role(
        q,
        organization_id,
        req.data.user_id,
        current=current,
        role=req.data.role,
        by_user_id=req.user.id,
    )


@dataclass
class MemberRemoveIn:
    user_id: str


@route(
    "organization_member_remove",
    authorization="organization",
    errors=(InsufficientRoleError, LastOwnerError, MemberNotFoundError),
)
async def organization_member_remove(req: OrgReq[MemberRemoveIn]) -> None:
    """Remove a member (owners: anyone; admins: admins and members). Their sessions lose
    this organization at once; the membership row stays, marked removed."""
    q, organization_id = req.q, req.organization.id
    role = await require_role(q, req, *MANAGERS)
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
    )


ROUTES = (
    organization_create,
    organization_switch,
    organization_update,
    organization_members_list,
    organization_member_update_role,
    organization_member_remove,
    organization_leave,
)
