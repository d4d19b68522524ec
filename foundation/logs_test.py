import json

import pytest

from foundation.logs import bind_context, clear_context, configure_logging, get_logger


def test_json_lines_carry_bound_context(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(force_format="json")
    try:
        bind_context(request_id="req-1")
        get_logger("test").warning("something happened", user_id="usr_1")
    finally:
        clear_context()
    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["event"] == "something happened"
    assert record["request_id"] == "req-1" and record["user_id"] == "usr_1"
    assert record["level"] == "warning" and "timestamp" in record


def test_console_format_is_key_value(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(force_format="console")
    get_logger("test").warning("plain", answer=42)
    assert "answer=42" in capsys.readouterr().err
