"""`just test-cov`'s configuration (`pyproject.toml` `[tool.coverage.*]`) does what the
README says: branches, generated code left out, a floor, and Python subprocesses
measured (as the CLI or a live server a test starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from foundation.base.paths import REPO_ROOT
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

PYPROJECT = REPO_ROOT / "pyproject.toml"


def test_branches_subprocesses_and_a_floor() -> None:
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["coverage"]

    assert config["run"]["branch"] and config["run"]["parallel"]
    assert "subprocess" in config["run"]["patch"]
    assert "**/__codegen__/**" in config["run"]["omit"]
    assert config["report"]["fail_under"] >= 90


def _coverage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Outside any coverage run of the suite itself (`just test-cov` hands its configuration
    # on through these variables; empty, coverage's start-up hook ignores them).
    env = {
        **os.environ,
        "COVERAGE_PROCESS_CONFIG": "",
        "COVERAGE_PROCESS_START": "",
        "COVERAGE_FILE": str(tmp_path / ".coverage"),
    }
    return subprocess.run(
        [sys.executable, "-m", "coverage", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_a_python_subprocess_is_measured(tmp_path: Path) -> None:
    parent = tmp_path / "parent.py"
    parent.write_text(
        "import subprocess, sys\n"
        "subprocess.run([sys.executable, '-m', 'tools.coverage_table', '--help'], check=True)\n"
    )
    _coverage(tmp_path, "run", f"--rcfile={PYPROJECT}", str(parent))
    _coverage(tmp_path, "combine", f"--rcfile={PYPROJECT}", "-q")
    report = tmp_path / "coverage.json"
    _coverage(tmp_path, "json", f"--rcfile={PYPROJECT}", "-q", "--fail-under=0", "-o", str(report))

    files = json.loads(report.read_text())["files"]
    # Only the child ran tools/coverage_table.py's main().
    measured = files["tools/coverage_table.py"]
    assert measured["summary"]["covered_lines"] > 0 and measured["summary"]["num_branches"] > 0
    source = (REPO_ROOT / "tools" / "coverage_table.py").read_text().splitlines()
    parser_line = next(i for i, text in enumerate(source, 1) if "argparse.ArgumentParser(" in text)
    assert parser_line in measured["executed_lines"]
