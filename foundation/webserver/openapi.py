"""`GET /openapi.json` and `GET /docs`: an app's RPCs described from its routers.

    document = openapi_document("product", routers, version="1.2.3", session_cookie="s")

The document is OpenAPI 3.1: one operation per RPC at `/rpc/<name>` (GET routes take
their input as query parameters, POST routes as a JSON body), its input and output
schemas (pydantic's JSON Schema of the route's types: validation mode for inputs,
serialization mode for outputs, where every field is present), and per HTTP status the
errors it may answer, each `{"error": "<Name>", "data": {...}}`. Routes whose access
level needs a session (`Access.signed_in`) need the app's session cookie. Every response
carries `X-Request-ID`.

Each operation has an example request (the body's `example`, or each query parameter's)
and an example of its 200 answer, made from the route's types by `foundation.rpc.examples`
and checked against them. Its tag is its capability, the package folder of its handler
(`product/auth/routes.py` -> `auth`), described by that package's docstring. `servers`
names the app's public address when it is given. `/docs` is the same, as a page (see
`docs.py`); `api_docs.py` serves both.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
from collections.abc import Mapping, Sequence
from typing import Any, cast

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode
from pydantic_core import core_schema

from foundation.rpc.errors import RouteDefinitionError
from foundation.rpc.examples import ExampleSchemas, input_example, output_example
from foundation.rpc.request_id import REQUEST_ID_HEADER
from foundation.rpc.responses import OK_BODY
from foundation.rpc.router import RouteInfo, Router, app_errors, app_routes

OPENAPI_PATH = "/openapi.json"
DOCS_PATH = "/docs"
OPENAPI_VERSION = "3.1.0"
SCHEMAS = "#/components/schemas/"
SESSION_SCHEME = "session"
API_KEY_SCHEME = "apiKey"
ERROR_BODY_SUFFIX = "Body"
"""`components.schemas.<Error>Body`: `{"error": "<Error>", "data": <Error>}`."""

_NONE_TYPE = type(None)
_JSON = "application/json"
_REQUEST_ID_REF = {"$ref": "#/components/headers/RequestId"}
_OK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {key: {"const": value} for key, value in OK_BODY.items()},
    "required": sorted(OK_BODY),
    "additionalProperties": False,
}
_NO_INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "This RPC takes no input: send `{}`.",
    "additionalProperties": False,
}
_STATUS_TEXT = {
    200: "The RPC's output.",
    400: "A typed error.",
    401: "Not signed in.",
    404: "No such RPC.",
    405: "Wrong HTTP method.",
    408: "The request body did not arrive in time.",
    413: "The body is too large.",
    415: "The body is not `application/json`.",
    500: "Something failed on the server; `request_id` names it in the logs.",
    503: (
        "The database is unreachable, busy or (DatabaseReadOnlyError) read-only; nothing"
        " changed. Retry after `Retry-After` seconds."
    ),
    504: "The RPC timed out.",
}
_RETRY_AFTER_REF = {"$ref": "#/components/headers/RetryAfter"}


class _Schemas(GenerateJsonSchema):
    """pydantic's JSON Schema without per-field titles; outputs list every field as required
    (our serializer always writes every field of a dataclass or model)."""

    def field_title_should_be_set(self, schema: Any) -> bool:  # noqa: ARG002  (pydantic's hook)
        return False

    def field_is_required(
        self,
        field: core_schema.ModelField | core_schema.DataclassField | core_schema.TypedDictField,
        total: bool,
    ) -> bool:
        if self.mode == "serialization":
            return field.get("serialization_exclude_if") is None
        return super().field_is_required(field, total)


@functools.cache
def _adapter(type_: Any) -> TypeAdapter[Any]:
    return TypeAdapter(type_)


def openapi_document(
    app_name: str,
    routers: Sequence[Router],
    *,
    version: str,
    session_cookie: str | None = None,
    server_url: str | None = None,
    webhooks: Mapping[str, type[Any]] | None = None,
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of `routers` (sorted, so the same routers give the same JSON);
    `server_url` is where clients reach the app (its `servers` entry); `webhooks` (event
    type -> the type of its `data`) its `webhooks` section: the POST each event is."""
    webhooks = dict(sorted((webhooks or {}).items()))
    routes = app_routes(routers)
    errors = app_errors(routes)
    inputs: list[tuple[Any, JsonSchemaMode, TypeAdapter[Any]]] = []
    for info in routes:
        if info.input_type is not _NONE_TYPE:
            inputs.append(((info.name, "input"), "validation", info.route.input_adapter))
        if info.output_type is not _NONE_TYPE:
            inputs.append(((info.name, "output"), "serialization", info.route.output_adapter))
    for name, error in errors.items():
        inputs.append(((name, "error"), "serialization", _adapter(error)))
    for event, data_type in webhooks.items():
        inputs.append(((event, "webhook"), "serialization", _adapter(data_type)))
    schemas, definitions = TypeAdapter.json_schemas(
        inputs, ref_template=SCHEMAS + "{model}", schema_generator=_Schemas
    )
    defs: dict[str, Any] = definitions.get("$defs", {})
    renames = _mode_names(defs)
    found = {key: _renamed(schema, renames) for (key, _mode), schema in schemas.items()}
    components = {
        renames.get(name, name): _renamed(schema, renames) for name, schema in defs.items()
    }
    for name in errors:
        envelope = f"{name}{ERROR_BODY_SUFFIX}"
        if envelope in components:
            raise RouteDefinitionError(
                "a type's name clashes with an error's response body in the OpenAPI document",
                name=envelope,
            )
        components[envelope] = _error_envelope(name, found[(name, "error")])
    components = dict(sorted(components.items()))

    examples = ExampleSchemas(
        adapter
        for (_name, role), _mode, adapter in inputs
        if role in ("input", "output")  # the routes' types (their examples' schemas)
    )
    paths: dict[str, Any] = {}
    for info in routes:
        secured = session_cookie is not None and info.access is not None and info.access.signed_in
        operation = _operation(
            info,
            found.get((info.name, "input")),
            found.get((info.name, "output")),
            components,
            examples,
        )
        if secured:
            schemes: list[dict[str, list[str]]] = [{SESSION_SCHEME: []}]
            if info.access is not None and info.access.api_keys:  # a key whose scopes name it
                schemes.append({API_KEY_SCHEME: []})
            operation["security"] = schemes
        paths[info.path] = {info.method.lower(): operation}
    tags = {capability(info): _capability_text(info) for info in routes}

    document: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": f"Blossom {app_name} RPC API",
            "version": version,
            "description": (
                "Every RPC is `POST /rpc/<name>` with a JSON body (`Content-Type: "
                "application/json`); read-only RPCs are `GET /rpc/<name>` with their input as "
                'query parameters. Success is HTTP 200 with the output (`{"ok": true}` when '
                'there is none); an error is `{"error": "<Name>", "data": {...}}` with the '
                "status listed per operation. Every response carries `X-Request-ID`."
            ),
        },
        "tags": [
            {"name": name, **({"description": text} if text else {})}
            for name, text in sorted(tags.items())
        ],
        "paths": paths,
        "components": {
            "schemas": components,
            "headers": {
                "RequestId": {
                    "description": "The request's id (echoed when the request sent a "
                    "well-formed one); logs of the request carry it.",
                    "required": True,
                    "schema": {"type": "string"},
                },
                "RetryAfter": {
                    "description": "Seconds to wait before retrying.",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 0},
                },
            },
        },
    }
    if webhooks:
        document["webhooks"] = {
            event: _webhook(event, data_type, found[(event, "webhook")])
            for event, data_type in webhooks.items()
        }
    if server_url is not None:
        document["servers"] = [{"url": server_url, "description": f"The {app_name} app."}]
    if session_cookie is not None:
        document["components"]["securitySchemes"] = {
            SESSION_SCHEME: {
                "type": "apiKey",
                "in": "cookie",
                "name": session_cookie,
                "description": "The signed session cookie that `login` sets.",
            }
        }
        if any(info.access is not None and info.access.api_keys for info in routes):
            document["components"]["securitySchemes"][API_KEY_SCHEME] = {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "bsk_<id>_<secret>",
                "description": "An API key (`api_key_create`), for the operations whose "
                "`x-api-keys` is true and that the key's scopes name.",
            }
    return document


