"""A valid example input for any route, derived from its input type's JSON schema, for
tests that must get past input validation for every route of a router (authorization
rules enumerated over the router).

    body = example_input(route.input_type)     # JSON-able; None for routes without input
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

_NONE_TYPE = type(None)


def example_input(tp: Any) -> Any:
    """A JSON value that `tp` accepts (checked): strings of the minimum length (an email
    for `format: email`), the minimum number, the first enum value, required fields only."""
    if tp is None or tp is _NONE_TYPE:
        return None
    adapter = TypeAdapter(tp)
    schema = adapter.json_schema()
    value = _example(schema, schema.get("$defs", {}))
    adapter.validate_python(value)
    return value


def _example(schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    if "$ref" in schema:
        return _example(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return _example(options[0], defs)
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: _example(properties[name], defs) for name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "boolean":
        return False
    if kind in ("integer", "number"):
        return schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1)
    if kind == "string":
        if "pattern" in schema:
            return _matching(schema["pattern"])
        if schema.get("format") == "email":
            return "example@example.test"
        if schema.get("format") == "date-time":
            return "2026-01-01T00:00:00Z"
        return "x" * max(schema.get("minLength", 1), 12)
    return None


def _matching(pattern: str) -> str:
    """The simplest string that fully matches `pattern` (hypothesis shrinks to it)."""
    from hypothesis import find, settings
    from hypothesis.strategies import from_regex

    return find(
        from_regex(pattern, fullmatch=True), lambda _: True, settings=settings(database=None)
    )
