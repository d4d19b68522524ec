"""Python types of RPC inputs, outputs and errors -> TypeScript types.

    types = TypeScriptTypes(reserved={"ProductRPCs"})
    types.ts(InitOut, "output", module="product.auth.routes")   # -> "InitOut"
    types.declarations()                                          # -> [Declaration(...), ...]

| Python | TypeScript |
| --- | --- |
| dataclass, pydantic model | `interface` named after the class (docstrings become TSDoc) |
| `X \\| None` | `X \\| null` |
| `Literal["a", "b"]` | `"a" \\| "b"`; a module-level alias ending in `Enum` becomes a named type |
| `enum.Enum` subclass | a named union of its values |
| `list[T]`, `set[T]`, `tuple[T, ...]` | `T[]` (`tuple[A, B]`: `[A, B]`) |
| `dict[str, T]` | `Record<string, T>` |
| `str`, `int`/`float`, `bool` | `string`, `number`, `boolean` |
| `datetime` / `date` | `ISODateTime` / `ISODate` (branded strings of `client.ts`) |
| `Decimal`, `UUID`, `time`, `timedelta` | `string` (as pydantic serializes them) |
| `Annotated[T, ...]`, `NewType` | as `T` |
| `Any` | `unknown` |

A class whose fields have defaults looks different as input (those fields are optional)
and as output (every field is present). Used in one direction only it keeps its name; used
in both, its input form is named `<Class>Input`. Two different types that would get the
same name raise `CodegenError`: the generated code must never depend on import order.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime
import decimal
import enum
import functools
import inspect
import itertools
import json
import re
import sys
import textwrap
import types
import typing
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard

from pydantic import BaseModel

from foundation.base.errors import BaseError

Direction = Literal["input", "output"]

BRANDS = ("ISODate", "ISODateTime")
"""Branded string types of `client.ts` the generated code may import."""

_SCALARS: dict[Any, str] = {
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    decimal.Decimal: "string",
    uuid.UUID: "string",
    datetime.datetime: "ISODateTime",
    datetime.date: "ISODate",
    datetime.time: "string",
    datetime.timedelta: "string",
}
_LIST_ORIGINS = (list, set, frozenset, Sequence, AbstractSet)
_MAP_ORIGINS = (dict, Mapping)
_NONE_TYPE = type(None)
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


class CodegenError(BaseError):
    """A route's types cannot be turned into TypeScript (unsupported or ambiguous)."""


@dataclass(frozen=True, slots=True)
class Declaration:
    """One named TypeScript type: `source` is its full text, TSDoc included."""

    name: str
    source: str
    origin: str
    """Where it comes from (`module.Class`), for error messages."""


@dataclass(frozen=True, slots=True)
class _Field:
    key: str
    optional: bool
    type: Any
    doc: str | None


