"""Instructions per authenticated call, counted by callgrind: the members list and `init`
in-process (the product app's ASGI callable, as `cpu_per_call.py` drives it), and the
floor's (`floor_app.py`) for the ratio.

CPU time on a shared or virtual machine swings 15% between runs of the same code; the
count of instructions a call executes moves by about 0.3%. So a request-path change is
measured here, one run before and one after: a change of 1% shows.

    uv run python bench/instructions.py                 # both calls, product and floor
    uv run python bench/instructions.py --calls 400 init
    uv run python bench/instructions.py --served        # the whole server, over HTTP

Each measurement runs one Python process under `valgrind --tool=callgrind` with
instrumentation off; after 50 warm-up calls the process waits, instrumentation is
switched on (`callgrind_control -i on`) for exactly `--calls` calls, then off. Postgres
runs outside valgrind. Needs valgrind (`apt-get install valgrind`); about 40 s per figure.
Instructions are not time (a cache miss costs more than an add), but every Python-level
cost (objects, frames, dict lookups) is instructions.

`--served` counts the whole server process instead: product (`blossom product serve`)
and floor each under valgrind behind hypercorn, one keep-alive connection sending one
request at a time, so hypercorn's HTTP handling, the event loop and the access log
(`--log-level info`) count too.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CALLS = ("organization_members_list", "init")
WARM_UP = 50


def totals(callgrind_output: str) -> int:
    """The instructions counted in one callgrind output file (its `totals:` line; 0 when
    nothing was collected)."""
    for line in callgrind_output.splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1])
    return 0


def _child(app_name: str, name: str, calls: int, signals: Path) -> None:
    """Under valgrind: warm up, then `calls` calls between the parent's go and done."""
    sys.path.insert(0, str(REPO))
    from bench.asgi import get_status
    from bench.product_http import bench_database, seed_owner_cookies

    with bench_database("instructions-bench-") as (_, settings):
        cookies = seed_owner_cookies({**settings, "LOG_LEVEL": "warning"})
        from database.pool import close_pool

        app: Any
        if app_name == "product":
            from product.app import create_product_app

            app = create_product_app().asgi_app  # what the server calls (`serve_worker`)
        else:
            from bench import floor_app

            app = floor_app.app

        async def run() -> None:
            path = f"/rpc/{name}"
            for i in range(WARM_UP):
                assert await get_status(app, path, cookies[i % len(cookies)]) == 200
            (signals / "ready").write_text(str(os.getpid()))
            await asyncio.to_thread(_await_file, signals / "go")
            for i in range(calls):
                await get_status(app, path, cookies[i % len(cookies)])
            (signals / "done").write_text("")
            await asyncio.to_thread(_await_file, signals / "off")
            await close_pool()

        with Path(os.devnull).open("w") as devnull, contextlib.redirect_stderr(devnull):
            asyncio.run(run())


def _await_file(path: Path, process: subprocess.Popen[bytes] | None = None) -> None:
    """Until the other side creates `path` (the child waits in a thread, outside the
    counted calls); the parent passes the child's `process`, which must not end first."""
    while not path.exists():
        if process is not None and process.poll() is not None:
            log = path.parent / "log"
            raise SystemExit(f"the measured process ended early:\n{log.read_text()[-3000:]}")
        time.sleep(0.05)


def measure(app_name: str, name: str, calls: int) -> int:
    """Instructions per call of `name` on `app_name` ("product" or "floor")."""
    with tempfile.TemporaryDirectory(prefix="instructions-") as directory:
        signals = Path(directory)
        log = signals / "log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    "valgrind",
                    "--tool=callgrind",
                    "--instr-atstart=no",
                    f"--callgrind-out-file={signals / 'callgrind.out'}",
                    sys.executable,
                    __file__,
                    "--child",
                    app_name,
                    name,
                    str(calls),
                    str(signals),
                ],
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            try:
                _await_file(signals / "ready", process)
                pid = (signals / "ready").read_text()
                subprocess.run(
                    ["callgrind_control", "-i", "on", pid], check=True, capture_output=True
                )
                (signals / "go").write_text("")
                _await_file(signals / "done", process)
                subprocess.run(
                    ["callgrind_control", "-i", "off", pid], check=True, capture_output=True
                )
                (signals / "off").write_text("")
                process.wait(timeout=300)
            finally:
                if process.poll() is None:
                    process.kill()
        counted = sum(totals(p.read_text()) for p in signals.glob("callgrind.out*"))
        return counted // calls