def capability(info: RouteInfo) -> str:
    """The route's capability: the name of the package its handler is defined in
    (`product.auth.routes` -> `auth`; a handler in a package's `__init__` counts as in it,
    one in a module outside any package, such as a script's `__main__`, is in `main`)."""
    return _handler_package(info).rsplit(".", 1)[-1].strip("_")


def _handler_package(info: RouteInfo) -> str:
    """The handler's package, or its module when that is in no package."""
    module_name = info.route.handler.__module__
    module = sys.modules.get(module_name) or importlib.import_module(module_name)
    if hasattr(module, "__path__"):
        return module_name
    return module_name.rpartition(".")[0] or module_name


def _capability_text(info: RouteInfo) -> str:
    """The first paragraph of the capability's docstring (its package's), on one line."""
    package = _handler_package(info)
    doc = inspect.getdoc(sys.modules.get(package) or importlib.import_module(package)) or ""
    return " ".join(doc.split("\n\n")[0].split())


def _mode_names(definitions: dict[str, Any]) -> dict[str, str]:
    """pydantic names a type that reads differently as input and output `X-Input` and
    `X-Output`; the TypeScript client calls them `XInput` and `X`, and so do we."""
    renames: dict[str, str] = {}
    for name in definitions:
        for suffix, replacement in (("-Input", "Input"), ("-Output", "")):
            if name.endswith(suffix):
                renames[name] = name[: -len(suffix)] + replacement
    if set(renames.values()) & (set(definitions) - set(renames)):
        return {}  # a type already has such a name: keep pydantic's
    return renames


