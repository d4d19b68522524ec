"""The OpenAPI documents and docs pages of product and panopticon."""

from __future__ import annotations

from typing import Any, cast

import pytest
from quart import Quart

from foundation.rpc.router import Router
from foundation.testing.openapi import validate_openapi
from panopticon.app import create_panopticon_app, panopticon_router
from panopticon.framework import PANOPTICON
from product.app import create_product_app, product_router
from product.framework import PRODUCT

APPS = {
    "product": (create_product_app, product_router),
    "panopticon": (create_panopticon_app, panopticon_router),
}
COOKIE_NAMES = {"product": PRODUCT.cookie, "panopticon": PANOPTICON.cookie}


async def _get(app: Quart, path: str) -> tuple[int, Any]:
    response = await app.test_client().get(path)
    if response.mimetype == "application/json":
        return response.status_code, await response.get_json()
    return response.status_code, await response.get_data(as_text=True)


@pytest.mark.parametrize("name", sorted(APPS))
async def test_document_validates_and_describes_every_rpc(name: str) -> None:
    create_app, router = APPS[name]
    status, body = await _get(create_app(), "/openapi.json")
    assert status == 200 and isinstance(body, dict)
    document = cast(dict[str, Any], body)

    validate_openapi(document)
    operations = _operations(document)
    routes: Router = router()
    assert {op["operationId"] for op in operations.values()} == {r.name for r in routes.routes()}
    scheme = document["components"]["securitySchemes"]["session"]
    assert scheme["in"] == "cookie" and scheme["name"] == COOKIE_NAMES[name]
    for info in routes.routes():
        operation = operations[(info.path, info.method)]
        assert info.access is not None
        public = info.access.authorization == "public"
        assert ("security" in operation) is not public, info.name
        documented = {
            ref["$ref"].rsplit("/", 1)[1].removesuffix("Body")
            for status, response in operation["responses"].items()
            if status != "200"
            for ref in _refs(response["content"]["application/json"]["schema"])
        }
        assert documented == {error.__name__ for error in info.errors}, info.name


@pytest.mark.parametrize("name", sorted(APPS))
async def test_docs_page_lists_every_rpc(name: str) -> None:
    create_app, router = APPS[name]
    status, page = await _get(create_app(), "/docs")
    assert status == 200
    for info in router().routes():
        assert f'<section class="rpc" id="rpc-{info.name}"' in page
        route = info.route
        for error in route.errors:
            assert f"<code>{error.__name__}</code>" in page


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (path, method.upper()): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def _refs(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return list(schema.get("oneOf", [schema]))
