"""Serving an app's API description: `GET /openapi.json` (`openapi.py`) and its page
`GET /docs` (`docs.py`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from quart import Quart, Response

from foundation.base import strict_json
from foundation.base.env import ENV
from foundation.rpc.router import Router
from foundation.webserver.docs import docs_csp, docs_html
from foundation.webserver.openapi import DOCS_PATH, OPENAPI_PATH, openapi_document


def install_api_docs(
    app: Quart,
    app_name: str,
    routers: Sequence[Router],
    *,
    version: str,
    session_cookie: str | None,
    public_url: str | None = None,
    webhooks: Mapping[str, type[Any]] | None = None,
) -> None:
    """Serve `GET /openapi.json` and `GET /docs` on `app`. Both are rendered now, once:
    a route that cannot be described (nor given an example) stops the app at start, not
    at its first request. Outside production the page has its "try it" forms."""
    document = openapi_document(
        app_name,
        routers,
        version=version,
        session_cookie=session_cookie,
        server_url=public_url,
        webhooks=webhooks,
    )
    try_it = not ENV.is_production
    document_json = strict_json.dumps(document)
    page = docs_html(document, app=app_name, try_it=try_it)
    csp = docs_csp(try_it)

    async def openapi_view() -> Response:
        return Response(document_json, status=200, content_type="application/json")

    async def docs_view() -> Response:
        response = Response(page, status=200, content_type="text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = csp
        return response

    app.add_url_rule(OPENAPI_PATH, endpoint="openapi", view_func=openapi_view, methods=["GET"])
    app.add_url_rule(DOCS_PATH, endpoint="docs", view_func=docs_view, methods=["GET"])
