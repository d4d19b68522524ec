"""Exports of tabular data for operators: every organization, to a Google Sheet or a CSV.

rows = await organization_rows()                 # header first
await export_to_sheet(spreadsheet_id, rows)      # the registry's Sheets client
write_csv(path, rows)
"""

from __future__ import annotations

import csv
from pathlib import Path

from foundation.base.errors import ConfigurationError
from foundation.external.registry import sheets
from foundation.external.sheets import Cell
from panopticon.db import xact_admin
from panopticon.inputs import NO_CURSOR

HEADER: list[Cell] = ["id", "name", "inbound_source", "created_at", "members"]
PAGE = 1000
SHEET = "Organizations"


async def organization_rows() -> list[list[Cell]]:
    """Every organization, newest first (one short transaction per page of PAGE)."""
    rows: list[list[Cell]] = [list(HEADER)]
    before = NO_CURSOR
    while True:
        async with xact_admin() as q:
            page = await q.orm.organizations_page(before_id=before, row_limit=PAGE)
        cells: list[list[Cell]] = [
            [o.id, o.name, o.inbound_source, o.created_at.isoformat(), int(o.members_count or 0)]
            for o in page
        ]
        rows += cells
        if len(page) < PAGE:
            return rows
        before = page[-1].id


async def export_to_sheet(spreadsheet_id: str, rows: list[list[Cell]]) -> int:
    """Replace the spreadsheet's `Organizations` sheet with `rows`; the cells written."""
    client = sheets()
    if client is None:
        raise ConfigurationError(
            "google sheets is not configured: set GOOGLE_SERVICE_ACCOUNT_FILE or"
            " GOOGLE_SHEETS_TOKEN (or export with --to-csv)"
        )
    return await client.replace_rows(spreadsheet_id, SHEET, rows)


def write_csv(path: Path, rows: list[list[Cell]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