class TypeScriptTypes:
    """Turns Python types into TypeScript type expressions, collecting named declarations."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._reserved = set(reserved)
        self._names: dict[str, tuple[object, str]] = {}
        self._keys: dict[object, str] = {}
        self._declarations: dict[str, Declaration] = {}
        self.brands: set[str] = set()

    def declarations(self) -> list[Declaration]:
        """Every named type met so far, sorted by name."""
        return [self._declarations[name] for name in sorted(self._declarations)]

    def ts(self, tp: Any, direction: Direction, *, module: str | None = None) -> str:
        """The TypeScript for `tp`; `module` is where `tp` was written (to name `Literal`s)."""
        if tp is Any or tp is object:
            return "unknown"
        if tp is None or tp is _NONE_TYPE:
            return "null"
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is typing.Annotated:
            return self.ts(args[0], direction, module=module)
        if isinstance(tp, typing.NewType):
            return self.ts(tp.__supertype__, direction, module=module)
        if origin is Literal:
            return self._literal(tp, module)
        if origin is typing.Union or origin is types.UnionType:
            parts = [self.ts(arg, direction, module=module) for arg in args]
            return " | ".join(dict.fromkeys(parts))
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return _array(self.ts(args[0], direction, module=module))
            if args == ((),):
                return "[]"
            return "[" + ", ".join(self.ts(a, direction, module=module) for a in args) + "]"
        if origin in _LIST_ORIGINS:
            (item,) = args or (Any,)
            return _array(self.ts(item, direction, module=module))
        if origin in _MAP_ORIGINS:
            key, value = args or (str, Any)
            if self.ts(key, direction, module=module) != "string":
                raise CodegenError("dict keys must be strings in RPC types", type=repr(tp))
            return f"Record<string, {self.ts(value, direction, module=module)}>"
        if origin is not None and _is_class(origin):
            raise CodegenError(
                "generic classes are not supported in RPC types: use a concrete class",
                type=repr(tp),
            )
        if tp in _SCALARS:
            text = _SCALARS[tp]
            if text in BRANDS:
                self.brands.add(text)
            return text
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self._enum(tp)
        if _is_class(tp):
            return self._interface(tp, direction)
        raise CodegenError("type not supported in RPC types", type=f"{tp!r}", module=module)

    # Named types.

    def _claim(self, name: str, key: object, origin: str) -> bool:
        """Reserve `name` for `key`; False when `key` has it already, an error when another does."""
        if name in self._reserved:
            raise CodegenError(
                "an RPC type has a name the generated code uses itself: rename it",
                name=name,
                type=origin,
            )
        owner = self._names.get(name)
        if owner is not None:
            if owner[0] == key:
                return False
            raise CodegenError(
                "two different RPC types have the same name: rename one",
                name=name,
                first=owner[1],
                second=origin,
            )
        self._names[name] = (key, origin)
        return True

    def _declare(self, name: str, origin: str, source: str) -> None:
        self._declarations[name] = Declaration(name=name, source=source, origin=origin)

    def _literal(self, tp: Any, module: str | None) -> str:
        values = typing.get_args(tp)
        union = " | ".join(json.dumps(v) for v in values)
        alias = _literal_alias(tp, module)
        if alias is None:
            return union
        key = ("literal", values)
        if self._claim(alias, key, f"{module}.{alias}"):
            self._declare(alias, f"{module}.{alias}", f"export type {alias} = {union};")
        return alias

    def _enum(self, cls: type[enum.Enum]) -> str:
        name, origin = cls.__name__, _origin(cls)
        if self._claim(name, cls, origin):
            union = " | ".join(json.dumps(member.value) for member in cls)
            self._declare(name, origin, tsdoc(class_doc(cls)) + f"export type {name} = {union};")
        return name

    def _interface(self, cls: type[Any], direction: Direction) -> str:
        varies = varies_by_direction(cls)
        key: object = (cls, direction) if varies else cls
        if key in self._keys:
            return self._keys[key]
        name = cls.__name__
        if varies and direction == "input" and (cls, "output") in self._keys:
            name += "Input"
        origin = _origin(cls)
        self._claim(name, key, origin)
        self._keys[key] = name  # before the fields: a class may refer to itself
        self._declare(name, origin, self._interface_source(name, cls, direction))
        return name

    def error_data(self, error: type[Any]) -> str:
        """The interface of an RPC error's data (its dataclass fields): `<ErrorName>Data`."""
        name, origin = f"{error.__name__}Data", _origin(error)
        if self._claim(name, ("error", error), origin):
            self._declare(name, origin, self._interface_source(name, error, "output"))
        return name

    def _interface_source(self, name: str, cls: type[Any], direction: Direction) -> str:
        """`export interface <name>` of `cls`'s fields (optional ones marked `?`)."""
        body = [
            f"{indent(tsdoc(f.doc))}  {property_key(f.key)}{'?' if f.optional else ''}: "
            f"{self.ts(f.type, direction, module=cls.__module__)};\n"
            for f in fields_of(cls, direction)
        ]
        doc = tsdoc(class_doc(cls))
        if body:
            return f"{doc}export interface {name} {{\n{''.join(body)}}}"
        return f"{doc}export type {name} = Record<string, never>;"


