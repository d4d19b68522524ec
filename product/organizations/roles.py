"""Role rules shared by the organization, invite and vault handlers, and their errors
(the membership rules both apps share, `LastOwnerError` and `MemberNotFoundError` among
them, are `foundation.tenancy.memberships`).

Handlers check roles here; RLS independently keeps every query inside the caller's
current organization, so a forgotten check still cannot reach another tenant.

The role the session was loaded with may be stale by the time a mutation runs (another
owner demoted the caller meanwhile). So every role-gated mutation calls `require_role`
(or `lock_members`) in the transaction that makes the change: it takes the
organization's member lock, which every membership change takes first, and only then
reads the caller's role, in a new statement that sees every change committed before the
lock was granted.
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

MANAGERS: tuple[OrganizationRoleEnum, ...] = ("owner", "admin")


@dataclass
class InsufficientRoleError(RPCError):
    """The caller's role does not allow this."""

    role: OrganizationRoleEnum


@dataclass
class OrganizationNotFoundError(RPCError):
    """The caller is not an active member of this organization."""

    organization_id: str


async def lock_members(q: ProductQ, req: OrgReq[Any]) -> OrganizationRoleEnum:
    """Take the organization's member lock in `q` and return the caller's role as it is
    now; `NoOrganizationSelectedError` if the caller is no longer a member."""
    await memberships.lock_members(q, req.organization.id)
    role = await q.orm.membership_active_role(
        user_id=req.user.id, organization_id=req.organization.id
    )
    if role is None:
        raise NoOrganizationSelectedError()
    return role


async def require_role(
    q: ProductQ, req: OrgReq[Any], *allowed: OrganizationRoleEnum
) -> OrganizationRoleEnum:
    """`lock_members`, then `InsufficientRoleError` unless the fresh role is allowed."""
    role = await lock_members(q, req)
    check_role(role, *allowed)
    return role


def check_role(role: OrganizationRoleEnum, *allowed: OrganizationRoleEnum) -> None:
    """`InsufficientRoleError` unless `role` (a fresh one, from `require_role`) is allowed."""
    if role not in allowed:
        raise InsufficientRoleError(role=role)


__all__ = [
    "MANAGERS",
    "InsufficientRoleError",
    "LastOwnerError",
    "MemberNotFoundError",
    "OrganizationNotFoundError",
    "check_role",
    "ensure_another_owner",
    "lock_members",
    "member_role",
    "require_role",
]
