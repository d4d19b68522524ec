"""Authorization races: a role-gated mutation checks the caller's role under the member
lock, so a role taken away by a change committed meanwhile is seen. The interleaving is
forced by a held lock and observed in Postgres (no sleeps decide the order)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from database.xact import connection
from foundation.testing.fixture import TFix
from product.db import xact_admin
from product.organizations.roles import InsufficientRoleError
from product.organizations.routes import MemberRemoveIn, organization_member_remove

T = TypeVar("T")


async def _once_waiting_for_a_lock(call: Awaitable[T]) -> asyncio.Task[T]:
    """Start `call` and return once a backend of this database waits for a lock (the
    call's transaction, queued behind the test's)."""
    task = asyncio.ensure_future(call)
    async with connection() as c:
        async with asyncio.timeout(10):
            while not await c.orm.test_lock_waiters():
                if task.done():
                    break  # it did not wait at all: let the assertions say what happened
                await asyncio.sleep(0.005)
    return task


async def test_an_owner_demoted_meanwhile_cannot_remove_another_owner(t: TFix) -> None:
    """A demotes B while B removes C: B's request loaded B's session as owner, but its
    check runs after A's change commits, so B is a member and C stays (before: C went)."""
    a = await t.factory.customer()
    organization = a.organization
    b, c = await t.factory.user(), await t.factory.user()
    for owner in (b, c):
        await t.factory.membership(user=owner, organization=organization, role="owner")
    b_session = await t.factory.session(user=b, organization=organization)

    async with xact_admin() as q:  # A's demotion of B, under the member lock
        await q.orm.organization_lock_members(id=organization.id)
        await q.orm.member_role_update(
            role="member", by_user_id=a.user.id, organization_id=organization.id, user_id=b.id
        )
        removal = await _once_waiting_for_a_lock(
            t.rpc.call(organization_member_remove, MemberRemoveIn(user_id=c.id), as_=b_session)
        )
    res = await removal
    assert res.expect_error(InsufficientRoleError) == InsufficientRoleError(role="member")
    async with xact_admin() as q:
        membership = await q.orm.test_membership_fetch(
            user_id=c.id, organization_id=organization.id
        )
    assert (membership.role, membership.removed_at) == ("owner", None)
