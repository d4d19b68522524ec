"""`blossom`: the monolithic CLI for operators and developers.

This package is the root that may import every other package; `foundation` and
`database` never import it (nor `product`, `panopticon`, `pipeline`).
"""

from __future__ import annotations

import sys

import click

from foundation.errors import BaseError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def blossom() -> None:
    """Blossom: multi-tenant SaaS backend. Every command has --help."""


def _register() -> None:
    from cli.apps import panopticon, product
    from cli.codegen import codegen
    from cli.db import db
    from cli.dev import dev
    from panopticon.admins.cli import admin
    from product.vault.cli import vault

    blossom.add_command(admin)
    blossom.add_command(codegen)
    blossom.add_command(db)
    blossom.add_command(dev)
    blossom.add_command(panopticon)
    blossom.add_command(product)
    blossom.add_command(vault)


def main() -> None:
    """Console-script entry point: one clear line instead of a traceback for our errors."""
    try:
        _register()
        blossom.main(standalone_mode=True)
    except BaseError as e:
        click.secho(f"error: {e}", fg="red", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
