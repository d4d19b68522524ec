"""`GET /docs`: the app's OpenAPI document as one self-contained HTML page.

Every RPC, grouped by capability (the document's tags), with its method and path, who
may call it, its description, input, output and errors (status, name, data), an example
request and answer, a curl command and a TypeScript snippet that send that request (each
with a copy button), then every named type. A search box filters the RPCs by name,
capability and description as you type. With `try_it` (development and tests, never
production) each RPC also has a form that sends a request to this server and shows the
answer. Schemas are shown in a TypeScript-like notation; named types link to their
definition.

The page is one file: its style (`docs.css`) and script (`docs.js`) are inline, allowed
by their hashes in `docs_csp(try_it)`; no font, image or anything else is fetched, and the
script reaches nothing but `/rpc/` of this server (only with `try_it`).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from pathlib import Path
from typing import Any, cast

from foundation.webserver.openapi import ERROR_BODY_SUFFIX, SCHEMAS
from foundation.webserver.snippets import COOKIE_JAR, curl_snippet, typescript_snippet

_STYLE = Path(__file__).with_name("docs.css").read_text()
_SCRIPT = Path(__file__).with_name("docs.js").read_text()


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def docs_csp(try_it: bool) -> str:
    """The page's Content-Security-Policy: its own style and script, and with `try_it`
    requests to this server."""
    policy = [
        "default-src 'none'",
        f"style-src {_hash(_STYLE)}",
        f"script-src {_hash(_SCRIPT)}",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
    if try_it:
        policy.append("connect-src 'self'")
    return "; ".join(policy)


def docs_html(document: dict[str, Any], *, app: str = "app", try_it: bool = False) -> str:
    """The page for `document` (an OpenAPI 3.1 document from `openapi_document`) of the
    app named `app` (its TypeScript client is `@blossom/rpc/<app>`)."""
    info = document.get("info", {})
    title = str(info.get("title", "RPC API"))
    components = document.get("components", {}).get("schemas", {})
    servers: list[Any] = document.get("servers", [])
    server = str(servers[0].get("url", "")) if servers else ""
    operations = [
        (path, method, operation)
        for path, item in sorted(document.get("paths", {}).items())
        for method, operation in sorted(item.items())
    ]
    groups: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for path, method, operation in operations:
        groups.setdefault(_tag(operation), []).append((path, method, operation))
    groups = dict(sorted(groups.items()))
    texts = {str(t.get("name")): str(t.get("description", "")) for t in document.get("tags", [])}
    out: list[str] = [
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n",
        '<a class="skip" href="#main">Skip to the RPCs</a>\n<header>\n',
        f"<h1>{_e(title)}</h1>\n",
        f'<p class="muted">Version {_e(str(info.get("version", "")))} · ',
        '<a href="openapi.json">openapi.json</a>',
        f" · server <code>{_e(server)}</code>" if server else "",
        "</p>\n",
        f"<p>{_inline(str(info.get('description', '')))}</p>\n",
        f"<p>The curl commands keep the session cookie in <code>{COOKIE_JAR}</code>: run a ",
        "sign-in first. The TypeScript snippets use the generated client ",
        f"<code>@blossom/rpc/{_e(app)}</code>.</p>\n",
        '<form id="search" class="search" role="search" hidden>\n',
        '<label for="search-input">Search RPCs</label>\n',
        '<input id="search-input" type="search" autocomplete="off" spellcheck="false" ',
        'placeholder="name, capability or description (press /)" ',
        'aria-describedby="search-status">\n',
        '<p id="search-status" class="muted" role="status"></p>\n</form>\n</header>\n',
        '<nav aria-label="RPCs">\n<h2>RPCs by capability</h2>\n<ul class="groups">\n',
    ]
    for tag, members in groups.items():
        out.append(
            f'<li data-group="{_e(tag)}"><a class="group-name" href="#group-{_e(tag)}">'
            f"{_e(tag)}</a>\n<ul>\n"
        )
        for _path, _method, operation in members:
            name = str(operation.get("operationId"))
            out.append(
                f'<li data-rpc="{_e(name)}"><a href="#rpc-{_e(name)}"><code>{_e(name)}</code>'
                "</a></li>\n"
            )
        out.append("</ul></li>\n")
    out.append('</ul>\n</nav>\n<main id="main">\n')
    rows = {id(operation): _error_rows(operation, components) for _, _, operation in operations}
    error_sets = [set(r) for r in rows.values()]
    common = error_sets[0].intersection(*error_sets[1:]) if error_sets else set[tuple[str, ...]]()
    if common:
        out.append('<section id="common-errors" aria-labelledby="common-errors-title">\n')
        out.append('<h2 id="common-errors-title">Errors every RPC may answer</h2>\n')
        any_rows = next(iter(rows.values()))
        out.append(_error_table([row for row in any_rows if row in common]))
        out.append("</section>\n")
    page = _Page(app=app, server=server, components=components, try_it=try_it)
    for tag, members in groups.items():
        out.append(
            f'<section class="group" id="group-{_e(tag)}" data-group="{_e(tag)}" '
            f'aria-labelledby="group-{_e(tag)}-title">\n'
            f'<h2 id="group-{_e(tag)}-title">{_e(tag)}</h2>\n'
        )
        if texts.get(tag):
            out.append(f"<p>{_inline(texts[tag])}</p>\n")
        for path, method, operation in members:
            declared = [row for row in rows[id(operation)] if row not in common]
            out.append(page.operation(path, method, operation, tag, declared))
        out.append("</section>\n")
    if components:
        out.append('<section id="types" aria-labelledby="types-title">\n')
        out.append('<h2 id="types-title">Types</h2>\n')
        errors = {name for name, schema in components.items() if _is_error_body(name, schema)}
        for name, schema in components.items():
            if name in errors or f"{name}{ERROR_BODY_SUFFIX}" in errors:
                continue  # errors and their data are shown with the RPCs
            out.append(f'<h3 id="type-{_e(name)}"><code>{_e(name)}</code></h3>\n')
            if schema.get("description"):
                out.append(f"<p>{_inline(schema['description'])}</p>\n")
            out.append(f"<pre>{_shape(schema, components)}</pre>\n")
        out.append("</section>\n")
    out.append(f"</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n")
    return "".join(out)


def _tag(operation: dict[str, Any]) -> str:
    tags: list[Any] = operation.get("tags") or ["other"]
    return str(tags[0])


def request_example(operation: dict[str, Any]) -> Any:
    """The operation's example input (None for an RPC without input): the JSON body's, or
    a GET's parameters' as one object."""
    parameters: list[dict[str, Any]] = operation.get("parameters", [])
    if parameters:
        return {p["name"]: p.get("example") for p in parameters}
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    example: Any = body.get("example")
    if example == {} and "$ref" not in body.get("schema", {}):
        return None  # the `{}` an RPC without input takes
    return example


def response_example(operation: dict[str, Any]) -> Any:
    """The operation's example answer (the body of a 200)."""
    success = operation.get("responses", {}).get("200", {}).get("content", {})
    return success.get("application/json", {}).get("example")


