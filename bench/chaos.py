"""`just chaos`: fault injection against real servers, printing the figures.

Each scenario runs real processes on this machine (hypercorn servers, an embedded
Postgres of their own) and measures from outside, as a client would:

1. SIGTERM with requests in flight: how many are dropped, with 1, 2 and 4 workers, when
   the server alone or its whole process group is signalled; how long the process takes
   to exit when requests outlive the grace period (they get 503).
2. Postgres stopped under load: time to the first 503, log volume during the outage,
   time to recover after Postgres is back.
3. A table locked by another session with 30 requests piled on it: latency and 503s of
   anonymous `init` meanwhile, with the per-route bulkhead (DATABASE_ROUTE_MAX_SHARE)
   off and on, and how the requests that need the table are answered.
4. Login guessing: passwords evaluated when 30 and 100 wrong guesses arrive at once.

    uv run just chaos [sigterm outage locked guessing]   # every section, or those named
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from database.connection import database_url  # noqa: E402
from database.testing.contention import table_locked  # noqa: E402
from database.testing.databases import dedicated_cluster  # noqa: E402
from foundation.testing.drain_app import NAP_STARTED  # noqa: E402
from foundation.testing.live_server import live_server  # noqa: E402

PASSWORD = "a long enough password"
PRODUCT = ["-m", "cli.main", "product", "serve"]


def row(*cells: object) -> None:
    print("  " + "".join(f"{c!s:<26}" for c in cells))


async def _until(condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("a scenario did not reach its next step in time")
        await asyncio.sleep(0.01)


async def _drain_run(workers: int, whole_group: bool, nap: float, grace: float) -> tuple:
    """(dropped, answered 503, seconds from SIGTERM to exit) for 32 requests in flight."""
    env = {"WEB_SHUTDOWN_GRACE_SECONDS": str(grace), "LOG_FORMAT": "json"}
    args = ["-m", "foundation.testing.drain_app", "--workers", str(workers)]
    with live_server(args, env, own_process_group=True) as server:
        limits = httpx.Limits(max_connections=64)
        async with httpx.AsyncClient(base_url=server.url, timeout=120, limits=limits) as http:
            naps = [
                asyncio.ensure_future(http.post("/rpc/nap", json={"seconds": nap}))
                for _ in range(32)
            ]
            await _until(lambda: server.output().count(NAP_STARTED) >= 32)
            started = time.monotonic()
            if whole_group:
                os.killpg(server.process.pid, signal.SIGTERM)
            else:
                server.process.send_signal(signal.SIGTERM)
            answers = await asyncio.gather(*naps, return_exceptions=True)
            await _until(lambda: server.process.poll() is not None, 120)
            exited = time.monotonic() - started
    statuses = [a.status_code if isinstance(a, httpx.Response) else None for a in answers]
    return statuses.count(None), statuses.count(503), exited


async def sigterm() -> None:
    print("\n1. SIGTERM with 32 requests in flight (2 s each, grace 10 s)")
    print("   before (issue): 2 workers dropped 13-17 of 32 (server signalled), 23-24 (group)")
    row("workers", "signalled", "dropped", "exit after SIGTERM")
    for workers in (1, 2, 4):
        for group in (False, True):
            dropped, _, exited = await _drain_run(workers, group, nap=2, grace=10)
            row(
                workers,
                "process group" if group else "server",
                f"{dropped} of 32",
                f"{exited:.1f} s",
            )
    dropped, unavailable, exited = await _drain_run(2, True, nap=60, grace=10)
    print("   requests outliving a 10 s grace (before: the process lingered 23.7 s):")
    row("2 workers, group", f"dropped {dropped}", f"503 {unavailable}", f"exit {exited:.1f} s")


async def outage(directory: Path) -> None:
    print("\n2. Postgres stopped under load (product server, its own embedded Postgres)")
    print("   before (issue): 500 UnknownError with a 3 KB traceback each, 5 MB of log in 7 s")
    with (
        dedicated_cluster(directory) as (cluster, url),
        live_server(PRODUCT, {"DATABASE_URL": url, "LOG_FORMAT": "json"}) as server,
    ):
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            logged_before = len(server.output())
            stopped = time.monotonic()
            cluster.stop()
            while (await http.get("/rpc/init")).status_code != 503:
                pass
            first_503 = time.monotonic() - stopped
            requests, outage_started = 0, time.monotonic()
            while time.monotonic() - outage_started < 7:
                await asyncio.gather(*(http.get("/rpc/init") for _ in range(10)))
                requests += 10
            outage_log = server.output()[logged_before:]
            warnings = outage_log.count('"database unavailable"')
            cluster.ensure_running()
            back = time.monotonic()
            while (await http.get("/rpc/init")).status_code != 200:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            recovered = time.monotonic() - back
    row("first 503 after stop", f"{first_503 * 1000:.0f} ms")
    row(
        "7 s outage",
        f"{requests} requests",
        f"{warnings} warning lines",
        f"log {len(outage_log) / 1024:.0f} KB (access log incl.)",
    )
    print(f"   tracebacks in the outage log: {outage_log.count('Traceback')}")
    row("recovery after start", f"{recovered * 1000:.0f} ms")


PILE = 30
INITS = 20


async def _pile_on_locked_table(url: str, share: float, run: int) -> dict[str, float]:
    """A product server with DATABASE_ROUTE_MAX_SHARE `share` (default pool of 10, 5 s
    acquire, lock_timeout 2 s): PILE members lists stuck on a locked table, and INITS
    anonymous inits sent meanwhile, one every 50 ms (each timed on its own)."""
    env = {"DATABASE_URL": url, "LOG_FORMAT": "json", "DATABASE_ROUTE_MAX_SHARE": str(share)}
    with live_server(PRODUCT, env) as server:
        async with (
            httpx.AsyncClient(base_url=server.url, timeout=60) as http,
            httpx.AsyncClient(base_url=server.url, timeout=60) as anonymous,  # no cookie jar
        ):
            signup = await http.post(
                "/rpc/signup",
                json={
                    "name": "Ada",
                    "email": f"ada-{run}@example.test",
                    "password": PASSWORD,
                    "organization_name": "Co",
                },
            )
            cookie = {"blossom_session": signup.cookies["blossom_session"]}

            async def timed(call) -> tuple[int, float]:  # type: ignore[no-untyped-def]
                started = time.monotonic()
                answer = await call()
                return answer.status_code, (time.monotonic() - started) * 1000

            with table_locked(url, "organizations_users"):
                stuck = [
                    asyncio.ensure_future(
                        timed(lambda: http.get("/rpc/organization_members_list", cookies=cookie))
                    )
                    for _ in range(PILE)
                ]
                await asyncio.sleep(0.1)
                inits = []
                for _ in range(INITS):
                    inits.append(asyncio.ensure_future(timed(lambda: anonymous.get("/rpc/init"))))
                    await asyncio.sleep(0.05)
                init_answers = await asyncio.gather(*inits)
                stuck_answers = await asyncio.gather(*stuck)
    init_ms = sorted(ms for _, ms in init_answers)
    return {
        "p50": statistics.median(init_ms),
        "p99": statistics.quantiles(init_ms, n=100, method="inclusive")[98],
        "max": init_ms[-1],
        "init 503": sum(status == 503 for status, _ in init_answers),
        "init other": sum(status not in (200, 503) for status, _ in init_answers),
        "stuck 200": sum(status == 200 for status, _ in stuck_answers),
        "stuck 503": sum(status == 503 for status, _ in stuck_answers),
        "stuck max": max(ms for _, ms in stuck_answers),
    }


async def locked_table(directory: Path) -> None:
    print("\n3. A table locked by another session (lock_timeout 2 s, pool of 10, 5 s acquire)")
    print("   before (issue 1): every RPC, anonymous init included, waited 30 s, then 504")
    print("   before (issue 2): 30 piled on it, init waited up to 5 s and 2 of 21 got 503")
    print(
        f"   {PILE} members lists stuck on the table, {INITS} anonymous inits meanwhile "
        "(one every 50 ms):"
    )
    row("bulkhead", "init p50 / p99 / max", "init 503", "stuck: 200 / 503, max")
    figures = {}
    with dedicated_cluster(directory) as (_, url):
        for run, (label, share) in enumerate((("off (share 1.0)", 1.0), ("on (share 0.5)", 0.5))):
            f = figures[share] = await _pile_on_locked_table(url, share, run)
            row(
                label,
                f"{f['p50']:.0f} / {f['p99']:.0f} / {f['max']:.0f} ms",
                f"{f['init 503']:.0f} of {INITS}"
                + (f" ({f['init other']:.0f} other)" if f["init other"] else ""),
                f"{f['stuck 200']:.0f} / {f['stuck 503']:.0f}, {f['stuck max'] / 1000:.1f} s",
            )
    off, on = figures[1.0], figures[0.5]
    print(
        "   init latency off / on: "
        + ", ".join(f"{k} {off[k] / on[k]:.0f}x" for k in ("p50", "p99", "max"))
    )


async def guessing(directory: Path) -> None:
    print("\n4. Concurrent wrong passwords for one email from one client")
    print("   before (issue): every guess of a burst evaluated (30 of 30, 100 of 100)")
    with (
        dedicated_cluster(directory) as (_, url),
        live_server(PRODUCT, {"DATABASE_URL": url, "LOG_FORMAT": "json"}) as server,
    ):
        async with httpx.AsyncClient(base_url=server.url, timeout=120) as http:
            for burst in (30, 100):
                email = f"burst-{burst}@example.test"
                await http.post(
                    "/rpc/signup",
                    json={
                        "name": "A",
                        "email": email,
                        "password": PASSWORD,
                        "organization_name": "Co",
                    },
                )
                answers = await asyncio.gather(
                    *(
                        http.post("/rpc/login", json={"email": email, "password": f"no {n}!"})
                        for n in range(burst)
                    )
                )
                evaluated = sum(a.json().get("error") == "InvalidCredentialsError" for a in answers)
                row(f"burst of {burst}", f"{evaluated} evaluated")


SECTIONS = ("sigterm", "outage", "locked", "guessing")


async def main(sections: list[str]) -> None:
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise SystemExit(f"unknown sections {sorted(unknown)}: choose from {', '.join(SECTIONS)}")
    chosen = sections or SECTIONS
    os.environ.setdefault("DATABASE_URL", database_url())
    if "sigterm" in chosen:
        await sigterm()
    with tempfile.TemporaryDirectory() as scratch:
        if "outage" in chosen:
            await outage(Path(scratch) / "outage")
        if "locked" in chosen:
            await locked_table(Path(scratch) / "locked")
        if "guessing" in chosen:
            await guessing(Path(scratch) / "guessing")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
