"""`python -m tools.coverage_table` (the end of `just test-cov`): the combined coverage of
the last run, per package, lines and branches apart, from coverage's JSON report.

    package        lines            branches
    database       1234/1400 88.1%   300/400 75.0%
    ...
    total          ...

`--depth 2` splits the packages one level further (`foundation/auth`, ...). The floor
(`[tool.coverage.report] fail_under`) is coverage's own figure: lines and branches together.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foundation.base.paths import REPO_ROOT

JSON_REPORT = REPO_ROOT / ".local" / "coverage" / "coverage.json"


@dataclass
class Tally:
    lines: int = 0
    lines_run: int = 0
    branches: int = 0
    branches_run: int = 0

    def add(self, summary: dict[str, Any]) -> None:
        self.lines += summary["num_statements"]
        self.lines_run += summary["covered_lines"]
        self.branches += summary.get("num_branches", 0)
        self.branches_run += summary.get("covered_branches", 0)

    def cells(self) -> tuple[str, str]:
        return _cell(self.lines_run, self.lines), _cell(self.branches_run, self.branches)


def _cell(run: int, total: int) -> str:
    percent = 100.0 * run / total if total else 100.0
    return f"{run}/{total} {percent:5.1f}%"


def package_of(path: str, depth: int) -> str:
    """`foundation/auth/funnel.py` -> `foundation` (depth 1) or `foundation/auth` (depth 2);
    a module directly in a package counts as the package."""
    parts = Path(path).parts[:-1]
    return "/".join(parts[:depth]) or "."


def tally(report: dict[str, Any], depth: int = 1) -> dict[str, Tally]:
    """Per package (sorted), then `total`."""
    packages: dict[str, Tally] = {}
    total = Tally()
    for path, entry in report["files"].items():
        packages.setdefault(package_of(path, depth), Tally()).add(entry["summary"])
        total.add(entry["summary"])
    return {**dict(sorted(packages.items())), "total": total}


def render(tallies: dict[str, Tally]) -> str:
    rows = [("package", "lines", "branches")]
    rows += [(name, *t.cells()) for name, t in tallies.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}" for row in rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="The last coverage run, per package.")
    parser.add_argument("--depth", type=int, default=1, help="package levels to split by")
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, "-m", "coverage", "json", "-q", "--fail-under=0", "-o", str(JSON_REPORT)],
        cwd=REPO_ROOT,
        check=True,
    )
    print(render(tally(json.loads(JSON_REPORT.read_text()), args.depth)))


if __name__ == "__main__":
    main()
