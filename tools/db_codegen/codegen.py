"""`blossom codegen db`: schema.sql and the sqlc-generated query code, from a fresh database.

Steps: create a scratch database on the configured server, migrate it (regenerating
`database/schema.sql`), check that `sqlc.yaml` lists every `queries.sql`, run
`sqlc vet` (every query is prepared against the real database) and `sqlc generate`
(our `sqlc-gen-python` plugin), format the output with black, remove generated files
that are no longer produced, drop the scratch database. sqlc writes nothing when a query
is wrong, so a failed run leaves the previous generated code untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import yaml

from database.connection import drop_database, ensure_database, with_database
from database.migrate import SCHEMA_FILE, dump_schema, migrate
from foundation.base.clock import CLOCK
from foundation.base.errors import ConfigurationError
from foundation.base.paths import REPO_ROOT

SQLC_CONFIG = REPO_ROOT / "sqlc.yaml"
_SKIP_DIRS = {".venv", ".local", "node_modules", ".git", "typescript", "testdata"}

Progress = Callable[[str], None]


class CodegenError(ConfigurationError):
    """sqlc (or a step around it) rejected the queries; the message is sqlc's."""


def _walk(root: Path, pattern: str) -> list[Path]:
    return sorted(p for p in root.rglob(pattern) if not _SKIP_DIRS & set(p.relative_to(root).parts))


def queries_files(root: Path = REPO_ROOT) -> list[str]:
    """Every queries.sql under `root`, relative to it, sorted."""
    return [str(p.relative_to(root)) for p in _walk(root, "queries.sql")]


def configured_queries(root: Path = REPO_ROOT) -> list[str]:
    config = yaml.safe_load((root / SQLC_CONFIG.name).read_text())
    return sorted(q for block in config["sql"] for q in block["queries"])


def generated_files(root: Path = REPO_ROOT) -> list[Path]:
    return _walk(root, "__codegen__/*.py")


def _bin(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else (shutil.which(name) or name)


def _run(args: list[str], env: dict[str, str], root: Path) -> None:
    result = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stderr + result.stdout).strip()
        raise CodegenError(f"{Path(args[0]).name} {args[1]} failed:\n{output}")


def codegen_db(server_url: str, *, root: Path = REPO_ROOT, progress: Progress = print) -> None:
    """Regenerate `root`'s schema.sql and __codegen__ packages (`root` is the repository;
    tests point it at a copy)."""
    listed, present = configured_queries(root), queries_files(root)
    if listed != present:
        raise CodegenError(
            "sqlc.yaml must list every queries.sql: "
            f"missing {sorted(set(present) - set(listed))}, stale {sorted(set(listed) - set(present))}"
        )
    scratch = f"blossom_codegen_{uuid.uuid4().hex[:8]}"
    ensure_database(server_url, scratch)
    try:
        url = with_database(server_url, scratch)
        migrate(url, progress=progress, write_schema=False)
        schema = root / SCHEMA_FILE.relative_to(REPO_ROOT)
        schema.write_text(dump_schema(url))
        progress(f"wrote {SCHEMA_FILE.relative_to(REPO_ROOT)}")
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        started = CLOCK.now().timestamp()
        progress("sqlc vet (preparing every query against the database)")
        _run([_bin("sqlc"), "vet"], env, root)
        progress("sqlc generate")
        _run([_bin("sqlc"), "generate"], env, root)
        for stale in [p for p in generated_files(root) if p.stat().st_mtime < started]:
            progress(f"removing stale {stale.relative_to(root)}")
            stale.unlink()
        files = [str(p) for p in generated_files(root)]
        if files:
            progress(f"formatting {len(files)} generated files")
            _run(
                [_bin("black"), "--quiet", "--config", str(REPO_ROOT / "pyproject.toml"), *files],
                env,
                root,
            )
    finally:
        drop_database(server_url, scratch)
