from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from database.connection import database_url
from database.migrate import SCHEMA_FILE
from foundation.base.paths import REPO_ROOT
from foundation.testing.timeouts import STARTS_PROCESSES
from tools.db_codegen.codegen import (
    SQLC_CONFIG,
    CodegenError,
    codegen_db,
    configured_queries,
    generated_files,
    queries_files,
)

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py


def _copy_inputs(root: Path) -> None:
    """The inputs of `codegen_db` (sqlc.yaml, schema.sql, every queries.sql) under `root`."""
    for rel in [SQLC_CONFIG.name, str(SCHEMA_FILE.relative_to(REPO_ROOT)), *configured_queries()]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO_ROOT / rel, root / rel)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in generated_files(root)}


def test_sqlc_yaml_lists_every_queries_file() -> None:
    assert configured_queries() == queries_files()


def test_codegen_reproduces_the_committed_code_and_a_bad_query_changes_nothing(
    tmp_path: Path,
) -> None:
    _copy_inputs(tmp_path)
    quiet: list[str] = []
    codegen_db(database_url(), root=tmp_path, progress=quiet.append)
    first = _snapshot(tmp_path)
    assert "database/testing/__codegen__/orm.py" in first
    assert first == {str(p.relative_to(REPO_ROOT)): p.read_bytes() for p in generated_files()}

    queries = tmp_path / "database/testing/queries.sql"
    queries.write_text(
        queries.read_text() + "\n-- name: TestBroken :many\nSELECT no_such_column FROM users;\n"
    )
    with pytest.raises(CodegenError, match='column "no_such_column" does not exist'):
        codegen_db(database_url(), root=tmp_path, progress=quiet.append)
    assert _snapshot(tmp_path) == first


def test_an_unlisted_queries_file_is_refused(tmp_path: Path) -> None:
    _copy_inputs(tmp_path)
    (tmp_path / "somewhere").mkdir()
    (tmp_path / "somewhere/queries.sql").write_text("-- name: X :exec\nSELECT 1;\n")
    with pytest.raises(CodegenError, match=r"missing \['somewhere/queries.sql'\]"):
        codegen_db(database_url(), root=tmp_path, progress=lambda _: None)