class _Page:
    """The parts of one page every RPC's section needs."""

    def __init__(self, *, app: str, server: str, components: dict[str, Any], try_it: bool) -> None:
        self.app = app
        self.server = server
        self.components = components
        self.try_it = try_it

    def operation(
        self,
        path: str,
        method: str,
        operation: dict[str, Any],
        tag: str,
        errors: list[tuple[str, str, str, str]],
    ) -> str:
        components = self.components
        name = str(operation.get("operationId"))
        description = str(operation.get("description", ""))
        search = " ".join(f"{name} {tag} {description}".lower().split())
        access = operation.get("x-authorization")
        transaction = operation.get("x-transaction")
        out = [
            f'<section class="rpc" id="rpc-{_e(name)}" data-rpc="{_e(name)}" '
            f'data-search="{_e(search)}" aria-labelledby="rpc-{_e(name)}-title">\n',
            f'<h3 id="rpc-{_e(name)}-title"><code>{_e(name)}</code> ',
            f'<span class="method {_e(method)}">{_e(method.upper())}</span> <code>{_e(path)}</code>',
            f' <span class="access">{_e(str(access))}</span>' if access else "",
            (
                f' <span class="access" title="the transaction kind: admin bypasses Row Level'
                f' Security">{_e(str(transaction))} transaction</span>'
                if transaction
                else ""
            ),
            (
                f' <span class="access" title="the permission the caller\'s role must hold">'
                f"needs {_e(str(operation['x-permission']))}</span>"
                if operation.get("x-permission")
                else ""
            ),
            (
                ' <span class="access" title="with read replicas it may read data a moment'
                " behind, never behind the caller's own writes\">replica reads</span>"
                if operation.get("x-replica")
                else ""
            ),
            "</h3>\n",
        ]
        for paragraph in description.split("\n\n"):
            if paragraph.strip():
                out.append(f"<p>{_inline(paragraph)}</p>\n")
        out.append("<h4>Input</h4>\n")
        input_schema: dict[str, Any] | None = None
        if method == "get":
            parameters = operation.get("parameters", [])
            if parameters:
                fields = "".join(
                    f"  {_e(p['name'])}{'' if p.get('required') else '?'}: "
                    f"{_shape(p['schema'], components, 1)};\n"
                    for p in parameters
                )
                out.append(f'<p class="muted">Query parameters.</p>\n<pre>{{\n{fields}}}</pre>\n')
                input_schema = {
                    "type": "object",
                    "properties": {p["name"]: p["schema"] for p in parameters},
                }
            else:
                out.append('<p class="muted">None.</p>\n')
        else:
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            input_schema = body.get("schema", {})
            out.append(_named_shape(input_schema or {}, components))
        success = operation.get("responses", {}).get("200", {}).get("content", {})
        out.append("<h4>Output</h4>\n")
        streamed = [media for media in success if media != "application/json"]
        if streamed:  # a streamed download (foundation/rpc/streams.py)
            kinds = " or ".join(f"<code>{_e(media)}</code>" for media in streamed)
            out.append(f"<p>A streamed download: {kinds}, sent in chunks as it is made.</p>\n")
        else:
            out.append(
                _named_shape(success.get("application/json", {}).get("schema", {}), components)
            )
        out.append("<h4>Errors</h4>\n")
        if errors:
            out.append(_error_table(errors))
            out.append('<p class="muted">And the <a href="#common-errors">common errors</a>.</p>\n')
        else:
            out.append(
                '<p class="muted">Only the <a href="#common-errors">common errors</a>.</p>\n'
            )
        request, answer = request_example(operation), response_example(operation)
        out.append('<h4>Example</h4>\n<div class="pair">\n<div>\n<h5>Request</h5>\n')
        if request is None:
            out.append('<p class="muted">No input.</p>\n')
        else:
            out.append(f"<pre>{_e(_json(request))}</pre>\n")
        shown = f"({' or '.join(streamed)}, streamed)" if streamed else _json(answer)
        out.append(f"</div>\n<div>\n<h5>Response</h5>\n<pre>{_e(shown)}</pre>\n</div>\n</div>\n")
        curl = curl_snippet(self.server, path, method, request)
        typescript = typescript_snippet(
            self.app, self.server, name, request, input_schema, self.components
        )
        out.append('<h4>Call it</h4>\n<div class="pair">\n')
        out.append(_snippet(f"curl-{name}", "curl", curl, name))
        out.append(_snippet(f"ts-{name}", "TypeScript", typescript, name))
        out.append("</div>\n")
        if self.try_it:
            out.append(_try_it(name, method, request))
        out.append("</section>\n")
        return "".join(out)


