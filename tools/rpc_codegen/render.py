"""One app's routers -> the text of its TypeScript module (`typescript/rpc/src/<app>.ts`).

The module holds, sorted by name: every named input/output type, one `<Error>Data`
interface per error, `<App>ErrorData` (error name -> data type), `<App>RPCs` (per RPC:
method, input, output, error names; the handler's docstring as TSDoc), a runtime table
checked against `<App>RPCs` with `satisfies`, and `createClient`. It imports only
`./client.js`. The same routers always give the same text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from foundation.rpc.errors import RPCError
from foundation.rpc.router import RouteInfo, Router, app_routes
from tools.rpc_codegen.typemap import TypeScriptTypes, class_doc, indent, tsdoc

_NONE_TYPE = type(None)
RUNTIME_IMPORTS = ("createRPCClient",)
TYPE_IMPORTS = ("Client", "ClientOptions", "RPCRuntimeSpec")
STREAM_TYPE = "RPCStream"
"""The output of a streamed route (`typescript/rpc/src/client.ts`)."""


def header(app: str) -> str:
    return (
        f"// Generated from the {app} app's routers by tools/rpc_codegen: do not edit.\n"
        "// Change the Python routes, then run `uv run just codegen-rpc`.\n"
    )


def render_module(
    app: str, routers: Sequence[Router], webhooks: Mapping[str, type[Any]] | None = None
) -> str:
    """The TypeScript module of app `app` (named like `product`) serving `routers`, with
    the types of the webhooks it sends (`webhooks`: event type -> its `data`'s type)."""
    prefix = app[:1].upper() + app[1:]
    names = _Names(prefix)
    routes = app_routes(routers)
    types = TypeScriptTypes(
        reserved={
            *names.all(),
            *RUNTIME_IMPORTS,
            *TYPE_IMPORTS,
            STREAM_TYPE,
            "Record",
            "createClient",
        }
    )

    # Outputs before inputs: a class used both ways keeps its name for the output.
    outputs = {info.name: _output(types, info) for info in routes}
    errors = sorted({error for info in routes for error in info.errors}, key=_error_name)
    error_data = {error.__name__: types.error_data(error) for error in errors}
    inputs = {info.name: _input(types, info) for info in routes}
    events = {
        event: types.ts(data_type, "output", module=data_type.__module__)
        for event, data_type in sorted((webhooks or {}).items())
    }
    if events:
        types.brands.add("ISODateTime")

    name_sets = [_error_names(info) for info in routes]
    common = sorted(name_sets[0].intersection(*name_sets[1:])) if name_sets else []
    brands = sorted(types.brands)
    streamed = [STREAM_TYPE] if any(info.route.streams for info in routes) else []
    out: list[str] = [header(app), "\n"]
    out.append(f'import {{ {", ".join(RUNTIME_IMPORTS)} }} from "./client.js";\n')
    imported = ", ".join(sorted({*TYPE_IMPORTS, *brands, *streamed}))
    out.append(f'import type {{ {imported} }} from "./client.js";\n')

    for declaration in types.declarations():
        out.append("\n" + declaration.source + "\n")

    out.append(f"\n/** The data of every error a {app} RPC may answer, by error name. */\n")
    out.append(f"export interface {names.error_data} {{\n")
    for error in errors:
        out.append(indent(tsdoc(class_doc(error))))
        out.append(f"  {error.__name__}: {error_data[error.__name__]};\n")
    out.append("}\n")

    out.append(f"\n/** Errors every {app} RPC may answer (standard and app-wide ones). */\n")
    out.append(f"export type {names.common_errors} = {_union(json.dumps(n) for n in common)};\n")

    out.append(
        f"\n/** Every {app} RPC: HTTP method, input, output and the errors it may answer. */\n"
    )
    out.append(f"export interface {names.rpcs} {{\n")
    for info in routes:
        declared = sorted(_error_names(info) - set(common))
        error_union = _union([names.common_errors, *(json.dumps(n) for n in declared)])
        out.append(indent(tsdoc(_route_doc(info))))
        out.append(f"  {info.name}: {{\n")
        out.append(f'    method: "{info.method}";\n')
        out.append(f"    input: {inputs[info.name]};\n")
        out.append(f"    output: {outputs[info.name]};\n")
        out.append(f"    errors: {error_union};\n")
        out.append("  };\n")
    out.append("}\n")

    if events:
        out.append(_webhook_types(prefix, events))

    out.append(f"\nexport type {names.rpc_name} = keyof {names.rpcs};\n")
    out.append(f"\nexport type {names.client} = Client<{names.rpcs}, {names.error_data}>;\n")

    out.append(f"\nconst COMMON_ERRORS: readonly {names.common_errors}[] = [")
    out.append(", ".join(json.dumps(n) for n in common) + "];\n")
    out.append("\nconst RPC_TABLE = {\n")
    for info in routes:
        declared = sorted(_error_names(info) - set(common))
        has_output = "true" if info.output_type is not _NONE_TYPE else "false"
        stream = ", stream: true" if info.route.streams else ""
        out.append(
            f'  {info.name}: {{ method: "{info.method}", output: {has_output}{stream}, '
            f"errors: [{', '.join(json.dumps(n) for n in declared)}] }},\n"
        )
    out.append(f"}} satisfies Record<{names.rpc_name}, RPCRuntimeSpec>;\n")

    out.append(
        f"\n/** A client of the {app} app: `createClient({{ baseUrl }}).call(name, input)`. */\n"
        f"export function createClient(options: ClientOptions): {names.client} {{\n"
        f"  return createRPCClient<{names.rpcs}, {names.error_data}>(RPC_TABLE, COMMON_ERRORS, options);\n"
        "}\n"
    )
    return "".join(out)


class _Names:
    """The names the module declares itself (`ProductRPCs`, ...)."""

    def __init__(self, prefix: str) -> None:
        self.rpcs = f"{prefix}RPCs"
        self.rpc_name = f"{prefix}RPCName"
        self.error_data = f"{prefix}ErrorData"
        self.common_errors = f"{prefix}CommonErrorName"
        self.client = f"{prefix}Client"

    def all(self) -> set[str]:
        return {self.rpcs, self.rpc_name, self.error_data, self.common_errors, self.client}


def _error_name(error: type[RPCError]) -> str:
    return error.__name__


def _error_names(info: RouteInfo) -> set[str]:
    return {error.__name__ for error in info.errors}


def _module(info: RouteInfo) -> str:
    return info.route.handler.__module__


def _output(types: TypeScriptTypes, info: RouteInfo) -> str:
    if info.route.streams:
        return STREAM_TYPE
    return types.ts(info.output_type, "output", module=_module(info))


def _input(types: TypeScriptTypes, info: RouteInfo) -> str:
    return types.ts(info.input_type, "input", module=_module(info))


def _union(parts: Any) -> str:
    items = list(parts)
    return " | ".join(items) if items else "never"


def _route_doc(info: RouteInfo) -> str:
    access = info.access.authorization if info.access else None
    where = f"`{info.method} {info.path}`" + (f", authorization: {access}" if access else "")
    return f"{info.docstring}\n\n{where}" if info.docstring else where


def _webhook_types(prefix: str, events: Mapping[str, str]) -> str:
    """The `data` of each webhook event by type, and the body of any event (a union that
    `type` narrows)."""
    out = [
        f"\n/** The `data` of each webhook event {prefix.lower()} sends, by event type (every"
        " one also carries\n * `organization_id`). */\n",
        f"export interface {prefix}WebhookData {{\n",
    ]
    for event, ts in events.items():
        out.append(f"  {json.dumps(event)}: {ts} & {{ organization_id: string }};\n")
    out.append("}\n")
    out.append(
        "\n/** A webhook's JSON body (verify its signature first: see the package README);"
        " checking\n * `type` narrows `data`. */\n"
        f"export type {prefix}WebhookEvent = {{\n"
        f"  [T in keyof {prefix}WebhookData]: {{\n"
        "    type: T;\n"
        "    timestamp: ISODateTime;\n"
        f"    data: {prefix}WebhookData[T];\n"
        "  };\n"
        f"}}[keyof {prefix}WebhookData];\n"
    )
    return "".join(out)
