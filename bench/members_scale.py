"""The members list at 10 and at 10,000 members (`just bench`, issue 32 "flat latency with
size"): keyset pages cost the same whatever the organization's size and however deep the
page.

Seeds two organizations set-based (`TestBenchScaleOrganization`: 10 and 10,000 members,
each with a signed-in owner), then alternating wrk runs of `organization_members_list`
with `limit=10` (a page the size of the small organization, so every answer carries the
same number of rows): the small organization's page, the large one's first page, and a
page deep in it (from the cursor after member 9,000). Prints each one's median req/s, p50
and p99 and its req/s as a ratio of the small organization's (the goal: the large pages
cost at most 1.2x, i.e. a ratio of at least 0.83), then the plans of the paginated query
at 10,000 members (generic, and EXPLAIN ANALYZE, in a customer transaction: RLS as in
production).
"""

from __future__ import annotations

import asyncio
import json
import secrets
import statistics
import urllib.parse
import urllib.request
from collections.abc import Callable

from database.testing import harness

SMALL, LARGE = 10, 10_000
DEEP = 9_000
"""The deep page starts after this member."""
LIMIT = 10
ROUNDS = 3
CONNECTIONS = 32

Wrk = Callable[..., tuple[float, float, float]]


def _page(base: str, cookie: str, cursor: str | None, limit: int) -> dict[str, object]:
    query = {"limit": str(limit), **({"cursor": cursor} if cursor else {})}
    url = f"{base}/rpc/organization_members_list?{urllib.parse.urlencode(query)}"
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _cursor_after(base: str, cookie: str, members: int) -> str:
    """The cursor after the first `members` members, walking the pages as a client does."""
    cursor: str | None = None
    for _ in range(members // 200):
        cursor = str(_page(base, cookie, cursor, 200)["next_cursor"])
    assert cursor is not None
    return cursor


def _seed() -> tuple[str, str]:
    """The signed cookies of the small and the large organization's owners."""
    from database.pool import close_pool
    from database.xact import xact_admin
    from foundation.auth.cookies import sign_session

    label = secrets.token_hex(4)

    async def run() -> tuple[str, str]:
        async with xact_admin() as q:
            small = await harness(q).test_bench_scale_organization(
                label=f"{label}-s", how_many=SMALL
            )
            large = await harness(q).test_bench_scale_organization(
                label=f"{label}-l", how_many=LARGE
            )
        async with xact_admin() as q:
            await harness(q).test_bench_analyze()
        await close_pool()
        return small, large

    small, large = asyncio.run(run())
    return tuple(f"blossom_session={sign_session('product', s)}" for s in (small, large))  # type: ignore[return-value]


def _plans(large_cookie_session: str, deep_cursor: str) -> list[tuple[str, str]]:
    """The plans of the members page at 10,000 members, the first and the deep one: the
    generic plan (the one the server's prepared statement settles on) and EXPLAIN
    ANALYZE of the plan for these values."""
    from database.pool import close_pool
    from database.testing.explain import explain
    from database.xact import xact_admin
    from foundation.auth.cookies import unsign_session
    from foundation.rpc.pages import Page
    from product.__codegen__.queries import ORGANIZATION_MEMBERS_LIST
    from product.db import DB

    session_id = unsign_session("product", large_cookie_session.split("=", 1)[1])
    assert session_id is not None

    async def run() -> list[tuple[str, str]]:
        async with xact_admin() as q:
            session = await harness(q).test_session_fetch(id=session_id)
        plans: list[tuple[str, str]] = []
        for label, cursor in (("first page", None), (f"after member {DEEP}", deep_cursor)):
            page = Page.of("members", cursor, LIMIT)
            args = (session.organization_id, page.after, page.fetch)
            for kind, options in (("generic", {"generic": True}), ("analyzed", {"analyze": True})):
                async with DB.xact_customer(
                    user=session.user_id, organization=session.organization_id
                ) as q:
                    plan = await explain(q, ORGANIZATION_MEMBERS_LIST, *args, **options)
                plans.append((f"{label}, {kind}", plan))
        await close_pool()
        return plans

    return asyncio.run(run())


def members_at_scale(base: str, seconds: int, wrk: Wrk) -> None:
    """Seed, check the pages, run alternating wrk rounds and print the table and plans.
    `wrk(url, seconds, connections, cookie=...)` is product_http's `_wrk_latency`."""
    small, large = _seed()
    deep = _cursor_after(base, large, DEEP)
    assert len(_page(base, small, None, LIMIT)["items"]) == SMALL  # type: ignore[arg-type]
    assert len(_page(base, large, deep, LIMIT)["items"]) == LIMIT  # type: ignore[arg-type]
    path = f"{base}/rpc/organization_members_list?limit={LIMIT}"
    runs = {
        f"{SMALL} members, the page": (path, small),
        f"{LARGE:,} members, first page": (path, large),
        f"{LARGE:,} members, after member {DEEP:,}": (
            f"{path}&cursor={urllib.parse.quote(deep)}",
            large,
        ),
    }
    for url, cookie in runs.values():  # warm the pool and the statement cache
        wrk(url, 1, CONNECTIONS, cookie=cookie)
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in runs}
    for _ in range(ROUNDS):
        for name, (url, cookie) in runs.items():
            results[name].append(wrk(url, seconds, CONNECTIONS, cookie=cookie))
    medians = {
        name: tuple(statistics.median(r[i] for r in rs) for i in range(3))
        for name, rs in results.items()
    }
    baseline = medians[f"{SMALL} members, the page"][0]
    print(
        f"organization_members_list at scale (limit={LIMIT}, one session, wrk -c{CONNECTIONS},"
        f" medians of {ROUNDS} alternating rounds; goal: req/s at least 1/1.2 = 0.83x):"
    )
    print(f"{'page':36} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'/10':>6}")
    for name, (rps, p50, p99) in medians.items():
        ratio = f"{rps / baseline:5.2f}x" if baseline else "   n/a"  # no request finished
        print(f"{name:36} {rps:7.0f} {p50:7.2f} {p99:7.2f} {ratio}")
    for label, plan in _plans(large, deep):
        print(f"plan at {LARGE:,} members, {label} (customer transaction):")
        print("\n".join(f"    {line}" for line in plan.splitlines()))
