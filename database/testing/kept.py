"""Test databases kept after a failure, to look at what the failing test left behind.

When a test fails, the test plugin does not drop its worker's database (nor, with the
temporary embedded server, stop that server) and records it here; the run's summary
prints the `psql` command that opens it. `blossom db test-clean` (`just test-clean`)
drops every recorded database and destroys every recorded server.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import psycopg

from database.connection import drop_database, with_database
from database.embedded import EmbeddedPostgres, bin_dir
from foundation.base.paths import REPO_ROOT

RECORD = REPO_ROOT / ".local" / "kept-test-databases.json"
"""Where kept databases are listed (one checkout's: `.local/` is not committed)."""


@dataclass(frozen=True)
class Kept:
    server_url: str
    database: str
    cluster: str | None = None
    """The location of the temporary embedded server left running for it, if any."""

    @property
    def psql(self) -> str:
        """The command that opens the database."""
        return f"{bin_dir() / 'psql'} '{with_database(self.server_url, self.database)}'"


def read(record: Path = RECORD) -> list[Kept]:
    if not record.exists():
        return []
    return [Kept(**entry) for entry in json.loads(record.read_text())]


def remember(entries: list[Kept], record: Path = RECORD) -> None:
    """Add `entries` to the record."""
    known = read(record)
    record.parent.mkdir(parents=True, exist_ok=True)
    entries = known + [e for e in entries if e not in known]
    record.write_text(json.dumps([asdict(e) for e in entries], indent=2) + "\n")


def clean(record: Path = RECORD) -> list[str]:
    """Drop every recorded database, destroy every recorded server, forget them; what was
    done, one line each."""
    done: list[str] = []
    entries = read(record)
    clusters = {e.cluster for e in entries if e.cluster}
    for entry in entries:
        if entry.cluster:
            continue  # the whole server goes below
        try:
            drop_database(entry.server_url, entry.database)
            done.append(f"dropped {entry.database}")
        except psycopg.OperationalError as error:
            done.append(f"could not reach the server of {entry.database}: {error}".strip())
    for location in sorted(clusters):
        EmbeddedPostgres(Path(location), fast=True).destroy()
        shutil.rmtree(Path(location).parent, ignore_errors=True)
        done.append(f"destroyed the test server {location}")
    record.unlink(missing_ok=True)
    return done
