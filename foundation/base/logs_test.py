import json
import subprocess
import sys

import pytest
from structlog.typing import EventDict

from foundation.base import logs as logs_module
from foundation.base.logs import (
    RateLimitedLog,
    bind_context,
    clear_context,
    configure_logging,
    get_logger,
)


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
