"""Child processes and local ports, for the servers tests and benchmarks start (live app
servers, PgBouncer): a free loopback port, and stopping a child for sure."""

from __future__ import annotations

import socket
import subprocess


def free_port() -> int:
    """A TCP port of 127.0.0.1 nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop_process(process: subprocess.Popen[bytes], grace_seconds: float) -> None:
    """SIGTERM `process` if it still runs, then SIGKILL it after `grace_seconds`; reaped."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
