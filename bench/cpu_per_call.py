"""CPU time of one authenticated call in this process, straight through the product app's
ASGI callable (no HTTP server, no test client, no wrk): the members list and `init` on the
bench's seeded organizations. Other load on the machine moves this figure far less than
wrk's throughput, so it is the one to compare two checkouts with: run it in each, in turns.

    uv run python bench/cpu_per_call.py            # the whole stack
    NO_POLICY=1 uv run python bench/cpu_per_call.py  # without the exchange policy
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import time
from pathlib import Path
from typing import Any

from bench.asgi import get_status
from bench.product_http import bench_database, seed_owner_cookies

ROUNDS = 5
CALLS = 800


def main() -> None:
    with bench_database("cpu-bench-") as (_, settings):
        env = {**settings, "LOG_LEVEL": "warning"}
        cookies = seed_owner_cookies(env)
        from database.pool import close_pool
        from product.app import create_product_app

        app = create_product_app()
        asgi: Any = app.asgi_app  # what the server calls (`serve_worker`)
        if os.environ.get("NO_POLICY"):
            asgi = app.asgi_app.inner  # type: ignore[attr-defined]  # the endpoint alone

        async def call(path: str, cookie: str) -> int:
            return await get_status(asgi, path, cookie)

        async def run() -> dict[str, list[float]]:
            results: dict[str, list[float]] = {"organization_members_list": [], "init": []}
            for _ in range(ROUNDS):
                for name in results:
                    path = f"/rpc/{name}"
                    for i in range(50):
                        assert await call(path, cookies[i % len(cookies)]) == 200
                    started = time.process_time()
                    for i in range(CALLS):
                        await call(path, cookies[i % len(cookies)])
                    results[name].append((time.process_time() - started) / CALLS * 1e6)
            await close_pool()
            return results

        with Path(os.devnull).open("w") as devnull, contextlib.redirect_stderr(devnull):
            results = asyncio.run(run())
        for name, values in results.items():
            print(f"{name}: {statistics.median(values):.0f} us CPU/call (median of {ROUNDS})")


if __name__ == "__main__":
    main()