def _renamed(schema: Any, renames: dict[str, str]) -> Any:
    if not renames:
        return schema
    if isinstance(schema, dict):
        node = cast("dict[str, Any]", schema)
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMAS) and ref[len(SCHEMAS) :] in renames:
            return {**node, "$ref": SCHEMAS + renames[ref[len(SCHEMAS) :]]}
        return {key: _renamed(value, renames) for key, value in node.items()}
    if isinstance(schema, list):
        return [_renamed(item, renames) for item in cast("list[Any]", schema)]
    return schema


def _operation(
    info: RouteInfo,
    input_schema: dict[str, Any] | None,
    output_schema: dict[str, Any] | None,
    components: dict[str, Any],
    examples: ExampleSchemas,
) -> dict[str, Any]:
    doc = info.docstring or ""
    operation: dict[str, Any] = {
        "operationId": info.name,
        "summary": doc.split("\n\n")[0].replace("\n", " ") or info.name,
        "tags": [capability(info)],
    }
    if doc:
        operation["description"] = doc
    if info.access is not None:
        operation["x-authorization"] = info.access.authorization
        operation["x-transaction"] = info.access.transaction
        if info.access.permission is not None:
            operation["x-permission"] = info.access.permission
        if info.access.replica:  # may read on a read replica (DATABASE_REPLICA_URLS)
            operation["x-replica"] = True
        if info.access.api_keys:  # an API key whose scopes name it may call it
            operation["x-api-keys"] = True
    request = input_example(info.route.input_adapter, schemas=examples)
    if info.method == "GET":
        parameters = _query_parameters(input_schema, components)
        for parameter in parameters:
            parameter["example"] = request[parameter["name"]]
        if parameters:
            operation["parameters"] = parameters
    else:
        operation["requestBody"] = {
            "required": True,
            "content": {
                _JSON: {
                    "schema": input_schema or _NO_INPUT_SCHEMA,
                    "example": {} if request is None else request,
                }
            },
        }
    responses: dict[str, Any]
    if info.route.streams:  # a streamed download: its media types, no JSON Schema
        responses = {"200": _streamed_response(info.route.streams)}
    else:
        answer = output_example(info.route.output_adapter, schemas=examples)
        responses = {
            "200": _response(200, output_schema if output_schema is not None else _OK_SCHEMA)
        }
        responses["200"]["content"][_JSON]["example"] = dict(OK_BODY) if answer is None else answer
    by_status: dict[int, list[str]] = {}
    for error in info.errors:
        by_status.setdefault(error.status, []).append(error.__name__)
    for status, names in sorted(by_status.items()):
        envelopes = [{"$ref": f"{SCHEMAS}{name}{ERROR_BODY_SUFFIX}"} for name in sorted(names)]
        schema = envelopes[0] if len(envelopes) == 1 else {"oneOf": envelopes}
        responses[str(status)] = _response(status, schema, names=sorted(names))
    operation["responses"] = responses
    return operation


