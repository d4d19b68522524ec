"""Postgres type -> Python type annotation (plus what it needs imported)."""

from __future__ import annotations

from dataclasses import dataclass

_SPELLINGS = {
    "bigint": "int8",
    "bigserial": "int8",
    "serial8": "int8",
    "integer": "int4",
    "int": "int4",
    "serial": "int4",
    "serial4": "int4",
    "smallint": "int2",
    "smallserial": "int2",
    "serial2": "int2",
    "boolean": "bool",
    "character varying": "varchar",
    "character": "bpchar",
    "decimal": "numeric",
    "real": "float4",
    "float": "float8",
    "double precision": "float8",
    "timestamp with time zone": "timestamptz",
    "timestamp without time zone": "timestamp",
    "time without time zone": "time",
}


@dataclass(frozen=True, slots=True)
class PyType:
    expr: str
    module: str | None = None
    """`import module` needed (stdlib), e.g. `datetime`."""
    from_module: str | None = None
    """`from from_module import expr` needed."""


_STR = PyType("str")
_INT = PyType("int")

TYPES: dict[str, PyType] = {
    "text": _STR,
    "varchar": _STR,
    "bpchar": _STR,
    "citext": _STR,
    "bool": PyType("bool"),
    "int2": _INT,
    "int4": _INT,
    "int8": _INT,
    "numeric": PyType("decimal.Decimal", module="decimal"),
    "float4": PyType("float"),
    "float8": PyType("float"),
    "timestamptz": PyType("datetime.datetime", module="datetime"),
    "timestamp": PyType("datetime.datetime", module="datetime"),
    "date": PyType("datetime.date", module="datetime"),
    "time": PyType("datetime.time", module="datetime"),
    "interval": PyType("datetime.timedelta", module="datetime"),
    "uuid": PyType("uuid.UUID", module="uuid"),
    "json": PyType("JSON", from_module="foundation.base.strict_json"),
    "jsonb": PyType("JSON", from_module="foundation.base.strict_json"),
    "bytea": PyType("bytes"),
}


def canonical_type(schema: str, name: str, default_schema: str = "public") -> str:
    """One spelling per type: `pg_catalog.int8`, `bigint`, `int8` -> `int8`.

    Types from schemas other than pg_catalog and the default schema keep their
    qualified name, so they never match the map by accident.
    """
    if "." in name and not schema:
        schema, name = name.split(".", 1)
    name = name.strip().lower()
    name = _SPELLINGS.get(name, name)
    if schema in ("", "pg_catalog", default_schema):
        return name
    return f"{schema}.{name}"


def python_type(canonical: str) -> PyType | None:
    return TYPES.get(canonical)
