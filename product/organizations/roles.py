"""Role rules shared by the organization, invite and vault handlers, and their errors
(the membership rules both apps share, `LastOwnerError` and `MemberNotFoundError` among
them, are `foundation.tenancy.memberships`).

Routes declare the permission they need (`product.framework.permissions`), checked by
the framework; what goes beyond a permission (only owners touch owners) reads the
caller's role here. RLS independently keeps every query inside the caller's current
organization, so a forgotten check still cannot reach another tenant.

The role the session was loaded with may be stale by the time a mutation runs (another
owner demoted the caller meanwhile). So a role check calls `lock_members` in the
transaction that makes the change: it takes the organization's member lock, which every
membership change takes first, and only then reads the caller's role, in a new statement
that sees every change committed before the lock was granted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from database.__codegen__.enums import OrganizationRoleEnum
from foundation.rpc.errors import RPCError
from foundation.tenancy import memberships
from foundation.tenancy.memberships import (
    LastOwnerError,
    MemberNotFoundError,
    ensure_another_owner,
    member_role,
)
from product.db import ProductQ
from product.framework import NoOrganizationSelectedError, OrgReq
from product.framework.permissions import InsufficientRoleError


@dataclass
class OrganizationNotFoundError(RPCError):
    """The caller is not an active member of this organization."""

    organization_id: str


async def lock_members(q: ProductQ, req: OrgReq[Any]) -> OrganizationRoleEnum:
    """Take the organization's member lock in `q` and return the caller's role as it is
    now (`member` for an organization key); `NoOrganizationSelectedError` if the caller is
    no longer a member."""
    await memberships.lock_members(q, req.organization.id)
    if req.service:  # an organization key holds no built-in role above member
        return "member"
    role = await q.orm.membership_active_role(
        user_id=req.user.id, organization_id=req.organization.id
    )
    if role is None:
        raise NoOrganizationSelectedError()
    return role


def check_role(role: OrganizationRoleEnum, *allowed: OrganizationRoleEnum) -> None:
    """`InsufficientRoleError` unless `role` (a fresh one, from `lock_members`) is allowed."""
    if role not in allowed:
        raise InsufficientRoleError(role=role)


__all__ = [
    "InsufficientRoleError",
    "LastOwnerError",
    "MemberNotFoundError",
    "OrganizationNotFoundError",
    "check_role",
    "ensure_another_owner",
    "lock_members",
    "member_role",
]
