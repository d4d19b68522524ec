"""`blossom codegen`: the commands that regenerate committed code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.codegen import codegen
from foundation.testing.timeouts import STARTS_PROCESSES
from tools.rpc_codegen import dist, generate
from tools.rpc_codegen.dist import DIST_DIR, read_tree
from tools.rpc_codegen.generate import PACKAGE_DIR, SOURCE_DIR, module_path
from tools.testing.browser import require_node

pytestmark = STARTS_PROCESSES  # `codegen rpc` runs tsc: foundation/testing/timeouts.py


def test_cli_writes_changed_modules_and_dist_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_node(PACKAGE_DIR)
    source, built = tmp_path / "src", tmp_path / "dist"
    source.mkdir()
    (tmp_path / "package.json").write_text('{"type": "module"}')  # as the package's
    shutil.copy(SOURCE_DIR / "client.ts", source / "client.ts")  # hand-written: not generated
    monkeypatch.setattr(generate, "SOURCE_DIR", source)
    monkeypatch.setattr(dist, "DIST_DIR", built)
    runner = CliRunner()

    first = runner.invoke(codegen, ["rpc"])
    second = runner.invoke(codegen, ["rpc"])

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert sorted(p.name for p in source.iterdir()) == ["client.ts", "panopticon.ts", "product.ts"]
    assert "wrote" in first.output and "wrote" not in second.output
    assert second.output.count("is up to date") == 3
    assert (source / "product.ts").read_text() == module_path("product").read_text()
    assert read_tree(built) == read_tree(DIST_DIR)  # the committed dist/ is this build's
