"""Run a planted test file with the project's pytest configuration, in a subprocess: for
the tests of the test machinery itself (a planted hang must time out, a planted failure
keep its database, a planted real client fail).

    done = run_planted(tmp_path, SOURCE, env={"LIVE_TESTS": "1"})
    assert "1 failed" in done.stdout

The run uses `pyproject.toml`'s settings and the test plugin (no xdist, fixed order), on
this run's Postgres server (its template is reused: nothing is migrated again).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from database.testing.kept import clean
from foundation.base.paths import REPO_ROOT
from foundation.testing.plugin import KEPT_RECORD_VAR, run_server_url

_INHERITED_BY_WORKERS = ("BLOSSOM_TEST_ORIGINAL_ENV", "PYTEST_XDIST_WORKER")


def kept_record(directory: Path) -> Path:
    """Where the planted run in `directory` records the databases it kept."""
    return directory / "kept.json"


def run_planted(
    directory: Path,
    source: str,
    *tests: str,
    env: Mapping[str, str] | None = None,
    keep: bool = False,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Write `source` as `planted_test.py` in `directory` and run pytest on it (only the
    test functions named in `tests`, if any); its output is in `stdout`. The databases
    that failed tests kept are dropped afterwards unless `keep` (see `kept_record`)."""
    path = directory / "planted_test.py"
    path.write_text(source)
    environment = {
        **os.environ,
        "DATABASE_URL": run_server_url(),
        KEPT_RECORD_VAR: str(kept_record(directory)),
        **(env or {}),
    }
    for name in _INHERITED_BY_WORKERS:
        environment.pop(name, None)
    command = [sys.executable, "-m", "pytest", "-c", str(REPO_ROOT / "pyproject.toml")]
    command += ["--rootdir", str(REPO_ROOT), "-p", "foundation.testing.plugin", "-p", "no:xdist"]
    command += ["-rA", *([f"{path}::{test}" for test in tests] or [str(path)])]
    try:
        return subprocess.run(
            command,
            cwd=REPO_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    finally:
        if not keep:
            clean(kept_record(directory))
