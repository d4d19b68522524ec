"""`blossom admin grant|revoke|list`: who may sign in to panopticon, with which role.
Grants and revokes are written to the admin audit log with the operating-system user as
the actor."""

from __future__ import annotations

from typing import get_args

import click

from database.__codegen__.enums import AdminRoleEnum
from foundation.base.progress import step

ROLES = get_args(AdminRoleEnum)


@click.group()
def admin() -> None:
    """Manage panopticon admins (users allowed into the admin app) and their roles."""


@admin.command()
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="support",
    show_default=True,
    help="support: read everything, end sessions, clear lockouts, resend invites; "
    "superadmin: also enable/disable users, change memberships, impersonate, read every "
    "admin's audit log.",
)
@click.option("--reason", default="granted from the command line", help="For the audit log.")
def grant(email: str, role: AdminRoleEnum, reason: str) -> None:
    """Allow the user with EMAIL into panopticon with ROLE (or change their role)."""
    import asyncio

    asyncio.run(_grant(email, role, reason))


@admin.command()
@click.argument("email")
@click.option("--reason", default="revoked from the command line", help="For the audit log.")
def revoke(email: str, reason: str) -> None:
    """Remove EMAIL's admin right and end their panopticon sessions at once."""
    import asyncio

    asyncio.run(_revoke(email, reason))


@admin.command(name="list")
def list_command() -> None:
    """List every admin: email, role, name, since when."""
    import asyncio

    asyncio.run(_list())


async def _grant(email: str, role: AdminRoleEnum, reason: str) -> None:
    from database.pool import close_pool
    from panopticon.admins.admins import grant_admin

    try:
        user_id = await grant_admin(email, role, reason=reason)
    finally:
        await close_pool()
    step(f"{email} ({user_id}) is an admin: {role}")


async def _revoke(email: str, reason: str) -> None:
    from database.pool import close_pool
    from panopticon.admins.admins import revoke_admin

    try:
        user_id = await revoke_admin(email, reason=reason)
    finally:
        await close_pool()
    step(f"{email} ({user_id}) is no longer an admin")


async def _list() -> None:
    from database.pool import close_pool
    from panopticon.admins.admins import list_admins

    try:
        admins = await list_admins()
    finally:
        await close_pool()
    if not admins:
        click.echo("no admins: grant one with `blossom admin grant EMAIL --role superadmin`")
        return
    width = max(len(a.email) for a in admins)
    for a in admins:
        click.echo(f"{a.email:<{width}}  {a.role:<10}  {a.name}  (since {a.created_at:%Y-%m-%d})")