def measure_served(
    app_name: str, names: list[str], calls: int, env: dict[str, str], cookies: list[str]
) -> dict[str, int]:
    """Instructions per request of the whole server process (hypercorn, the event loop,
    the app) for each of `names`, one keep-alive connection sending one request at a
    time: what over HTTP the in-process figure leaves out."""
    from foundation.testing.live_server import free_port

    port = free_port()
    args = (
        ["-m", "cli.main", "product", "serve", "--port", str(port)]
        if app_name == "product"
        else ["bench/floor_app.py", str(port)]
    )
    with tempfile.TemporaryDirectory(prefix="instructions-served-") as directory:
        out = Path(directory)
        with (out / "log").open("wb") as log:
            process = subprocess.Popen(
                [
                    "valgrind",
                    "--tool=callgrind",
                    "--instr-atstart=no",
                    f"--callgrind-out-file={out / 'callgrind.out'}",
                    sys.executable,
                    *args,
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                connection = _connect(port, process, out / "log")
                counted: dict[str, int] = {}
                for name in names:
                    for i in range(WARM_UP):
                        _get(connection, f"/rpc/{name}", cookies[i % len(cookies)])
                    before = _collected(out, process.pid)
                    subprocess.run(
                        ["callgrind_control", "-i", "on", str(process.pid)],
                        check=True,
                        capture_output=True,
                    )
                    for i in range(calls):
                        _get(connection, f"/rpc/{name}", cookies[i % len(cookies)])
                    subprocess.run(
                        ["callgrind_control", "-i", "off", str(process.pid)],
                        check=True,
                        capture_output=True,
                    )
                    counted[name] = (_collected(out, process.pid) - before) // calls
                connection.close()
            finally:
                process.terminate()
                process.wait(timeout=300)
    return counted


def _collected(out: Path, pid: int) -> int:
    """The instructions counted so far (callgrind dumps its counts on request)."""
    subprocess.run(["callgrind_control", "-d", str(pid)], check=True, capture_output=True)
    return sum(totals(p.read_text()) for p in out.glob("callgrind.out*"))


def _connect(port: int, process: subprocess.Popen[bytes], log: Path) -> HTTPConnection:
    """A keep-alive connection to the server under valgrind, once it answers (minutes)."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the measured server ended early:\n{log.read_text()[-3000:]}")
        try:
            connection = HTTPConnection("127.0.0.1", port, timeout=120)
            connection.connect()
            return connection
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the measured server did not start within 10 minutes")


def _get(connection: HTTPConnection, path: str, cookie: str) -> None:
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")


def served(names: list[str], calls: int, log_level: str) -> None:
    """`--served`: product and floor, each served under valgrind, and the ratio."""
    sys.path.insert(0, str(REPO))
    from bench.product_http import bench_database, seed_owner_cookies
    from foundation.auth.ratelimit import unlimited

    with bench_database("instructions-served-") as (_, settings):
        env = {
            **os.environ,
            **settings,
            "WEB_WORKERS": "1",
            "RATE_LIMITS": unlimited(),
            "LOG_LEVEL": log_level,
        }
        cookies = seed_owner_cookies(env)
        ours = measure_served("product", names, calls, env, cookies)
        floor = measure_served("floor", names, calls, env, cookies)
    print(
        f"instructions per request served (hypercorn, one worker, LOG_LEVEL={log_level}),"
        f" {calls} requests counted after {WARM_UP} warm-up requests, one at a time"
    )
    print(f"{'call':28} {'product':>10} {'floor':>10} {'floor/product':>14}")
    for name in names:
        print(f"{name:28} {ours[name]:10d} {floor[name]:10d} {floor[name] / ours[name]:13.3f}x")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, app_name, name, calls, signals = sys.argv
        _child(app_name, name, int(calls), Path(signals))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("names", nargs="*", default=list(CALLS), help="the calls to count")
    parser.add_argument("--calls", type=int, default=200, help="calls counted per figure")
    parser.add_argument("--no-floor", action="store_true", help="only the product's figures")
    parser.add_argument(
        "--served",
        action="store_true",
        help="the whole server process per request over HTTP (hypercorn included)",
    )
    parser.add_argument(
        "--log-level", default="warning", help="the servers' LOG_LEVEL with --served"
    )
    options = parser.parse_args()
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind is not installed: `apt-get install valgrind`")
    if options.served:
        served(options.names, options.calls, options.log_level)
        return
    print(f"instructions per call, {options.calls} calls counted after {WARM_UP} warm-up calls")
    print(f"{'call':28} {'product':>10} {'floor':>10} {'floor/product':>14}")
    for name in options.names:
        ours = measure("product", name, options.calls)
        if options.no_floor:
            print(f"{name:28} {ours:10d}")
            continue
        floor = measure("floor", name, options.calls)
        print(f"{name:28} {ours:10d} {floor:10d} {floor / ours:13.3f}x")


if __name__ == "__main__":
    main()
