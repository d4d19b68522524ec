"""Read replicas under a real server (`blossom product serve`, hypercorn) whose
DATABASE_URL is a primary and DATABASE_REPLICA_URLS a hot standby streaming from it
(`database.testing.replica`): GET routes read on the standby, a caller reads its own
writes (the `_lsn` cookie) even while the standby replays nothing, the session lookup
writes nothing there (the visit is recorded on the primary, afterwards), `/ready` shows
the lag, and a server whose DATABASE_URL is a standby answers writes with a typed 503.
How `choose` treats lag beyond DATABASE_REPLICA_MAX_LAG_SECONDS: `database/replicas_test.py`."""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
import pytest

from database.testing import harness
from database.testing.replica import Replicated, caught_up, replay_paused, streaming_replica
from database.xact import Conn, DatabaseORM
from foundation.auth.cookies import unsign_session
from foundation.testing.live_server import LiveServer, live_server
from foundation.testing.timeouts import STARTS_PROCESSES
from product.framework import PRODUCT

pytestmark = STARTS_PROCESSES  # starts Postgres servers and app servers

SERVE = ["-m", "cli.main", "product", "serve"]
PASSWORD = "a long enough password"
LSN_COOKIE = PRODUCT.lsn_cookie


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicated]:
    with streaming_replica(tmp_path_factory.mktemp("replicated")) as pair:
        yield pair


@pytest.fixture(scope="module")
def server(pair: Replicated) -> Iterator[LiveServer]:
    settings = {
        "DATABASE_URL": pair.primary_url,
        "DATABASE_REPLICA_URLS": pair.standby_url,
        # Lag never decides here (replay pauses for seconds): database/replicas_test.py.
        "DATABASE_REPLICA_MAX_LAG_SECONDS": "600",
    }
    with live_server(SERVE, settings) as server:
        yield server


@dataclass
class Browser:
    """One client's cookies (the server's are Secure: sent by hand over plain HTTP)."""

    http: httpx.AsyncClient
    cookies: dict[str, str] = field(default_factory=dict[str, str])

    async def call(self, name: str, body: Any = None, *, get: bool = False) -> httpx.Response:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if get:
            res = await self.http.get(f"/rpc/{name}", headers=headers)
        else:
            res = await self.http.post(f"/rpc/{name}", json=body, headers=headers)
        for header in res.headers.get_list("set-cookie"):
            name_value = header.split(";", 1)[0]
            key, _, value = name_value.partition("=")
            if "Max-Age=0" in header:
                self.cookies.pop(key, None)
            else:
                self.cookies[key] = value
        return res

    async def ok(self, name: str, body: Any = None, *, get: bool = False) -> Any:
        res = await self.call(name, body, get=get)
        assert res.status_code == 200, res.text
        return res.json()


