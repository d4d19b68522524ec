"""`just bench-pipeline`: the pipeline's cost as the data grows.

On an embedded Postgres of its own, two databases get the same shape of data generated
with set-based SQL over 30 days: the full size (100,000 users, 10,000 organizations,
1,000,000 product sessions, 10,000 invites and 10,000 failed logins) and a tenth of it.
Each then times one day's materialization of every analytics asset (fill and checks, in
its transaction), a 30-day backfill (every asset's SQL day after day, then the same days
through Dagster: `blossom pipeline backfill`, one run per day; the difference is Dagster's
overhead) and one housekeeping run. Prints the figures, the full/tenth ratios
(about 10 means linear), and the EXPLAIN ANALYZE of the heaviest asset's fill.

    uv run just bench-pipeline            # both sizes
    uv run just bench-pipeline --scale 0.01
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.child import run_child
from database.testing import harness

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FULL = {
    "users": 100_000,
    "organizations": 10_000,
    "sessions": 1_000_000,
    "invites": 10_000,
    "login_failures": 10_000,
}
DAYS = 30
DAY = datetime.date(2026, 6, 15)
"""The day materialized: the last of the generated history."""


async def _child(scale: float) -> dict[str, object]:
    from database.testing.explain import explain
    from database.xact import xact_admin
    from pipeline.__codegen__ import queries
    from pipeline.analytics import ANALYTICS
    from pipeline.db import pipeline_transaction
    from pipeline.housekeeping import housekeep

    sizes = {k: max(1, int(v * scale)) for k, v in FULL.items()}
    timings: dict[str, float] = {}
    started = time.perf_counter()
    async with xact_admin() as q:
        orm = harness(q)
        await orm.test_bench_organizations(last_day=DAY, days=DAYS, how_many=sizes["organizations"])
        await orm.test_bench_users(last_day=DAY, days=DAYS, how_many=sizes["users"])
        await orm.test_bench_memberships()
        await orm.test_bench_sessions(last_day=DAY, days=DAYS, how_many=sizes["sessions"])
        await orm.test_bench_invites(last_day=DAY, days=DAYS, how_many=sizes["invites"])
        await orm.test_bench_login_failures(
            last_day=DAY, days=DAYS, how_many=sizes["login_failures"]
        )
    async with xact_admin() as q:
        await harness(q).test_bench_analyze()
    timings["generate"] = time.perf_counter() - started
    seconds, rows = await _materialize([DAY])
    timings.update(seconds)
    timings["materialize_all"] = sum(timings[n] for n in ANALYTICS)
    heaviest = max(ANALYTICS, key=lambda n: timings[n])
    plan = ""

    class Rollback(Exception):
        pass

    try:
        async with pipeline_transaction() as q:
            await ANALYTICS[heaviest].clear(q, DAY)
            sql = getattr(queries, heaviest.upper() + "_FILL")
            plan = await explain(q, sql, DAY, analyze=True)
            raise Rollback
    except Rollback:
        pass
    backfill = await _backfill()
    t0 = time.perf_counter()
    counts = await housekeep(
        now=datetime.datetime(2026, 6, 16, tzinfo=datetime.UTC) + datetime.timedelta(days=31)
    )
    timings["housekeeping"] = time.perf_counter() - t0
    return {
        "scale": scale,
        "sizes": sizes,
        "timings": timings,
        "rows": rows,
        "housekeeping": counts.by_kind,
        "heaviest": heaviest,
        "plan": plan,
        "backfill": backfill,
    }


async def _materialize(days: list[datetime.date]) -> tuple[dict[str, float], dict[str, int]]:
    """Every analytics asset's fill and checks for each of `days`, in SQL (no Dagster):
    the seconds each asset took over all of them, and the rows each wrote on the last."""
    from pipeline.analytics import ANALYTICS
    from pipeline.assets import materialize_day

    seconds = dict.fromkeys(ANALYTICS, 0.0)
    rows: dict[str, int] = {}
    for day in days:
        for name, analytics in ANALYTICS.items():
            t0 = time.perf_counter()
            result = await materialize_day(analytics, day)
            seconds[name] += time.perf_counter() - t0
            rows[name] = result.rows
            assert all(c.passed for c in result.checks), (name, day, result.checks)
    return seconds, rows


async def _backfill() -> dict[str, object]:
    """The 30 days backfilled twice: in SQL (`_materialize`, the SQL's share), then
    through Dagster (`blossom pipeline backfill`: one recorded run per day, in this
    process); the difference is Dagster's overhead."""
    import asyncio

    from dagster import DagsterInstance

    from pipeline.backfill import backfill_days

    days = [DAY - datetime.timedelta(days=n) for n in reversed(range(DAYS))]
    per_asset, _rows = await _materialize(days)
    sql = sum(per_asset.values())
    with tempfile.TemporaryDirectory() as home:
        instance = DagsterInstance.local_temp(home, overrides={"telemetry": {"enabled": False}})
        t0 = time.perf_counter()
        done = await asyncio.to_thread(backfill_days, days, [], instance=instance)
        dagster = time.perf_counter() - t0
    return {
        "days": len(days),
        "runs": len(done.run_ids),
        "sql_seconds": sql,
        "sql_per_asset": per_asset,
        "dagster_seconds": dagster,
        "overhead_seconds": dagster - sql,
        "failed": [*done.failed_runs, *done.failed_checks],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if args.child:
        from pipeline.db import run_with_pool

        print(json.dumps(run_with_pool(lambda: _child(args.scale))))
        return
    from database.testing.databases import clone_database, dedicated_cluster

    with tempfile.TemporaryDirectory() as tmp, dedicated_cluster(Path(tmp)) as (cluster, url):
        server_url = cluster.ensure_running()
        small_url = clone_database(server_url, "blossom", "bench_small")
        print(f"generating and timing at {args.scale / 10:g}x ...", file=sys.stderr)
        small = run_child(__file__, ["--scale", str(args.scale / 10)], small_url)
        print(f"generating and timing at {args.scale:g}x ...", file=sys.stderr)
        full = run_child(__file__, ["--scale", str(args.scale)], url)
    _report(small, full)


def _report(small: dict[str, object], full: dict[str, object]) -> None:
    st = small["timings"]
    ft = full["timings"]
    assert isinstance(st, dict) and isinstance(ft, dict)
    print(f"sizes: {full['sizes']} vs a tenth: {small['sizes']}")
    print(f"{'step':<30} {'tenth (s)':>10} {'full (s)':>10} {'ratio':>7}")
    for step in [*[k for k in ft if k not in ("generate",)], "generate"]:
        print(
            f"{step:<30} {st[step]:>10.3f} {ft[step]:>10.3f} {ft[step] / max(st[step], 1e-9):>7.1f}"
        )
    for label, result in (("a tenth", small), ("full", full)):
        b = result["backfill"]
        assert isinstance(b, dict)
        print(
            f"{b['days']}-day backfill at {label}: through Dagster {b['dagster_seconds']:.1f} s "
            f"({b['runs']} runs), of which SQL {b['sql_seconds']:.1f} s and Dagster's "
            f"overhead {b['overhead_seconds']:.1f} s ({b['overhead_seconds'] / b['days']:.2f} "
            f"s a run); goal: under 60 s ({b['dagster_seconds'] / 60:.2f}x of it)"
        )
        if b["failed"]:
            print(f"  FAILED: {b['failed']}")
        per_asset = ", ".join(f"{k} {v:.1f} s" for k, v in b["sql_per_asset"].items())
        print(f"  SQL per asset over the {b['days']} days: {per_asset}")
    print(f"rows written (full): {full['rows']}")
    print(f"housekeeping (full): {full['housekeeping']}")
    print(f"\nEXPLAIN ANALYZE of the heaviest fill ({full['heaviest']}, full size):")
    print(full["plan"])


if __name__ == "__main__":
    main()
