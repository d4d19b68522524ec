"""The audit log's streamed export over real HTTP (hypercorn): a large log whole and in
order in both formats, sent as it is read (a chunk before the end), never another
tenant's rows, refused before the first byte to a member without the permission, open
to an API key of the right scope, and cut (not ended short) when the permission goes
in the middle."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import datetime
import io
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from database.testing import harness
from database.testing.factory import Customer
from database.testing.waiting import until_waiting
from database.xact import xact_admin
from foundation.auth.errors import ApiKeyScopeError
from foundation.base.clock import CLOCK
from foundation.testing.fixture import TFix
from foundation.testing.server import serve_in_background
from foundation.testing.timeouts import STARTS_PROCESSES
from product.api_keys.routes import ApiKeyCreateIn, api_key_create
from product.app import create_product_app
from product.audit import routes as audit_routes
from product.framework import PRODUCT
from product.organizations.roles import InsufficientRoleError

pytestmark = STARTS_PROCESSES

EXPORT = "/rpc/organization_audit_log_export"
LARGE = 2500


@pytest.fixture
async def server() -> AsyncIterator[str]:
    async with serve_in_background(create_product_app()) as base_url:
        yield base_url


def _client(base_url: str, cookie: str | None = None, key: str | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base_url,
        cookies={PRODUCT.cookie: cookie} if cookie else None,
        headers={"Authorization": f"Bearer {key}"} if key else None,
        timeout=60,
    )


async def _fill(c: Customer, target: str, count: int) -> list[str]:
    """`count` staff actions on `target` in one statement; their ids, newest first."""
    newest = CLOCK.now() - datetime.timedelta(days=1)
    async with xact_admin() as q:
        h = harness(q)
        await h.test_organization_audit_log_fill(
            organization_id=c.organization.id, target=target, newest=newest, count=count
        )
        rows = await h.test_organization_audit_log_of(organization_id=c.organization.id)
    rows.sort(key=lambda r: (r.at, r.id), reverse=True)
    return [r.id for r in rows if r.target == target]


async def _lock_the_log() -> contextlib.AsyncExitStack:
    """A transaction holding the whole audit log table (readers wait: the export's pages)
    until the stack closes."""
    held = contextlib.AsyncExitStack()
    q = await held.enter_async_context(xact_admin())
    await harness(q).test_organization_audit_log_lock_table()
    return held


def _events(media_type: str, body: str) -> list[dict[str, str]]:
    if media_type == "text/csv":
        return list(csv.DictReader(io.StringIO(body)))
    return [
        {"id": e["id"], "at": e["at"], "subject": e["subject"], "subject_type": e["subject_type"]}
        for e in map(json.loads, body.splitlines())
    ]


@pytest.mark.parametrize(
    ("format_", "media_type"), [("csv", "text/csv"), ("jsonl", "application/x-ndjson")]
)
async def test_a_large_log_streams_whole_in_order_and_only_its_own(
    t: TFix, server: str, format_: str, media_type: str
) -> None:
    owner, other = await t.factory.customer(), await t.factory.customer()
    mine = await _fill(owner, "usr_mine", LARGE)
    theirs = await _fill(other, "usr_theirs", 300)
    async with (
        _client(server, await t.rpc.cookie(PRODUCT, owner)) as client,
        client.stream("POST", EXPORT, json={"format": format_}) as res,
    ):
        assert res.status_code == 200
        assert res.headers["content-type"] == media_type
        assert "content-length" not in res.headers
        assert res.headers["transfer-encoding"] == "chunked"
        chunks = [chunk async for chunk in res.aiter_raw()]
    body = b"".join(chunks).decode()
    assert len(chunks) > LARGE // audit_routes.EXPORT_PAGE  # a page at a time, not one blob
    events = _events(media_type, body)
    support = [e["id"] for e in events if e["subject_type"] == "support"]
    assert support == mine  # every one, once, newest first (ties by key)
    assert all(e["subject"] != "usr_theirs" for e in events)
    assert not set(theirs) & {e["id"] for e in events}
    keys = [(e["at"], e["id"]) for e in events]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)


async def test_the_first_chunk_arrives_while_the_rest_is_still_being_read(
    t: TFix, server: str
) -> None:
    owner = await t.factory.customer()
    mine = await _fill(owner, "usr_mine", 50)
    async with _client(server, await t.rpc.cookie(PRODUCT, owner)) as client:
        held = await _lock_the_log()
        try:
            async with client.stream("POST", EXPORT, json={"format": "csv"}) as res:
                assert res.status_code == 200
                raw = res.aiter_raw()
                first = await anext(raw)
                assert first.decode().splitlines() == [",".join(audit_routes.CSV_COLUMNS)]
                await until_waiting(1)  # its first page waits for the lock: not made yet
                await held.aclose()  # the lock goes: the pages follow
                rest = b"".join([chunk async for chunk in raw])
        finally:
            await held.aclose()
    rows = list(csv.DictReader(io.StringIO((first + rest).decode())))
    assert [r["id"] for r in rows if r["subject_type"] == "support"] == mine


async def test_a_permission_revoked_mid_stream_cuts_it_short(
    t: TFix, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_routes, "EXPORT_PAGE", 10)
    admin = await t.factory.customer(role="admin")
    await _fill(admin, "usr_mine", 50)
    async with _client(server, await t.rpc.cookie(PRODUCT, admin)) as client:
        held = await _lock_the_log()
        try:
            async with client.stream("POST", EXPORT, json={"format": "jsonl"}) as res:
                assert res.status_code == 200
                raw = res.aiter_raw()
                await until_waiting(1)  # its first page (permission checked) waits for the lock
                async with xact_admin() as demote:
                    await harness(demote).test_membership_set_role(
                        id=admin.membership.id, role="member"
                    )
                await held.aclose()
                # Each page re-checks the permission: the second is refused, after the 200,
                # so the connection closes before the body's end.
                with pytest.raises(httpx.RemoteProtocolError):
                    async with asyncio.timeout(20):
                        _ = [chunk async for chunk in raw]
        finally:
            await held.aclose()


async def test_refused_before_the_first_byte_to_a_member(t: TFix, server: str) -> None:
    member = await t.factory.customer(role="member")
    async with _client(server, await t.rpc.cookie(PRODUCT, member)) as client:
        res = await client.post(EXPORT, json={"format": "csv"})
    assert res.status_code == InsufficientRoleError.status
    assert res.headers["content-type"] == "application/json"
    assert res.json() == {"error": "InsufficientRoleError", "data": {"role": "member"}}


async def test_an_api_key_of_its_scope_may_export(t: TFix, server: str) -> None:
    admin = await t.factory.customer(role="admin")
    mine = await _fill(admin, "usr_mine", 20)
    scoped = ApiKeyCreateIn(name="siem", scopes=["organization:manage"])
    key = (await t.rpc.call(api_key_create, scoped, as_=admin)).output.key
    other = ApiKeyCreateIn(name="ci", scopes=["members:read"])
    unscoped = (await t.rpc.call(api_key_create, other, as_=admin)).output.key
    async with _client(server, key=key) as client:
        res = await client.post(EXPORT, json={"format": "jsonl"})
    assert res.status_code == 200, res.text
    events = _events("application/x-ndjson", res.text)
    assert [e["id"] for e in events if e["subject_type"] == "support"] == mine
    async with _client(server, key=unscoped) as client:
        res = await client.post(EXPORT, json={"format": "jsonl"})
    assert res.status_code == ApiKeyScopeError.status
    assert res.json()["error"] == "ApiKeyScopeError"
