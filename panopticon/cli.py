"""Panopticon's commands: `blossom panopticon serve`, `blossom admin grant|revoke`,
`blossom export organizations`."""

from __future__ import annotations

import click

from foundation.webserver.cli import serve_command
from panopticon.admins.cli import admin
from panopticon.exports.cli import export


@click.group()
def panopticon() -> None:
    """The internal admin app."""


panopticon.add_command(
    serve_command(
        "panopticon",
        "panopticon.app:create_panopticon_app()",
        "panopticon_port",
        "panopticon_metrics_port",
    )
)

COMMANDS = (panopticon, admin, export)
