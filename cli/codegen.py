"""`blossom codegen ...`: regenerate generated code (it is committed; CI checks it is current)."""

from __future__ import annotations

import click

from foundation.base.progress import step


@click.group()
def codegen() -> None:
    """Regenerate committed generated code."""


@codegen.command("db")
def codegen_db() -> None:
    """Migrate a fresh database, regenerate schema.sql and the sqlc query code."""
    from database.connection import database_url
    from tools.db_codegen.codegen import codegen_db as run

    run(database_url(progress=step), progress=step)


@codegen.command("rpc")
def codegen_rpc() -> None:
    """Regenerate the TypeScript RPC clients (typescript/rpc/src/product.ts, panopticon.ts)
    and the package's compiled ES modules and .d.ts (typescript/rpc/dist/, by tsc)."""
    from tools.rpc_codegen.dist import write_dist
    from tools.rpc_codegen.generate import write_all

    write_all(progress=step)
    write_dist(progress=step)


@codegen.command("web")
def codegen_web() -> None:
    """Build panopticon's admin console (tsc, then esbuild) into panopticon/console/dist/."""
    from tools.web_build.build import write_console

    write_console(progress=step)
