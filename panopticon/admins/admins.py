"""Granting and revoking panopticon access."""

from __future__ import annotations

from database.xact import xact
from foundation.clock import CLOCK
from foundation.errors import NotFoundError


async def grant_admin(email: str) -> str:
    """Make the user with `email` an admin (idempotent); their user id."""
    async with xact() as q:
        found = await q.orm.admin_grant(email=email)
    if not found:
        raise NotFoundError("no user has this email", email=email)
    return found[0]


async def revoke_admin(email: str) -> str:
    """Remove the admin right of `email` and end their panopticon sessions; their user id."""
    async with xact() as q:
        revoked = await q.orm.admin_revoke(email=email, now=CLOCK.now())
    if not revoked:
        raise NotFoundError("no admin has this email", email=email)
    return revoked[0]
