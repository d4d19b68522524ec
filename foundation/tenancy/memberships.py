"""Membership rules both apps enforce, written once: the member lock, a member's role, the
last-owner rule, role changes and removals, and their errors. Product's role checks
(`product.organizations.roles`) and panopticon's membership routes call these.

Every membership change takes the organization's member lock first (`lock_members`),
then reads what it decides on, so the last-owner rule holds under concurrency.
"""

from __future__ import annotations

from dataclasses import dataclass

from database.__codegen__.enums import OrganizationRoleEnum
from foundation.base.clock import CLOCK
from foundation.db import FoundationQ
from foundation.rpc.errors import RPCError
from foundation.webhooks.events import MemberRemoved, MemberRoleChanged, emit


@dataclass
class LastOwnerError(RPCError):
    """An organization always keeps at least one owner."""


@dataclass
class MemberNotFoundError(RPCError):
    """The user is not an active member of the organization."""

    organization_id: str
    user_id: str


async def lock_members(q: FoundationQ, organization_id: str) -> bool:
    """Take the organization's member lock in `q`; False when there is no organization."""
    return await q.orm.organization_lock_members(id=organization_id) is not None


async def member_role(q: FoundationQ, organization_id: str, user_id: str) -> OrganizationRoleEnum:
    """The active member's role; `MemberNotFoundError` otherwise."""
    role = await q.orm.membership_active_role(user_id=user_id, organization_id=organization_id)
    if role is None:
        raise MemberNotFoundError(organization_id=organization_id, user_id=user_id)
    return role


async def ensure_another_owner(q: FoundationQ, organization_id: str) -> None:
    """`LastOwnerError` unless the organization has an owner besides the one about to go.
    Call with the organization's members locked (`lock_members`)."""
    if await q.orm.organization_owners_count(organization_id=organization_id) <= 1:
        raise LastOwnerError()


async def set_role(
    q: FoundationQ,
    organization_id: str,
    user_id: str,
    *,
    current: OrganizationRoleEnum,
    role: OrganizationRoleEnum,
    by_user_id: str,
    note: str = "",
    client: str | None = None,
) -> None:
    """Give the member (`current`: their role, read under the lock) another role; the
    last owner stays owner. `note` ends the history line (" by an admin"); the history
    records `client` (the caller's address) and the role before and after. Emits
    `member.role_changed`."""
    if current == "owner" and role != "owner":
        await ensure_another_owner(q, organization_id)
    await q.orm.member_role_update(
        role=role,
        did=f"role set to {role}{note}",
        by_user_id=by_user_id,
        client=client,
        now=CLOCK.now(),
        organization_id=organization_id,
        user_id=user_id,
    )
    await emit(
        q,
        organization_id,
        "member.role_changed",
        MemberRoleChanged(user_id=user_id, role=role, previous_role=current),
    )


async def remove(
    q: FoundationQ,
    organization_id: str,
    user_id: str,
    *,
    current: OrganizationRoleEnum,
    by_user_id: str,
    removed_by_user_id: str | None,
    did: str,
    client: str | None = None,
) -> None:
    """End the membership (`current`: the member's role, read under the lock); the last
    owner stays. `did` is the history line ("removed", "left", "removed by an admin"),
    recorded with `client` (the caller's address) and the role the member had. Emits
    `member.removed`."""
    if current == "owner":
        await ensure_another_owner(q, organization_id)
    await q.orm.member_remove(
        removed_by_user_id=removed_by_user_id,
        did=did,
        by_user_id=by_user_id,
        client=client,
        now=CLOCK.now(),
        organization_id=organization_id,
        user_id=user_id,
    )
    await emit(
        q,
        organization_id,
        "member.removed",
        MemberRemoved(user_id=user_id, removed_by_user_id=removed_by_user_id),
    )
