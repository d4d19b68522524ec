"""Instructions per authenticated call, counted by callgrind: the members list and `init`
in-process (the product app's ASGI callable, as `cpu_per_call.py` drives it), and the
floor's (`floor_app.py`) for the ratio.

CPU time on a shared or virtual machine swings 15% between runs of the same code; the
count of instructions a call executes moves by about 0.3%. So a request-path change is
measured here, one run before and one after: a change of 1% shows.

    uv run python bench/instructions.py                 # both calls, product and floor
    uv run python bench/instructions.py --calls 400 init

Each measurement runs one Python process under `valgrind --tool=callgrind` with
instrumentation off; after 50 warm-up calls the process waits, instrumentation is
switched on (`callgrind_control -i on`) for exactly `--calls` calls, then off. Postgres
runs outside valgrind. Needs valgrind (`apt-get install valgrind`); about 40 s per figure.
Instructions are not time (a cache miss costs more than an add), but every Python-level
cost (objects, frames, dict lookups) is instructions.
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


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, app_name, name, calls, signals = sys.argv
        _child(app_name, name, int(calls), Path(signals))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("names", nargs="*", default=list(CALLS), help="the calls to count")
    parser.add_argument("--calls", type=int, default=200, help="calls counted per figure")
    parser.add_argument("--no-floor", action="store_true", help="only the product's figures")
    options = parser.parse_args()
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind is not installed: `apt-get install valgrind`")
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
