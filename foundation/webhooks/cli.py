"""`blossom webhooks send-pending`: deliver the due webhook deliveries now (operators; cron
when WEBHOOK_SENDER=off)."""

from __future__ import annotations

import click


@click.group()
def webhooks() -> None:
    """Webhook deliveries."""


@webhooks.command(name="send-pending")
@click.option("--limit", type=int, default=None, help="At most this many deliveries.")
def send_pending_command(limit: int | None) -> None:
    """Deliver every due webhook delivery (retries included) and print the counts."""
    import asyncio

    from database.pool import close_pool
    from foundation.webhooks.sender import send_pending

    async def run() -> None:
        try:
            report = await send_pending(limit=limit)
        finally:
            await close_pool()
        click.echo(
            f"delivered {report.delivered}, retry later {report.retried}, failed {report.failed}"
        )

    asyncio.run(run())
