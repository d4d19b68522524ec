"""The pages the links in emails open: each emailed path served, with a strict
Content-Security-Policy. That production has none: `product/app_test.py`; what they do in
a browser: browser_test.py."""

from __future__ import annotations

from foundation.auth.oauth import CALLBACK_PATH
from foundation.email.links import PAGES
from foundation.webserver.app import create_app
from product.dev_pages.pages import PAGES_CSP, SCRIPT_PATH, STYLE_PATH, add_dev_pages

ASSETS = {SCRIPT_PATH: "text/javascript", STYLE_PATH: "text/css"}


async def test_every_emailed_path_is_a_page_with_a_strict_policy() -> None:
    app = create_app("product", [])
    add_dev_pages(app)
    client = app.test_client()
    for path in (*PAGES, CALLBACK_PATH):
        res = await client.get(path)
        assert res.status_code == 200, path
        assert res.content_type == "text/html; charset=utf-8"
        assert res.headers["Content-Security-Policy"] == PAGES_CSP
        page = await res.get_data(as_text=True)
        assert f'<body data-page="{path[1:]}">' in page and SCRIPT_PATH in page
    for path, content_type in ASSETS.items():
        res = await client.get(path)
        assert res.status_code == 200 and res.content_type.startswith(content_type), path
        assert res.headers["Content-Security-Policy"] == PAGES_CSP
