"""`just bench-panopticon`: the console's searches as the data grows.

On an embedded Postgres of its own, two databases get data generated with set-based SQL:
the full size (1,000,000 users and 1,000,000 admin audit entries) and a hundredth of it.
Each is seeded once; then timing rounds alternate between them (small, full, small, ...,
each round a process of its own), so the machine's drift over the minutes hits both
sizes alike. In a round, the panopticon app (in that process, through its ASGI callable:
routing, session, the admin's role, validation, the queries and the JSON answer; no HTTP
server) answers each case below CALLS times in a row, signed in as a superadmin. It
prints p50 and p99 per case at both sizes (medians of the rounds), the full/hundredth
ratio of p50 (flat latency: about 1; issue 32 asks at most 1.2) with each round's, and
the EXPLAIN ANALYZE of each case's statements at full size (the last round), so a plan
that stops using its index shows.

    uv run just bench-panopticon                 # 1,000,000 and 10,000, 3 rounds each
    uv run just bench-panopticon --scale 0.1     # 100,000 and 1,000
    uv run just bench-panopticon --rounds 5
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.asgi import get_status
from bench.child import run_child

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FULL = {"users": 1_000_000, "audit": 1_000_000}
SMALL = 0.01
"""The baseline's size, as a share of the full one."""
CALLS = 200
WARM_UP = 20
FEWER_CALLS = {"users_search everyone's word": 20}
"""Cases that take about a second at full size: fewer calls (and a tenth the warm-up)."""
DAY = datetime.date(2026, 6, 15)
ROUNDS = 3
"""Timing rounds per size, alternating small and full (each a process of its own)."""


