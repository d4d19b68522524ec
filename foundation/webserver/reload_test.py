"""`serve --reload` (what `blossom dev` runs): a changed source file restarts the workers;
a worker that fails on the change waits for the next one, and the server stops cleanly on
a signal however many arrive."""

from __future__ import annotations

import os
import signal
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from foundation.testing.live_server import LiveServer, live_server
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

APP = '''
    import argparse
    import sys

    from quart import Quart

    import reload_word
    from foundation.rpc import Req, Router, route
    from foundation.webserver.app import create_app
    from foundation.webserver.serve import serve


    @route("word")
    async def word(req: Req[None]) -> str:
        """The word reload_word.py holds now."""
        return reload_word.WORD


    def create_reload_app() -> Quart:
        return create_app("reload", [Router("reload").include(word)], version="0.0.0")


    if __name__ == "__main__":
        parser = argparse.ArgumentParser()
        parser.add_argument("--host")
        parser.add_argument("--port", type=int)
        args = parser.parse_args()
        app_path = "reload_app:create_reload_app()"
        sys.exit(
            serve(create_reload_app(), host=args.host, port=args.port, app_path=app_path, reload=True)
        )
'''


def _write_word(directory: Path, source: str) -> None:
    path = directory / "reload_word.py"
    before = path.stat().st_mtime if path.exists() else 0.0
    path.write_text(source)
    os.utime(path, (before + 2, before + 2))  # newer, whatever the clock's granularity


def _word(server: LiveServer) -> str | None:
    try:
        answer = httpx.post(f"{server.url}/rpc/word", json={}, timeout=10)
    except httpx.TransportError:
        return None  # between workers
    return answer.json() if answer.status_code == 200 else None


def _until(server: LiveServer, condition: Callable[[], bool]) -> None:
    """Wait until `condition()` holds, the server still running."""
    deadline = time.monotonic() + 90  # a bound for the test, not a speed claim
    while not condition():
        assert server.process.poll() is None, server.output()[-3000:]
        assert time.monotonic() < deadline, server.output()[-3000:]
        time.sleep(0.2)


def test_a_changed_source_file_restarts_the_workers_and_a_failed_one_waits(
    tmp_path: Path,
) -> None:
    (tmp_path / "reload_app.py").write_text(textwrap.dedent(APP))
    _write_word(tmp_path, 'WORD = "first"\n')
    env = {"WEB_SHUTDOWN_GRACE_SECONDS": "2", "LOG_FORMAT": "json"}
    with live_server([str(tmp_path / "reload_app.py")], env, own_process_group=True) as server:
        assert _word(server) == "first"
        _write_word(tmp_path, 'WORD = "second"\n')
        _until(server, lambda: _word(server) == "second")

        _write_word(tmp_path, "WORD = (\n")  # a syntax error: the new worker fails
        _until(server, lambda: "restarting it when a source file changes" in server.output())
        _write_word(tmp_path, 'WORD = "third"\n')
        _until(server, lambda: _word(server) == "third")

        os.killpg(server.process.pid, signal.SIGINT)
        assert server.process.wait(60) == 0, server.output()[-3000:]
