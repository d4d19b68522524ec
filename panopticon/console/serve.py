"""Serving the admin console: `add_console(app)` adds `GET /` (the page) and
`GET /assets/<name>` (its script and style, built into `dist/` by `blossom codegen web`).

Every console response carries a strict `Content-Security-Policy` (`CONSOLE_CSP`: the
page loads and talks to nothing but its own origin, no inline script or style). The page
is revalidated on every load (`no-cache` with an ETag); assets have content-hashed names
and are cached for a year (`immutable`). Only names that exist directly in
`dist/assets/` with a known type are served: anything else, `..` included, is the apps'
usual JSON 404.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from quart import Quart, Response, request
from werkzeug.exceptions import NotFound

DIST = Path(__file__).parent / "dist"
ASSETS_PATH = "/assets/"

CONSOLE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PAGE_CACHE = "no-cache"
"""The page: always revalidated (cheap with the ETag), so a deploy is picked up at once."""
ASSET_CACHE = "public, max-age=31536000, immutable"
"""Assets: their names change with their content."""

CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
_ASSET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$")
_CACHE = {"console": PAGE_CACHE, "console_asset": ASSET_CACHE}


def add_console(app: Quart, dist: Path = DIST) -> None:
    """Serve the console built in `dist` (`index.html`, `assets/`) on `app`."""

    async def page() -> Response:
        return _file(dist / "index.html", "text/html; charset=utf-8")

    async def asset(name: str) -> Response:
        path = dist / "assets" / name
        content_type = CONTENT_TYPES.get(path.suffix)
        if not _ASSET_NAME.match(name) or ".." in name or content_type is None:
            raise NotFound()
        return _file(path, content_type)

    async def cache_headers(response: Response) -> Response:
        # The exchange policy marks every response `no-store` (API answers) unless it has
        # a caching policy of its own: the console's pages and assets do.
        cache = _CACHE.get(request.endpoint or "")
        if cache is not None and response.status_code in (200, 304):
            response.headers["Cache-Control"] = cache
        return response

    app.add_url_rule("/", endpoint="console", view_func=page, methods=["GET"])
    app.add_url_rule(
        f"{ASSETS_PATH}<name>", endpoint="console_asset", view_func=asset, methods=["GET"]
    )
    app.after_request(cache_headers)


def _file(path: Path, content_type: str) -> Response:
    if not path.is_file():
        raise NotFound()
    body = path.read_bytes()
    etag = hashlib.sha256(body).hexdigest()[:32]
    if etag in _etags(request.headers.get("If-None-Match", "")):
        response = Response(b"", status=304)
    else:
        response = Response(body, status=200, content_type=content_type)
    response.headers["ETag"] = f'"{etag}"'
    response.headers["Content-Security-Policy"] = CONSOLE_CSP
    response.headers["X-Frame-Options"] = "DENY"
    return response


def _etags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/").strip('"') for part in header.split(",")}