def _snippet(identifier: str, language: str, text: str, rpc: str) -> str:
    return (
        f'<div>\n<div class="snippet-head"><h5>{_e(language)}</h5>'
        f'<button type="button" data-copy="{_e(identifier)}" '
        f'aria-label="Copy the {_e(language)} call of {_e(rpc)}" hidden>Copy</button></div>\n'
        f'<pre id="{_e(identifier)}" class="snippet">{_e(text)}</pre>\n</div>\n'
    )


def _try_it(name: str, method: str, request: Any) -> str:
    field = f"try-{name}"
    value = "{}" if request is None else _json(request)
    rows = min(max(value.count("\n") + 2, 3), 16)
    return (
        '<details class="try">\n<summary>Try it <span class="muted">(development only: '
        "sends to this server)</span></summary>\n"
        f'<form class="try-form" data-rpc="{_e(name)}" data-method="{_e(method.upper())}">\n'
        f'<label for="{_e(field)}">Input (JSON)</label>\n'
        f'<textarea id="{_e(field)}" name="input" rows="{rows}" spellcheck="false">'
        f"{_e(value)}</textarea>\n"
        '<div class="send"><button type="submit">Send</button></div>\n'
        f'<pre><output for="{_e(field)}" aria-live="polite"></output></pre>\n'
        "</form>\n</details>\n"
    )


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


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
