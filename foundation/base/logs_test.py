import json
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
import structlog
from structlog.typing import EventDict

from foundation.base import logs as logs_module
from foundation.base.env import get_env, log_settings
from foundation.base.errors import ConfigurationError
from foundation.base.logs import (
    RateLimitedLog,
    bind_context,
    clear_context,
    configure_logging,
    get_logger,
    info_line,
    json_logs,
    library_logger,
)
from foundation.testing.settings import override_env


@pytest.fixture(autouse=True)
def _restore_format() -> Iterator[None]:
    """Tests here force a format; the process's own comes back after each."""
    json_before = json_logs()
    yield
    configure_logging(force_format="json" if json_before else "console")


def test_json_lines_carry_bound_context(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(force_format="json")
    try:
        bind_context(request_id="req-1")
        get_logger("test").warning("something happened", user_id="usr_1")
    finally:
        clear_context()
    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert list(record)[:4] == ["timestamp", "level", "logger", "message"]
    assert record["message"] == "something happened" and "event" not in record
    assert record["logger"] == "test" and record["level"] == "warning"
    assert record["request_id"] == "req-1" and record["user_id"] == "usr_1"


def test_a_library_line_is_json_too_without_the_bound_context(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging(force_format="json")
    try:
        bind_context(request_id="req-1")
        library_logger("asyncpg.pool").warning("connection %s lost", "c1")
        library_logger("asyncpg.pool").info("chatter below warning stays quiet")
    finally:
        clear_context()
    [line] = capsys.readouterr().err.strip().splitlines()
    record = json.loads(line)
    assert list(record)[:4] == ["timestamp", "level", "logger", "message"]
    assert record["message"] == "connection c1 lost" and record["logger"] == "asyncpg.pool"
    assert record["level"] == "warning" and "request_id" not in record


def test_a_library_error_keeps_its_traceback_in_one_json_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging(force_format="json")
    try:
        raise ValueError("bad value")
    except ValueError:
        library_logger("hypercorn.error").exception("error in asgi application")
    [line] = capsys.readouterr().err.strip().splitlines()
    record = json.loads(line)
    assert record["level"] == "error" and record["logger"] == "hypercorn.error"
    assert "Traceback" in record["exception"] and "ValueError: bad value" in record["exception"]


def test_console_format_is_readable_key_value(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(force_format="console")
    get_logger("test").warning("plain", answer=42)
    library_logger("asyncpg.pool").warning("pool trouble")
    err = capsys.readouterr().err
    assert not [line for line in err.splitlines() if line.startswith("{")], err
    assert "plain" in err and "answer=42" in err and "[test]" in err
    assert "pool trouble" in err and "[asyncpg.pool]" in err


@pytest.mark.parametrize(
    ("environment", "log_format", "json_lines"),
    [
        ("production", "auto", True),
        ("development", "auto", False),
        ("test", "auto", False),
        ("development", "json", True),
        ("production", "console", False),
    ],
)
def test_auto_means_json_in_production_only(
    monkeypatch: pytest.MonkeyPatch, environment: str, log_format: str, json_lines: bool
) -> None:
    override_env(monkeypatch, environment=environment, log_format=log_format, log_level="debug")
    assert log_settings() == (json_lines, "debug")


def test_a_broken_configuration_is_reported_in_the_configured_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The error naming a broken setting is itself a JSON line in production: logging
    reads its own settings even when the rest cannot be read."""
    monkeypatch.setenv("BLOSSOM_ENV", "Production")
    monkeypatch.setenv("LOG_FORMAT", "auto")
    monkeypatch.setenv("LOG_LEVEL", "verbose")  # invalid: its default
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "many")
    monkeypatch.setattr("foundation.base.env._env", None)
    with pytest.raises(ConfigurationError):
        get_env()
    assert log_settings() == (True, "info")


def test_rate_limited_log_keeps_one_line_per_message_per_period(
    logs: list[EventDict], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [100.0]
    monkeypatch.setattr(logs_module.time, "monotonic", lambda: now[0])
    limited = RateLimitedLog("test", per_seconds=1.0)
    for _ in range(50):
        limited.warning("database unavailable", n=1)
        limited.warning("database busy")
    now[0] += 1.0
    limited.warning("database unavailable")
    events = [(e["event"], e.get("suppressed")) for e in logs]
    assert events == [
        ("database unavailable", None),
        ("database busy", None),
        ("database unavailable", 49),
    ]


def test_importing_the_apps_reads_no_configuration() -> None:
    """Scripts set os.environ after importing (the benchmark seeds its own database): a
    module that read the configuration at import would pin the wrong one for the process."""
    code = (
        "import foundation.base.env, product.app, panopticon.app\n"
        "assert foundation.base.env._env is None, 'configuration read at import'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


class _Custom:
    def __repr__(self) -> str:
        return "<custom>"


_STAMP = re.compile(r'^\{"timestamp": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", ')


def test_an_info_line_is_the_line_structlog_writes(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(force_format="json")
    fields = {
        "request_id": "req-2",
        "method": "GET",
        "path": "/rpc/caf\u00e9",
        "status": 200,
        "duration_ms": 1.5,
        "other": _Custom(),
        "none": None,
    }
    capsys.readouterr()
    try:
        bind_context(request_id="req-1", user_id="usr_1")
        for name, message, extra in (
            ("foundation.webserver.exchange", "request", fields),
            ("x", "a line", {"logger": "a field named like the line's key"}),
        ):
            get_logger(name).info(message, **extra)
            info_line(name, message, **extra)
            structlog_line, ours = capsys.readouterr().err.splitlines()
            assert _STAMP.match(ours) and _STAMP.match(structlog_line)
            assert _STAMP.sub("", ours) == _STAMP.sub("", structlog_line)
    finally:
        clear_context()
    record = json.loads(ours)
    assert record["message"] == "a line" and record["user_id"] == "usr_1"


def test_an_info_line_is_captured_and_filtered_as_any_other(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_logging(force_format="json")
    with structlog.testing.capture_logs() as entries:
        info_line("x", "request", status=200)
    assert entries == [{"event": "request", "status": 200, "log_level": "info"}]
    capsys.readouterr()
    with monkeypatch.context() as patch:  # undone before the format is restored
        override_env(patch, log_level="warning")
        configure_logging(force_format="json")
        info_line("x", "request", status=200)
    assert capsys.readouterr().err == ""
