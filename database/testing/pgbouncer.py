"""A real PgBouncer in transaction mode in front of the test server, for the tests of what
a deployment behind a pooler needs (`DATABASE_POOLER`, `DATABASE_DIRECT_URL`).

    with pgbouncer(database_url()) as url:     # the same database, through PgBouncer
        ...

Debian's `pgbouncer` binary (CI installs it; a test without it calls
`foundation.testing.unavailable.unavailable(MISSING)`: skipped, failed under CI), run as a subprocess on a free loopback port
with a generated ini: `pool_mode = transaction`, trust authentication (the test server
trusts its local clients), a small server pool so that concurrent clients share server
connections. As root it runs as the user owning the server's socket directory
(PgBouncer, like Postgres, refuses to run as root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Generator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

from foundation.base.processes import free_port, stop_process

PGBOUNCER = "pgbouncer"
START_SECONDS = 10.0


MISSING = "pgbouncer not found (Debian: apt-get install pgbouncer)"


def pgbouncer_binary() -> str | None:
    """The pgbouncer executable (Debian puts it in /usr/sbin), or None. A test without it
    is unavailable: `unavailable(MISSING)` (skipped; failed under CI)."""
    return shutil.which(PGBOUNCER) or shutil.which(f"/usr/sbin/{PGBOUNCER}")


def _server_address(url: str) -> tuple[str, str, str]:
    """(host or socket directory, port, user) of a postgresql:// url."""
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = query.get("host") or parts.hostname or "localhost"
    port = query.get("port") or str(parts.port or 5432)
    user = query.get("user") or parts.username or "postgres"
    return host, port, user


def _wait_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"pgbouncer exited: {log.read_text() if log.exists() else ''}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"pgbouncer did not listen on {port}: {log.read_text()}")


@contextlib.contextmanager
def pgbouncer(
    url: str, *, pool_size: int = 2, ignore_startup_parameters: tuple[str, ...] = ()
) -> Generator[str, None, None]:
    """PgBouncer (transaction mode) in front of the server of `url`; yields `url`'s
    database through it. `ignore_startup_parameters`: what PgBouncer lets clients send
    and drops (by default it refuses a connection that sends any it does not know)."""
    binary = pgbouncer_binary()
    if binary is None:
        raise FileNotFoundError(MISSING)
    host, server_port, user = _server_address(url)
    database = urlsplit(url).path.lstrip("/")
    port = free_port()
    owner = Path(host).stat() if host.startswith("/") else None
    run_as = owner.st_uid if owner is not None and os.geteuid() == 0 else None
    directory = Path(tempfile.mkdtemp(prefix="blossom-pgbouncer-"))
    try:
        if run_as is not None and owner is not None:
            os.chown(directory, run_as, owner.st_gid)
        log = directory / "pgbouncer.log"
        (directory / "users.txt").write_text(f'"{user}" ""\n')
        ignored = ",".join(("extra_float_digits", *ignore_startup_parameters))
        (directory / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"* = host={host} port={server_port}\n"
            "[pgbouncer]\n"
            "listen_addr = 127.0.0.1\n"
            f"listen_port = {port}\n"
            "unix_socket_dir =\n"
            "auth_type = trust\n"
            f"auth_file = {directory / 'users.txt'}\n"
            "pool_mode = transaction\n"
            f"default_pool_size = {pool_size}\n"
            "max_client_conn = 200\n"
            f"ignore_startup_parameters = {ignored}\n"
            f"logfile = {log}\n"
            f"pidfile = {directory / 'pgbouncer.pid'}\n"
        )
        for path in directory.iterdir():
            path.chmod(0o644)
        process = subprocess.Popen(
            [binary, "-q", str(directory / "pgbouncer.ini")],
            user=run_as,
            group=owner.st_gid if run_as is not None and owner is not None else None,
            extra_groups=[] if run_as is not None else None,
            cwd=directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_listening(port, process, log)
            yield urlunsplit(("postgresql", f"{user}@127.0.0.1:{port}", f"/{database}", "", ""))
        finally:
            stop_process(process, 5)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
