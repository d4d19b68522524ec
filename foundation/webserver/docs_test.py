"""`/docs`: every RPC with its input, output, errors, examples and calls, grouped by
capability, searchable, on a page with no outside assets; "try it" outside production."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from typing import Any

import pytest
from quart import Quart

from foundation.base.env import ENV
from foundation.testing.sample_app import sample_app, sample_router, secure_router
from foundation.testing.settings import override_env
from foundation.webserver.docs import docs_csp, docs_html
from foundation.webserver.openapi import openapi_document

SERVER = "https://api.example.com"


@pytest.fixture(scope="module")
def app() -> Quart:
    return sample_app()


@pytest.fixture(scope="module")
def page() -> str:
    routers = [sample_router(), secure_router()]
    document = openapi_document("sample", routers, version="1", server_url=SERVER)
    return docs_html(document, app="sample", try_it=True)


def _section(page: str, name: str) -> str:
    match = re.search(rf'<section class="rpc" id="rpc-{name}".*?>(.*?)</section>', page, re.S)
    assert match, name
    return match.group(1)


def _pre(section: str, identifier: str) -> str:
    match = re.search(rf'<pre id="{identifier}" class="snippet">(.*?)</pre>', section, re.S)
    assert match, identifier
    return html.unescape(match.group(1))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


async def test_docs_page_is_self_contained(app: Quart) -> None:
    response = await app.test_client().get("/docs")
    page = await response.get_data(as_text=True)

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    # One inline style and one inline script, each allowed by its hash and nothing else.
    (style,) = re.findall(r"<style>(.*?)</style>", page, re.S)
    (script,) = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert f"style-src {_sha256(style)};" in policy
    assert f"script-src {_sha256(script)};" in policy
    assert "unsafe-inline" not in policy
    assert "<link" not in page and "<img" not in page and "<script src" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert re.findall(r'href="([^"#]+)"', page) == ["openapi.json"]


def test_every_rpc_with_its_input_output_and_errors(page: str) -> None:
    for info in sample_router().routes() + secure_router().routes():
        section = _section(page, info.name)
        assert f"<code>{info.path}</code>" in section
        assert "<h4>Input</h4>" in section and "<h4>Output</h4>" in section
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


def test_each_rpc_shows_an_example_request_and_answer(page: str) -> None:
    order = _section(page, "order_echo")
    request, answer = re.findall(r"<h5>(?:Request|Response)</h5>\n<pre>(.*?)</pre>", order, re.S)
    items = [{"name": "example name", "quantity": 1, "kind": "book"}]
    assert json.loads(html.unescape(request))["items"] == items
    assert json.loads(html.unescape(answer))["price"] == "1"
    assert "No input." in _section(page, "nothing")
    assert '"ok": true' in html.unescape(_section(page, "nothing"))


def test_each_rpc_has_a_curl_command_and_a_typescript_call(page: str) -> None:
    assert _pre(_section(page, "order_echo"), "curl-order_echo").splitlines() == [
        f"curl {SERVER}/rpc/order_echo \\",
        "  -b cookies.txt -c cookies.txt \\",
        "  -H 'Content-Type: application/json' \\",
        """  -d '{"placed_at": "2026-01-15T09:30:00Z", "price": 1, "items": [{"name": """
        """"example name", "quantity": 1, "kind": "book"}], "note": null}'""",
    ]
    assert _pre(_section(page, "item_search"), "curl-item_search").splitlines() == [
        f"curl -G {SERVER}/rpc/item_search \\",
        "  -b cookies.txt -c cookies.txt \\",
        "  --data-urlencode 'query=example query' \\",
        "  --data-urlencode limit=10 \\",
        "  --data-urlencode active=false \\",
        "  --data-urlencode 'tags=example tags'",
    ]
    assert _pre(_section(page, "order_echo"), "ts-order_echo") == "\n".join(
        [
            'import { createClient } from "@blossom/rpc/sample";',
            'import { isoDateTime } from "@blossom/rpc/client";',
            "",
            f'const sample = createClient({{ baseUrl: "{SERVER}" }});',
            'const res = await sample.call("order_echo", {',
            '  placed_at: isoDateTime(new Date("2026-01-15T09:30:00Z")),',
            "  price: 1,",
            '  items: [{\n    name: "example name",\n    quantity: 1,\n    kind: "book",\n  }],',
            "  note: null,",
            "});",
            "if (res.ok) console.log(res.data);",
            "else console.error(res.error, res.data);",
        ]
    )
    assert 'await sample.call("nothing");' in _pre(_section(page, "nothing"), "ts-nothing")
    copy = 'data-copy="ts-order_echo" aria-label="Copy the TypeScript call of order_echo" hidden'
    assert copy in _section(page, "order_echo")


