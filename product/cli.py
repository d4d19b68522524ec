"""Product's commands: `blossom product serve`, `blossom product exports work`, `blossom
vault rotate`."""

from __future__ import annotations

import click

from foundation.webserver.cli import serve_command
from product.vault.cli import vault


@click.group()
def product() -> None:
    """The customer-facing app."""


product.add_command(serve_command("product", "product.app:create_product_app()", "product_port"))


@product.group()
def exports() -> None:
    """Self-service data exports."""


@exports.command()
@click.option("--once", is_flag=True, help="One pass, then exit (cron).")
def work(once: bool) -> None:
    """Build pending data exports, store them and email their links (a loop; `blossom dev`
    runs it)."""
    import asyncio

    asyncio.run(_work(once))


async def _work(once: bool) -> None:
    from database.pool import close_pool
    from product.exports.worker import work as run

    try:
        await run(once=once)
    finally:
        await close_pool()


COMMANDS = (product, vault)
