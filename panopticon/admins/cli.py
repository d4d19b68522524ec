"""`blossom admin grant|revoke EMAIL`: who may sign in to panopticon."""

from __future__ import annotations

import asyncio

import click

from foundation.progress import step


@click.group()
def admin() -> None:
    """Manage panopticon admins (users allowed into the admin app)."""


@admin.command()
@click.argument("email")
def grant(email: str) -> None:
    """Allow the user with EMAIL into panopticon."""
    asyncio.run(_grant(email))


@admin.command()
@click.argument("email")
def revoke(email: str) -> None:
    """Remove EMAIL's admin right and end their panopticon sessions at once."""
    asyncio.run(_revoke(email))


async def _grant(email: str) -> None:
    from database.pool import close_pool
    from panopticon.admins.admins import grant_admin

    try:
        user_id = await grant_admin(email)
    finally:
        await close_pool()
    step(f"{email} ({user_id}) is an admin")


async def _revoke(email: str) -> None:
    from database.pool import close_pool
    from panopticon.admins.admins import revoke_admin

    try:
        user_id = await revoke_admin(email)
    finally:
        await close_pool()
    step(f"{email} ({user_id}) is no longer an admin")
