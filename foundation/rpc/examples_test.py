"""Examples of route types: every kind of field, checked against the type, and the
simplest match of a pattern."""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field, StringConstraints, TypeAdapter

from foundation.base.types import Email, Name
from foundation.rpc.errors import RouteDefinitionError
from foundation.rpc.examples import (
    EXAMPLE_DATE,
    EXAMPLE_DATE_TIME,
    EXAMPLE_EMAIL,
    ExampleSchemas,
    input_example,
    output_example,
    query_pairs,
    simplest_match,
)


@dataclass
class Inner:
    flag: bool
    count: Annotated[int, Field(ge=5)]


@dataclass
class Everything:
    email: Email
    name: Name
    kind: Literal["a", "b"]
    inner: Inner
    user_id: str
    when: datetime.datetime
    day: datetime.date
    tags: list[str]
    pair: tuple[int, str]
    scores: dict[str, int]
    code: Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]
    short: Annotated[str, StringConstraints(max_length=4)]
    long: Annotated[str, StringConstraints(min_length=20)]
    chosen: Annotated[str, Field(examples=["chosen by hand"])]
    only: Literal["only"]
    anything: Any
    positive: Annotated[float, Field(gt=0)]
    debt: Annotated[int, Field(le=-3)]
    below: Annotated[int, Field(lt=0)]
    limit: int = 50
    note: str | None = None


def test_every_field_gets_a_value_its_type_accepts() -> None:
    assert input_example(TypeAdapter(Everything)) == {
        "email": EXAMPLE_EMAIL,
        "name": "example name",
        "kind": "a",
        "inner": {"flag": False, "count": 5},
        "user_id": "usr_2Xk9PqR4tZb",
        "when": EXAMPLE_DATE_TIME,
        "day": EXAMPLE_DATE,
        "tags": ["example tags"],
        "pair": [1, "example pair"],
        "scores": {"key": 1},
        "code": "000000",
        "short": "exam",
        "long": "example longxxxxxxxx",
        "chosen": "chosen by hand",
        "only": "only",
        "anything": None,
        "positive": 1,
        "debt": -3,
        "below": -1,
        "limit": 50,
        "note": None,
    }


def test_required_only_leaves_out_what_has_a_default() -> None:
    example = input_example(TypeAdapter(Everything), required_only=True)
    assert "limit" not in example and "note" not in example
    assert example["tags"] == [] and example["scores"] == {}


@dataclass
class UserOut:
    id: str
    enabled: bool
    price: decimal.Decimal
    at: datetime.datetime
    nickname: str | None = None
    sent_to: list[Email] = field(default_factory=list[str])


def test_an_output_example_is_what_the_server_writes() -> None:
    assert output_example(TypeAdapter(UserOut)) == {
        "id": "usr_2Xk9PqR4tZb",
        "enabled": True,
        "price": "1",  # Decimal is written as a string
        "at": EXAMPLE_DATE_TIME,
        "nickname": "example nickname",  # an answer shows nullable fields filled
        "sent_to": [EXAMPLE_EMAIL],  # a default factory is not in the schema
    }


def test_no_input_and_no_output_are_none() -> None:
    assert input_example(TypeAdapter(None)) is None
    assert output_example(TypeAdapter(None)) is None
    assert input_example(TypeAdapter(list[Inner])) == [{"flag": False, "count": 5}]


class Tree(BaseModel):
    label: str
    children: list[Tree]
    parent: Tree | None


def test_recursive_types_end() -> None:
    example = output_example(TypeAdapter(Tree))
    depth = 0
    while example["children"]:
        example, depth = example["children"][0], depth + 1
    assert 3 <= depth <= 6


def _other_inner() -> type[Any]:
    @dataclass
    class Inner:  # the same name as the module's, another type
        label: Annotated[str, Field(examples=["the other inner"])]

    return Inner


def test_schemas_generated_together_give_the_same_examples() -> None:
    """The OpenAPI document generates its routes' schemas in one pass (`ExampleSchemas`):
    each example is the one its type gives alone, even where two types share a name."""
    other = _other_inner()
    adapters: list[TypeAdapter[Any]] = [
        TypeAdapter(Everything),
        TypeAdapter(UserOut),
        TypeAdapter(list[Inner]),
        TypeAdapter(Tree),
        TypeAdapter(other),
    ]
    together = ExampleSchemas(adapters)
    for adapter in adapters:
        assert input_example(adapter, schemas=together) == input_example(adapter)
        assert input_example(adapter, schemas=together, required_only=True) == input_example(
            adapter, required_only=True
        )
        assert output_example(adapter, schemas=together) == output_example(adapter)
    assert input_example(adapters[-1], schemas=together) == {"label": "the other inner"}


@dataclass
class Impossible:
    digits: Annotated[str, StringConstraints(pattern=r"^\d+$", max_length=0)]


def test_a_type_no_example_satisfies_is_refused_at_once() -> None:
    with pytest.raises(RouteDefinitionError, match="examples="):
        input_example(TypeAdapter(Impossible))


@pytest.mark.parametrize(
    ("pattern", "match"),
    [
        (r"^[0-9]{6}$", "000000"),
        (r"^[a-z]{2,3}_[1-9A-HJ-NP-Za-km-z]{11}$", "aa_11111111111"),
        (r"^(?:ab|cd)+-\d?x*$", "ab-"),
        (r"^[^0-9]\w\d\s\.$", "aa0 ."),
        (r"^(yes|no)$", "yes"),
        (r"^a.b{1,}?$", "aab"),
        (r"[-x]", "-"),
        (r"^\+[0-9]+$", "+0"),
    ],
)
def test_the_simplest_match_of_a_pattern(pattern: str, match: str) -> None:
    assert simplest_match(pattern) == match


@pytest.mark.parametrize("pattern", [r"^(?=a)a$", r"^(ab$", r"^*$", r"*a", r"^[^\s\S]$", r"\bx"])
def test_patterns_beyond_the_simple_syntax_ask_for_examples(pattern: str) -> None:
    with pytest.raises(RouteDefinitionError, match="examples="):
        simplest_match(pattern)


def test_query_pairs_as_the_endpoint_reads_them() -> None:
    value: dict[str, Any] = {"q": "x y", "tags": ["a", "b"], "on": True, "n": 5, "none": None}
    assert query_pairs(value) == [
        ("q", "x y"),
        ("tags", "a"),
        ("tags", "b"),
        ("on", "true"),
        ("n", "5"),
    ]
    assert query_pairs(None) == []
