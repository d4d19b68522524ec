"""`blossom`: the monolithic CLI for operators and developers.

Every command module imports only click and light modules at the top, and what its command
needs inside the command's function, so `blossom --help` (and any command's start) does not
import the web stack, Dagster or the database drivers (`cli/imports_test.py`;
`uv run just bench-cli` times it).

This package is the root that may import every other package; `foundation` and
`database` never import it (nor `product`, `panopticon`, `pipeline`). Each package owns
its commands (`database/cli.py`, `product/cli.py`, `panopticon/cli.py`,
`pipeline/cli.py`); this module
only assembles them, with the developer commands (`codegen`, `dev`) that span them all.
"""

from __future__ import annotations

import sys

import click

from foundation.base.errors import BaseError
from foundation.base.progress import CLI_LOGGER, error


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def blossom() -> None:
    """Blossom: multi-tenant SaaS backend. Every command has --help."""


def _register() -> None:
    from cli.codegen import codegen
    from cli.dev import dev
    from database.cli import db
    from foundation.email.cli import email
    from foundation.webhooks.cli import webhooks
    from panopticon.cli import COMMANDS as PANOPTICON_COMMANDS
    from pipeline.cli import COMMANDS as PIPELINE_COMMANDS
    from product.cli import COMMANDS as PRODUCT_COMMANDS

    for command in (
        codegen,
        db,
        dev,
        email,
        *PANOPTICON_COMMANDS,
        *PIPELINE_COMMANDS,
        *PRODUCT_COMMANDS,
        webhooks,
    ):
        blossom.add_command(command)
    _full_short_help(blossom)


def _full_short_help(group: click.Group) -> None:
    """Give every command listed in a group's --help its whole first paragraph (wrapped by
    click), where click would cut it at the first sentence or at the width with "..."."""
    for command in group.commands.values():
        if command.short_help is None and command.help:
            command.short_help = first_paragraph(command.help)
        if isinstance(command, click.Group):
            _full_short_help(command)


def first_paragraph(help_text: str) -> str:
    """The first paragraph of a command's help, on one line (without click's `\\b`)."""
    words = help_text.strip().split("\n\n")[0].split()
    return " ".join(word for word in words if word != "\b")


def main() -> None:
    """Console-script entry point: one clear line instead of a traceback for our errors and
    for a database that cannot be reached (exit code 1). In production (JSON log lines,
    `foundation.base.logs`) every line it writes to stderr is a JSON log line: click's
    usage errors and an unexpected exception (its traceback in the line's `exception`)
    included. The configuration is read only to report an error, so `--help` never reads it."""
    try:
        _register()
        code = blossom.main(standalone_mode=False)  # errors are reported below
        sys.exit(code if isinstance(code, int) else 0)
    except click.ClickException as e:
        if not _json_logs():
            e.show()
        else:
            context = e.ctx if isinstance(e, click.UsageError) else None
            where = {"command": context.command_path} if context is not None else {}
            error(e.format_message(), exit_code=e.exit_code, **where)
        sys.exit(e.exit_code)
    except click.Abort:
        if _json_logs():
            error("aborted")
        else:
            click.echo("Aborted!", err=True)
        sys.exit(1)
    except Exception as e:
        unreachable = _unreachable_database(e)
        if unreachable is not None:
            error(unreachable)
            sys.exit(1)
        if isinstance(e, BaseError):
            error(str(e))
            sys.exit(2)
        if not _json_logs():
            raise
        from foundation.base.logs import get_logger

        get_logger(CLI_LOGGER).error("unexpected error", exc_info=True)
        sys.exit(1)


def _json_logs() -> bool:
    from foundation.base.logs import json_logs

    return json_logs()


def _unreachable_database(error: Exception) -> str | None:
    from database.connection import url_in_use
    from database.trouble import unreachable_database_message

    try:
        url = url_in_use()
    except BaseError:  # the configuration itself is wrong: that error is the one to show
        return None
    return unreachable_database_message(error, url)


if __name__ == "__main__":
    main()
