"""Cold start, warm start and attach times of the embedded Postgres.

    uv run python -m bench.embedded_postgres

Cold: initdb + start on an empty directory. Warm: start of an existing, stopped
cluster. Attach: a second `ensure_running()` while it runs (what a second `just dev`
does). Each is reported with its ratio to attach, the cheapest path, measured in the same run.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from database.embedded import EmbeddedPostgres


def _timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def main(rounds: int = 3) -> None:
    cold: list[float] = []
    warm: list[float] = []
    attach: list[float] = []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory(prefix="blossom-bench-") as tmp:
            cluster = EmbeddedPostgres(Path(tmp) / "pg")
            try:
                cold.append(_timed(cluster.ensure_running))
                attach.append(_timed(cluster.ensure_running))
                cluster.stop()
                warm.append(_timed(cluster.ensure_running))
            finally:
                cluster.destroy()
    base = statistics.median(attach)
    for name, values in (("cold start", cold), ("warm start", warm), ("attach", attach)):
        median = statistics.median(values)
        print(f"{name:>10}: median {median * 1000:8.1f} ms  ({median / base:7.1f}x attach)")


if __name__ == "__main__":
    main()
