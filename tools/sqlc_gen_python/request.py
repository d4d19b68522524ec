"""sqlc's GenerateRequest (JSON plugin format), parsed into the parts the plugin uses.

Facts about the request, as sent by sqlc v1.31 to a `process` plugin with
`format: json` (protobuf JSON mapping with the proto field names):

- `settings.queries` lists the `queries:` entries of the sql block (files or folders,
  relative to the directory of sqlc.yaml); `settings.codegen.options` and
  `plugin_options` are the block's `options:` as base64-encoded JSON ("" when absent).
- `queries[].filename` is only the base name (`queries.sql`), never the path.
- `catalog.schemas[]` holds the default schema (`public`) plus `pg_catalog`,
  `information_schema` and `pg_temp`; tables carry columns but no keys or constraints
  (no foreign keys). Views appear as tables.
- A table's `rel.schema` is `""` or the schema written in the DDL (`public`); so is a
  column's `table.schema`. Both mean the default schema when empty.
- Types come as `{schema, name}` in many spellings: `text`, `pg_catalog.int8` (in
  `name`!), `{schema: pg_catalog, name: int8}`, `bigint`, `timestamp with time zone`.
  Arrays set `is_array` and `array_dims`; the type is the element type.
- `RETURNING *` and `SELECT *` arrive expanded into explicit column lists, with each
  column's `table` and `original_name` set.
- Parameters are numbered; `name` is the `sqlc.arg`/`@name`, or the column compared
  with, or "" for a bare `$1::type`; `not_null` is false for `sqlc.narg` and for
  parameters compared with nullable columns.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any, cast

from tools.sqlc_gen_python.errors import GenerationError


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    original_name: str
    not_null: bool
    array_dims: int
    type_schema: str
    type_name: str
    table_schema: str | None
    table: str | None
    is_embed: bool

    @property
    def source_column(self) -> str:
        """The table column this column/parameter comes from (named params rename it)."""
        return self.original_name or self.name


@dataclass(frozen=True, slots=True)
class Param:
    number: int
    column: Column


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    cmd: str
    text: str
    columns: tuple[Column, ...]
    params: tuple[Param, ...]
    comments: tuple[str, ...]
    filename: str
    insert_into_schema: str | None
    insert_into_table: str | None


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]


@dataclass(frozen=True, slots=True)
class Request:
    default_schema: str
    tables: tuple[Table, ...]
    """Tables and views of the default schema, in catalog order."""
    queries: tuple[Query, ...]
    query_paths: tuple[str, ...]
    options: dict[str, Any]


def _schema(value: str | None, default: str) -> str:
    return value or default


Raw = dict[str, Any]
"""One JSON object of the request."""


def _obj(raw: Raw, key: str) -> Raw:
    """The object at `key` ({} when absent or null)."""
    value = raw.get(key)
    return cast(Raw, value) if isinstance(value, dict) else {}


def _objs(raw: Raw, key: str) -> list[Raw]:
    """The list of objects at `key` ([] when absent or null)."""
    value = raw.get(key)
    return cast(list[Raw], value) if isinstance(value, list) else []


def _strs(raw: Raw, key: str) -> list[str]:
    """The strings at `key` ([] when absent or null)."""
    value = raw.get(key)
    return [str(v) for v in cast(list[object], value)] if isinstance(value, list) else []


def _str(raw: Raw, key: str) -> str:
    """The string at `key` ("" when absent or null)."""
    return str(raw.get(key) or "")


def _column(raw: Raw, default_schema: str) -> Column:
    type_ = _obj(raw, "type")
    table = _obj(raw, "table")
    dims = int(raw.get("array_dims") or 0)
    if raw.get("is_array") and dims == 0:
        dims = 1
    return Column(
        name=_str(raw, "name"),
        original_name=_str(raw, "original_name"),
        not_null=bool(raw.get("not_null")),
        array_dims=dims,
        type_schema=_str(type_, "schema"),
        type_name=_str(type_, "name"),
        table_schema=_schema(_str(table, "schema"), default_schema) if table else None,
        table=(_str(table, "name") or None) if table else None,
        is_embed=raw.get("embed_table") is not None,
    )


def decode_options(raw: str | None) -> dict[str, Any]:
    """The sql block's `options:`, base64 JSON in the request ("" when none)."""
    if not raw:
        return {}
    try:
        options: object = json.loads(base64.b64decode(raw))
    except (binascii.Error, ValueError) as e:
        raise GenerationError("plugin options are not base64 json", error=str(e)) from e
    if not isinstance(options, dict):
        raise GenerationError("plugin options must be a mapping", options=options)
    return cast(dict[str, Any], options)


def parse_request(raw: Raw) -> Request:
    catalog = _obj(raw, "catalog")
    default_schema = _str(catalog, "default_schema") or "public"
    tables: list[Table] = []
    for schema in _objs(catalog, "schemas"):
        if schema.get("name") != default_schema:
            continue
        for table in _objs(schema, "tables"):
            tables.append(
                Table(
                    name=str(table["rel"]["name"]),
                    columns=tuple(_column(c, default_schema) for c in _objs(table, "columns")),
                )
            )
    queries: list[Query] = []
    for q in _objs(raw, "queries"):
        insert = _obj(q, "insert_into_table")
        queries.append(
            Query(
                name=str(q["name"]),
                cmd=str(q["cmd"]),
                text=str(q["text"]),
                columns=tuple(_column(c, default_schema) for c in _objs(q, "columns")),
                params=tuple(
                    Param(
                        number=int(p["number"]), column=_column(_obj(p, "column"), default_schema)
                    )
                    for p in _objs(q, "params")
                ),
                comments=tuple(_strs(q, "comments")),
                filename=_str(q, "filename"),
                insert_into_schema=(_str(insert, "schema") or None) if insert else None,
                insert_into_table=(_str(insert, "name") or None) if insert else None,
            )
        )
    settings = _obj(raw, "settings")
    options_raw = _str(raw, "plugin_options") or _str(_obj(settings, "codegen"), "options")
    return Request(
        default_schema=default_schema,
        tables=tuple(tables),
        queries=tuple(queries),
        query_paths=tuple(_strs(settings, "queries")),
        options=decode_options(options_raw),
    )
