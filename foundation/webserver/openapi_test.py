"""The OpenAPI document of the sample app: valid OpenAPI 3.1, one operation per RPC."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from quart import Quart

from foundation.base import strict_json
from foundation.rpc import Req, Router, RPCError, route
from foundation.rpc.errors import RouteDefinitionError
from foundation.testing.openapi import validate_openapi
from foundation.testing.sample_app import (
    SAMPLE_VERSION,
    clashing_router,
    sample_app,
    sample_router,
    secure_router,
)
from foundation.webserver.openapi import SESSION_SCHEME, capability, openapi_document

SCHEMAS = "#/components/schemas/"


@pytest.fixture(scope="module")
def app() -> Quart:
    return sample_app()


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi_document(
        "sample",
        [sample_router(), secure_router()],
        version="1.0",
        session_cookie="sid",
        server_url="https://api.example.com",
    )


def _body_schema(operation: dict[str, Any], status: str) -> dict[str, Any]:
    return operation["responses"][status]["content"]["application/json"]["schema"]


def test_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    validate_openapi(document)
    assert document["openapi"] == "3.1.0"


def test_one_operation_per_rpc(document: dict[str, Any]) -> None:
    routes = sample_router().routes() + secure_router().routes()
    operations = {
        (path, method.upper()): operation["operationId"]
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }
    assert operations == {(r.path, r.method): r.name for r in routes}


def test_post_input_is_the_json_body(document: dict[str, Any]) -> None:
    operation = document["paths"]["/rpc/order_echo"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": SCHEMAS + "OrderIn"}
    order_in = document["components"]["schemas"]["OrderIn"]
    assert order_in["required"] == ["placed_at", "price", "items"]
    assert order_in["properties"]["placed_at"] == {"type": "string", "format": "date-time"}
    assert operation["summary"] == "Return the order with its total quantity."


def test_get_input_is_query_parameters(document: dict[str, Any]) -> None:
    operation = document["paths"]["/rpc/item_search"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert list(parameters) == ["query", "limit", "active", "tags"]
    assert all(p["in"] == "query" for p in parameters.values())
    assert parameters["query"]["required"] is True and parameters["limit"]["required"] is False
    assert parameters["tags"]["schema"]["type"] == "array"
    assert "requestBody" not in operation


def test_outputs_list_every_field_as_required(document: dict[str, Any]) -> None:
    order_out = document["components"]["schemas"]["OrderOut"]
    assert order_out["required"] == ["placed_at", "price", "items", "total_quantity", "note"]
    assert order_out["properties"]["price"] == {"type": "string"}
    # Item has a default: as input `kind` is optional; named as the TypeScript client does.
    schemas = document["components"]["schemas"]
    assert schemas["Item"]["required"] == ["name", "quantity", "kind"]
    assert schemas["ItemInput"]["required"] == ["name", "quantity"]
    assert order_out["properties"]["items"]["items"] == {"$ref": SCHEMAS + "Item"}


def test_no_input_and_no_output(document: dict[str, Any]) -> None:
    operation = document["paths"]["/rpc/nothing"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["type"] == "object" and body["additionalProperties"] is False
    assert _body_schema(operation, "200")["properties"] == {"ok": {"const": True}}


def test_errors_are_grouped_by_status(document: dict[str, Any]) -> None:
    operation = document["paths"]["/rpc/withdraw"]["post"]
    responses = operation["responses"]
    assert sorted(responses) == [
        "200",
        "400",
        "401",
        "404",
        "405",
        "408",
        "413",
        "415",
        "500",
        "503",
        "504",
    ]
    refs = {s["$ref"] for s in _body_schema(operation, "400")["oneOf"]}
    assert refs == {
        SCHEMAS + "InsufficientFundsErrorBody",
        SCHEMAS + "InputValidationErrorBody",
        SCHEMAS + "ServerJSONDeserializeErrorBody",
    }
    assert _body_schema(operation, "401") == {"$ref": SCHEMAS + "UnauthorizedErrorBody"}
    body = document["components"]["schemas"]["InsufficientFundsErrorBody"]
    assert body["properties"]["error"] == {"const": "InsufficientFundsError"}
    assert body["properties"]["data"] == {"$ref": SCHEMAS + "InsufficientFundsError"}
    data = document["components"]["schemas"]["InsufficientFundsError"]
    assert data["required"] == ["balance", "requested"]


def test_service_unavailable_documents_retry_after(document: dict[str, Any]) -> None:
    unavailable = document["paths"]["/rpc/withdraw"]["post"]["responses"]["503"]
    assert unavailable["headers"]["Retry-After"] == {"$ref": "#/components/headers/RetryAfter"}
    assert _body_schema(document["paths"]["/rpc/withdraw"]["post"], "503") == {
        "oneOf": [
            {"$ref": SCHEMAS + "DatabaseReadOnlyErrorBody"},
            {"$ref": SCHEMAS + "ServiceUnavailableErrorBody"},
        ]
    }


def test_every_response_documents_the_request_id(document: dict[str, Any]) -> None:
    for item in document["paths"].values():
        for operation in item.values():
            for response in operation["responses"].values():
                assert "X-Request-ID" in response["headers"]


def test_routes_that_are_not_public_need_the_session_cookie(document: dict[str, Any]) -> None:
    scheme = document["components"]["securitySchemes"][SESSION_SCHEME]
    assert scheme == scheme | {"type": "apiKey", "in": "cookie", "name": "sid"}
    whoami = document["paths"]["/rpc/whoami"]["post"]
    assert whoami["security"] == [{SESSION_SCHEME: []}]
    assert whoami["x-authorization"] == "user"
    assert "security" not in document["paths"]["/rpc/order_echo"]["post"]
    assert "security" not in document["paths"]["/rpc/nothing"]["post"]


def test_without_a_session_cookie_nothing_is_secured() -> None:
    document = openapi_document("sample", [secure_router()], version="1")
    assert "securitySchemes" not in document["components"]
    assert "security" not in document["paths"]["/rpc/whoami"]["post"]


def test_the_same_routers_give_the_same_document() -> None:
    first = openapi_document("sample", [secure_router(), sample_router()], version="1")
    second = openapi_document("sample", [sample_router(), secure_router()], version="1")
    assert strict_json.dumps(first) == strict_json.dumps(second)


@dataclass
class NopeError(RPCError):
    reason: str


@dataclass
class NopeErrorBody:
    text: str


@route("nope", errors=(NopeError,))
async def nope(req: Req[None]) -> NopeErrorBody:
    raise NopeError(reason="no")


def test_a_type_named_like_an_error_body_is_refused() -> None:
    with pytest.raises(RouteDefinitionError, match="clashes"):
        openapi_document("sample", [Router("nope").include(nope)], version="1")


async def test_the_app_serves_its_document(app: Quart) -> None:
    response = await app.test_client().get("/openapi.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document: dict[str, Any] = await response.get_json()
    validate_openapi(document)
    assert document["info"]["version"] == SAMPLE_VERSION
    assert "X-Request-ID" in response.headers


def test_two_errors_with_one_name_are_refused() -> None:
    with pytest.raises(RouteDefinitionError, match="share a name"):
        openapi_document("sample", [sample_router(), clashing_router()], version="1")


def test_the_server_is_the_apps_public_address(document: dict[str, Any]) -> None:
    assert document["servers"] == [
        {"url": "https://api.example.com", "description": "The sample app."}
    ]
    assert "servers" not in openapi_document("sample", [sample_router()], version="1")


def test_operations_are_tagged_with_their_capability(document: dict[str, Any]) -> None:
    # The sample routes are defined in foundation/testing/: capability "testing", described
    # by that package's docstring.
    tags = {op["tags"][0] for item in document["paths"].values() for op in item.values()}
    assert tags == {"testing"}
    (tag,) = document["tags"]
    assert tag["name"] == "testing" and tag["description"].startswith("Test support")


def test_a_capability_is_the_handlers_package() -> None:
    info = Router("nope").include(nope).routes()[0]
    assert capability(info) == "webserver"  # this module is foundation/webserver/openapi_test

    async def script(req: Req[None]) -> None: ...

    script.__module__ = "__main__"
    in_a_script = Router("x").include(route("in_a_script")(script)).routes()[0]
    assert capability(in_a_script) == "main"

    async def packaged(req: Req[None]) -> None: ...

    packaged.__module__ = "foundation.webserver"  # defined in a package's __init__
    in_a_package = Router("x").include(route("in_a_package")(packaged)).routes()[0]
    assert capability(in_a_package) == "webserver"


def test_every_operation_has_examples_its_types_accept(document: dict[str, Any]) -> None:
    routes = {r.name: r for r in sample_router().routes() + secure_router().routes()}
    for item in document["paths"].values():
        for method, operation in item.items():
            info = routes[operation["operationId"]]
            answer = operation["responses"]["200"]["content"]["application/json"]["example"]
            if info.output_type is type(None):
                assert answer == {"ok": True}
            else:
                info.route.output_adapter.validate_python(answer)
            if method == "get":
                request = {p["name"]: p["example"] for p in operation.get("parameters", [])}
            else:
                request = operation["requestBody"]["content"]["application/json"]["example"]
            if info.input_type is not type(None):
                info.route.input_adapter.validate_python(request)
    echo = document["paths"]["/rpc/order_echo"]["post"]
    assert echo["requestBody"]["content"]["application/json"]["example"]["price"] == 1
    assert echo["responses"]["200"]["content"]["application/json"]["example"]["price"] == "1"
    search = document["paths"]["/rpc/item_search"]["get"]
    assert [p["example"] for p in search["parameters"]] == [
        "example query",
        10,
        False,
        ["example tags"],
    ]
