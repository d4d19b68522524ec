"""Who may use panopticon: granting, revoking and listing admins (audited), and the
login check."""

from __future__ import annotations

from database.__codegen__.enums import AdminRoleEnum
from foundation.base.clock import CLOCK
from foundation.base.errors import NotFoundError
from panopticon.__codegen__.queries import AdminsListRow
from panopticon.alerts import send_alert
from panopticon.audit.audit import audit_in, changes
from panopticon.db import DB, xact_admin


async def grant_admin(
    email: str, role: AdminRoleEnum = "support", *, reason: str = "granted from the command line"
) -> str:
    """Make the user with `email` an admin with `role`, or change their role; their user
    id. Audited (actor: the operating-system user) when something changed."""
    async with xact_admin() as q:
        granted = await q.orm.admin_grant(email=email, role=role)
        if granted is None:
            raise NotFoundError("no user has this email", email=email)
        if granted.previous_role != role:
            await audit_in(
                q,
                "admin.grant",
                target=granted.user_id,
                reason=reason,
                diff=changes({"role": granted.previous_role}, {"role": role}),
            )
    if granted.previous_role != role:  # committed: tell the security channel
        await send_alert(
            "admin_granted",
            f"panopticon: user {granted.user_id} was granted the admin role {role}"
            f" (was {granted.previous_role or 'none'}): {reason}",
        )
    return granted.user_id


async def revoke_admin(email: str, *, reason: str = "revoked from the command line") -> str:
    """Remove the admin right of `email` and end their panopticon sessions; their user id.
    Audited (actor: the operating-system user)."""
    async with xact_admin() as q:
        revoked = await q.orm.admin_revoke(email=email, now=CLOCK.now())
        if revoked is None:
            raise NotFoundError("no admin has this email", email=email)
        await audit_in(
            q,
            "admin.revoke",
            target=revoked.user_id,
            reason=reason,
            diff=changes({"role": revoked.role}, {"role": None}),
        )
    return revoked.user_id


async def list_admins() -> list[AdminsListRow]:
    """Every admin, by email."""
    async with xact_admin() as q:
        return await q.orm.admins_list()


async def is_admin(user_id: str) -> bool:
    """Whether the user may sign in to panopticon (login's `allowed` check)."""
    async with DB.connection() as c:
        return await c.orm.admin_is(user_id=user_id)
