"""`/docs`: every RPC with its input, output and errors, on a page with no outside assets."""

from __future__ import annotations

import re

import pytest
from quart import Quart

from foundation.testing.sample_app import sample_app, sample_router, secure_router
from foundation.webserver.docs import docs_html
from foundation.webserver.openapi import openapi_document


@pytest.fixture(scope="module")
def app() -> Quart:
    return sample_app()


def _section(page: str, name: str) -> str:
    match = re.search(rf'<section id="rpc-{name}">(.*?)</section>', page, re.S)
    assert match, name
    return match.group(1)


async def test_docs_page_is_self_contained(app: Quart) -> None:
    response = await app.test_client().get("/docs")
    page = await response.get_data(as_text=True)

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert re.findall(r'href="([^"#]+)"', page) == ["openapi.json"]


def test_every_rpc_with_its_input_output_and_errors() -> None:
    routers = [sample_router(), secure_router()]
    page = docs_html(openapi_document("sample", routers, version="1"))

    for info in sample_router().routes() + secure_router().routes():
        section = _section(page, info.name)
        assert f"<code>{info.path}</code>" in section
        assert "<h3>Input</h3>" in section and "<h3>Output</h3>" in section
    withdraw = _section(page, "withdraw")
    assert "<code>InsufficientFundsError</code>" in withdraw
    assert "balance: string;" in withdraw
    assert "Always short of money" in withdraw
    search = _section(page, "item_search")
    assert "Query parameters." in search and "tags?: string[];" in search
    assert '<a href="#type-OrderIn">OrderIn</a> = {' in _section(page, "order_echo")
    # The standard errors are listed once, not under every RPC.
    assert page.count("<code>UnknownError</code>") == 1
    assert 'id="type-Item"' in page
    assert "ErrorBody" not in page


def test_text_from_docstrings_is_escaped() -> None:
    document = {
        "info": {"title": "<b>x</b>"},
        "paths": {"/rpc/a": {"post": {"operationId": "a", "description": "1 < 2 & `<i>`"}}},
    }
    page = docs_html(document)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "1 &lt; 2 &amp; <code>&lt;i&gt;</code>" in page
