"""`blossom codegen`: the commands that regenerate committed code."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.codegen import codegen
from tools.rpc_codegen import generate
from tools.rpc_codegen.generate import module_path


def test_cli_writes_changed_modules_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generate, "SOURCE_DIR", tmp_path)
    runner = CliRunner()

    first = runner.invoke(codegen, ["rpc"])
    second = runner.invoke(codegen, ["rpc"])

    assert first.exit_code == 0, first.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["panopticon.ts", "product.ts"]
    assert "wrote" in first.output and "wrote" not in second.output
    assert second.output.count("is up to date") == 2
    assert (tmp_path / "product.ts").read_text() == module_path("product").read_text()
