from __future__ import annotations

from pathlib import Path

import pytest

from tools.sqlc_gen_python.errors import GenerationError
from tools.sqlc_gen_python.packages import assign_packages, query_files
from tools.sqlc_gen_python.record import TESTDATA, load_recording
from tools.sqlc_gen_python.request import parse_request


def test_queries_are_assigned_by_their_file() -> None:
    request = parse_request(load_recording("main"))
    packages = assign_packages(request.queries, request.query_paths, TESTDATA)
    assert packages["OrgFetch"] == "app"
    assert packages["UserFetch"] == "database"
    assert set(packages.values()) == {"app", "database"}


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_folders_and_nested_files(tmp_path: Path) -> None:
    _write(tmp_path, "product/auth/queries.sql", "-- name: AuthLogin :one\nSELECT 1;\n")
    _write(tmp_path, "product/orgs/queries.sql", "--name: OrgList :many\nSELECT 1;\n")
    _write(tmp_path, "product/orgs/notes.txt", "-- name: Ignored :one\n")
    files = query_files(["product/auth/queries.sql", "product/orgs"], tmp_path)
    assert {k: str(v) for k, v in files.items()} == {
        "AuthLogin": "product/auth/queries.sql",
        "OrgList": "product/orgs/queries.sql",
    }


def test_missing_path_says_where_to_run_sqlc(tmp_path: Path) -> None:
    with pytest.raises(GenerationError, match=r"run sqlc from the directory that holds sqlc\.yaml"):
        query_files(["database/queries.sql"], tmp_path)


def test_paths_outside_the_config_dir_are_refused(tmp_path: Path) -> None:
    with pytest.raises(GenerationError, match="relative"):
        query_files(["../queries.sql"], tmp_path)


def test_root_level_queries_file_has_no_package(tmp_path: Path) -> None:
    _write(tmp_path, "queries.sql", "-- name: UserFetch :one\nSELECT 1;\n")
    request = parse_request(load_recording("main"))
    fetch = [q for q in request.queries if q.name == "UserFetch"]
    with pytest.raises(GenerationError, match="inside a package folder"):
        assign_packages(fetch, ["queries.sql"], tmp_path)


def test_query_missing_from_files(tmp_path: Path) -> None:
    _write(tmp_path, "database/queries.sql", "-- name: Other :one\nSELECT 1;\n")
    request = parse_request(load_recording("main"))
    with pytest.raises(GenerationError, match="query not found"):
        assign_packages(request.queries, ["database/queries.sql"], tmp_path)
