from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import StringConstraints

from foundation.base.types import Email, Name
from foundation.testing.examples import example_input


@dataclass
class Inner:
    flag: bool


@dataclass
class Sample:
    email: Email
    name: Name
    kind: Literal["a", "b"]
    inner: Inner
    count: int = 3
    note: str | None = None


@dataclass
class Coded:
    code: Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]


def test_patterns_get_a_matching_string() -> None:
    assert example_input(Coded) == {"code": "000000"}


def test_examples_satisfy_their_type() -> None:
    assert example_input(Sample) == {
        "email": "ada@example.com",
        "name": "example name",
        "kind": "a",
        "inner": {"flag": False},
    }
    assert example_input(None) is None
    assert example_input(list[Inner]) == []
