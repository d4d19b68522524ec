"""Data export over real HTTP: the product served by hypercorn, the worker run as the CLI
runs it, the link from the delivered email, the zip downloaded by its requester only."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from collections.abc import AsyncIterator

import httpx
import pytest

from foundation.email.links import EXPORTS, product_page
from foundation.testing.fixture import TFix
from foundation.testing.outbox import delivered_to
from foundation.testing.server import serve_in_background
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES
from product.app import create_product_app
from product.exports.worker import work
from product.framework import PRODUCT

pytestmark = STARTS_PROCESSES


@pytest.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    # The test sends the outbox itself (`delivered_to`): the served app's background
    # sender would race it for the export's email.
    override_env(monkeypatch, email_sender="off")
    async with serve_in_background(create_product_app()) as base_url:
        yield base_url


def _client(base_url: str, cookie: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, cookies={PRODUCT.cookie: cookie}, timeout=60)


async def test_request_email_and_download_over_http(t: TFix, server: str) -> None:
    owner, stranger = await t.factory.customer(), await t.factory.customer()
    async with (
        _client(server, await t.rpc.cookie(PRODUCT, owner)) as browser,
        _client(server, await t.rpc.cookie(PRODUCT, stranger)) as other,
    ):
        res = await browser.post(
            "/rpc/organization_export_request",
            content=b"null",
            headers={"Content-Type": "application/json"},
        )
        assert res.status_code == 200, res.text
        export_id = res.json()["id"]
        await work(once=True)
        [message] = await delivered_to(owner.user.email)
        assert product_page(EXPORTS) in message.text
        assert owner.organization.name in message.text
        res = await other.post("/rpc/export_download", json={"export_id": export_id})
        assert res.status_code == 404
        assert res.json() == {"error": "ExportNotFoundError", "data": {"export_id": export_id}}
        res = await browser.post("/rpc/export_download", json={"export_id": export_id})
        assert res.status_code == 200, res.text
        body = res.json()
        assert body["filename"] == f"blossom-export-{export_id}.zip"
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(body["content_base64"])))
        organizations = json.loads(archive.read("organizations.json"))
        assert [row["id"] for row in organizations] == [owner.organization.id]
        assert "README.txt" in archive.namelist()
        listed = await browser.get("/rpc/exports_list")
        assert [(e["id"], e["status"]) for e in listed.json()["items"]] == [(export_id, "ready")]
        # Signed out: no download at all.
        async with httpx.AsyncClient(base_url=server) as anonymous:
            res = await anonymous.post("/rpc/export_download", json={"export_id": export_id})
            assert res.status_code == 401
