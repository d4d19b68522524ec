from __future__ import annotations

from typing import Any

import pytest
from schemathesis import GenerationMode

from foundation.testing.settings import override_env
from tools.rpc_codegen.fuzzing import (
    EXAMPLES,
    Report,
    _without_framing,  # pyright: ignore[reportPrivateUsage, reportUnknownVariableType]
    depth,
    document_operation,
    fuzz_examples,
    with_examples,
)

DOCUMENT: dict[str, Any] = {
    "paths": {
        "/rpc/user_get": {
            "get": {
                "parameters": [{"name": "user_id", "in": "query", "schema": {"type": "string"}}]
            }
        },
        "/rpc/logout": {"post": {"security": [{"session": []}]}},
    },
    "components": {
        "schemas": {
            "UserSetEnabledIn": {
                "type": "object",
                "properties": {"user_id": {"type": "string"}, "enabled": {"type": "boolean"}},
            }
        }
    },
}


def test_examples_go_to_parameters_and_properties_of_that_name_in_a_copy() -> None:
    document = with_examples(DOCUMENT, {"user_id": "usr_1"})

    parameter = document_operation(document, "GET /rpc/user_get")["parameters"][0]
    assert parameter["example"] == "usr_1"
    properties = document["components"]["schemas"]["UserSetEnabledIn"]["properties"]
    assert properties == {
        "user_id": {"type": "string", "example": "usr_1"},
        "enabled": {"type": "boolean"},
    }
    assert "example" not in DOCUMENT["paths"]["/rpc/user_get"]["get"]["parameters"][0]


def test_report_figures() -> None:
    report = Report(
        document=DOCUMENT,
        requests={
            ("GET /rpc/user_get", GenerationMode.POSITIVE): 4,
            ("GET /rpc/user_get", GenerationMode.NEGATIVE): 2,
            ("POST /rpc/logout", GenerationMode.POSITIVE): 3,
        },
        statuses={("GET /rpc/user_get", 400): 6, ("POST /rpc/logout", 200): 3},
    )

    assert report.valid() == {"GET /rpc/user_get": 4, "POST /rpc/logout": 3}
    assert report.invalid() == 2
    assert report.public() == {"GET /rpc/user_get"}
    assert report.answered_ok() == {"POST /rpc/logout"}
    assert report.summary("x") == (
        "schemathesis x: 9 requests (7 valid, 2 invalid inputs) over 2 operations, 0 failures"
    )


def test_fuzz_depth_scales_the_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    override_env(monkeypatch, fuzz_depth=4)
    assert depth() == 4
    assert fuzz_examples() == {mode: 4 * count for mode, count in EXAMPLES.items()}


class _Case:
    def __init__(self, headers: dict[str, Any] | None) -> None:
        self.headers = headers


def test_generated_framing_headers_are_dropped_the_others_kept() -> None:
    case = _Case({"Content-Length": "TRUE", "transfer-encoding": "x", "X-Other": "1"})
    _without_framing(case)  # pyright: ignore[reportArgumentType]
    assert case.headers == {"X-Other": "1"}
    empty = _Case(None)
    _without_framing(empty)  # pyright: ignore[reportArgumentType]
    assert empty.headers is None
