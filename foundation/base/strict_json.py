"""Strict JSON for JSONB columns and the wire: no NaN/Infinity, only string keys."""

from __future__ import annotations

import json as _json
from typing import Any, Union

from foundation.base.errors import InvalidInputError

JSON = Union[dict[str, "JSON"], list["JSON"], str, int, float, bool, None]  # noqa: UP007
"""Any value that round-trips through JSON/JSONB unchanged."""


def _check_keys(value: Any, path: str = "$") -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInputError("json object keys must be strings", path=path, key=key)
            _check_keys(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _check_keys(item, f"{path}[{index}]")


_ENCODER = _json.JSONEncoder(allow_nan=False, separators=(",", ":"), ensure_ascii=False)
"""Built once: `json.dumps` with arguments builds an encoder on every call."""


def dumps(value: Any) -> str:
    """Serialize to compact JSON; refuse NaN/Infinity and non-string keys."""
    _check_keys(value)
    try:
        return _ENCODER.encode(value)
    except ValueError as e:
        raise InvalidInputError("json cannot hold nan or infinity", detail=str(e)) from None
    except TypeError as e:
        raise InvalidInputError("value is not json serializable", detail=str(e)) from None


def _refuse_constant(name: str) -> Any:
    raise InvalidInputError("json cannot hold nan or infinity", constant=name)


_DECODER = _json.JSONDecoder(parse_constant=_refuse_constant)
"""Built once: `json.loads` with arguments builds a decoder on every call (every JSONB
value read from Postgres comes through here)."""


def loads(text: str | bytes) -> JSON:
    """Parse JSON; refuse the NaN/Infinity extensions Python would otherwise accept."""
    if isinstance(text, str):
        if text.startswith("\ufeff"):  # as json.loads refuses it
            raise _json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    else:  # bytes: as json.loads reads them (UTF-8, -16 or -32)
        text = text.decode(_json.detect_encoding(text), "surrogatepass")
    return _DECODER.decode(text)
