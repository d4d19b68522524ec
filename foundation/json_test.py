import math

import pytest

from foundation import json
from foundation.errors import InvalidInputError


def test_round_trip() -> None:
    value = {"a": [1, 2.5, "x", None, True], "b": {"c": "ü"}}
    assert json.loads(json.dumps(value)) == value


@pytest.mark.parametrize("bad", [math.nan, math.inf, {"x": [-math.inf]}])
def test_refuses_nan_and_infinity(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        json.dumps(bad)


def test_refuses_non_string_keys() -> None:
    with pytest.raises(InvalidInputError, match="keys must be strings"):
        json.dumps({"ok": {1: "one"}})


def test_loads_refuses_nan() -> None:
    with pytest.raises(InvalidInputError):
        json.loads('{"x": NaN}')
