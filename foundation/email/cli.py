"""`blossom email send-pending`: deliver the outbox's due emails now (operators; cron when
EMAIL_SENDER=off)."""

from __future__ import annotations

import click


@click.group()
def email() -> None:
    """The email outbox."""


@email.command(name="send-pending")
@click.option("--limit", type=int, default=None, help="At most this many emails.")
def send_pending_command(limit: int | None) -> None:
    """Deliver every due pending email (retries included) and print the counts."""
    import asyncio

    from database.pool import close_pool
    from foundation.email.outbox import send_pending

    async def run() -> None:
        try:
            report = await send_pending(limit=limit)
        finally:
            await close_pool()
        click.echo(f"sent {report.sent}, retry later {report.retried}, failed {report.failed}")

    asyncio.run(run())
