"""The semgrep rules of .semgrep/: their own test cases pass (`semgrep --test`), every rule
has cases that must fire and cases that must not, a broken case is caught, and a scan of a
project-shaped tree reports what the rules forbid. semgrep runs as `just lint` runs it:
pinned, isolated (uvx), offline config, metrics off."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from foundation.base.paths import REPO_ROOT
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

RULES_DIR = REPO_ROOT / ".semgrep"
PIN = re.search(r"semgrep==([0-9.]+)", (REPO_ROOT / "justfile").read_text())
FLAGS = ["--metrics=off", "--disable-version-check", "--quiet"]


def _semgrep(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    uvx = shutil.which("uvx")
    if uvx is None:
        pytest.skip("uvx not found: semgrep runs through uv's tool runner")
    assert PIN is not None, "the justfile pins semgrep"
    return subprocess.run(
        [uvx, "--quiet", "--from", f"semgrep=={PIN.group(1)}", "semgrep", "scan", *FLAGS, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _rule_ids(path: Path) -> list[str]:
    return [rule["id"] for rule in yaml.safe_load(path.read_text())["rules"]]


def test_every_rule_has_firing_and_quiet_cases() -> None:
    rule_files = sorted(RULES_DIR.glob("*.yml"))
    assert len(rule_files) >= 6
    for rules in rule_files:
        cases = rules.with_suffix(".py").read_text()
        for rule_id in _rule_ids(rules):
            assert f"# ruleid: {rule_id}" in cases, f"{rule_id}: no case where it fires"
            assert f"# ok: {rule_id}" in cases, f"{rule_id}: no case where it stays quiet"


def test_semgrep_own_tests_pass_and_catch_a_rule_that_stops_firing(tmp_path: Path) -> None:
    """One `semgrep --test` run (its start-up is most of its cost) over two copies of the
    rules with their cases: the copy as committed passes, and in the other copy the first
    firing case of the wall-clock rule is made harmless (its `ruleid` annotation now
    expects a miss), which is the one failure."""
    shutil.copytree(RULES_DIR, tmp_path / "committed")
    broken = tmp_path / "broken"
    shutil.copytree(RULES_DIR, broken)
    cases = broken / "clock.py"
    text = cases.read_text()
    harmless = text.replace("now = datetime.datetime.now(datetime.UTC)", "now = CLOCK.now()", 1)
    assert harmless != text
    cases.write_text(harmless)
    done = _semgrep("--test", ".", cwd=tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "1 unit tests did not pass" in output, output
    failed = output[output.index("did not pass") :]
    assert "blossom-wall-clock" in failed and str(cases) in failed, output
    assert str(tmp_path / "committed") not in failed, output


def test_a_scan_reports_each_convention_broken_where_it_applies(tmp_path: Path) -> None:
    (tmp_path / "product" / "things").mkdir(parents=True)
    (tmp_path / "foundation" / "base").mkdir(parents=True)
    (tmp_path / "cli").mkdir()
    (tmp_path / "product" / "things" / "routes.py").write_text(
        "import datetime, os\n"
        "from product.db import xact_admin\n"
        "from product.framework import route\n\n"
        "@route('thing_list', authorization='organization')\n"
        "async def thing_list(req):\n"
        "    async with xact_admin() as q:\n"
        "        await q.conn.fetch('SELECT * FROM things')\n"
        "    print(os.environ['X'], datetime.datetime.now())\n"
    )
    # The same calls where they are allowed: the clock module, the CLI.
    (tmp_path / "foundation" / "base" / "clock.py").write_text(
        "import datetime\nnow = datetime.datetime.now(datetime.UTC)\n"
    )
    (tmp_path / "cli" / "main.py").write_text("print('hello')\n")
    done = _semgrep("--json", "--config", str(RULES_DIR), ".", cwd=tmp_path)
    found = {
        (r["path"], r["check_id"].rsplit(".", 1)[-1]) for r in json.loads(done.stdout)["results"]
    }
    routes = "product/things/routes.py"
    assert found == {
        (routes, "blossom-raw-sql"),
        (routes, "blossom-print"),
        (routes, "blossom-environ"),
        (routes, "blossom-wall-clock"),
    }
