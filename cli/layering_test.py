"""`foundation` and `database` never import the apps, the pipeline or the CLI."""

import ast
from pathlib import Path

import pytest

from foundation.paths import REPO_ROOT

FORBIDDEN = {"product", "panopticon", "pipeline", "cli"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["foundation", "database"])
def test_lower_layers_do_not_import_upper_layers(package: str) -> None:
    offenders = {
        str(path.relative_to(REPO_ROOT)): sorted(_imports(path) & FORBIDDEN)
        for path in (REPO_ROOT / package).rglob("*.py")
        if _imports(path) & FORBIDDEN
    }
    assert offenders == {}
