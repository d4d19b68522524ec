"""The embedded server on its own temporary data directories (not the test cluster)."""

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from database.embedded import SERVER_HOME, EmbeddedPostgres
from foundation.base.errors import DatabaseUnavailableError


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[EmbeddedPostgres]:
    server = EmbeddedPostgres(tmp_path / "pg", fast=True)
    try:
        yield server
    finally:
        server.destroy()


def _select_one(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT 1").fetchone()
    assert row is not None
    return row[0]


def test_starts_on_a_unix_socket_and_a_second_call_attaches(cluster: EmbeddedPostgres) -> None:
    url = cluster.ensure_running()
    assert "host=/" in url and _select_one(url) == 1
    pid = cluster.running_pid()
    again = EmbeddedPostgres(cluster.pgdata).ensure_running()
    assert again == url and cluster.running_pid() == pid
    assert (cluster.socket_dir / ".s.PGSQL.5432").exists()


def test_stale_pid_file_after_a_crash_is_recovered(cluster: EmbeddedPostgres) -> None:
    cluster.ensure_running()
    cluster.stop()
    # A crash leaves postmaster.pid behind, its pid now dead or reused by another process.
    (cluster.pgdata / "postmaster.pid").write_text(f"{os.getpid()}\n{cluster.pgdata}\n")
    assert cluster.running_pid() is None
    url = cluster.ensure_running()
    assert _select_one(url) == 1


def test_failure_explains_how_to_use_database_url(tmp_path: Path) -> None:
    pgdata = tmp_path / "pg"
    pgdata.mkdir()
    (pgdata / "stray-file").write_text("not a cluster")
    with pytest.raises(DatabaseUnavailableError) as e:
        EmbeddedPostgres(pgdata).ensure_running()
    assert "DATABASE_URL" in str(e.value) and "no PG_VERSION" in str(e.value)


def test_long_data_directory_paths_get_a_short_socket_directory(tmp_path: Path) -> None:
    deep = tmp_path / ("x" * 60) / ("y" * 60) / "pg"
    assert EmbeddedPostgres(deep).socket_dir != deep.resolve()
    assert len(str(EmbeddedPostgres(deep).socket_dir)) < 100


@pytest.mark.skipif(os.geteuid() != 0, reason="only as root does the server run as its own user")
def test_as_root_a_private_directory_works_and_no_permission_changes(tmp_path: Path) -> None:
    """A checkout in a private directory (mode 700, like /root or `mktemp -d`): the server
    user reaches nothing of it, so its binaries and data live in its own home, and no
    directory the project did not create changes its permissions."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    ancestors = [private, *private.parents]
    modes = {path: path.stat().st_mode for path in ancestors}
    cluster = EmbeddedPostgres(private / "checkout" / ".local" / "postgres", fast=True)
    try:
        url = cluster.ensure_running()
        assert _select_one(url) == 1
        pid = cluster.running_pid()
        assert pid is not None
        assert Path(f"/proc/{pid}/exe").readlink().is_relative_to(SERVER_HOME)
        assert cluster.pgdata.is_relative_to(SERVER_HOME)
    finally:
        cluster.destroy()
    assert {path: path.stat().st_mode for path in ancestors} == modes
