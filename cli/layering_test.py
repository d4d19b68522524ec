"""`foundation` and `database` never import the apps, the pipeline or the CLI.

One generated exception: `database/__codegen__/orm.py` composes every package's generated
`Queries` into `q.orm`. Generated query modules are database-layer code wherever their
`queries.sql` lives, so they may import only the standard library, asyncpg,
`database.__codegen__` and `foundation`; that keeps the exception harmless.
"""

import ast
from pathlib import Path

import pytest

from foundation.paths import REPO_ROOT

FORBIDDEN = {"product", "panopticon", "pipeline", "cli"}
ORM_MODULE = REPO_ROOT / "database/__codegen__/orm.py"


def _modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _imports(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _modules(path)}


@pytest.mark.parametrize("package", ["foundation", "database"])
def test_lower_layers_do_not_import_upper_layers(package: str) -> None:
    offenders = {
        str(path.relative_to(REPO_ROOT)): sorted(_imports(path) & FORBIDDEN)
        for path in (REPO_ROOT / package).rglob("*.py")
        if _imports(path) & FORBIDDEN and path != ORM_MODULE
    }
    assert offenders == {}


def test_generated_queries_import_only_the_database_layer() -> None:
    allowed = ("database.__codegen__", "foundation", "asyncpg")
    stdlib = {"collections.abc", "dataclasses", "datetime", "decimal", "typing", "uuid"}
    offenders = {
        str(path.relative_to(REPO_ROOT)): sorted(bad)
        for path in REPO_ROOT.glob("*/__codegen__/queries.py")
        if (bad := {m for m in _modules(path) - stdlib if not m.startswith(allowed)})
    }
    assert offenders == {}


def test_the_orm_imports_only_generated_queries() -> None:
    assert all(m.endswith(".__codegen__.queries") for m in _modules(ORM_MODULE))
