"""An app's `/docs` page in a real browser, for the apps' `docs_browser_test.py`: headless
system Chromium driven by playwright-core, with axe-core's accessibility rules
(`page_audit/docs.mjs`, an npm project of its own: `npm ci` there when needed).

    report = await check_docs_in_a_browser("product", create_product_app(), ...)

serves the app with hypercorn (`blossom <app> serve`), browses its page and checks what
every app's page must do: no serious or critical axe violation, no console error (a CSP
violation is one) or request elsewhere, the search (with the network off) shows what
`expected_matches` says, a copy button copies its curl command, the "try it" form of
the given RPC gets an answer. `report` holds the details (`browse_docs`). The screenshot
after the search goes to `.local/artifacts/docs/<app>.png`.
"""

from __future__ import annotations

import json
from typing import Any

from quart import Quart

from database.connection import direct_database_url
from foundation.base.paths import REPO_ROOT
from foundation.testing.live_server import live_server
from foundation.webserver.openapi import OPENAPI_PATH
from tools.testing.browser import require_chromium, require_node, run_async

PAGE_AUDIT_DIR = REPO_ROOT / "tools" / "testing" / "page_audit"
ARTIFACTS = REPO_ROOT / ".local" / "artifacts" / "docs"
SEVERE = ("serious", "critical")


async def check_docs_in_a_browser(
    app_name: str, app: Quart, *, public_url: str, search: str, try_it: str
) -> dict[str, Any]:
    """Serve app `app_name` (whose in-process twin is `app`, with its public URL
    `public_url`) and check its `/docs` in Chromium (see the module docstring); the report."""
    env = {"DATABASE_URL": direct_database_url(), "WEB_WORKERS": "1"}
    with live_server(["-m", "cli.main", app_name, "serve"], env) as server:
        report = await browse_docs(
            server.url + "/docs", search=search, try_it=try_it, name=app_name
        )

    assert report["problems"] == [], report["problems"]
    assert serious(report) == [], report["violations"]
    found = report["search"]
    shown, groups = await expected_matches(app, search)
    assert (found["shown"], found["groups"]) == (shown, groups)
    assert found["status"] == f"{len(shown)} of {found['total']} RPCs match."
    assert found["focusedBySlash"] is True and found["afterEscape"] == found["total"]
    copied = report["copy"]
    assert copied["clipboard"] == copied["snippet"] and copied["button"] == "Copied"
    assert copied["clipboard"].startswith(f"curl {public_url}/rpc/{copied['rpc']} ")
    assert report["tryIt"].startswith("HTTP 200"), report["tryIt"]
    return report


async def browse_docs(url: str, *, search: str, try_it: str, name: str) -> dict[str, Any]:
    """Run `page_audit/docs.mjs` against the page at `url` (see the module docstring);
    `name` names the screenshot."""
    node = require_node(PAGE_AUDIT_DIR)
    chromium = require_chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    flow = {
        "url": url,
        "chromium": chromium,
        "screenshot": str(ARTIFACTS / f"{name}.png"),
        "search": search,
        "tryIt": try_it,
    }
    code, out = await run_async(node, "docs.mjs", json.dumps(flow), cwd=PAGE_AUDIT_DIR)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    assert code == 0 and lines, f"the browser flow failed:\n{out}"
    report: dict[str, Any] = json.loads(lines[-1])
    return report


def serious(report: dict[str, Any]) -> list[dict[str, Any]]:
    """axe's serious and critical violations in `report`."""
    return [v for v in report["violations"] if v["impact"] in SEVERE]


async def expected_matches(app: Quart, search: str) -> tuple[list[str], list[str]]:
    """The RPCs (in the page's order) and capabilities a search for `search` must show:
    those whose name, capability or description holds every word, from what `app` serves
    at `/openapi.json`."""
    response = await app.test_client().get(OPENAPI_PATH)
    document: dict[str, Any] = await response.get_json()
    words = search.lower().split()
    rpcs: list[tuple[str, str]] = []
    for _path, item in sorted(document["paths"].items()):
        for _method, operation in sorted(item.items()):
            tag = operation["tags"][0]
            text = f"{operation['operationId']} {tag} {operation.get('description', '')}".lower()
            if all(word in text for word in words):
                rpcs.append((tag, operation["operationId"]))
    rpcs.sort(key=lambda pair: pair[0])  # grouped by capability, as the page is (stable)
    return [name for _, name in rpcs], list(dict.fromkeys(tag for tag, _ in rpcs))
