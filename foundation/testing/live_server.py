"""An app server in a subprocess, for tests and benchmarks about the real process
(signals, workers, a database that goes away).

    with live_server(["-m", "cli.main", "product", "serve"], env) as server:
        httpx.get(server.url + "/ping")
        server.output()            # what it logged so far
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO

from foundation.base.errors import ConfigurationError
from foundation.base.paths import REPO_ROOT
from foundation.base.processes import free_port, stop_process
from foundation.testing.settings import process_env


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    _log: IO[bytes]

    def output(self) -> str:
        """Everything the server wrote to stdout and stderr so far."""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode(errors="replace")


def wait_for(
    url: str, seconds: float = 60, *, process: subprocess.Popen[bytes] | None = None
) -> None:
    """Return once `url` answers (any HTTP status); ConfigurationError after `seconds`, or
    as soon as `process` (the server) has exited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ConfigurationError("server exited", url=url, code=process.returncode)
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.05)
    raise ConfigurationError("server did not answer", url=url, seconds=seconds)


@contextlib.contextmanager
def live_server(
    python_args: list[str],
    env: Mapping[str, str],
    *,
    port: int | None = None,
    own_process_group: bool = False,
    ready_seconds: float = 60,
) -> Iterator[LiveServer]:
    """Run `python <python_args> --port PORT` from the repository with `env` added to the
    environment; yield once `/ping` answers (ConfigurationError with the server's output
    if it exits first or does not answer within `ready_seconds`); terminate (SIGTERM) at
    exit, if still running.
    `own_process_group`: the server leads a process group of its own (signal it whole with
    `os.killpg(server.process.pid, ...)`, as systemd and Docker do)."""
    port = port or free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, *python_args, "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO_ROOT,
            env=process_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=own_process_group,
        )
        server = LiveServer(f"http://127.0.0.1:{port}", process, log)
        try:
            try:
                wait_for(server.url + "/ping", ready_seconds, process=process)
            except ConfigurationError as error:
                raise ConfigurationError(
                    f"server did not start: {error}",
                    seconds=ready_seconds,
                    output=server.output()[-3000:],
                ) from None
            yield server
        finally:
            stop_process(process, 30)
