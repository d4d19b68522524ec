"""Start-up time of the CLI and of an app: `blossom --help` and building the product app
(`import product.app; create_product_app()`: what every server process, worker and test
server does before it serves) against `python -c pass`.

    uv run just bench-cli [--runs 15] [--checkout /path/to/another/checkout]

Both run as fresh processes, alternately (so drift on the machine hits both alike), after
one warm-up each; the medians of wall time and of CPU time (user + system, from the
child's own resource usage) are printed with their ratio to `python -c pass`, the floor
of any Python command. `--checkout DIR` times another checkout's `blossom` (its
`.venv/bin/blossom` and `.venv/bin/python`), e.g. main's tree for a before/after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


APP_BUILD = "import product.app; product.app.create_product_app()"


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float


def _run(command: list[str], cwd: Path) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {process.returncode}")
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime)


def measure(checkout: Path, runs: int) -> dict[str, list[Run]]:
    """`runs` timings of each command, alternated, after one warm-up of each."""
    bin_dir = checkout / ".venv" / "bin"
    commands = {
        "python -c pass": [str(bin_dir / "python"), "-c", "pass"],
        "blossom --help": [str(bin_dir / "blossom"), "--help"],
        "product app": [str(bin_dir / "python"), "-c", APP_BUILD],
    }
    for command in commands.values():
        if not Path(command[0]).exists():
            raise SystemExit(f"{command[0]} not found: run `uv sync` in {checkout}")
        _run(command, checkout)
    timings: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            timings[name].append(_run(command, checkout))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Start-up time of `blossom --help` and of the product app."
    )
    parser.add_argument("--runs", type=int, default=15, help="Timed runs of each command.")
    parser.add_argument(
        "--checkout", type=Path, default=REPO_ROOT, help="The checkout whose blossom to time."
    )
    args = parser.parse_args()
    checkout: Path = args.checkout.resolve()
    timings = measure(checkout, args.runs)
    floor_wall = statistics.median(run.wall for run in timings["python -c pass"])
    floor_cpu = statistics.median(run.cpu for run in timings["python -c pass"])
    print(f"{checkout}: medians of {args.runs} alternated runs, {os.cpu_count()} cores")
    for name, values in timings.items():
        wall = statistics.median(run.wall for run in values)
        cpu = statistics.median(run.cpu for run in values)
        print(
            f"{name:>14}: wall {wall * 1000:7.1f} ms ({wall / floor_wall:5.1f}x)"
            f"   cpu {cpu * 1000:7.1f} ms ({cpu / floor_cpu:5.1f}x)"
        )


if __name__ == "__main__":
    main()
