"""Test helpers of panopticon: admins of a given role, audit rows."""

from __future__ import annotations

from database.__codegen__.enums import AdminRoleEnum
from database.__codegen__.models import UserModel
from foundation.testing.fixture import TFix
from panopticon.__codegen__.queries import AuditListRow
from panopticon.admins.admins import grant_admin
from panopticon.db import xact_admin


async def make_admin(
    t: TFix,
    role: AdminRoleEnum = "superadmin",
    *,
    email: str | None = None,
    password_hash: str | None = None,
) -> UserModel:
    """A new user who is an admin with `role` (use as `as_=` in `t.rpc.call`)."""
    created = await t.factory.user(email=email, password_hash=password_hash, name="Admin User")
    await grant_admin(created.email, role)
    return created


async def audit_rows(target: str) -> list[AuditListRow]:
    """The audit entries about `target`, newest first."""
    async with xact_admin() as q:
        return await q.orm.audit_list(
            admin_user_id=None,
            target=target,
            action=None,
            from_at=None,
            to_at=None,
            before_id=None,
            row_limit=1000,
        )