@pytest.fixture
async def http(server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
        yield http


async def _signup(http: httpx.AsyncClient) -> tuple[Browser, str]:
    email = f"replica-{uuid.uuid4().hex[:12]}@example.com"
    browser = Browser(http)
    await browser.ok(
        "signup", {"name": "Ada", "email": email, "password": PASSWORD, "organization_name": "Co"}
    )
    return browser, email


async def test_reads_run_on_the_replica_and_a_writer_reads_its_own_writes(
    pair: Replicated, http: httpx.AsyncClient
) -> None:
    writer, email = await _signup(http)
    assert LSN_COOKIE in writer.cookies  # the signup's commit position
    other = Browser(http)  # the same user in another browser
    await other.ok("login", {"email": email, "password": PASSWORD})
    await caught_up(pair)
    # The replica has the login: as once the server has seen it (its poll), reads go there.
    other.cookies.pop(LSN_COOKIE)
    assert (await other.ok("init", get=True))["organization"]["name"] == "Co"

    with replay_paused(pair):
        await writer.ok("organization_update", {"name": "Renamed"})
        # Right after the write, its writer sees it, though the replica has not replayed it.
        assert (await writer.ok("init", get=True))["organization"]["name"] == "Renamed"
        members = await writer.ok("organization_members_list", get=True)
        assert [m["email"] for m in members["items"]] == [email]
        # Another session reads the replica: the old name (so reads do run there).
        assert (await other.ok("init", get=True))["organization"]["name"] == "Co"
        # The cookie is the client's to send: a position no replica has reads the primary,
        # one that is not a position reads wherever (nothing refused, no 500).
        other.cookies[LSN_COOKIE] = str(2**62)
        assert (await other.ok("init", get=True))["organization"]["name"] == "Renamed"
        other.cookies[LSN_COOKIE] = "0/16B3748"
        assert (await other.ok("init", get=True))["organization"]["name"] == "Co"
        del other.cookies[LSN_COOKIE]
        # A session the replica does not have yet, without its `_lsn` cookie (a client
        # that keeps only the session's): the primary knows it, so it is not signed out.
        late = Browser(http)
        await late.ok("login", {"email": email, "password": PASSWORD})
        del late.cookies[LSN_COOKIE]
        assert (await late.ok("init", get=True))["user"]["email"] == email
        assert PRODUCT.cookie in late.cookies

    await caught_up(pair)
    assert (await other.ok("init", get=True))["organization"]["name"] == "Renamed"
    assert (await writer.ok("init", get=True))["organization"]["name"] == "Renamed"


async def _primary_session(pair: Replicated, session_id: str) -> Any:
    conn = await asyncpg.connect(pair.primary_url)
    try:
        return await harness(Conn(conn=conn, orm=DatabaseORM(conn))).test_session_fetch(
            id=session_id
        )
    finally:
        await conn.close()


async def test_the_session_lookup_of_a_read_writes_nothing_there_and_the_visit_is_recorded_later(
    pair: Replicated, http: httpx.AsyncClient
) -> None:
    browser, _ = await _signup(http)
    session_id = unsign_session(PRODUCT.name, browser.cookies[PRODUCT.cookie])
    assert session_id is not None
    session = await _primary_session(pair, session_id)
    long_ago = session.created_at - datetime.timedelta(minutes=10)
    conn = await asyncpg.connect(pair.primary_url)
    try:
        await harness(Conn(conn=conn, orm=DatabaseORM(conn))).test_session_backdate(
            id=session_id,
            created_at=long_ago,
            last_seen_at=long_ago,
            expires_at=session.expires_at,
            expired_at=None,
        )
    finally:
        await conn.close()
    await caught_up(pair)
    browser.cookies.pop(LSN_COOKIE)  # as once the replica has the signup: read there

    # Served by the replica (a lookup that wrote would be refused there: a 503).
    [listed] = (await browser.ok("sessions_list", get=True))["items"]
    assert datetime.datetime.fromisoformat(listed["last_seen_at"]) == long_ago
    # The visit reaches the primary, after the response.
    async with asyncio.timeout(20):
        while True:
            if (await _primary_session(pair, session_id)).last_seen_at > long_ago:
                break
            await asyncio.sleep(0.1)


async def test_ready_reports_each_replicas_lag(pair: Replicated, http: httpx.AsyncClient) -> None:
    async def replicas() -> list[dict[str, Any]]:
        res = await http.get("/ready")
        assert res.status_code == 200, res.text
        return res.json()["replicas"]

    async with asyncio.timeout(20):  # the first answer may come before the first poll
        while True:
            if (await replicas())[0]["lag_seconds"] is not None:
                break
            await asyncio.sleep(0.1)
    [replica] = await replicas()
    assert replica["url"] == pair.standby_url
    assert replica["serving"] is True

    writer, _ = await _signup(http)
    with replay_paused(pair):
        await writer.ok("organization_update", {"name": "Later"})
        async with asyncio.timeout(20):  # no replay: the lag grows
            while True:
                if (await replicas())[0]["lag_seconds"] >= 1:
                    break
                await asyncio.sleep(0.2)


async def test_a_write_reaching_a_standby_is_a_typed_503(pair: Replicated) -> None:
    # A node whose DATABASE_URL is the standby (a failover not followed yet).
    with live_server(SERVE, {"DATABASE_URL": pair.standby_url}) as node:
        async with httpx.AsyncClient(base_url=node.url, timeout=60) as http:
            assert (await http.get("/rpc/init")).status_code == 200  # reads are served
            body = {
                "name": "Ada",
                "email": "standby@example.com",
                "password": PASSWORD,
                "organization_name": "Co",
            }
            refused = await http.post("/rpc/signup", json=body)
    assert refused.status_code == 503, refused.text
    assert refused.json() == {"error": "DatabaseReadOnlyError", "data": {"retry_after_seconds": 1}}
    assert refused.headers["Retry-After"] == "1"
