"""`blossom db backup` and `blossom db restore` for real: the CLI in a subprocess, pg_dump
and pg_restore of the test server (the embedded PostgreSQL unless DATABASE_URL is set), on
a database of the test's own."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import LiteralString

import psycopg
import pytest

from database.backup import BackupError, Tool, choose_tool, client_tool, human_size, server_major
from database.connection import with_database
from database.migrate import migration_files
from database.testing.databases import fresh_database
from foundation.base.paths import REPO_ROOT
from foundation.testing.settings import process_env
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py


@pytest.fixture
def url() -> Iterator[str]:
    """A migrated database of this test's, holding a probe table of two rows."""
    with fresh_database("blossom_backup") as (server_url, name):
        url = with_database(server_url, name)
        _sql(url, "CREATE TABLE backup_probe (id int PRIMARY KEY, note text NOT NULL)")
        _sql(url, "INSERT INTO backup_probe VALUES (1, 'before'), (2, 'kept')")
        yield url


def _sql(url: str, statement: LiteralString, *params: object) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def _blossom(url: str, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "db", *args],
        cwd=REPO_ROOT,
        env=process_env({"DATABASE_URL": url, **env}),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _change(url: str) -> None:
    """What a restore must undo: rows changed and deleted, a table dropped, one created."""
    _sql(url, "UPDATE backup_probe SET note = 'after' WHERE id = 1")
    _sql(url, "DELETE FROM backup_probe WHERE id = 2")
    _sql(url, "DROP TABLE vaulted_secrets")
    _sql(url, "CREATE TABLE made_after_the_backup (id int)")


def _probe(url: str) -> list[tuple[object, ...]]:
    return _sql(url, "SELECT id, note FROM backup_probe ORDER BY id")


def _tables(url: str) -> set[str]:
    rows = _sql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return {str(row[0]) for row in rows}


def _backup(url: str, path: Path) -> None:
    done = _blossom(url, "backup", "--to", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(path)
    assert "-> dumping public.backup_probe" in done.stderr.splitlines()
    assert f"-> backup written to {path}: " in done.stderr and " kB" in done.stderr
    assert path.stat().st_size > 0 and not list(path.parent.glob("*.partial"))


def test_backup_then_restore_brings_everything_back(url: str, tmp_path: Path) -> None:
    path = tmp_path / "blossom.dump"
    _backup(url, path)
    _change(url)
    restored = _blossom(url, "restore", str(path), stdin="y\n")  # confirmed at the prompt
    assert restored.returncode == 0, restored.stderr
    assert "Replace every table and row of database" in restored.stdout
    assert "-> restoring public.backup_probe" in restored.stderr.splitlines()
    assert _probe(url) == [(1, "before"), (2, "kept")]
    tables = _tables(url)
    assert "vaulted_secrets" in tables and "made_after_the_backup" not in tables
    [(applied,)] = _sql(url, "SELECT count(*) FROM _yoyo_migration")
    assert applied == len(migration_files())  # the migrations' record came back too
    # Row Level Security and the grants of the role customer transactions run as:
    [(rls, granted)] = _sql(
        url,
        "SELECT relrowsecurity, has_table_privilege('customer', 'users', 'SELECT') "
        "FROM pg_class WHERE relname = 'users'",
    )
    assert rls is True and granted is True


def test_restore_asks_first_and_a_no_changes_nothing(url: str, tmp_path: Path) -> None:
    path = tmp_path / "blossom.dump"
    _backup(url, path)
    _change(url)
    declined = _blossom(url, "restore", str(path), stdin="n\n")
    assert declined.returncode == 1 and "Aborted!" in declined.stderr
    assert _probe(url) == [(1, "after")]


def test_production_restores_only_with_yes(url: str, tmp_path: Path) -> None:
    path = tmp_path / "blossom.dump"
    _backup(url, path)
    _change(url)
    key = base64.b64encode(b"k" * 32).decode()
    production = {"BLOSSOM_ENV": "production", "SESSION_SECRET": "p" * 40}
    production["VAULT_KEYS"] = f"prod:{key}"
    refused = _blossom(url, "restore", str(path), stdin="y\n", **production)
    assert refused.returncode == 1, refused.stderr
    [line] = [json.loads(text) for text in refused.stderr.splitlines()]
    assert line["message"] == "refusing to restore over a production database without --yes"
    assert _probe(url) == [(1, "after")]  # not even a yes at a prompt
    restored = _blossom(url, "restore", str(path), "--yes", **production)
    assert restored.returncode == 0, restored.stderr
    assert _probe(url) == [(1, "before"), (2, "kept")]


def test_a_file_that_is_no_backup_is_refused_and_changes_nothing(url: str, tmp_path: Path) -> None:
    bad = tmp_path / "notes.dump"
    bad.write_text("not a backup\n")
    refused = _blossom(url, "restore", str(bad), "--yes")
    assert refused.returncode == 2, refused.stderr
    assert f"error: {bad} is not a backup made by `blossom db backup`" in refused.stderr
    assert _probe(url) == [(1, "before"), (2, "kept")]
    name = url.split("/")[-1].split("?")[0]
    left = _sql(url, "SELECT datname FROM pg_database WHERE datname LIKE %s", f"{name}_restoring%")
    assert left == []


def test_backup_never_overwrites_a_file(url: str, tmp_path: Path) -> None:
    path = tmp_path / "taken.dump"
    path.write_text("something else\n")
    refused = _blossom(url, "backup", "--to", str(path))
    assert refused.returncode == 2 and "exists: choose another --to" in refused.stderr
    assert path.read_text() == "something else\n"


def test_the_client_tools_match_the_server(url: str) -> None:
    major = server_major(url)
    assert client_tool("pg_dump", major).major == major
    assert client_tool("pg_restore", major).major == major


def test_a_tool_of_the_servers_version_first_else_the_oldest_newer() -> None:
    found = [Tool(Path("/a"), 15), Tool(Path("/b"), 18), Tool(Path("/c"), 17), Tool(Path("/d"), 17)]
    assert choose_tool("pg_dump", 17, found).path == Path("/c")
    assert choose_tool("pg_dump", 16, found).path == Path("/c")
    with pytest.raises(BackupError, match=r"no pg_dump for PostgreSQL 19 .* postgresql-client-19"):
        choose_tool("pg_dump", 19, found)


def test_human_size() -> None:
    assert [human_size(n) for n in (999, 1000, 178_326, 2_500_000, 7_000_000_000)] == [
        "999 B",
        "1.0 kB",
        "178.3 kB",
        "2.5 MB",
        "7.0 GB",
    ]