def _cases(middle_audit_id: str, middle_email: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Each case's RPC and input (the query string of a GET)."""
    from panopticon.inputs import encode_cursor

    return {
        "users_search email prefix": ("users_search", {"query": "bench-4242"}),
        "users_search name": ("users_search", {"query": "Bench 4242"}),
        # The two above match 111 users at 1,000,000 (4242, 42420-42429, 424200-424299)
        # and one at 10,000; these two match one user at either size: the same answer
        # from a table a hundred times larger.
        "users_search whole email, 1 match": (
            "users_search",
            {"query": "bench-4242@example.test"},
        ),
        "users_search name, 1 match": ("users_search", {"query": "4242 Bench"}),
        "users_search email domain": ("users_search", {"query": "@example.test"}),
        "users_search domain, by email": (
            "users_search",
            {"query": "@example.test", "sort": "email"},
        ),
        "users_search newest, no query": ("users_search", {}),
        "users_search by email, deep cursor": (
            "users_search",
            {"sort": "email", "cursor": encode_cursor("users-email", middle_email)},
        ),
        "audit_log_list first page": ("audit_log_list", {}),
        "audit_log_list by action": ("audit_log_list", {"action": "user.enable"}),
        "audit_log_list by target": ("audit_log_list", {"target": "usr_bench4242"}),
        "audit_log_list deep cursor": (
            "audit_log_list",
            {"cursor": encode_cursor("audit", middle_audit_id)},
        ),
        # Last (its scans of every row would evict the others' pages): a word every
        # user's name and email starts with, each match read and sorted (not flat).
        "users_search everyone's word": ("users_search", {"query": "bench"}),
    }


class _Recorder:
    """A connection for the generated queries that notes the statements and arguments a
    route's calls send, to EXPLAIN them, and runs them on `conn`: what they read back
    steers the next call as in the route (the count decides the walk)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.sent: list[tuple[str, tuple[Any, ...]]] = []

    async def fetch(self, sql: str, *args: Any) -> Any:
        self.sent.append((sql, args))
        return await self.conn.fetch(sql, *args)

    async def fetchrow(self, sql: str, *args: Any) -> Any:
        self.sent.append((sql, args))
        return await self.conn.fetchrow(sql, *args)

    async def fetchval(self, sql: str, *args: Any) -> Any:
        self.sent.append((sql, args))
        return await self.conn.fetchval(sql, *args)


async def _statements(case: str, data: dict[str, str]) -> list[tuple[str, tuple[Any, ...]]]:
    """The statements `case` runs (as panopticon's routes build their arguments)."""
    from panopticon.__codegen__.queries import Queries
    from panopticon.db import xact_admin
    from panopticon.inputs import decode_cursor
    from panopticon.users.routes import EMAIL_KEY, walk_rows

    filters: dict[str, Any] = dict.fromkeys(
        ("is_enabled", "verified", "has_mfa", "organization_id", "created_from", "created_before")
    )

    async def record(orm: Queries) -> None:
        if case.startswith("users_search"):
            query, sort = data.get("query", ""), data.get("sort", "newest")
            position = {
                "newest": {"before_id": "~"},
                "email": {
                    "after_email": (
                        decode_cursor("users-email", data.get("cursor"), EMAIL_KEY) or ""
                    )
                },
            }[sort]
            if query:
                search: dict[str, Any] = {
                    "id": query,
                    "email_prefix": query.lower(),
                    "domain": query.lower().removeprefix("@"),
                    "name_query": query,
                }
                total = await orm.users_search_count(**filters, **search, cap=10_001)
                page = {"newest": orm.users_search_newest, "email": orm.users_search_email_asc}
                walk = walk_rows(total, 50)
                await page[sort](**filters, **search, **position, row_limit=51, walk_rows=walk)
            else:
                listing = {"newest": orm.users_list_newest, "email": orm.users_list_email_asc}
                await listing[sort](**filters, **position, row_limit=51)
                await orm.users_count(**filters, cap=10_001)
        else:
            await orm.audit_list(
                admin_user_id=None,
                target=data.get("target"),
                action=data.get("action"),
                from_at=None,
                to_at=None,
                before_id=decode_cursor("audit", data.get("cursor")),
                row_limit=51,
            )

    async with xact_admin() as q:
        recorder = _Recorder(q.conn)
        await record(Queries(recorder))  # type: ignore[arg-type]
    return recorder.sent


async def _generate(scale: float) -> dict[str, Any]:
    """Seed this database at `scale`; what the timing rounds need to find it again."""
    from database.pool import close_pool
    from database.testing import harness
    from database.xact import xact_admin
    from panopticon.admins.admins import grant_admin

    sizes = {k: max(1, int(v * scale)) for k, v in FULL.items()}
    started = time.perf_counter()
    async with xact_admin() as q:
        orm = harness(q)
        await orm.test_bench_users(last_day=DAY, days=30, how_many=sizes["users"])
        admin = await orm.test_user_create(
            name="Bench Admin",
            email="bench-admin@example.test",
            password_hash=None,
            signup_step="complete",
            is_enabled=True,
            email_verified=True,
        )
    await grant_admin(admin.email, "superadmin")
    async with xact_admin() as q:
        await harness(q).test_bench_audit_rows(admin_user_id=admin.id, how_many=sizes["audit"])
        await harness(q).test_bench_analyze()
        await harness(q).test_bench_gin_flush()
        middle = await harness(q).test_bench_audit_middle()
    await close_pool()
    return {
        "sizes": sizes,
        "generate": time.perf_counter() - started,
        "admin_id": admin.id,
        "middle": middle,
        # The email in the middle of the users by email: a cursor as deep as a page can be.
        "middle_email": f"bench-{sizes['users'] // 2}@example.test",
    }


async def _time(given: dict[str, Any], explain_plans: bool) -> dict[str, Any]:
    """One timing round on this (seeded) database: every case, p50 and p99."""
    from database.pool import close_pool
    from database.testing import harness
    from database.testing.explain import explain
    from database.xact import xact_admin
    from foundation.auth.cookies import sign_session
    from foundation.base.clock import CLOCK
    from panopticon.app import create_panopticon_app
    from panopticon.framework import PANOPTICON

    async with xact_admin() as q:
        session = await harness(q).test_session_create(
            user_id=given["admin_id"],
            organization_id=None,
            app="panopticon",
            expires_at=CLOCK.now() + datetime.timedelta(days=1),
            impersonator_user_id=None,
        )
    cookie = f"{PANOPTICON.cookie}={sign_session(PANOPTICON.name, session.id)}"
    app: Any = create_panopticon_app()  # its ASGI callable, called with plain dicts

    async def call(path: str) -> int:
        return await get_status(app, path, cookie)

    results: dict[str, dict[str, Any]] = {}
    for case, (rpc, data) in _cases(given["middle"], given["middle_email"]).items():
        path = f"/rpc/{rpc}?{urlencode(data)}"
        calls = FEWER_CALLS.get(case, CALLS)
        for _ in range(WARM_UP * calls // CALLS):
            status = await call(path)
            assert status == 200, (case, status)
        times = []
        for _ in range(calls):
            t0 = time.perf_counter()
            await call(path)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        results[case] = {
            "p50": statistics.median(times),
            "p99": times[int(len(times) * 0.99) - 1],
        }
        if explain_plans:
            plans = []
            for sql, args in await _statements(case, data):
                async with xact_admin() as q:
                    plans.append(await explain(q, sql, *args, analyze=True))
            results[case]["plans"] = plans
    await close_pool()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--given", default="")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    if args.child:
        with Path(os.devnull).open("w") as devnull, contextlib.redirect_stderr(devnull):
            if args.generate:
                result = asyncio.run(_generate(args.scale))
            else:
                result = asyncio.run(_time(json.loads(args.given), args.explain))
        print(json.dumps(result))
        return
    from database.testing.databases import clone_database, dedicated_cluster

    with tempfile.TemporaryDirectory() as tmp, dedicated_cluster(Path(tmp)) as (cluster, url):
        server_url = cluster.ensure_running()
        urls = {"small": clone_database(server_url, "blossom", "bench_small"), "full": url}
        scales = {"small": args.scale * SMALL, "full": args.scale}
        given: dict[str, dict[str, Any]] = {}
        for size in ("small", "full"):
            print(f"generating at {scales[size]:g}x ...", file=sys.stderr)
            given[size] = run_child(
                __file__, ["--generate", "--scale", str(scales[size])], urls[size]
            )
        rounds: dict[str, list[dict[str, Any]]] = {"small": [], "full": []}
        for n in range(args.rounds):
            for size in ("small", "full"):  # alternating: drift hits both sizes alike
                print(f"timing round {n + 1} of {args.rounds} at {size} size ...", file=sys.stderr)
                last = n == args.rounds - 1 and size == "full"
                options = ["--given", json.dumps(given[size]), *(["--explain"] if last else [])]
                rounds[size].append(run_child(__file__, options, urls[size]))
    _report(given, rounds)


def _report(given: dict[str, dict[str, Any]], rounds: dict[str, list[dict[str, Any]]]) -> None:
    small, full = given["small"], given["full"]
    print(
        f"panopticon in-process, {CALLS} calls per case after {WARM_UP} warm-up calls"
        f" ({', '.join(f'{c}: {n}' for c, n in FEWER_CALLS.items())}),"
        f" {len(rounds['full'])} alternating rounds per size, medians of the rounds' p50 and"
        f" p99; sizes {full['sizes']} against {small['sizes']}"
        f" (generated in {full['generate']:.0f} s and {small['generate']:.1f} s)"
    )
    print(
        f"{'case':<34} {'small p50':>9} {'p99':>7} {'full p50':>9} {'p99':>7} {'full/small':>10}"
        "  each round's full/small"
    )
    for case in rounds["full"][-1]:
        base = _medians([r[case] for r in rounds["small"]])
        figures = _medians([r[case] for r in rounds["full"]])
        each = ", ".join(
            f"{f[case]['p50'] / s[case]['p50']:.2f}"
            for s, f in zip(rounds["small"], rounds["full"], strict=True)
        )
        print(
            f"{case:<34} {base['p50']:8.2f}ms {base['p99']:6.2f}ms {figures['p50']:8.2f}ms"
            f" {figures['p99']:6.2f}ms {figures['p50'] / base['p50']:9.2f}x  {each}"
        )
    for case, figures in rounds["full"][-1].items():
        print(f"\nEXPLAIN ANALYZE at full size: {case}")
        for plan in figures["plans"]:
            print(plan)


def _medians(figures: list[dict[str, Any]]) -> dict[str, float]:
    """The median over rounds of each round's p50 and p99."""
    return {key: statistics.median(f[key] for f in figures) for key in ("p50", "p99")}


if __name__ == "__main__":
    main()
