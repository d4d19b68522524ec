"""Who may use panopticon: granting and revoking, and the app's policy (admins only)."""

from __future__ import annotations

from database.xact import Conn
from foundation.auth.sessions import Auth
from foundation.clock import CLOCK
from foundation.errors import NotFoundError
from panopticon.__codegen__.orm import PanopticonORM
from panopticon.db import DB, xact_admin


async def grant_admin(email: str) -> str:
    """Make the user with `email` an admin (idempotent); their user id."""
    async with xact_admin() as q:
        user_id = await q.orm.admin_grant(email=email)
    if user_id is None:
        raise NotFoundError("no user has this email", email=email)
    return user_id


async def revoke_admin(email: str) -> str:
    """Remove the admin right of `email` and end their panopticon sessions; their user id."""
    async with xact_admin() as q:
        user_id = await q.orm.admin_revoke(email=email, now=CLOCK.now())
    if user_id is None:
        raise NotFoundError("no admin has this email", email=email)
    return user_id


async def is_admin(user_id: str) -> bool:
    """Whether the user may sign in to panopticon (login's `allowed` check)."""
    async with DB.connection() as c:
        return await c.orm.admin_is(user_id=user_id)


async def admins_only(c: Conn[PanopticonORM], auth: Auth) -> Auth | None:
    """Panopticon's policy: a session counts only while its user is still an admin, checked
    on every request, so a revoked admin is out at once."""
    return auth if await c.orm.admin_is(user_id=auth.user.id) else None
