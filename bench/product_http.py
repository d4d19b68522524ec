"""HTTP benchmark of the product app (`just bench`); `bench/README.md` explains the figures.

Starts a temporary embedded Postgres, the product app under hypercorn (one worker,
uvloop, production settings), the bare-ASGI floor (`floor_app.py`: same pool, same
SQL) and two peers (`peer_quart.py`: Quart + asyncpg with no layers; `peer_fastapi.py`:
FastAPI + SQLAlchemy async), then loads them from separate `wrk` processes. First two
authenticated reads, the members list (`organization_members_list`, 200 organizations x
10 members, a session per owner, requests cycling through the sessions) and `init`, on
all four, alternating runs, with the medians of req/s, p50 and p99 and the ratios to the
floor and to the FastAPI peer. Then the members list of an organization of 10 members
against one of 10,000 (first page and a page deep in it), as ratios, with the plans at
10,000 (`members_scale.py`). Then the members list on 2 hypercorn workers against 1;
requests/s and p99 latency for `/ping` and `login`; `/ping`'s p99 while 20 connections
keep logging in, against its idle p99 (is password hashing kept off the event loop?
`PASSWORD_HASH_THREADS` trades login throughput for it); and the database round trips
of one authenticated request, counted in-process. Then the same authenticated `init`
on a second server with metrics and tracing on (`instrumented_app.py`: in-memory span
exporter, metrics recorded and served), alternating with the plain server (no
METRICS_PORT: no metric recorded; no tracing): the throughput ratio, which should stay
at or above 0.90; and, since wrk's figures move with other load on the machine, the CPU
time per call of the same read in-process, off against on (its access log lines go to
/dev/null, not the terminal). Then the members list through PgBouncer in transaction mode
(`DATABASE_POOLER=pgbouncer`) against direct, when `pgbouncer` is installed.

    uv run python bench/product_http.py [--seconds 8] [--only-peers] [--only-pgbouncer]
        [--only-scale] [--cores]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import datetime
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.members_scale import members_at_scale
from database.testing import harness

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "benchmark password"
EMAIL = "bench@example.test"
ROUNDS = 3
"""Alternating idle/loaded `/ping` runs; their medians give the ratio (machines are noisy)."""
INSTRUMENTED_ROUNDS = 3
"""Alternating runs of `init` on the plain and the instrumented server."""
PEER_ROUNDS = 3
"""Alternating runs (A B C D A B C D ...) of the members list on the project and its peers."""
PEER_CONNECTIONS = 32
BENCH_ORGANIZATIONS = 200
BENCH_MEMBERS = 10
"""Members per bench organization (its owner included)."""


@contextmanager
def _server(args: list[str], env: dict[str, str], ping: str) -> Iterator[None]:
    from foundation.base.errors import ConfigurationError
    from foundation.testing.live_server import wait_for

    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(args, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            try:
                wait_for(ping)
            except ConfigurationError:
                log.seek(0)
                print(log.read().decode(errors="replace")[-3000:], file=sys.stderr)
                raise
            yield
        finally:
            process.terminate()
            process.wait(timeout=30)


def _to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _wrk(
    url: str,
    seconds: int,
    connections: int,
    *,
    cookie: str | None = None,
    script: Path | None = None,
) -> tuple[float, float]:
    """(requests/s, p99 ms) of one wrk run."""
    rps, _, p99 = _wrk_latency(url, seconds, connections, cookie=cookie, script=script)
    return rps, p99


def _wrk_latency(
    url: str,
    seconds: int,
    connections: int,
    *,
    cookie: str | None = None,
    script: Path | None = None,
    cpus: str | None = None,
) -> tuple[float, float, float]:
    """(requests/s, p50 ms, p99 ms) of one wrk run (on the CPUs `cpus` names, `0,1`)."""
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if cpus:
        args = ["taskset", "-c", cpus, *args]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    if script:
        args += ["-s", str(script)]
    output = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rps_match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50_match = re.search(r"50%\s+([\d.]+(?:us|ms|s))", output)
    p99_match = re.search(r"99%\s+([\d.]+(?:us|ms|s))", output)
    if rps_match is None or p50_match is None or p99_match is None:
        raise SystemExit(f"cannot read wrk's output for {url}:\n{output}")
    rps, p50 = float(rps_match.group(1)), _to_ms(p50_match.group(1))
    p99 = _to_ms(p99_match.group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{output}")
    return rps, p50, p99


def _ping_p99_under_logins(base: str, seconds: int, login_script: Path) -> float:
    """`/ping`'s p99 (one connection) while 20 more connections keep logging in."""
    load = subprocess.Popen(
        ["wrk", "-t1", "-c20", f"-d{seconds + 2}s", "-s", str(login_script), f"{base}/rpc/login"],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(1)
        return _wrk(f"{base}/ping", seconds, 1)[1]
    finally:
        load.wait()


def _post(url: str, body: bytes) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


@contextmanager
def bench_database(prefix: str) -> Iterator[tuple[Path, dict[str, str]]]:
    """A temporary embedded Postgres (destroyed at exit) with a migrated `bench` database:
    its work directory, and production settings pointing at it (fresh secrets)."""
    from database.connection import ensure_database, with_database
    from database.embedded import EmbeddedPostgres
    from database.migrate import migrate

    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    cluster = EmbeddedPostgres(workdir / "data", fast=True)
    try:
        server_url = cluster.ensure_running()
        ensure_database(server_url, "bench")
        url = with_database(server_url, "bench")
        migrate(url, progress=lambda _: None, write_schema=False)
        yield (
            workdir,
            {
                "DATABASE_URL": url,
                "BLOSSOM_ENV": "production",
                "SESSION_SECRET": secrets.token_urlsafe(48),
                "VAULT_KEYS": f"bench:{base64.b64encode(os.urandom(32)).decode()}",
            },
        )
    finally:
        cluster.destroy()
        shutil.rmtree(workdir, ignore_errors=True)


def seed_owner_cookies(env: dict[str, str]) -> list[str]:
    """Seed the bench organizations (set-based `TestBench...` queries) and one product
    session per owner; their signed cookies (this process reads `env` from here on, as the
    later in-process sections do)."""
    os.environ.update(env)
    from database.pool import close_pool
    from database.xact import xact_admin
    from foundation.auth.cookies import sign_session
    from foundation.base.clock import CLOCK
    from foundation.base.env import reload_env

    reload_env()  # whatever read the configuration before: the bench's database from here

    today = CLOCK.now().date()
    users = BENCH_ORGANIZATIONS * BENCH_MEMBERS

    async def run() -> list[str]:
        async with xact_admin() as q:
            orm = harness(q)
            await orm.test_bench_organizations(
                last_day=today, days=30, how_many=BENCH_ORGANIZATIONS
            )
            await orm.test_bench_users(last_day=today, days=30, how_many=users)
            await orm.test_bench_memberships()
            sessions = await orm.test_bench_owner_sessions()
        async with xact_admin() as q:
            await harness(q).test_bench_analyze()
        await close_pool()
        return sessions

    sessions = asyncio.run(run())
    assert len(sessions) == BENCH_ORGANIZATIONS, len(sessions)
    return [f"blossom_session={sign_session('product', s)}" for s in sessions]


def _answer(url: str, cookie: str) -> object:
    """What `url` answers, datetimes parsed (servers spell the offset apart)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
    for member in body["items"] if isinstance(body, dict) and "items" in body else []:
        member["joined_at"] = datetime.datetime.fromisoformat(member["joined_at"])
    return body


def _cookie_script(cookies: list[str], workdir: Path) -> Path:
    """A wrk script sending each request with the next of `cookies`."""
    script = workdir / "cookies.lua"
    listed = ",\n".join(f'  "{c}"' for c in cookies)
    script.write_text(
        f"local cookies = {{\n{listed}\n}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #cookies + 1\n"
        '  return wrk.format(nil, nil, {["Cookie"] = cookies[i]})\n'
        "end\n"
    )
    return script


PEER_PATHS = {
    "organization_members_list": "rpc/organization_members_list",
    "init": "rpc/init",
}


def _alternating(
    servers: dict[str, str], path: str, script: Path, seconds: int
) -> dict[str, tuple[float, ...]]:
    """`path` on each server: a warm-up, then PEER_ROUNDS alternating wrk runs; the
    medians of (req/s, p50 ms, p99 ms) per server."""
    for base in servers.values():  # warm the pools and statement caches
        _wrk_latency(f"{base}/{path}", 2, PEER_CONNECTIONS, script=script)
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in servers}
    for _ in range(PEER_ROUNDS):
        for name, base in servers.items():
            runs[name].append(
                _wrk_latency(f"{base}/{path}", seconds, PEER_CONNECTIONS, script=script)
            )
    return {
        name: tuple(statistics.median(r[i] for r in results) for i in range(3))
        for name, results in runs.items()
    }


def _peers(servers: dict[str, str], cookies: list[str], script: Path, seconds: int) -> None:
    """Each of PEER_PATHS on the project, the floor and the peers: the same answer from
    each, then alternating wrk runs; medians of req/s, p50, p99 and the ratios."""
    for label, path in PEER_PATHS.items():
        expected = _answer(f"{servers['floor']}/{path}", cookies[0])
        assert expected, f"the floor answers nothing for {path}"
        for name, base in servers.items():
            got = _answer(f"{base}/{path}", cookies[0])
            assert got == expected, f"{name} answers otherwise: {got!r} vs {expected!r}"
        medians = _alternating(servers, path, script, seconds)
        floor, fastapi = medians["floor"][0], medians["fastapi"][0]
        print(
            f"{label} signed in ({BENCH_ORGANIZATIONS} organizations x {BENCH_MEMBERS}"
            f" members, requests cycling through {len(cookies)} sessions),"
            f" wrk -c{PEER_CONNECTIONS}, medians of {PEER_ROUNDS} alternating rounds:"
        )
        print(
            f"{'server':42} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'/floor':>7} {'/FastAPI':>8}"
        )
        for name, server in PEER_LABELS.items():
            rps, p50, p99 = medians[name]
            print(
                f"{server:42} {rps:7.0f} {p50:7.2f} {p99:7.2f} {rps / floor:6.2f}x"
                f" {rps / fastapi:7.2f}x"
            )


def _machine_cpu() -> tuple[float, float]:
    """(busy, all) CPU seconds of the machine since boot (Linux's /proc/stat; zeros
    elsewhere)."""
    try:
        with Path("/proc/stat").open() as stat:
            fields = [int(n) for n in stat.readline().split()[1:]]
    except OSError:
        return 0.0, 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - fields[3] - fields[4]) / ticks, sum(fields) / ticks


def _workers(env: dict[str, str], ones: dict[str, str], script: Path, seconds: int) -> None:
    """The members list with 2 hypercorn workers against 1, on the project and on the
    floor (`ones`: their 1-worker servers of the peers table), alternating runs, medians,
    with how busy the machine's cores were during the 2-worker runs: a second worker can
    only use what Postgres and wrk leave of the cores."""
    from foundation.testing.live_server import free_port

    project, floor = free_port(), free_port()
    path = PEER_PATHS["organization_members_list"]
    twos = {"project": f"http://127.0.0.1:{project}", "floor": f"http://127.0.0.1:{floor}"}
    project_args = [sys.executable, "-m", "cli.main", "product", "serve", "--port", str(project)]
    floor_args = [  # hypercorn's own runner: the floor has no supervisor of its own
        *(sys.executable, "-m", "hypercorn", "--workers", "2", "--worker-class", "uvloop"),
        *("--bind", f"127.0.0.1:{floor}", "bench.floor_app:app"),
    ]
    connections = 2 * PEER_CONNECTIONS
    with (
        _server(project_args, {**env, "WEB_WORKERS": "2"}, f"{twos['project']}/ping"),
        _server(floor_args, env, f"{twos['floor']}/"),
    ):
        for base in twos.values():
            _wrk_latency(f"{base}/{path}", 2, connections, script=script)
        runs: dict[tuple[str, int], list[float]] = {}
        busy: list[float] = []
        for _ in range(PEER_ROUNDS):
            for name in ("project", "floor"):
                for workers, base in ((1, ones[name]), (2, twos[name])):
                    before = _machine_cpu()
                    rps = _wrk_latency(f"{base}/{path}", seconds, connections, script=script)[0]
                    after = _machine_cpu()
                    runs.setdefault((name, workers), []).append(rps)
                    if workers == 2 and after[1] > before[1]:
                        busy.append((after[0] - before[0]) / (after[1] - before[1]))
    print(
        f"organization_members_list, wrk -c{connections}, 2 hypercorn workers against 1"
        f" (medians of {PEER_ROUNDS} alternating rounds; {os.cpu_count()} cores shared with"
        " Postgres and wrk):"
    )
    for name in ("project", "floor"):
        single = statistics.median(runs[(name, 1)])
        double = statistics.median(runs[(name, 2)])
        print(
            f"  {PEER_LABELS[name]:40} 1 worker {single:5.0f} req/s, 2 workers {double:5.0f}"
            f" req/s: {double / single:.2f}x"
        )
    if busy:
        print(f"  the machine's cores were {statistics.median(busy):.0%} busy in the 2-worker runs")


def _through_pgbouncer(
    env: dict[str, str], direct: str, cookie: str, script: Path, seconds: int
) -> None:
    """The members list through PgBouncer in transaction mode (`DATABASE_POOLER=pgbouncer`:
    no named prepared statements, the session lookup in a transaction of its own) against
    the same server straight to Postgres, alternating runs, medians and the ratio."""
    from database.testing.pgbouncer import MISSING, pgbouncer, pgbouncer_binary
    from foundation.testing.live_server import free_port

    binary = pgbouncer_binary()
    if binary is None:
        print(f"organization_members_list through PgBouncer: skipped ({MISSING})")
        return
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    port = free_port()
    path = PEER_PATHS["organization_members_list"]
    with pgbouncer(
        env["DATABASE_URL"], pool_size=int(env.get("DATABASE_POOL_MAX_SIZE") or 10)
    ) as url:
        bounced_env = {
            **env,
            "DATABASE_URL": url,
            "DATABASE_POOLER": "pgbouncer",
            "DATABASE_DIRECT_URL": env["DATABASE_URL"],
        }
        bounced = f"http://127.0.0.1:{port}"
        args = [sys.executable, "-m", "cli.main", "product", "serve", "--port", str(port)]
        with _server(args, bounced_env, f"{bounced}/ping"):
            expected = _answer(f"{direct}/{path}", cookie)
            assert _answer(f"{bounced}/{path}", cookie) == expected, "PgBouncer answers otherwise"
            servers = {"direct": direct, "pgbouncer": bounced}
            medians = _alternating(servers, path, script, seconds)
    print(
        f"organization_members_list through {version.splitlines()[0]} (transaction mode,"
        f" DATABASE_POOLER=pgbouncer, no prepared statements) against direct, wrk"
        f" -c{PEER_CONNECTIONS}, medians of {PEER_ROUNDS} alternating rounds:"
    )
    for name, (rps, p50, p99) in medians.items():
        ratio = rps / medians["direct"][0]
        print(f"  {name:10} {rps:7.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  {ratio:.2f}x")


PEER_LABELS = {
    "floor": "floor: bare ASGI + asyncpg, same SQL",
    "quart": "Quart + asyncpg, no layers",
    "project": "this project",
    "fastapi": "FastAPI + SQLAlchemy async (asyncpg)",
}


def _round_trips(env: dict[str, str], cookie: str) -> int:
    """Round trips of one authenticated `init`, counted at asyncpg's connection methods."""
    os.environ.update(env)
    import asyncpg

    from database.pool import close_pool
    from foundation.testing.rpc_client import RPCClient
    from product.app import create_product_app

    calls: list[str] = []
    for name in ("execute", "executemany", "fetch", "fetchrow", "fetchval"):
        original = getattr(asyncpg.Connection, name)

        def counted(self, *args, _name=name, _f=original, **kwargs):
            calls.append(_name)
            return _f(self, *args, **kwargs)

        setattr(asyncpg.Connection, name, counted)

    async def run() -> int:
        client = RPCClient(create_product_app())
        name, value = cookie.split("=", 1)
        await client.call("init", cookies={name: value})  # warm the statement cache
        calls.clear()
        await client.call("init", cookies={name: value})
        await close_pool()
        return len(calls)

    with Path(os.devnull).open("w") as devnull, contextlib.redirect_stderr(devnull):
        return asyncio.run(run())


def _instrumented_ratio(env: dict[str, str], plain: str, cookie: str, seconds: int) -> None:
    """`init`'s throughput with metrics and tracing on (every call traced, and the default
    OTEL_TRACES_SAMPLER_ARG share) against both off: same database, alternating runs,
    medians."""
    from foundation.base.env import ENV
    from foundation.testing.live_server import free_port

    default_ratio = ENV.otel_traces_sampler_arg
    servers = []
    for ratio in (default_ratio, 1.0):
        port, metrics_port = free_port(), free_port()
        args = [sys.executable, "bench/instrumented_app.py", str(port), str(metrics_port)]
        servers.append((ratio, f"http://127.0.0.1:{port}", metrics_port, [*args, str(ratio)]))
    with (
        _server(servers[0][3], env, f"{servers[0][1]}/ping"),
        _server(servers[1][3], env, f"{servers[1][1]}/ping"),
    ):
        runs: dict[str, list[float]] = {"off": [], **{s[1]: [] for s in servers}}
        for _ in range(INSTRUMENTED_ROUNDS):
            runs["off"].append(_wrk(f"{plain}/rpc/init", seconds, 16, cookie=cookie)[0])
            for _, url, _, _ in servers:
                runs[url].append(_wrk(f"{url}/rpc/init", seconds, 16, cookie=cookie)[0])
        for _, _, metrics_port, _ in servers:
            with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics") as response:
                scraped = response.read().decode()
            assert 'blossom_rpc_requests_total{app="product"' in scraped, "no metrics recorded"
    off = statistics.median(runs["off"])
    print(f"init, metrics and tracing off        {off:9.0f} req/s")
    for ratio, url, _, _ in servers:
        on = statistics.median(runs[url])
        print(
            f"init, metrics + tracing {ratio:4.0%} traced {on:9.0f} req/s: {on / off:.2f}x"
            f" throughput (median of {INSTRUMENTED_ROUNDS} alternating runs; goal >= 0.90x)"
        )


def _cpu_ratio(env: dict[str, str], cookie: str, calls: int = 1500) -> None:
    """CPU time of one authenticated `init` in this process (the app without hypercorn),
    metrics and tracing off against on (10% and 100% traced, in-memory exporter): a
    figure other load on the machine barely moves, unlike wrk's throughput."""
    os.environ.update(env)
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from database.pool import close_pool
    from foundation.base.observability import metrics
    from foundation.base.observability.tracing import init_tracing, stop_tracing
    from foundation.testing.rpc_client import RPCClient
    from product.app import create_product_app

    name, value = cookie.split("=", 1)

    async def run() -> dict[str, list[float]]:
        client = RPCClient(create_product_app())
        results: dict[str, list[float]] = {"off": [], "10%": [], "100%": []}
        for _ in range(ROUNDS):
            for mode in results:
                metrics._Recording.on = mode != "off"  # pyright: ignore[reportPrivateUsage]
                if mode != "off":
                    ratio = 0.1 if mode == "10%" else 1.0
                    init_tracing(
                        "product", exporter=InMemorySpanExporter(), batch=True, ratio=ratio
                    )
                for _ in range(100):
                    await client.call("init", cookies={name: value})
                started = time.process_time()
                for _ in range(calls):
                    await client.call("init", cookies={name: value})
                results[mode].append((time.process_time() - started) / calls * 1e6)
                stop_tracing()
        await close_pool()
        return results

    with Path(os.devnull).open("w") as devnull, contextlib.redirect_stderr(devnull):
        results = asyncio.run(run())
    off = statistics.median(results["off"])
    for mode, values in results.items():
        cpu = statistics.median(values)
        print(
            f"init CPU in-process, metrics+tracing {mode:>4}: {cpu:6.0f} us/call,"
            f" {off / cpu:.2f}x of off's throughput (median of {ROUNDS})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="HTTP benchmark of the product app")
    parser.add_argument("--seconds", type=int, default=8, help="duration of each wrk run")
    parser.add_argument(
        "--only-peers", action="store_true", help="only the members list against the peers"
    )
    parser.add_argument(
        "--only-pgbouncer",
        action="store_true",
        help="only the members list through PgBouncer against direct",
    )
    parser.add_argument(
        "--only-scale",
        action="store_true",
        help="only the members list at 10 against 10,000 members",
    )
    parser.add_argument(
        "--cores",
        action="store_true",
        help="only the members list on 1, 2 and 4 workers, Postgres, wrk and the servers"
        " pinned to separate CPUs (needs at least 4)",
    )
    options = parser.parse_args()
    seconds = options.seconds
    sys.path.insert(0, str(REPO))
    from bench.scaling import measure, plan

    cpus = os.sched_getaffinity(0)
    if options.cores and isinstance(plan(cpus), str):
        print(f"workers that scale (--cores): {plan(cpus)}")
        return
    if shutil.which("wrk") is None:
        raise SystemExit(
            "wrk is not installed: `apt-get install wrk` (Debian/Ubuntu), `brew install wrk`"
            " (macOS), or build it from its source (github.com/wg/wrk)"
        )
    from foundation.auth.passwords import hashing_threads
    from foundation.auth.ratelimit import unlimited
    from foundation.testing.live_server import free_port

    with bench_database("blossom-bench-") as (workdir, settings):
        env = {
            **os.environ,
            **settings,
            "WEB_WORKERS": "1",
            # The bench logs in thousands of times from one address: measure the login
            # path, not the rate limit refusing it.
            "RATE_LIMITS": unlimited(),
            # Signups measure this machine, not Have I Been Pwned's answer time.
            "PWNED_PASSWORDS": "off",
        }
        cookies = seed_owner_cookies(env)
        ours, floor, quart, fastapi = free_port(), free_port(), free_port(), free_port()
        python = sys.executable
        with (
            _server(
                [python, "-m", "cli.main", "product", "serve", "--port", str(ours)],
                env,
                f"http://127.0.0.1:{ours}/ping",
            ),
            _server([python, "bench/floor_app.py", str(floor)], env, f"http://127.0.0.1:{floor}/"),
            _server(
                [python, "bench/peer_quart.py", str(quart)],
                env,
                f"http://127.0.0.1:{quart}/ping",
            ),
            _server(
                [python, "bench/peer_fastapi.py", str(fastapi)],
                env,
                f"http://127.0.0.1:{fastapi}/ping",
            ),
        ):
            base = f"http://127.0.0.1:{ours}"
            signup = {"name": "B", "email": EMAIL, "password": PASSWORD, "organization_name": "B"}
            headers, _ = _post(f"{base}/rpc/signup", json.dumps(signup).encode())
            cookie = headers["set-cookie"].split(";", 1)[0]
            login_script = workdir / "login.lua"
            login_script.write_text(
                'wrk.method = "POST"\n'
                'wrk.headers["Content-Type"] = "application/json"\n'
                f'wrk.body = \'{{"email": "{EMAIL}", "password": "{PASSWORD}"}}\'\n'
            )
            threads = hashing_threads(int(env.get("PASSWORD_HASH_THREADS") or 0), os.cpu_count())
            print(
                f"each run: wrk, 1 thread, {seconds}s; server: 1 hypercorn worker (uvloop),"
                f" {threads} password hashing thread(s) (PASSWORD_HASH_THREADS)"
            )
            script = _cookie_script(cookies, workdir)
            if options.only_pgbouncer:
                _through_pgbouncer(env, base, cookies[0], script, seconds)
                return
            if options.cores:
                measure(
                    *(env, workdir / "data", script, seconds, cpus),
                    path=PEER_PATHS["organization_members_list"],
                    serve=_server,
                    load=_wrk_latency,
                )
                return
            if options.only_scale:
                members_at_scale(base, seconds, _wrk_latency)
                return
            _peers(
                {  # the order of each round
                    "project": base,
                    "floor": f"http://127.0.0.1:{floor}",
                    "quart": f"http://127.0.0.1:{quart}",
                    "fastapi": f"http://127.0.0.1:{fastapi}",
                },
                cookies,
                script,
                seconds,
            )
            if options.only_peers:
                return
            members_at_scale(base, seconds, _wrk_latency)
            _workers(env, {"project": base, "floor": f"http://127.0.0.1:{floor}"}, script, seconds)
            _through_pgbouncer(env, base, cookies[0], script, seconds)
            rps, p99 = _wrk(f"{base}/ping", seconds, 16)
            print(f"/ping                     {rps:9.0f} req/s   p99 {p99:7.2f} ms")
            _instrumented_ratio(env, base, cookie, seconds)
            _cpu_ratio(env, cookie)
            rps, p99 = _wrk(f"{base}/rpc/login", seconds, 4, script=login_script)
            print(f"login                     {rps:9.0f} req/s   p99 {p99:7.2f} ms")
            idle, loaded = [], []
            for _ in range(ROUNDS):  # alternate, so drift hits both sides alike
                idle.append(_wrk(f"{base}/ping", seconds, 1)[1])
                loaded.append(_ping_p99_under_logins(f"{base}", seconds, login_script))
            idle_p99, loaded_p99 = statistics.median(idle), statistics.median(loaded)
            print(
                f"/ping p99 (median of {ROUNDS} alternating runs) idle {idle_p99:.2f} ms,"
                f" under 20 concurrent logins {loaded_p99:.2f} ms ({loaded_p99 / idle_p99:.2f}x)"
            )
            print(f"database round trips per authenticated init: {_round_trips(env, cookie)}")


if __name__ == "__main__":
    main()
