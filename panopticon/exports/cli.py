"""`blossom export organizations --to-sheet ID | --to-csv PATH`."""

from __future__ import annotations

from pathlib import Path

import click

from foundation.base.progress import step


@click.group()
def export() -> None:
    """Export tabular data for operators (Google Sheets or CSV)."""


@export.command()
@click.option("--to-sheet", "sheet_id", default=None, help="Google spreadsheet id to write to.")
@click.option(
    "--to-csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV file to write (no credentials needed).",
)
def organizations(sheet_id: str | None, csv_path: Path | None) -> None:
    """Every organization (id, name, inbound source, created at, members), newest first,
    into the `Organizations` sheet of spreadsheet ID (replaced; needs
    GOOGLE_SERVICE_ACCOUNT_FILE or GOOGLE_SHEETS_TOKEN) or a CSV file."""
    if (sheet_id is None) == (csv_path is None):
        raise click.UsageError("give exactly one of --to-sheet ID and --to-csv PATH")
    import asyncio

    asyncio.run(_organizations(sheet_id, csv_path))


async def _organizations(sheet_id: str | None, csv_path: Path | None) -> None:
    from database.pool import close_pool
    from panopticon.exports.exports import export_to_sheet, organization_rows, write_csv

    try:
        rows = await organization_rows()
    finally:
        await close_pool()
    if csv_path is not None:
        write_csv(csv_path, rows)
        step(f"{len(rows) - 1} organizations written to {csv_path}")
    else:
        assert sheet_id is not None
        cells = await export_to_sheet(sheet_id, rows)
        step(f"{len(rows) - 1} organizations ({cells} cells) written to sheet {sheet_id}")
