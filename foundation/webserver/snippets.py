"""The copyable calls of `/docs`: one curl command and one TypeScript snippet per RPC, each
sending the operation's example request to the app's server.

    curl_snippet(server, operation_path, "post", example)
    typescript_snippet("product", server, "login", example, schema, components)

curl keeps the session cookie in `cookies.txt` (`-b`/`-c`), so a `login` snippet signs
in the ones run after it. The TypeScript snippet uses the generated client of
`typescript/rpc` (`@blossom/rpc/<app>`), dates made with its `isoDate`/`isoDateTime`.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any, cast

from foundation.rpc.examples import query_pairs
from foundation.webserver.openapi import SCHEMAS

COOKIE_JAR = "cookies.txt"
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_DATE_HELPERS = {"date": "isoDate", "date-time": "isoDateTime"}


def curl_snippet(server: str, path: str, method: str, example: Any) -> str:
    """A curl command calling the RPC at `path` with `example` (its input: a JSON body for
    POST, query parameters for GET)."""
    lines = [f"curl {shlex.quote(server + path)}", f"-b {COOKIE_JAR} -c {COOKIE_JAR}"]
    if method.lower() == "get":
        pairs = query_pairs(example)
        if pairs:
            lines[0] = f"curl -G {shlex.quote(server + path)}"
        lines += [f"--data-urlencode {shlex.quote(f'{key}={value}')}" for key, value in pairs]
    else:
        body = json.dumps({} if example is None else example, ensure_ascii=False)
        lines += ["-H 'Content-Type: application/json'", f"-d {shlex.quote(body)}"]
    return " \\\n  ".join(lines)


def typescript_snippet(
    app: str,
    server: str,
    name: str,
    example: Any,
    schema: dict[str, Any] | None,
    components: dict[str, Any],
) -> str:
    """A module calling RPC `name` of `app` with `example` through the generated client;
    `schema` (the input's JSON schema) says which strings are dates."""
    helpers: set[str] = set()
    client = _identifier(app)
    call = f"await {client}.call({json.dumps(name)}"
    if example is not None:
        literal = _literal(example, schema or {}, components, helpers, 0)
        call += f", {literal}"
    lines = [f'import {{ createClient }} from "@blossom/rpc/{app}";']
    if helpers:
        lines.append(f'import {{ {", ".join(sorted(helpers))} }} from "@blossom/rpc/client";')
    lines += [
        "",
        f"const {client} = createClient({{ baseUrl: {json.dumps(server)} }});",
        f"const res = {call});",
        "if (res.ok) console.log(res.data);",
        "else console.error(res.error, res.data);",
    ]
    return "\n".join(lines)


def _identifier(app: str) -> str:
    words = re.split(r"[^A-Za-z0-9]+", app)
    name = words[0].lower() + "".join(word.capitalize() for word in words[1:])
    return name if _IDENTIFIER.fullmatch(name) else "client"


def _literal(
    value: Any, schema: dict[str, Any], components: dict[str, Any], helpers: set[str], depth: int
) -> str:
    """`value` as a TypeScript expression of the type `schema` describes."""
    schema = _resolve(schema, components, value)
    pad = "  " * depth
    if isinstance(value, dict):
        fields = cast("dict[str, Any]", value)
        if not fields:
            return "{}"
        properties: dict[str, Any] = schema.get("properties", {})
        extra: Any = schema.get("additionalProperties")
        lines: list[str] = []
        for key, item in fields.items():
            field_schema: Any = properties.get(key, extra if isinstance(extra, dict) else {})
            name = key if _IDENTIFIER.fullmatch(key) else json.dumps(key)
            text = _literal(item, field_schema, components, helpers, depth + 1)
            lines.append(f"{pad}  {name}: {text},\n")
        return "{\n" + "".join(lines) + pad + "}"
    if isinstance(value, list):
        items: Any = schema.get("items", {})
        values = cast("list[Any]", value)
        texts = [_literal(item, items, components, helpers, depth) for item in values]
        return "[" + ", ".join(texts) + "]"
    helper = _DATE_HELPERS.get(str(schema.get("format")))
    if isinstance(value, str) and helper:
        helpers.add(helper)
        return f"{helper}(new Date({json.dumps(value)}))"
    return json.dumps(value, ensure_ascii=False)


def _resolve(schema: dict[str, Any], components: dict[str, Any], value: Any) -> dict[str, Any]:
    """`schema` with its reference followed and, for a union, the member `value` is of."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMAS):
        return _resolve(components.get(ref[len(SCHEMAS) :], {}), components, value)
    for key in ("anyOf", "oneOf"):
        options = cast("list[dict[str, Any]]", schema.get(key, []))
        for option in options:
            resolved = _resolve(option, components, value)
            if _json_type(resolved) == _json_type_of(value):
                return resolved
    return schema


def _json_type(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    return "number" if kind == "integer" else kind if isinstance(kind, str) else None


def _json_type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
