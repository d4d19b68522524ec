"""`GET /docs`: the app's OpenAPI document as one self-contained HTML page.

Every RPC with its method and path, who may call it, its description, input, output and
errors (status, name, data), then every named type. Plain HTML with inline CSS: no
script, no font, nothing fetched from anywhere (the response's Content-Security-Policy
forbids it). Schemas are shown in a TypeScript-like notation; named types link to their
definition.
"""

from __future__ import annotations

import html
import json
from typing import Any, cast

from foundation.webserver.openapi import ERROR_BODY_SUFFIX, SCHEMAS

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2330; background: #fbfbfd; }
header, main, nav { max-width: 960px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { margin-bottom: 0; }
h2 { margin-top: 40px; border-bottom: 1px solid #d8dbe3; padding-bottom: 4px; }
h2 code { font-size: 20px; }
h3 { font-size: 15px; margin: 16px 0 4px; }
code, pre { font: 13px/1.45 ui-monospace, monospace; }
pre { background: #f0f2f7; padding: 8px 12px; border-radius: 4px; overflow-x: auto; margin: 0; }
nav ul { columns: 3; padding-left: 18px; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e3e5ec; }
.method { font-size: 13px; font-weight: 600; color: #fff; background: #4a5d8f;
  border-radius: 3px; padding: 1px 6px; vertical-align: middle; }
.method.get { background: #2f7d4a; }
.access { color: #6a7080; font-weight: normal; font-size: 14px; }
.muted { color: #6a7080; }
a { color: #2f4fa3; }
"""


def docs_html(document: dict[str, Any]) -> str:
    """The page for `document` (an OpenAPI 3.1 document from `openapi_document`)."""
    info = document.get("info", {})
    title = str(info.get("title", "RPC API"))
    components = document.get("components", {}).get("schemas", {})
    operations = [
        (path, method, operation)
        for path, item in sorted(document.get("paths", {}).items())
        for method, operation in sorted(item.items())
    ]
    out: list[str] = [
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<header>\n",
        f"<h1>{_e(title)}</h1>\n",
        f'<p class="muted">Version {_e(str(info.get("version", "")))} · ',
        '<a href="openapi.json">openapi.json</a></p>\n',
        f"<p>{_inline(str(info.get('description', '')))}</p>\n</header>\n",
        "<nav>\n<h2>RPCs</h2>\n<ul>\n",
    ]
    for _path, _method, operation in operations:
        name = str(operation.get("operationId"))
        out.append(f'<li><a href="#rpc-{_e(name)}"><code>{_e(name)}</code></a></li>\n')
    out.append("</ul>\n</nav>\n<main>\n")
    rows = {id(operation): _error_rows(operation, components) for _, _, operation in operations}
    error_sets = [set(r) for r in rows.values()]
    common = error_sets[0].intersection(*error_sets[1:]) if error_sets else set[tuple[str, ...]]()
    if common:
        out.append('<h2 id="common-errors">Errors every RPC may answer</h2>\n')
        any_rows = next(iter(rows.values()))
        out.append(_error_table([row for row in any_rows if row in common]))
    for path, method, operation in operations:
        declared = [row for row in rows[id(operation)] if row not in common]
        out.append(_operation(path, method, operation, components, declared))
    if components:
        out.append('<h2 id="types">Types</h2>\n')
        errors = {name for name, schema in components.items() if _is_error_body(name, schema)}
        for name, schema in components.items():
            if name in errors or f"{name}{ERROR_BODY_SUFFIX}" in errors:
                continue  # errors and their data are shown with the RPCs
            out.append(f'<h3 id="type-{_e(name)}"><code>{_e(name)}</code></h3>\n')
            if schema.get("description"):
                out.append(f"<p>{_inline(schema['description'])}</p>\n")
            out.append(f"<pre>{_shape(schema, components)}</pre>\n")
    out.append("</main>\n</body>\n</html>\n")
    return "".join(out)


def _operation(
    path: str,
    method: str,
    operation: dict[str, Any],
    components: dict[str, Any],
    errors: list[tuple[str, str, str, str]],
) -> str:
    name = str(operation.get("operationId"))
    access = operation.get("x-authorization")
    transaction = operation.get("x-transaction")
    out = [
        f'<section id="rpc-{_e(name)}">\n<h2><code>{_e(name)}</code> ',
        f'<span class="method {_e(method)}">{_e(method.upper())}</span> <code>{_e(path)}</code>',
        f' <span class="access">{_e(str(access))}</span>' if access else "",
        (
            f' <span class="access" title="the transaction kind: admin bypasses Row Level'
            f' Security">{_e(str(transaction))} transaction</span>'
            if transaction
            else ""
        ),
        "</h2>\n",
    ]
    for paragraph in str(operation.get("description", "")).split("\n\n"):
        if paragraph.strip():
            out.append(f"<p>{_inline(paragraph)}</p>\n")
    out.append("<h3>Input</h3>\n")
    if method == "get":
        parameters = operation.get("parameters", [])
        if parameters:
            fields = "".join(
                f"  {_e(p['name'])}{'' if p.get('required') else '?'}: "
                f"{_shape(p['schema'], components, 1)};\n"
                for p in parameters
            )
            out.append(f'<p class="muted">Query parameters.</p>\n<pre>{{\n{fields}}}</pre>\n')
        else:
            out.append('<p class="muted">None.</p>\n')
    else:
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        out.append(_named_shape(body.get("schema", {}), components))
    success = operation.get("responses", {}).get("200", {}).get("content", {})
    out.append("<h3>Output</h3>\n")
    out.append(_named_shape(success.get("application/json", {}).get("schema", {}), components))
    out.append("<h3>Errors</h3>\n")
    if errors:
        out.append(_error_table(errors))
        out.append('<p class="muted">And the <a href="#common-errors">common errors</a>.</p>\n')
    else:
        out.append('<p class="muted">Only the <a href="#common-errors">common errors</a>.</p>\n')
    out.append("</section>\n")
    return "".join(out)


def _named_shape(schema: dict[str, Any], components: dict[str, Any]) -> str:
    """A schema's shape; a named type is shown expanded under its (linked) name."""
    shape = _shape(_resolve(schema, components), components)
    if "$ref" in schema:
        shape = f"{_shape(schema, components)} = {shape}"
    return f"<pre>{shape}</pre>\n"


def _error_rows(
    operation: dict[str, Any], components: dict[str, Any]
) -> list[tuple[str, str, str, str]]:
    """(status, error name, description, data shape) of each error the operation may answer."""
    rows: list[tuple[str, str, str, str]] = []
    for status, response in sorted(operation.get("responses", {}).items()):
        if status == "200":
            continue
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        for envelope in schema.get("oneOf", [schema]):
            properties = _resolve(envelope, components).get("properties", {})
            error = str(properties.get("error", {}).get("const", "?"))
            data = _resolve(properties.get("data", {}), components)
            rows.append((status, error, str(data.get("description", "")), _shape(data, components)))
    return rows


def _error_table(rows: list[tuple[str, str, str, str]]) -> str:
    out = ["<table>\n<tr><th>Status</th><th>Error</th><th>Data</th></tr>\n"]
    for status, error, description, data in rows:
        out.append(
            f"<tr><td>{_e(status)}</td><td><code>{_e(error)}</code>"
            f'<br><span class="muted">{_inline(description)}</span></td>'
            f"<td><pre>{data}</pre></td></tr>\n"
        )
    out.append("</table>\n")
    return "".join(out)


def _is_error_body(name: str, schema: dict[str, Any]) -> bool:
    error = schema.get("properties", {}).get("error", {}).get("const")
    return isinstance(error, str) and name == f"{error}{ERROR_BODY_SUFFIX}"


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMAS):
        return components.get(ref[len(SCHEMAS) :], {})
    return schema


def _shape(schema: Any, components: dict[str, Any], depth: int = 0) -> str:
    """`schema` in a TypeScript-like notation, as HTML (named types are links)."""
    if not isinstance(schema, dict) or not schema:
        return "unknown"
    schema = cast("dict[str, Any]", schema)
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        return f'<a href="#type-{_e(name)}">{_e(name)}</a>'
    if "const" in schema:
        return _e(json.dumps(schema["const"]))
    if "enum" in schema:
        values: list[Any] = schema["enum"]
        return " | ".join(_e(json.dumps(v)) for v in values)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options: list[Any] = schema[key]
            return " | ".join(_shape(s, components, depth) for s in options)
    kind: Any = schema.get("type")
    if isinstance(kind, list):
        kinds = cast("list[str]", kind)
        return " | ".join(_shape({**schema, "type": k}, components, depth) for k in kinds)
    if kind == "array":
        item = _shape(schema.get("items", {}), components, depth)
        return f"({item})[]" if " | " in item else f"{item}[]"
    if kind == "object":
        return _object(schema, components, depth)
    if kind in ("integer", "number", "boolean", "null"):
        return _e(str(kind)) + _constraints(schema)
    if kind == "string":
        return "string" + _constraints(schema)
    return "unknown"


def _object(schema: dict[str, Any], components: dict[str, Any], depth: int) -> str:
    properties: dict[str, Any] = schema.get("properties", {})
    extra: Any = schema.get("additionalProperties")
    if not properties:
        if isinstance(extra, dict):
            return f"Record&lt;string, {_shape(extra, components, depth)}&gt;"
        return "{}"
    required = set(schema.get("required", ()))
    pad = "  " * (depth + 1)
    lines: list[str] = []
    for key, field in properties.items():
        comment = ""
        description: Any = (
            cast("dict[str, Any]", field).get("description") if isinstance(field, dict) else None
        )
        if description:
            comment = (
                f'{pad}<span class="muted">// {_e(" ".join(str(description).split()))}</span>\n'
            )
        optional = "" if key in required else "?"
        lines.append(
            f"{comment}{pad}{_e(key)}{optional}: {_shape(field, components, depth + 1)};\n"
        )
    return "{\n" + "".join(lines) + "  " * depth + "}"


def _constraints(schema: dict[str, Any]) -> str:
    notes: list[str] = []
    if "format" in schema:
        notes.append(str(schema["format"]))
    low, high = schema.get("minLength"), schema.get("maxLength")
    if low is not None or high is not None:
        notes.append(f"{low or 0}..{high if high is not None else ''} chars")
    for key, label in (("minimum", "≥"), ("maximum", "≤")):
        if key in schema:
            notes.append(f"{label} {schema[key]}")
    if "pattern" in schema:
        notes.append(f"pattern {schema['pattern']}")
    if "default" in schema:
        notes.append(f"default {json.dumps(schema['default'])}")
    return f' <span class="muted">({_e(", ".join(notes))})</span>' if notes else ""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _inline(text: str) -> str:
    """Escaped text with `code` spans."""
    parts = _e(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))
