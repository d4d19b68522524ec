"""Product's commands: `blossom product serve`, `blossom vault rotate`."""

from __future__ import annotations

import click

from foundation.webserver.cli import serve_command
from product.vault.cli import vault


@click.group()
def product() -> None:
    """The customer-facing app."""


product.add_command(serve_command("product", "product.app:create_product_app()", "product_port"))

COMMANDS = (product, vault)
