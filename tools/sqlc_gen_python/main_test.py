from __future__ import annotations

import base64
import io
import json
import sys
from typing import Any

import pytest

from tools.sqlc_gen_python import main as plugin
from tools.sqlc_gen_python.record import FIXTURE_FACTS, TESTDATA, load_recording
from tools.sqlc_gen_python.schema_facts import SchemaFacts, read_schema_facts


def _invoke(monkeypatch: pytest.MonkeyPatch, raw: dict[str, Any]) -> int:
    monkeypatch.chdir(TESTDATA)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(raw).encode())))
    return plugin.main()


def test_main_answers_with_base64_files(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def facts(tables: object, schema: object) -> SchemaFacts:
        return FIXTURE_FACTS

    monkeypatch.setattr(plugin, "read_schema_facts", facts)
    assert _invoke(monkeypatch, load_recording("main")) == 0
    response = json.loads(capsys.readouterr().out)
    files = {f["name"]: base64.b64decode(f["contents"]).decode() for f in response["files"]}
    assert files == plugin.run(load_recording("main"), TESTDATA, FIXTURE_FACTS)


def test_main_reports_errors_on_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert _invoke(monkeypatch, load_recording("bad_command")) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("sqlc-gen-python: query command is not supported (")
    assert "query='UserDeleteMany'" in captured.err


def test_main_needs_database_url_for_enums(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert _invoke(monkeypatch, load_recording("main")) == 1
    assert "DATABASE_URL is not set" in capsys.readouterr().err


def test_unknown_option(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = load_recording("main")
    raw["plugin_options"] = base64.b64encode(b'{"emit_pydantic": true}').decode()
    assert _invoke(monkeypatch, raw) == 1
    assert "unknown plugin options" in capsys.readouterr().err


def test_no_enum_tables_needs_no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    facts = read_schema_facts([])
    assert dict(facts.enum_values) == {} and dict(facts.enum_columns) == {}
