"""The TypeScript package type-checks, and misusing the generated client does not."""

from __future__ import annotations

import re
from pathlib import Path

from foundation.testing.timeouts import STARTS_PROCESSES
from tools.rpc_codegen.node import tsc

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

MISUSE = Path("typetests") / "misuse.ts"
_MARKER = re.compile(r"^\s*// expect-error (TS\d+): ")
_ERROR = re.compile(r"^(?P<file>[^(\s]+)\((?P<line>\d+),\d+\): error (?P<code>TS\d+): ", re.M)


def test_package_typechecks(typescript_package: Path) -> None:
    result = tsc("--noEmit", cwd=typescript_package)
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_lock_records_no_download_addresses(typescript_package: Path) -> None:
    lock = (typescript_package / "package-lock.json").read_text()
    assert '"resolved"' not in lock
    assert "omit-lockfile-registry-resolved=true" in (typescript_package / ".npmrc").read_text()


def expected_errors(source: str) -> set[tuple[int, str]]:
    """(line, code) for each statement marked `// expect-error TSnnnn: ...` (the next line)."""
    found: set[tuple[int, str]] = set()
    for number, line in enumerate(source.splitlines(), start=1):
        match = _MARKER.match(line)
        if match:
            found.add((number + 1, match.group(1)))
    return found


def test_misusing_the_client_fails_with_the_expected_errors(typescript_package: Path) -> None:
    expected = expected_errors((typescript_package / MISUSE).read_text())
    assert len(expected) >= 10

    result = tsc("-p", str(MISUSE.parent / "tsconfig.json"), cwd=typescript_package)

    assert result.returncode != 0
    reported = {
        (int(m["line"]), m["code"])
        for m in _ERROR.finditer(result.stdout)
        if Path(m["file"]) == MISUSE
    }
    other_files = {m["file"] for m in _ERROR.finditer(result.stdout)} - {str(MISUSE)}
    assert other_files == set(), result.stdout
    assert reported == expected, result.stdout


def test_expected_errors_reads_the_markers() -> None:
    source = "ok();\n  // expect-error TS2345: wrong name\n  call('x');\nfine();\n"
    assert expected_errors(source) == {(3, "TS2345")}
