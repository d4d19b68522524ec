"""Workers that scale (`uv run python bench/product_http.py --cores`): the members list on
1, 2 and 4 hypercorn workers, the project against the floor, with Postgres, wrk and the
servers pinned to separate CPUs so that a second worker does not just take what Postgres
and wrk needed. `bench/README.md` ("Workers that scale") gives the method and the
expected figure.

On fewer than MIN_CPUS usable CPUs it prints why it cannot measure and stops: with
Postgres, wrk and the server sharing two cores, more workers only move CPU time between
them (the plain `just bench` still shows 2 workers against 1 there, unpinned).
"""

from __future__ import annotations

import os
import statistics
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

Serve = Callable[[list[str], dict[str, str], str], AbstractContextManager[None]]
"""product_http's `_server(args, env, ping_url)`: a server process, ready, stopped at exit."""
Load = Callable[..., tuple[float, float, float]]
"""product_http's `_wrk_latency(url, seconds, connections, *, script, cpus)`."""

MIN_CPUS = 4
"""Postgres, wrk and the servers each need CPUs of their own; below this it cannot measure."""
WORKER_COUNTS = (1, 2, 4)
ROUNDS = 3
CONNECTIONS_PER_WORKER = 32


@dataclass(frozen=True)
class CpuPlan:
    """Which CPUs each side of the benchmark runs on (disjoint sets)."""

    postgres: frozenset[int]
    wrk: frozenset[int]
    servers: frozenset[int]

    @property
    def workers(self) -> tuple[int, ...]:
        """The worker counts this plan can measure: at most one worker per server CPU."""
        return tuple(n for n in WORKER_COUNTS if n <= len(self.servers))


def plan(cpus: set[int] | frozenset[int]) -> CpuPlan | str:
    """The split of `cpus` between Postgres, wrk and the servers, or why there is none.

    A members call costs Postgres about as much CPU as the server (bench/README.md), so
    Postgres gets about a third, wrk (one thread per worker's connections, cheap) an
    eighth, at least one each, and the servers the rest."""
    ordered = sorted(cpus)
    if len(ordered) < MIN_CPUS:
        return (
            f"cannot measure worker scaling on {len(ordered)} CPU(s): Postgres, wrk and the"
            f" server need separate CPUs (at least {MIN_CPUS}), otherwise a second worker"
            " only takes CPU time from Postgres and wrk on the same cores"
        )
    wrk = max(1, len(ordered) // 8)
    postgres = max(1, len(ordered) // 3)
    return CpuPlan(
        wrk=frozenset(ordered[:wrk]),
        postgres=frozenset(ordered[wrk : wrk + postgres]),
        servers=frozenset(ordered[wrk + postgres :]),
    )


def _children(pid: int) -> list[int]:
    """The direct children of `pid` (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def pin_tree(pid: int, cpus: frozenset[int]) -> int:
    """Pin `pid`, its threads and every descendant now running to `cpus` (processes it
    forks later inherit it); how many processes were pinned."""
    pinned, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                os.sched_setaffinity(int(task.name), cpus)
        except (OSError, ProcessLookupError):
            continue  # ended meanwhile
        pinned += 1
        pending.extend(_children(current))
    return pinned


def postmaster_pid(location: Path) -> int:
    """The pid of the running embedded Postgres at `location` (bench_database's `data`)."""
    from database.embedded import EmbeddedPostgres

    pid = EmbeddedPostgres(location, fast=True).running_pid()
    if pid is None:
        raise SystemExit(f"no embedded Postgres runs at {location}")
    return pid


def measure(
    env: dict[str, str],
    location: Path,
    script: Path,
    seconds: int,
    cpus: set[int],
    *,
    path: str,
    serve: Serve,
    load: Load,
) -> None:
    """Print `path`'s (the members list's) req/s on 1, 2 and 4 workers (as many as the
    server CPUs allow), the project and the floor, pinned per `plan`, or why it cannot
    measure; Postgres runs embedded at `location`."""
    from foundation.testing.live_server import free_port

    split = plan(cpus)
    if isinstance(split, str):
        print(f"workers that scale (--cores): {split}")
        return
    pinned = pin_tree(postmaster_pid(location), split.postgres)
    print(
        f"workers that scale: Postgres on CPUs {sorted(split.postgres)} ({pinned} processes),"
        f" wrk on {sorted(split.wrk)}, the servers on {sorted(split.servers)}"
    )
    taskset = ["taskset", "-c", ",".join(map(str, sorted(split.servers)))]
    wrk_cpus = ",".join(map(str, sorted(split.wrk)))
    results: dict[tuple[str, int], float] = {}
    for workers in split.workers:
        project, floor = free_port(), free_port()
        bases = {"project": f"http://127.0.0.1:{project}", "floor": f"http://127.0.0.1:{floor}"}
        project_args = [
            *(sys.executable, "-m", "cli.main", "product", "serve", "--port", str(project))
        ]
        floor_args = [
            *(sys.executable, "-m", "hypercorn", "--workers", str(workers)),
            *("--worker-class", "uvloop", "--bind", f"127.0.0.1:{floor}", "bench.floor_app:app"),
        ]
        connections = CONNECTIONS_PER_WORKER * workers
        with (
            serve(
                [*taskset, *project_args],
                {**env, "WEB_WORKERS": str(workers)},
                f"{bases['project']}/ping",
            ),
            serve([*taskset, *floor_args], env, f"{bases['floor']}/"),
        ):
            runs: dict[str, list[float]] = {"project": [], "floor": []}
            for base in bases.values():  # warm-up
                load(f"{base}/{path}", 2, connections, script=script, cpus=wrk_cpus)
            for _ in range(ROUNDS):  # alternating, so drift hits both alike
                for name, base in bases.items():
                    rps = load(
                        f"{base}/{path}", seconds, connections, script=script, cpus=wrk_cpus
                    )[0]
                    runs[name].append(rps)
        for name, values in runs.items():
            results[(name, workers)] = statistics.median(values)
    print(
        f"organization_members_list, wrk -c{CONNECTIONS_PER_WORKER} per worker, medians of"
        f" {ROUNDS} alternating rounds:"
    )
    print(f"  {'workers':>7} {'project':>9} {'floor':>9} {'/floor':>7} {'project /1':>10}")
    for workers in split.workers:
        ours, floor_rps = results[("project", workers)], results[("floor", workers)]
        print(
            f"  {workers:>7} {ours:9.0f} {floor_rps:9.0f} {ours / floor_rps:6.2f}x"
            f" {ours / results[('project', 1)]:9.2f}x"
        )
    if len(split.workers) < len(WORKER_COUNTS):
        print(f"  (only {len(split.servers)} CPU(s) left for the servers: no more workers)")
