"""`blossom export organizations` end to end: to a CSV file, and to a Google Sheet over
real HTTP (a local fake Sheets API, bearer-token credentials from the environment)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from foundation.base.paths import REPO_ROOT
from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.fixture import TFix
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py


def _blossom(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="") as file:
        return list(csv.reader(file))


async def test_export_to_csv(t: TFix, tmp_path: Path) -> None:
    organization = await t.factory.organization(name='Export, Inc. "quoted"')
    path = tmp_path / "organizations.csv"
    done = _blossom("export", "organizations", "--to-csv", str(path))
    assert done.returncode == 0, done.stderr
    rows = _read_csv(path)
    assert rows[0] == ["id", "name", "inbound_source", "created_at", "members"]
    [row] = [r for r in rows if r[0] == organization.id]
    assert row[1] == 'Export, Inc. "quoted"'


async def test_export_to_a_sheet_over_http(t: TFix) -> None:
    organization = await t.factory.organization(name="Sheet Export Org")
    with fake_http() as server:
        base = "/v4/spreadsheets/sheet-xyz/values/"
        server.respond("POST", base + "Organizations:clear", FakeResponse(200, {}))
        server.respond("PUT", base + "Organizations!A1", FakeResponse(200, {"updatedCells": 10}))
        env = {"GOOGLE_SHEETS_TOKEN": "ya29.test", "GOOGLE_SHEETS_API_URL": server.url + "/v4"}
        done = _blossom("export", "organizations", "--to-sheet", "sheet-xyz", env=env)
        assert done.returncode == 0, done.stderr
        [write] = server.calls("PUT", base + "Organizations!A1")
    assert write.headers["Authorization"] == "Bearer ya29.test"
    values = write.json()["values"]
    assert values[0][0] == "id" and [organization.id, "Sheet Export Org"] in [v[:2] for v in values]


def test_needs_exactly_one_target_and_sheet_credentials() -> None:
    neither = _blossom("export", "organizations")
    assert neither.returncode == 2 and "exactly one" in neither.stderr
    unconfigured = _blossom(
        "export",
        "organizations",
        "--to-sheet",
        "x",
        env={"GOOGLE_SHEETS_TOKEN": "", "GOOGLE_SERVICE_ACCOUNT_FILE": ""},
    )
    assert unconfigured.returncode != 0 and "--to-csv" in unconfigured.stderr
