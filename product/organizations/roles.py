"""Role rules shared by the organization, invite and vault handlers, and their errors.

Handlers check roles here; RLS independently keeps every query inside the caller's
current organization, so a forgotten check still cannot reach another tenant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from database.__codegen__.enums import OrganizationRoleEnum
from foundation.rpc.errors import RPCError
from product.db import ProductQ
from product.framework import OrgReq

MANAGERS: tuple[OrganizationRoleEnum, ...] = ("owner", "admin")


@dataclass
class InsufficientRoleError(RPCError):
    """The caller's role does not allow this."""

    role: OrganizationRoleEnum


@dataclass
class LastOwnerError(RPCError):
    """An organization always keeps at least one owner."""


@dataclass
class MemberNotFoundError(RPCError):
    """No active member of this organization has this user id."""

    user_id: str


@dataclass
class OrganizationNotFoundError(RPCError):
    """The caller is not an active member of this organization."""

    organization_id: str


def require_role(req: OrgReq[Any], *allowed: OrganizationRoleEnum) -> None:
    if req.role not in allowed:
        raise InsufficientRoleError(role=req.role)


async def member_role(q: ProductQ, organization_id: str, user_id: str) -> OrganizationRoleEnum:
    """The active member's role; MemberNotFoundError otherwise."""
    role = await q.orm.membership_active_role(user_id=user_id, organization_id=organization_id)
    if role is None:
        raise MemberNotFoundError(user_id=user_id)
    return role


async def ensure_another_owner(q: ProductQ, organization_id: str) -> None:
    """LastOwnerError unless the organization has an owner besides the one about to go.
    Call with the organization's members locked (`organization_lock_members`)."""
    if await q.orm.organization_owners_count(organization_id=organization_id) <= 1:
        raise LastOwnerError()