def _response(
    status: int, schema: dict[str, Any], names: list[str] | None = None
) -> dict[str, Any]:
    description = _STATUS_TEXT.get(status, "An error.")
    if names:
        description = f"{description} {', '.join(names)}."
    headers = {REQUEST_ID_HEADER: _REQUEST_ID_REF}
    if status == 503:
        headers["Retry-After"] = _RETRY_AFTER_REF
    return {
        "description": description,
        "headers": headers,
        "content": {_JSON: {"schema": schema}},
    }


def _streamed_response(media_types: tuple[str, ...]) -> dict[str, Any]:
    """A streamed route's 200 (`foundation/rpc/streams.py`): its body in one of its media
    types, sent in chunks as it is made (no Content-Length); an error after the first
    byte closes the connection before the body's end."""
    return {
        "description": (
            "The streamed answer, in chunks as it is made (no Content-Length). An error "
            "after the first byte closes the connection before the body's end: the "
            "download fails, never ends short."
        ),
        "headers": {REQUEST_ID_HEADER: _REQUEST_ID_REF},
        "content": {media_type: {"schema": {"type": "string"}} for media_type in media_types},
        "x-streamed": True,
    }


def _error_envelope(name: str, data_schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": f"The body of a `{name}` answer.",
        "properties": {"error": {"const": name}, "data": data_schema},
        "required": ["error", "data"],
        "additionalProperties": False,
    }


def _query_parameters(
    input_schema: dict[str, Any] | None, components: dict[str, Any]
) -> list[dict[str, Any]]:
    """A GET route's input fields as query parameters (arrays as repeated keys)."""
    if input_schema is None:
        return []
    schema = input_schema
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMAS):
        schema = components[ref[len(SCHEMAS) :]]
    required = set(schema.get("required", ()))
    parameters: list[dict[str, Any]] = []
    for key, field in schema.get("properties", {}).items():
        parameter: dict[str, Any] = {
            "name": key,
            "in": "query",
            "required": key in required,
            "schema": field,
        }
        if "description" in field:
            parameter["description"] = field["description"]
        parameters.append(parameter)
    return parameters


_WEBHOOK_HEADERS = {
    "webhook-id": "The delivery's id: the same on every retry (de-duplicate by it).",
    "webhook-timestamp": "When this attempt was signed, in seconds since the epoch.",
    "webhook-signature": (
        "`v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the endpoint's secret (Standard"
        " Webhooks); during the 24 hours after a rotation also one with the previous secret,"
        " space-separated."
    ),
}


def _webhook(event: str, data_type: type[Any], data: dict[str, Any]) -> dict[str, Any]:
    """The POST an endpoint gets for `event`: a Standard Webhooks body whose `data` is
    `data_type`'s fields and the organization's id."""
    data = {
        **data,
        "properties": {"organization_id": {"type": "string"}, **data.get("properties", {})},
        "required": ["organization_id", *data.get("required", [])],
    }
    body = {
        "type": "object",
        "properties": {
            "type": {"const": event},
            "timestamp": {"type": "string", "format": "date-time"},
            "data": data,
        },
        "required": ["type", "timestamp", "data"],
        "additionalProperties": False,
    }
    return {
        "post": {
            "operationId": f"webhook:{event}",
            "summary": event,
            "description": inspect.getdoc(data_type) or event,
            "parameters": [
                {
                    "name": name,
                    "in": "header",
                    "required": True,
                    "description": text,
                    "schema": {"type": "string"},
                }
                for name, text in _WEBHOOK_HEADERS.items()
            ],
            "requestBody": {"required": True, "content": {_JSON: {"schema": body}}},
            "responses": {
                "2XX": {"description": "Received. Any other answer is retried for 3 days."}
            },
        }
    }
