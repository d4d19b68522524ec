"""Admin roles: `support` reads everything and handles sessions, lockouts and invites;
`superadmin` may also enable and disable users, change memberships, impersonate and read
every admin's audit log.

The role is re-read in the transaction of every signed-in call, share-locked until it
ends (`confirm_admin`, `confirm_superadmin`: the levels' `confirm`), so a revoke or a
demotion either waits for the call or is seen by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from database.__codegen__.enums import AdminRoleEnum
from database.xact import Conn, Q
from foundation.auth.sessions import Auth
from foundation.rpc.errors import RPCError, UnauthorizedError
from panopticon.__codegen__.orm import PanopticonORM

ADMIN_ROLES: tuple[AdminRoleEnum, ...] = ("support", "superadmin")
"""From least to most powerful."""


@dataclass
class AdminInsufficientRoleError(RPCError):
    """The admin's role does not allow this (`required` is the role it needs)."""

    role: AdminRoleEnum
    required: AdminRoleEnum


async def admins_only(c: Conn[PanopticonORM], auth: Auth) -> Auth | None:  # noqa: ARG001
    """Panopticon's policy: a session counts only while its user is still an admin (the
    session lookup reads the role on every request, so a revoked admin is out at once),
    and never when it is an impersonated session."""
    if auth.admin_role is None or auth.impersonator is not None:
        return None
    return auth


async def current_role(q: Q[PanopticonORM], user_id: str) -> AdminRoleEnum:
    """The admin's role now, share-locked; 401 when no longer an admin."""
    role = await q.orm.admin_role_lock(user_id=user_id)
    if role is None:
        raise UnauthorizedError()
    return role


async def confirm_admin(q: Q[Any], auth: Auth) -> None:
    await current_role(q, auth.user.id)


async def confirm_superadmin(q: Q[Any], auth: Auth) -> None:
    role = await current_role(q, auth.user.id)
    if role != "superadmin":
        raise AdminInsufficientRoleError(role=role, required="superadmin")
