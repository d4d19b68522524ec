"""`just dev` stopped with Ctrl-C: the terminal sends SIGINT to its whole foreground
process group (just, the shell, `blossom dev` and the servers); everything stops, the exit
code is 130 and nobody reports an error."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

from foundation.base.paths import REPO_ROOT
from foundation.testing.live_server import free_port
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # runs just dev: Postgres, migrations, two servers

BIN = Path(sys.executable).parent


def _read(log: IO[bytes]) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode(errors="replace")


def test_ctrl_c_on_just_dev_stops_everything_quietly() -> None:
    ports = {"PRODUCT_PORT": free_port(), "PANOPTICON_PORT": free_port()}
    env = {
        **os.environ,
        **{name: str(port) for name, port in ports.items()},
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
    }
    with tempfile.NamedTemporaryFile() as log:
        process = subprocess.Popen(
            [str(BIN / "just"), "dev"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a terminal's foreground job
        )
        try:
            deadline = time.monotonic() + 240
            while "Ctrl-C stops everything" not in _read(log):
                assert process.poll() is None, _read(log)
                assert time.monotonic() < deadline, _read(log)
                time.sleep(0.2)
            os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
            code = process.wait(timeout=120)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        output = _read(log)
    assert code == 130, output
    assert "-> stopped" in output, output
    after = output.split("Ctrl-C stops everything", 1)[1]
    # just's own lines ("error: interrupted by SIGINT", "error: recipe `dev` failed ...").
    assert not [line for line in after.splitlines() if line.startswith("error:")], output
    assert "Traceback" not in after, output
