"""Postgres in trouble under a real server (`blossom product serve`, hypercorn, with an
embedded Postgres of its own): a table locked by another session (briefly, then with
requests piled on it for as long as it stays locked), then Postgres stopped and
restarted. Typed 503s quickly, the rest keeps answering, one log line per second
instead of a traceback per request, no acknowledged write lost, recovery without a
restart. The longer scenarios and their figures: `uv run just chaos`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import httpx
import pytest

from database.embedded import EmbeddedPostgres
from database.testing.contention import lock_waiters, table_locked
from database.testing.databases import dedicated_cluster
from foundation.testing.live_server import LiveServer, live_server
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

SERVE = ["-m", "cli.main", "product", "serve"]
PASSWORD = "a long enough password"


def _signup(http: httpx.Client, email: str) -> httpx.Response:
    body = {"name": "Ada", "email": email, "password": PASSWORD, "organization_name": "Co"}
    return http.post("/rpc/signup", json=body)


def _login(http: httpx.Client, email: str) -> httpx.Response:
    return http.post("/rpc/login", json={"email": email, "password": PASSWORD})


SETTINGS = {
    "LOG_FORMAT": "json",
    "DATABASE_POOL_MAX_SIZE": "3",
    "DATABASE_LOCK_TIMEOUT_SECONDS": "0.3",
    "DATABASE_ACQUIRE_TIMEOUT_SECONDS": "2",
}


@dataclass
class Stack:
    cluster: EmbeddedPostgres
    url: str
    server: LiveServer


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedPostgres, str]]:
    with dedicated_cluster(tmp_path_factory.mktemp("outage")) as (cluster, url):
        yield cluster, url


@pytest.fixture(scope="module")
def stack(cluster: tuple[EmbeddedPostgres, str]) -> Iterator[Stack]:
    with live_server(SERVE, {"DATABASE_URL": cluster[1], **SETTINGS}) as server:
        yield Stack(cluster[0], cluster[1], server)


async def _first_answers(
    calls: Sequence[asyncio.Future[httpx.Response]], n: int
) -> list[httpx.Response]:
    """The first `n` answers of `calls` (the rest still running)."""
    pending: set[asyncio.Future[httpx.Response]] = set(calls)
    answered: list[httpx.Response] = []
    while len(answered) < n:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        answered += [call.result() for call in done]
    return answered


STUCK_SETTINGS = {
    "LOG_FORMAT": "json",
    "DATABASE_POOL_MAX_SIZE": "4",
    "DATABASE_ROUTE_MAX_SHARE": "0.5",  # 2 connections per route
    "DATABASE_LOCK_TIMEOUT_SECONDS": "0",  # statements wait for the lock as long as it lasts
    "DATABASE_STATEMENT_TIMEOUT_SECONDS": "0",
    "DATABASE_ACQUIRE_TIMEOUT_SECONDS": "1",
}


async def test_requests_piled_on_a_locked_table_leave_the_pool_to_the_other_routes(
    cluster: tuple[EmbeddedPostgres, str],
) -> None:
    url = cluster[1]
    with live_server(SERVE, {"DATABASE_URL": url, **STUCK_SETTINGS}) as server:
        async with (
            httpx.AsyncClient(base_url=server.url, timeout=60) as http,
            httpx.AsyncClient(base_url=server.url, timeout=60) as anonymous,  # no cookie jar
        ):
            signup = await http.post(
                "/rpc/signup",
                json={
                    "name": "Ada",
                    "email": "pile@example.test",
                    "password": PASSWORD,
                    "organization_name": "Co",
                },
            )
            assert signup.status_code == 200, signup.text
            members = http.build_request("GET", "/rpc/organization_members_list")
            members.headers["Cookie"] = f"blossom_session={signup.cookies['blossom_session']}"
            with table_locked(url, "organizations_users"):
                stuck = [asyncio.ensure_future(http.send(members)) for _ in range(30)]
                # The route's share of the pool waits on the lock (another process).
                while await asyncio.to_thread(lock_waiters, url) < 2:  # noqa: ASYNC110
                    await asyncio.sleep(0.01)
                inits = [await anonymous.get("/rpc/init") for _ in range(20)]
                # The calls beyond the share wait for a slot as they would for a
                # connection, then get 503, while the lock still holds the other two.
                refused = await _first_answers(stuck, 28)
                waiting = await asyncio.to_thread(lock_waiters, url)
            served = await asyncio.gather(*(s for s in stuck if not s.done()))
        assert [i.status_code for i in inits] == [200] * 20, inits[-1].text
        assert {i.json()["user"] is None for i in inits} == {True}
        assert waiting == 2  # the route held its share of the pool, never more
        assert {(a.status_code, a.json()["error"]) for a in refused} == {
            (503, "ServiceUnavailableError")
        }
        assert {a.headers["Retry-After"] for a in refused} == {"1"}
        assert [a.status_code for a in served] == [200, 200]  # the lock is gone: served
        assert "Traceback" not in server.output()


async def test_a_locked_table_costs_its_own_requests_a_quick_503_and_nothing_else(
    stack: Stack,
) -> None:
    async with httpx.AsyncClient(base_url=stack.server.url, timeout=30) as http:
        signup = await http.post(
            "/rpc/signup",
            json={
                "name": "Ada",
                "email": "lock@example.test",
                "password": PASSWORD,
                "organization_name": "Co",
            },
        )
        assert signup.status_code == 200, signup.text
        members = http.build_request("GET", "/rpc/organization_members_list")
        members.headers["Cookie"] = f"blossom_session={signup.cookies['blossom_session']}"
        # Another session (an operator's migration, a stuck job) locks the members table.
        with table_locked(stack.url, "organizations_users"):
            stuck = [http.send(members) for _ in range(8)]  # more than the pool holds
            others = [http.get("/rpc/init"), http.get("/ping")]
            answers = await asyncio.gather(*stuck, *others)
        for answer in answers[:8]:
            assert answer.status_code == 503, answer.text
            assert answer.json()["error"] == "ServiceUnavailableError"
        init, ping = answers[8:]
        assert (init.status_code, init.json()["user"]) == (200, None)
        assert ping.status_code == 200 and ping.json()["database"] in ("ok", "busy")
        assert (await http.send(members)).status_code == 200  # the lock is gone: served


def test_postgres_down_is_a_503_and_recovery_needs_no_restart(stack: Stack) -> None:
    cluster, server = stack.cluster, stack.server
    with httpx.Client(base_url=server.url, timeout=30) as http:
        assert _signup(http, "before@example.test").status_code == 200

        cluster.stop()
        down = http.get("/rpc/init")
        assert down.status_code == 503, down.text
        assert down.json() == {
            "error": "ServiceUnavailableError",
            "data": {"retry_after_seconds": 1},
        }
        assert down.headers["Retry-After"] == "1" and down.headers["X-Request-ID"]
        refused = [_signup(http, f"during-{n}@example.test") for n in range(20)]
        assert {r.status_code for r in refused} == {503}
        assert http.get("/ping").json()["database"] == "unavailable"

        cluster.ensure_running()
        deadline = time.monotonic() + 30  # a bound for the test, not a speed claim
        while (up := http.get("/rpc/init")).status_code != 200:
            assert up.status_code == 503 and time.monotonic() < deadline, up.text
        assert _login(http, "before@example.test").status_code == 200  # it was committed
        for n in range(20):  # never acknowledged, never written
            assert _login(http, f"during-{n}@example.test").json()["error"] == (
                "InvalidCredentialsError"
            )

        log = server.output()
        assert "Traceback" not in log
        outage_lines = [line for line in log.splitlines() if '"database unavailable"' in line]
        assert 1 <= len(outage_lines) < len(refused), outage_lines
