"""Example values of a route's input and output types, derived from their JSON schemas.

    body = input_example(route.input_adapter)     # what a client may send (validated)
    answer = output_example(route.output_adapter) # what the server would send back

    schemas = ExampleSchemas(adapters)            # many types' schemas in one pass
    body = input_example(route.input_adapter, schemas=schemas)

The OpenAPI document and `/docs` show one request and one response per RPC made here, and
tests enumerating a router use them to get past input validation. An example is built
from the type's validation-mode JSON schema: a field's own `examples` (pydantic's
`Field(examples=[...])`) or `default` first, then by its kind: the first of an enum or
union (null last), one item per array, `"ada@example.com"` for emails, fixed dates and
times, the minimum for numbers, `"example <field name>"` for strings (cut and padded to
their length limits), the simplest match of a `pattern`. Every example is validated by
the type's adapter before it is returned, so a type the rules cannot satisfy raises
`RouteDefinitionError` (give the field `examples=`) instead of documenting a body the
server would refuse. An output example is what the server's serializer writes for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

from pydantic import TypeAdapter, ValidationError

from database.ids import KINDS
from foundation.base import strict_json
from foundation.rpc.errors import RouteDefinitionError

EXAMPLE_EMAIL = "ada@example.com"
EXAMPLE_DATE = "2026-01-15"
EXAMPLE_DATE_TIME = "2026-01-15T09:30:00Z"
_FORMATS = {
    "email": EXAMPLE_EMAIL,
    "date": EXAMPLE_DATE,
    "date-time": EXAMPLE_DATE_TIME,
    "time": "09:30:00",
    "duration": "PT1H",
    "uuid": "0190b2a4-6f1e-7c4a-9d2b-3c5e7f9a1b2c",
    "uri": "https://app.example.com/",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
}
_ID_TAIL = "2Xk9PqR4tZb"
"""An example id is its kind's prefix and this (`usr_2Xk9PqR4tZb`: database/ids.py's shape)."""
_PREFIXES = {kind: prefix for prefix, kind in KINDS.items()}
_DEEPEST = 6
"""Below this depth, arrays are empty and nullable fields null (recursive types end)."""


class ExampleSchemas:
    """The validation-mode JSON schemas of `adapters`, generated in one pass: pydantic's
    generation per type repeats its definitions work (for an app's 140 types, about 0.2 s
    of every build of the app, its OpenAPI document's examples)."""

    def __init__(self, adapters: Iterable[TypeAdapter[Any]]) -> None:
        unique = {id(adapter): adapter for adapter in adapters}
        schemas, definitions = TypeAdapter.json_schemas(
            [(key, "validation", adapter) for key, adapter in unique.items()]
        )
        self.schemas = {key: schema for (key, _mode), schema in schemas.items()}
        self.defs: dict[str, Any] = definitions.get("$defs", {})

    def of(self, adapter: TypeAdapter[Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The schema of `adapter` (one of those given) and the definitions it refers to."""
        return self.schemas[id(adapter)], self.defs


def input_example(
    adapter: TypeAdapter[Any],
    *,
    required_only: bool = False,
    schemas: ExampleSchemas | None = None,
) -> Any:
    """A JSON value the input type of `adapter` accepts: every field (its default when it
    has one) or, with `required_only`, only the required ones. None for no input.
    `schemas`: the adapter's schema generated with others' (`ExampleSchemas`), else alone."""
    if adapter.core_schema.get("type") == "none":
        return None
    schema, defs = (schemas or ExampleSchemas([adapter])).of(adapter)
    value = _Examples(schema, defs, required_only=required_only, output=False).value()
    _check(adapter, value, "input")
    return value


def output_example(adapter: TypeAdapter[Any], *, schemas: ExampleSchemas | None = None) -> Any:
    """The JSON the server writes for an example value of the output type of `adapter`
    (None for no output): every field present, nullable ones filled."""
    if adapter.core_schema.get("type") == "none":
        return None
    schema, defs = (schemas or ExampleSchemas([adapter])).of(adapter)
    value = _Examples(schema, defs, required_only=False, output=True).value()
    decoded = _check(adapter, value, "output")
    return strict_json.loads(adapter.dump_json(decoded))


def query_pairs(value: Any) -> list[tuple[str, str]]:
    """A GET input as the query string's (key, value) pairs: lists as repeated keys, nulls
    left out, booleans as `true`/`false` (what `foundation.rpc.inputs` reads back)."""
    pairs: list[tuple[str, str]] = []
    for key, field in cast("dict[str, Any]", value or {}).items():
        items = cast("list[Any]", field) if isinstance(field, list) else [field]
        for item in items:
            if item is None:
                continue
            if isinstance(item, bool):
                pairs.append((key, "true" if item else "false"))
            elif isinstance(item, str):
                pairs.append((key, item))
            else:
                pairs.append((key, strict_json.dumps(item)))
    return pairs


def _check(adapter: TypeAdapter[Any], value: Any, role: str) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError as e:
        raise RouteDefinitionError(
            f"no valid example {role} can be derived from the type: give the field examples=[...]",
            type=adapter.core_schema.get("type"),
            example=value,
            detail=str(e),
        ) from None


class _Examples:
    def __init__(
        self, schema: dict[str, Any], defs: dict[str, Any], *, required_only: bool, output: bool
    ) -> None:
        self.schema = schema
        self.defs = defs
        self.required_only = required_only
        self.output = output

    def value(self) -> Any:
        return self.of(self.schema, "", 0)

    def of(self, schema: dict[str, Any], name: str, depth: int, owner: str = "") -> Any:
        """An example of `schema`, the field `name` of the object titled `owner`."""
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self.of(self.defs[ref.rsplit("/", 1)[-1]], name, depth)
        given: Any = schema.get("examples")
        if isinstance(given, list) and given:
            return cast("list[Any]", given)[0]
        if "default" in schema and not (self.output and schema["default"] is None):
            return schema["default"]
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return cast("list[Any]", schema["enum"])[0]
        for key in ("anyOf", "oneOf", "allOf"):
            if key in schema:
                options = cast("list[dict[str, Any]]", schema[key])
                nullable = any(option.get("type") == "null" for option in options)
                if nullable and depth >= _DEEPEST:
                    return None
                chosen = [o for o in options if o.get("type") != "null"] or options
                return self.of(chosen[0], name, depth, owner)
        kind = schema.get("type")
        if kind == "object":
            return self.object(schema, depth)
        if kind == "array":
            return self.array(schema, name, depth)
        if kind == "boolean":
            return self.output  # a request example turns nothing on
        if kind in ("integer", "number"):
            return _number(schema)
        if kind == "string":
            return _string(schema, name, owner)
        return None

    def object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        properties: dict[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", ()))
        title = str(schema.get("title", ""))
        value = {
            key: self.of(field, key, depth + 1, title)
            for key, field in properties.items()
            if key in required or not self.required_only
        }
        extra: Any = schema.get("additionalProperties")
        if not properties and isinstance(extra, dict) and not self.required_only:
            value["key"] = self.of(cast("dict[str, Any]", extra), "key", depth + 1)
        return value

    def array(self, schema: dict[str, Any], name: str, depth: int) -> list[Any]:
        low = int(schema.get("minItems", 0))
        high = schema.get("maxItems")
        count = low if self.required_only or depth >= _DEEPEST else max(low, 1)
        if high is not None:
            count = min(count, int(high))
        prefix = cast("list[dict[str, Any]]", schema.get("prefixItems", []))
        if prefix:  # a tuple: one value per position
            return [self.of(item, name, depth + 1) for item in prefix]
        items = cast("dict[str, Any]", schema.get("items", {}))
        return [self.of(items, name, depth + 1) for _ in range(count)]


def _number(schema: dict[str, Any]) -> int | float:
    if "minimum" in schema:
        return schema["minimum"]
    if "exclusiveMinimum" in schema:
        return schema["exclusiveMinimum"] + 1
    if "maximum" in schema and schema["maximum"] < 1:
        return schema["maximum"]
    if "exclusiveMaximum" in schema and schema["exclusiveMaximum"] <= 1:
        return schema["exclusiveMaximum"] - 1
    return 1


def _string(schema: dict[str, Any], name: str, owner: str) -> str:
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        return simplest_match(pattern)
    if schema.get("format") in _FORMATS:
        return _FORMATS[schema["format"]]
    text = _by_name(name, owner) or f"example {name.replace('_', ' ')}".strip()
    low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
    if len(text) < low:
        text += "x" * (low - len(text))
    if high is not None:
        text = text[: int(high)]
    return text


def _by_name(name: str, owner: str) -> str | None:
    """What a plain string field's name says it holds: an id of a known kind (`user_id`, or
    `id` of an object titled `User...`), an email address (`email`, `new_email`, `to`)."""
    if name == "id":
        owned = [kind for kind in _PREFIXES if kind in owner.lower()]
        return f"{_PREFIXES[owned[0]]}_{_ID_TAIL}" if owned else None
    if name.endswith("_id") and name[:-3] in _PREFIXES:
        return f"{_PREFIXES[name[:-3]]}_{_ID_TAIL}"
    if name in ("email", "to") or name.endswith("_email"):
        return EXAMPLE_EMAIL
    return None


# The simplest string matching a regular expression: enough of the syntax for the patterns
# fields use (literals, escapes, classes, groups, alternatives, quantifiers); anything else
# raises, asking for `examples=` on the field.

_CLASS_ESCAPES = {"d": "0", "w": "a", "s": " ", "D": "a", "W": "-", "S": "a"}
_UNSUPPORTED = "the pattern is too intricate to derive an example from: give the field examples="


def simplest_match(pattern: str) -> str:
    """A short string that `pattern` matches (searched as JSON Schema does, anchored or not)."""
    text = _attempt(pattern)
    if text is None:
        raise RouteDefinitionError(_UNSUPPORTED, pattern=pattern)
    return text


def _attempt(pattern: str) -> str | None:
    """The candidate, if the syntax is known and it matches."""
    try:
        text, rest = _sequence(pattern, 0)
        return text if rest == len(pattern) and re.search(pattern, text) else None
    except (IndexError, ValueError, re.error):
        return None  # syntax the little parser does not know: the caller asks for examples


def _sequence(pattern: str, at: int) -> tuple[str, int]:
    """The first alternative of the sequence starting at `at`, and where the sequence ends
    (at `)` or the end)."""
    out: list[str] = []
    first: str | None = None
    while at < len(pattern) and pattern[at] != ")":
        if pattern[at] == "|":
            first = "".join(out) if first is None else first
            out, at = [], at + 1
            continue
        atom, at = _atom(pattern, at)
        low, at = _quantifier(pattern, at)
        out.append(atom * low)
    return ("".join(out) if first is None else first), at


def _atom(pattern: str, at: int) -> tuple[str, int]:
    char = pattern[at]
    if char in "^$":
        return "", at + 1
    if char == ".":
        return "a", at + 1
    if char == "\\":
        escaped = pattern[at + 1]
        return _CLASS_ESCAPES.get(escaped, escaped), at + 2
    if char == "[":
        return _class(pattern, at + 1)
    if char == "(":
        at += 1
        if pattern.startswith("?:", at):
            at += 2
        elif pattern[at] == "?":
            raise ValueError("lookaround or named group")
        text, at = _sequence(pattern, at)
        if pattern[at : at + 1] != ")":
            raise ValueError("unclosed group")
        return text, at + 1
    if char in "*+?{":
        raise ValueError("quantifier without an atom")
    return char, at + 1


def _class(pattern: str, at: int) -> tuple[str, int]:
    negated = pattern[at] == "^"
    at += 1 if negated else 0
    members: list[str] = []
    start = at
    while pattern[at] != "]" or at == start:
        char = pattern[at]
        if char == "\\":
            char = _CLASS_ESCAPES.get(pattern[at + 1], pattern[at + 1])
            at += 1
        members.append(char)
        at += 1
    end = at + 1
    body = pattern[start:at]
    if negated:
        for candidate in "aA0-_ x":
            if re.fullmatch(f"[^{body}]", candidate):
                return candidate, end
        raise ValueError("negated class")
    return members[0], end


def _quantifier(pattern: str, at: int) -> tuple[int, int]:
    """The minimum count of the quantifier at `at` (1 without one), and what follows it."""
    if at >= len(pattern):
        return 1, at
    char = pattern[at]
    if char in "*?":
        low, at = 0, at + 1
    elif char == "+":
        low, at = 1, at + 1
    elif char == "{" and (match := re.match(r"\{(\d+)(,\d*)?\}", pattern[at:])):
        low, at = int(match.group(1)), at + match.end()
    else:
        return 1, at
    if at < len(pattern) and pattern[at] in "?+":
        at += 1  # lazy or possessive: the same minimum
    return low, at
