"""The TypeScript package type-checks, and misusing the generated client does not."""

from __future__ import annotations

import re
from pathlib import Path

from foundation.testing.timeouts import STARTS_PROCESSES
from tools.rpc_codegen.node import tsc

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

MISUSE = Path("typetests") / "misuse.ts"
_MARKER = re.compile(r'^\s*// expect-error (TS\d+)(?: ("[^"]*"))?: ')
_ERROR = re.compile(
    r"^(?P<file>[^(\s]+)\((?P<line>\d+),\d+\): error (?P<code>TS\d+): (?P<message>.*)$", re.M
)


def test_package_typechecks(typescript_package: Path) -> None:
    result = tsc("--noEmit", cwd=typescript_package)
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_lock_records_no_download_addresses(typescript_package: Path) -> None:
    lock = (typescript_package / "package-lock.json").read_text()
    assert '"resolved"' not in lock
    assert "omit-lockfile-registry-resolved=true" in (typescript_package / ".npmrc").read_text()


def expected_errors(source: str) -> dict[tuple[int, str], str | None]:
    """(line, code) for each statement marked `// expect-error TSnnnn: ...` (the next
    line), with the text its message must hold (`// expect-error TSnnnn "text": ...`)."""
    found: dict[tuple[int, str], str | None] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        match = _MARKER.match(line)
        if match:
            found[(number + 1, match.group(1))] = match.group(2)
    return found


def unnamed(expected: dict[tuple[int, str], str | None], output: str) -> list[str]:
    """The texts of `expected` that no error tsc reported (in `output`) on their line holds."""
    messages: dict[tuple[int, str], list[str]] = {}
    for m in _ERROR.finditer(output):
        if Path(m["file"]) == MISUSE:
            messages.setdefault((int(m["line"]), m["code"]), []).append(m["message"])
    return [
        f"line {line}: no {code} naming {text}"
        for (line, code), text in expected.items()
        if text is not None and not any(text in m for m in messages.get((line, code), []))
    ]


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
    assert reported == set(expected), result.stdout
    assert unnamed(expected, result.stdout) == [], result.stdout


def test_a_misspelt_rpc_name_is_named_by_the_error(typescript_package: Path) -> None:
    """Unknown names fail on the name itself (TS2345 quoting it), whether or not the RPC
    they resemble takes input: never `Expected 2-3 arguments` (TS2554)."""
    named = {
        text: code
        for (_, code), text in expected_errors((typescript_package / MISUSE).read_text()).items()
        if text is not None
    }
    assert named.keys() >= {'"orgnization_members_list"', '"logni"', '"user_remove"'}
    assert set(named.values()) == {"TS2345"}


def test_expected_errors_reads_the_markers() -> None:
    source = (
        "ok();\n  // expect-error TS2345: wrong name\n  call('x');\n"
        '  // expect-error TS2345 "y": named\n  call("y");\nfine();\n'
    )
    assert expected_errors(source) == {(3, "TS2345"): None, (5, "TS2345"): '"y"'}


def test_unnamed_lists_the_texts_no_message_holds() -> None:
    expected = {(5, "TS2345"): '"y"', (7, "TS2345"): '"z"', (9, "TS2554"): None}
    output = (
        f"{MISUSE}(5,3): error TS2345: Argument of type '\"y\"' is not assignable.\n"
        f"{MISUSE}(7,3): error TS2345: Argument of type '\"zz\"' is not assignable.\n"
        f"other.ts(9,3): error TS2554: Expected 2-3 arguments, but got 1.\n"
    )
    assert unnamed(expected, output) == ['line 7: no TS2345 naming "z"']
