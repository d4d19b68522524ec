"""The console's files as panopticon serves them: strict CSP, cache headers, only the
built assets (no path traversal), over real HTTP and through Quart's dispatch."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from quart import Quart

from foundation.testing.server import serve_in_background
from foundation.webserver.app import create_app
from panopticon.console.serve import ASSET_CACHE, CONSOLE_CSP, DIST, PAGE_CACHE, add_console

_REFERENCE = re.compile(r'(?:src|href)="([^"]+)"')


def test_the_csp_allows_only_the_apps_own_origin() -> None:
    directives: dict[str, str] = {}
    for part in CONSOLE_CSP.split(";"):
        name, value = part.strip().split(" ", 1)
        directives[name] = value
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in CONSOLE_CSP and "http" not in CONSOLE_CSP


def test_the_built_page_has_no_inline_script_or_style_and_loads_only_its_assets() -> None:
    page = (DIST / "index.html").read_text()
    assert "<style" not in page and " style=" not in page
    assert re.findall(r"<script[^>]*>", page) == [
        f'<script type="module" src="{src}">'
        for src in re.findall(r'<script type="module" src="([^"]+)">', page)
    ]
    references = _REFERENCE.findall(page)
    assert len(references) == 3  # icon, style, script
    for reference in references:
        assert reference.startswith("/assets/")
        assert (DIST / reference.removeprefix("/")).is_file()


def _app() -> Quart:
    """An app as panopticon's is made (the same request hooks), serving the built console.
    (panopticon.app itself imports this package: its tests do not import it back.)"""
    app = create_app("console", [])
    add_console(app)
    return app


async def test_page_and_assets_over_http() -> None:
    async with (
        serve_in_background(_app()) as base_url,
        httpx.AsyncClient(base_url=base_url) as http,
    ):
        page = await http.get("/")
        assert page.status_code == 200
        assert page.headers["Content-Type"] == "text/html; charset=utf-8"
        assert page.headers["Content-Security-Policy"] == CONSOLE_CSP
        assert page.headers["Cache-Control"] == PAGE_CACHE
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.text == (DIST / "index.html").read_text()

        again = await http.get("/", headers={"If-None-Match": page.headers["ETag"]})
        assert (again.status_code, again.content) == (304, b"")
        assert again.headers["Cache-Control"] == PAGE_CACHE

        for reference in _REFERENCE.findall(page.text):
            asset = await http.get(reference)
            assert asset.status_code == 200, reference
            assert asset.headers["Cache-Control"] == ASSET_CACHE
            assert asset.headers["Content-Security-Policy"] == CONSOLE_CSP
            assert asset.content == (DIST / reference.removeprefix("/")).read_bytes()
        types = {
            Path(reference).suffix: (await http.get(reference)).headers["Content-Type"]
            for reference in _REFERENCE.findall(page.text)
        }
        assert types == {
            ".js": "text/javascript; charset=utf-8",
            ".css": "text/css; charset=utf-8",
            ".svg": "image/svg+xml",
        }

        missing = await http.get("/assets/main-NOSUCHHASH.js")
        assert missing.status_code == 404
        assert missing.json()["error"] == "PathNotFoundError"
        assert missing.headers["Cache-Control"] == "no-store"


def _scratch_app(tmp_path: Path) -> Quart:
    """An app serving a console from `tmp_path/console/dist`, with files around it that
    must never be served."""
    dist = tmp_path / "console" / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>console</title>")
    (dist / "assets" / "main-AAAA.js").write_text("export {};\n")
    (dist / "assets" / "notes.txt").write_text("an unknown type\n")
    (dist / "assets" / ".hidden.js").write_text("hidden\n")
    (dist / "secret.js").write_text("outside assets\n")
    (tmp_path / "console" / "secret.js").write_text("outside dist\n")
    (tmp_path / "secret.js").write_text("further out\n")
    app = create_app("scratch", [])
    add_console(app, dist)
    return app


async def test_only_files_directly_in_assets_with_a_known_type_are_served(
    tmp_path: Path,
) -> None:
    client = _scratch_app(tmp_path).test_client()
    assert (await client.get("/assets/main-AAAA.js")).status_code == 200
    for path in [
        "/assets/notes.txt",
        "/assets/.hidden.js",
        "/assets/../secret.js",
        "/assets/..%2Fsecret.js",
        "/assets/%2e%2e%2fsecret.js",
        "/assets/..%2F..%2Fsecret.js",
        "/assets/..%5Csecret.js",
        "/assets/%2Fetc%2Fpasswd",
        "/assets/",
        "/assets/nosuch.js",
        "/assets/main-AAAA.js%00.js",
        "/secret.js",
        "/index.html",
    ]:
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "outside" not in (await response.get_data(as_text=True)), path


async def test_a_missing_build_is_a_404_not_a_crash(tmp_path: Path) -> None:
    app = create_app("scratch", [])
    add_console(app, tmp_path / "nothing-built")
    response = await app.test_client().get("/")
    assert response.status_code == 404
