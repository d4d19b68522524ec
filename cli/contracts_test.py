"""The import contracts of pyproject.toml (`lint-imports`, run by `just lint`) catch a
forbidden import and an import cycle: checked on a copy of the tree with one bad import
added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from foundation.base.paths import REPO_ROOT

PACKAGES = ["bench", "cli", "database", "foundation", "panopticon", "pipeline", "product", "tools"]


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).parent / "lint-imports"
    return subprocess.run(
        [str(lint), "--no-cache"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("contracts")
    shutil.copy(REPO_ROOT / "pyproject.toml", root / "pyproject.toml")
    for package in PACKAGES:
        shutil.copytree(
            REPO_ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return root


def _with_line(path: Path, line: str) -> str:
    original = path.read_text()
    path.write_text(original + f"\n{line}\n")
    return original


def test_the_tree_keeps_its_contracts(tree: Path) -> None:
    result = _lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_a_test_of_the_rpc_framework_may_drive_a_quart_app(tree: Path) -> None:
    path = tree / "foundation/rpc/endpoint_test.py"
    original = _with_line(path, "import quart")
    try:
        result = _lint_imports(tree)
    finally:
        path.write_text(original)
    assert result.returncode == 0 and "3 kept, 0 broken" in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("module", "line", "complaint"),
    [
        ("database/ids.py", "import product.app", "database is not allowed to import product"),
        ("product/db.py", "import panopticon.db", "product is not allowed to import panopticon"),
        ("foundation/base/errors.py", "import foundation.rpc", "is not allowed to import"),
        ("foundation/rpc/req.py", "import foundation.rpc.route", "No cycles are allowed"),
        ("foundation/rpc/spec.py", "import quart", "foundation.rpc is not allowed to import quart"),
        (
            "foundation/rpc/http.py",
            "import foundation.webserver.responses",
            "is not allowed to import",
        ),
    ],
)
def test_a_forbidden_import_breaks_a_contract(
    tree: Path, module: str, line: str, complaint: str
) -> None:
    path = tree / module
    original = _with_line(path, line)
    try:
        result = _lint_imports(tree)
    finally:
        path.write_text(original)
    assert result.returncode == 1
    assert "0 broken" not in result.stdout and complaint in result.stdout, result.stdout
