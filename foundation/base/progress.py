"""Progress output for long CLI operations."""

from __future__ import annotations

import click


def step(message: str) -> None:
    """Print one progress line (`-> message`) to stderr, so stdout stays machine-readable."""
    click.secho(f"-> {message}", fg="cyan", err=True)
