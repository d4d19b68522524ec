import json
import math

import pytest

from foundation.base import strict_json
from foundation.base.errors import InvalidInputError


def test_round_trip() -> None:
    value = {"a": [1, 2.5, "x", None, True], "b": {"c": "ü"}}
    assert strict_json.loads(strict_json.dumps(value)) == value


@pytest.mark.parametrize("bad", [math.nan, math.inf, {"x": [-math.inf]}])
def test_refuses_nan_and_infinity(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        strict_json.dumps(bad)


def test_refuses_non_string_keys() -> None:
    with pytest.raises(InvalidInputError, match="keys must be strings"):
        strict_json.dumps({"ok": {1: "one"}})


def test_loads_refuses_nan() -> None:
    with pytest.raises(InvalidInputError):
        strict_json.loads('{"x": NaN}')


@pytest.mark.parametrize(
    "text",
    [
        '{"a": [1, "\u00e9"]}',
        '{"a": [1, "\u00e9"]}'.encode(),
        '{"a": [1, "\u00e9"]}'.encode("utf-16"),
        '{"a": [1, "\u00e9"]}'.encode("utf-32-le"),
    ],
)
def test_loads_reads_text_and_bytes_as_json_loads_does(text: str | bytes) -> None:
    assert strict_json.loads(text) == json.loads(text) == {"a": [1, "\u00e9"]}


def test_loads_refuses_a_byte_order_mark_in_text_as_json_loads_does() -> None:
    for parse in (json.loads, strict_json.loads):
        with pytest.raises(json.JSONDecodeError, match="BOM"):
            parse('\ufeff{"a": 1}')