def _is_class(tp: Any) -> TypeGuard[type[Any]]:
    return isinstance(tp, type) and (dataclasses.is_dataclass(tp) or issubclass(tp, BaseModel))


def _origin(cls: type[Any]) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _array(item: str) -> str:
    return f"({item})[]" if " | " in item else f"{item}[]"


def _literal_alias(tp: Any, module: str | None) -> str | None:
    """The module-level `...Enum` alias of the `Literal` `tp` in `module`, if there is one."""
    namespace = vars(sys.modules[module]) if module in sys.modules else {}
    names = sorted(
        name
        for name, value in namespace.items()
        if name.endswith("Enum") and typing.get_origin(value) is Literal and value == tp
    )
    return names[0] if names else None


def fields_of(cls: type[Any], direction: Direction) -> list[_Field]:
    """The JSON fields of a dataclass or pydantic model as `direction` sees them."""
    docs = attribute_docs(cls)
    if issubclass(cls, BaseModel):
        found: list[_Field] = []
        for name, info in cls.model_fields.items():
            key = name
            if direction == "input":
                alias = info.validation_alias if isinstance(info.validation_alias, str) else None
                key = alias or info.alias or name
            optional = direction == "input" and not info.is_required()
            found.append(_Field(key, optional, info.annotation, docs.get(name)))
        if direction == "output":
            for name, computed in cls.model_computed_fields.items():
                found.append(_Field(name, False, computed.return_type, computed.description))
        return found
    hints = typing.get_type_hints(cls, include_extras=True)
    found = []
    for f in dataclasses.fields(cls):
        if direction == "input" and not f.init:
            continue
        has_default = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        found.append(
            _Field(f.name, direction == "input" and has_default, hints[f.name], docs.get(f.name))
        )
    return found


@functools.cache
def varies_by_direction(cls: type[Any]) -> bool:
    """True when `cls` (or a class inside it) reads differently as input and as output."""
    return _varies(cls, frozenset())


def _varies(cls: type[Any], seen: frozenset[type[Any]]) -> bool:
    if cls in seen:
        return False
    inputs, outputs = fields_of(cls, "input"), fields_of(cls, "output")
    if [(f.key, f.optional) for f in inputs] != [(f.key, f.optional) for f in outputs]:
        return True
    return any(_varies(nested, seen | {cls}) for f in outputs for nested in _classes_in(f.type))


def _classes_in(tp: Any) -> Iterator[type]:
    if _is_class(tp):
        yield tp
    for arg in typing.get_args(tp):
        yield from _classes_in(arg)


def class_doc(cls: type[Any]) -> str | None:
    """The class's own docstring (not the signature dataclasses invent when there is none)."""
    doc = cls.__dict__.get("__doc__")
    if not isinstance(doc, str) or not doc.strip():
        return None
    if dataclasses.is_dataclass(cls) and doc.startswith(f"{cls.__name__}("):
        return None
    return inspect.cleandoc(doc)


@functools.cache
def attribute_docs(cls: type[Any]) -> dict[str, str]:
    """Docstrings written under the fields of a class (`x: int` then `\"\"\"...\"\"\"`)."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    tree = ast.parse(source)
    if not tree.body or not isinstance(tree.body[0], ast.ClassDef):
        return {}
    docs: dict[str, str] = {}
    body = tree.body[0].body
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs


def tsdoc(doc: str | None) -> str:
    """`doc` as a TSDoc comment (with a trailing newline), or "" for no doc."""
    if not doc:
        return ""
    lines = doc.replace("*/", "*\\/").splitlines()
    if len(lines) == 1:
        return f"/** {lines[0]} */\n"
    return "/**\n" + "".join(f" * {line}".rstrip() + "\n" for line in lines) + " */\n"


def indent(text: str, prefix: str = "  ") -> str:
    return "".join(prefix + line if line.strip() else line for line in text.splitlines(True))


def property_key(key: str) -> str:
    return key if _IDENTIFIER.match(key) else json.dumps(key)
