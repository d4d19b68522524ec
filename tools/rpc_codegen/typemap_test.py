from __future__ import annotations

import dataclasses
import datetime
import enum
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, NewType, TypeVar

import pytest
from pydantic import BaseModel, Field, StringConstraints, computed_field

from tools.rpc_codegen.typemap import CodegenError, TypeScriptTypes, tsdoc

ColourEnum = Literal["red", "green"]
UserId = NewType("UserId", str)
MODULE = __name__
T = TypeVar("T")


@dataclass
class Scalars:
    """Every scalar.

    Second paragraph."""

    text: Annotated[str, StringConstraints(max_length=3)]
    count: int
    ratio: float
    flag: bool
    price: Decimal
    at: datetime.datetime
    day: datetime.date
    ident: uuid.UUID
    user: UserId
    anything: Any
    """Whatever the client sends."""


@dataclass
class Containers:
    names: list[str]
    unique: frozenset[int]
    pair: tuple[int, str]
    many: tuple[int, ...]
    counts: dict[str, int]
    maybe: str | None
    either: int | str | None
    colour: ColourEnum
    size: Literal["s", "m"]
    colours: list[ColourEnum | None]


@dataclass
class Leaf:
    label: str = "leaf"


@dataclass
class Tree:
    name: str
    children: list[Tree]
    leaf: Leaf | None = None


class Mood(enum.Enum):
    """How it feels."""

    HAPPY = "happy"
    SAD = "sad"


class Model(BaseModel):
    """A pydantic model."""

    plain: int
    renamed: str = Field(alias="otherName")
    optional: bool = False

    @computed_field
    @property
    def double(self) -> int:
        return self.plain * 2


@dataclass
class Empty:
    pass


@dataclass
class WithInitFalse:
    given: int
    derived: int = field(init=False, default=0)


def declarations(types: TypeScriptTypes) -> dict[str, str]:
    return {d.name: d.source for d in types.declarations()}


def test_scalars_brands_and_docs() -> None:
    types = TypeScriptTypes()
    assert types.ts(Scalars, "output", module=MODULE) == "Scalars"
    assert declarations(types)["Scalars"] == (
        "/**\n * Every scalar.\n *\n * Second paragraph.\n */\n"
        "export interface Scalars {\n"
        "  text: string;\n"
        "  count: number;\n"
        "  ratio: number;\n"
        "  flag: boolean;\n"
        "  price: string;\n"
        "  at: ISODateTime;\n"
        "  day: ISODate;\n"
        "  ident: string;\n"
        "  user: string;\n"
        "  /** Whatever the client sends. */\n"
        "  anything: unknown;\n"
        "}"
    )
    assert types.brands == {"ISODateTime", "ISODate"}


def test_containers_unions_and_literals() -> None:
    types = TypeScriptTypes()
    types.ts(Containers, "output", module=MODULE)
    found = declarations(types)
    assert found["Containers"] == (
        "export interface Containers {\n"
        "  names: string[];\n"
        "  unique: number[];\n"
        "  pair: [number, string];\n"
        "  many: number[];\n"
        "  counts: Record<string, number>;\n"
        "  maybe: string | null;\n"
        "  either: number | string | null;\n"
        "  colour: ColourEnum;\n"
        '  size: "s" | "m";\n'
        "  colours: (ColourEnum | null)[];\n"
        "}"
    )
    assert found["ColourEnum"] == 'export type ColourEnum = "red" | "green";'
    assert set(found) == {"Containers", "ColourEnum"}


def test_top_level_types() -> None:
    types = TypeScriptTypes()
    assert types.ts(None, "output") == "null"
    assert types.ts(type(None), "input") == "null"
    assert types.ts(list[Leaf], "output") == "Leaf[]"
    assert types.ts(dict[str, list[int]], "input") == "Record<string, number[]>"
    assert types.ts(ColourEnum, "input", module=MODULE) == "ColourEnum"
    assert types.ts(ColourEnum, "input", module="elsewhere") == '"red" | "green"'


def test_defaults_make_input_fields_optional_and_a_second_name_when_used_both_ways() -> None:
    types = TypeScriptTypes()
    assert types.ts(Tree, "output", module=MODULE) == "Tree"
    assert types.ts(Tree, "input", module=MODULE) == "TreeInput"
    found = declarations(types)
    assert found["Tree"] == (
        "export interface Tree {\n  name: string;\n  children: Tree[];\n  leaf: Leaf | null;\n}"
    )
    assert found["TreeInput"] == (
        "export interface TreeInput {\n"
        "  name: string;\n"
        "  children: TreeInput[];\n"
        "  leaf?: LeafInput | null;\n"
        "}"
    )
    assert found["LeafInput"] == "export interface LeafInput {\n  label?: string;\n}"


def test_a_class_used_as_input_only_keeps_its_name() -> None:
    types = TypeScriptTypes()
    assert types.ts(Leaf, "input") == "Leaf"
    assert declarations(types)["Leaf"] == "export interface Leaf {\n  label?: string;\n}"


def test_a_class_without_defaults_has_one_declaration_for_both_directions() -> None:
    types = TypeScriptTypes()
    assert types.ts(Scalars, "output") == types.ts(Scalars, "input") == "Scalars"


def test_enums_pydantic_models_and_empty_classes() -> None:
    types = TypeScriptTypes()
    assert types.ts(Mood, "output") == "Mood"
    types.ts(Model, "output")
    types.ts(Model, "input")
    types.ts(Empty, "output")
    types.ts(WithInitFalse, "input")
    found = declarations(types)
    assert found["Mood"] == '/** How it feels. */\nexport type Mood = "happy" | "sad";'
    assert found["Model"] == (
        "/** A pydantic model. */\nexport interface Model {\n"
        "  plain: number;\n  renamed: string;\n  optional: boolean;\n  double: number;\n}"
    )
    assert found["ModelInput"] == (
        "/** A pydantic model. */\nexport interface ModelInput {\n"
        "  plain: number;\n  otherName: string;\n  optional?: boolean;\n}"
    )
    assert found["Empty"] == "export type Empty = Record<string, never>;"
    assert found["WithInitFalse"] == "export interface WithInitFalse {\n  given: number;\n}"


def test_two_types_with_one_name_are_refused() -> None:
    other_leaf = dataclasses.make_dataclass("Leaf", [("colour", str)])
    types = TypeScriptTypes()
    types.ts(Leaf, "output")
    with pytest.raises(CodegenError, match="same name") as caught:
        types.ts(other_leaf, "output")
    assert caught.value.context["name"] == "Leaf"


def test_names_the_module_uses_itself_are_refused() -> None:
    with pytest.raises(CodegenError, match="rename it"):
        TypeScriptTypes(reserved={"Leaf"}).ts(Leaf, "output")


@dataclass
class Page(Generic[T]):
    items: list[T]


@pytest.mark.parametrize("tp", [complex, bytes, dict[int, str], Page[int], type("Plain", (), {})])
def test_unsupported_types_are_refused(tp: Any) -> None:
    with pytest.raises(CodegenError):
        TypeScriptTypes().ts(tp, "output")


def test_tsdoc_escapes_the_comment_end() -> None:
    assert tsdoc("ends */ early") == "/** ends *\\/ early */\n"
    assert tsdoc(None) == ""