def test_rpcs_are_grouped_by_capability() -> None:
    def operation(name: str, tag: str) -> dict[str, Any]:
        return {"post": {"operationId": name, "tags": [tag], "description": f"The {name}."}}

    document = {
        "info": {"title": "t"},
        "tags": [{"name": "billing", "description": "Money in and out."}, {"name": "auth"}],
        "paths": {
            "/rpc/pay": operation("pay", "billing"),
            "/rpc/login": operation("login", "auth"),
            "/rpc/refund": operation("refund", "billing"),
        },
    }
    page = docs_html(document)

    groups = re.findall(r'<section class="group" id="group-(\w+)"', page)
    assert groups == ["auth", "billing"]
    billing = page[page.index('id="group-billing"') :]
    assert billing.index('id="rpc-pay"') < billing.index('id="rpc-refund"')
    assert "<p>Money in and out.</p>" in billing
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert re.findall(r'data-(group|rpc)="(\w+)"', nav) == [
        ("group", "auth"),
        ("rpc", "login"),
        ("group", "billing"),
        ("rpc", "pay"),
        ("rpc", "refund"),
    ]
    # What the search box looks in: name, capability and description, lowercase.
    assert 'data-rpc="refund" data-search="refund billing the refund."' in page


def test_the_search_box_is_labelled_and_shown_by_the_script(page: str) -> None:
    assert '<form id="search" class="search" role="search" hidden>' in page
    assert '<label for="search-input">Search RPCs</label>' in page
    assert '<input id="search-input" type="search"' in page
    assert 'id="search-status" class="muted" role="status"' in page


def test_try_it_forms_only_when_asked(page: str) -> None:
    form = _section(page, "order_echo")
    assert '<form class="try-form" data-rpc="order_echo" data-method="POST">' in form
    assert '<label for="try-order_echo">Input (JSON)</label>' in form
    assert page.count('class="try-form"') == len(sample_router().routes()) + len(
        secure_router().routes()
    )
    document = openapi_document("sample", [sample_router()], version="1")
    assert 'class="try-form"' not in docs_html(document, try_it=False)
    assert "connect-src 'self'" in docs_csp(True) and "connect-src" not in docs_csp(False)


@pytest.mark.parametrize(("environment", "try_it"), [("development", True), ("production", False)])
async def test_the_served_page_has_try_it_outside_production(
    environment: str, try_it: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, environment=environment)
    assert ENV.environment == environment
    response = await sample_app().test_client().get("/docs")
    page = await response.get_data(as_text=True)

    assert ('class="try-form"' in page) is try_it
    assert ("connect-src 'self'" in response.headers["Content-Security-Policy"]) is try_it


def test_text_from_docstrings_is_escaped() -> None:
    document = {
        "info": {"title": "<b>x</b>"},
        "paths": {"/rpc/a": {"post": {"operationId": "a", "description": "1 < 2 & `<i>`"}}},
    }
    page = docs_html(document)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "1 &lt; 2 &amp; <code>&lt;i&gt;</code>" in page
