"""Which top-level package each query belongs to.

sqlc sends only the base name of a query's file (`queries.sql`), so the plugin reads the
block's `queries:` entries itself (files, or folders whose `*.sql` files are read, not
recursively, as sqlc does), finds each `-- name: QueryName :cmd` line, and assigns the
query to the first component of that file's path: `product/auth/queries.sql` ->
`product`. sqlc rejects duplicate query names within a block, so the mapping is exact.
The paths are relative to the directory of sqlc.yaml; sqlc runs the plugin in its own
working directory, so sqlc must be run from the directory holding sqlc.yaml (as `just
codegen-db` does). Setting the option `package` instead puts every query of the block
into that package without reading any file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

from tools.sqlc_gen_python.errors import GenerationError
from tools.sqlc_gen_python.request import Query

_NAME_LINE = re.compile(r"^\s*--\s*name:\s*(\S+)\s+:\S+", re.M)


def _query_files(query_paths: Sequence[str], root: Path) -> list[PurePosixPath]:
    files: list[PurePosixPath] = []
    for entry in query_paths:
        rel = PurePosixPath(entry)
        if rel.is_absolute() or ".." in rel.parts:
            raise GenerationError(
                "queries paths must be relative and inside the sqlc.yaml directory", path=entry
            )
        path = root / rel
        if path.is_dir():
            files.extend(
                rel / child.name
                for child in sorted(path.iterdir())
                if child.suffix == ".sql" and child.is_file()
            )
        elif path.is_file():
            files.append(rel)
        else:
            raise GenerationError(
                "queries path not found; run sqlc from the directory that holds sqlc.yaml",
                path=entry,
                cwd=str(root),
            )
    return files


def query_files(query_paths: Sequence[str], root: Path) -> dict[str, PurePosixPath]:
    """Query name -> file (relative to `root`) declaring `-- name: QueryName`."""
    found: dict[str, PurePosixPath] = {}
    for rel in _query_files(query_paths, root):
        for name in _NAME_LINE.findall((root / rel).read_text(encoding="utf-8")):
            found.setdefault(name, rel)
    return found


def assign_packages(
    queries: Sequence[Query],
    query_paths: Sequence[str],
    root: Path,
    package: str | None = None,
) -> dict[str, str]:
    """Query name -> top-level package that gets its `__codegen__/queries.py`."""
    if package is not None:
        return {q.name: package for q in queries}
    files = query_files(query_paths, root)
    packages: dict[str, str] = {}
    for q in queries:
        rel = files.get(q.name)
        if rel is None:
            raise GenerationError(
                "query not found in the queries files", query=q.name, paths=list(query_paths)
            )
        if q.filename and rel.name != q.filename:
            raise GenerationError(
                "query found in a different file than sqlc reports",
                query=q.name,
                found=str(rel),
                filename=q.filename,
            )
        if len(rel.parts) < 2:
            raise GenerationError(
                "a queries file must live inside a package folder", query=q.name, path=str(rel)
            )
        packages[q.name] = rel.parts[0]
    return packages


def check_package_names(packages: Mapping[str, str]) -> None:
    for query, package in sorted(packages.items()):
        if not all(part.isidentifier() for part in package.split(".")):
            raise GenerationError(
                "package is not a python identifier", query=query, package=package
            )
