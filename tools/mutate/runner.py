"""The mutation runner: one declared mutation at a time, in a scratch copy of the tree.

A `Mutation` names a file, a text that must occur in it exactly once, its replacement
and the tests that should notice. `check` refuses a list that is no longer true of the
code (a text gone or ambiguous, a test file gone, a replacement that does not compile);
`run` copies the checkout (tracked and untracked files, ignored ones left out) to a
temporary directory, commits it there, and for each mutation: writes the mutant,
regenerates the query code when a `queries.sql` changed, runs the tests
(`pytest -x -q -p no:randomly -p no:xdist`), records killed (a test failed), survived
(all passed) or error, and restores the copy (`git checkout`, `git clean`). The
developer's tree is only read.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Generator, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

OutcomeEnum = Literal["killed", "survived", "error"]

TEST_TIMEOUT_SECONDS = 900
"""A mutant whose tests run this long is an error (a hang the tests do not catch)."""


@dataclass(frozen=True)
class Mutation:
    """One mutant: in `file`, `original` (occurring exactly once) becomes `replacement`;
    `tests` (pytest node ids or files) should fail."""

    name: str
    file: str
    original: str
    replacement: str
    tests: tuple[str, ...]


def mutation(name: str, file: str, original: str, replacement: str, *tests: str) -> Mutation:
    return Mutation(name, file, original, replacement, tuple(tests))


@dataclass
class Result:
    mutation: Mutation
    outcome: OutcomeEnum
    seconds: float
    detail: str = ""


@dataclass
class Report:
    results: list[Result] = field(default_factory=list[Result])
    equivalent: dict[str, str] = field(default_factory=dict[str, str])

    def of(self, outcome: OutcomeEnum) -> list[Result]:
        return [r for r in self.results if r.outcome == outcome]

    @property
    def excluded(self) -> list[Result]:
        return [r for r in self.of("survived") if r.mutation.name in self.equivalent]

    @property
    def survivors(self) -> list[Result]:
        return [r for r in self.of("survived") if r.mutation.name not in self.equivalent]

    @property
    def killed_equivalents(self) -> list[Result]:
        """Mutants listed as equivalent that the tests kill: the list is wrong."""
        return [r for r in self.of("killed") if r.mutation.name in self.equivalent]

    @property
    def ok(self) -> bool:
        return not (self.survivors or self.of("error") or self.killed_equivalents)


def check(mutations: Sequence[Mutation], equivalent: dict[str, str], root: Path) -> list[str]:
    """What is wrong with the declared list, as of `root`'s files (empty when it is true)."""
    errors: list[str] = []
    names = [m.name for m in mutations]
    for name in sorted({n for n in names if names.count(n) > 1}):
        errors.append(f"{name}: declared twice")
    for name in sorted(set(equivalent) - set(names)):
        errors.append(f"{name}: listed as equivalent but not declared")
    for m in mutations:
        path = root / m.file
        if not path.is_file():
            errors.append(f"{m.name}: {m.file} does not exist")
            continue
        text = path.read_text()
        count = text.count(m.original)
        if count != 1:
            errors.append(f"{m.name}: the original text occurs {count} times in {m.file}, not once")
            continue
        if m.original == m.replacement:
            errors.append(f"{m.name}: the replacement is the original")
        if not m.tests:
            errors.append(f"{m.name}: no tests")
        for test in m.tests:
            if not (root / test.split("::")[0]).is_file():
                errors.append(f"{m.name}: test {test} does not exist")
        if m.file.endswith(".py"):
            try:
                compile(text.replace(m.original, m.replacement), m.file, "exec")
            except SyntaxError as exc:
                errors.append(f"{m.name}: the mutant does not compile: {exc}")
    return errors


def select(mutations: Sequence[Mutation], patterns: Iterable[str]) -> list[Mutation]:
    """The mutations whose name matches one of `patterns` (globs), in declared order; all
    of them without patterns. A pattern matching nothing is an error (a typo)."""
    patterns = list(patterns)
    if not patterns:
        return list(mutations)
    unmatched = [p for p in patterns if not any(fnmatch.fnmatch(m.name, p) for m in mutations)]
    if unmatched:
        raise ValueError(f"no mutation matches {', '.join(unmatched)}")
    return [m for m in mutations if any(fnmatch.fnmatch(m.name, p) for p in patterns)]


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout


def source_files(root: Path) -> list[str]:
    """The files of the checkout (tracked and untracked, ignored ones left out); every
    file but .git and .venv when `root` is no git checkout."""
    try:
        listed = _git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    except (subprocess.CalledProcessError, FileNotFoundError):
        skip = {".git", ".venv", "__pycache__"}
        return sorted(
            str(p.relative_to(root))
            for p in root.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(root).parts)
        )
    return sorted({f for f in listed.split("\0") if f and (root / f).is_file()})


@contextmanager
def scratch_copy(root: Path, *, keep: bool = False) -> Generator[Path]:
    """A copy of `root`'s files in a temporary git repository (committed, so each mutant
    is undone by `git checkout` and `git clean`); removed afterwards unless `keep`."""
    scratch = Path(tempfile.mkdtemp(prefix="blossom-mutate-"))
    try:
        for name in source_files(root):
            target = scratch / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, target, follow_symlinks=False)
        _git(scratch, "init", "-q")
        _git(scratch, "add", "-A")
        _git(
            scratch,
            "-c",
            "user.name=mutate",
            "-c",
            "user.email=mutate@localhost",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "--no-verify",
            "-m",
            "scratch copy",
        )
        yield scratch
    finally:
        if keep:
            print(f"scratch copy kept at {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def _changed(scratch: Path) -> list[str]:
    status = _git(scratch, "status", "--porcelain", "-z", "--untracked-files=all")
    return [entry[3:] for entry in status.split("\0") if len(entry) > 3]


def _drop_bytecode(scratch: Path, files: Iterable[str]) -> None:
    """Forget the compiled copies of changed modules: a pyc is checked against the
    source's whole-second mtime and size, which a same-length mutant written (or undone)
    within one second would match."""
    for name in files:
        path = scratch / name
        if path.suffix == ".py":
            for pyc in (path.parent / "__pycache__").glob(f"{path.stem}.*.pyc"):
                pyc.unlink(missing_ok=True)


def _restore(scratch: Path) -> None:
    changed = _changed(scratch)
    _git(scratch, "checkout", "-q", "--", ".")
    _git(scratch, "clean", "-fdq")
    _drop_bytecode(scratch, changed)


def _tail(output: str, lines: int = 30) -> str:
    return "\n".join(output.strip().splitlines()[-lines:])


CodegenCommand = Callable[[Path], list[str]]
"""The command regenerating the query code in a scratch copy (after a `.sql` mutant)."""


def pytest_command(tests: Sequence[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-p",
        "no:randomly",
        "-p",
        "no:xdist",
        *tests,
    ]


def default_codegen(_scratch: Path) -> list[str]:
    return [sys.executable, "-m", "cli.main", "codegen", "db"]


def _environment(scratch: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    env.update(extra)
    env["PYTHONPATH"] = str(scratch)  # the copy's modules, not the editable install's
    return env


def _run(args: list[str], scratch: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=scratch, env=env, capture_output=True, text=True, timeout=TEST_TIMEOUT_SECONDS
    )


def baseline(scratch: Path, tests: Sequence[str], env: dict[str, str]) -> str | None:
    """Run every selected test on the unmutated copy: its failure output, or None."""
    done = _run(pytest_command(sorted(set(tests))), scratch, _environment(scratch, env))
    return None if done.returncode == 0 else _tail(done.stdout + done.stderr)


def run_one(
    scratch: Path,
    m: Mutation,
    env: dict[str, str],
    codegen: CodegenCommand = default_codegen,
) -> Result:
    """Apply `m` to the scratch copy, run its tests, undo it."""
    started = time.monotonic()
    environment = _environment(scratch, env)
    try:
        path = scratch / m.file
        text = path.read_text()
        if text.count(m.original) != 1:
            return Result(m, "error", 0.0, "the original text does not occur exactly once")
        path.write_text(text.replace(m.original, m.replacement))
        if m.file.endswith(".sql"):
            generated = _run(codegen(scratch), scratch, environment)
            if generated.returncode != 0:
                detail = "codegen failed:\n" + _tail(generated.stdout + generated.stderr)
                return Result(m, "error", time.monotonic() - started, detail)
        _drop_bytecode(scratch, _changed(scratch))
        try:
            done = _run(pytest_command(m.tests), scratch, environment)
        except subprocess.TimeoutExpired:
            detail = f"the tests ran past {TEST_TIMEOUT_SECONDS} s"
            return Result(m, "error", time.monotonic() - started, detail)
        seconds = time.monotonic() - started
        output = _tail(done.stdout + done.stderr)
        if done.returncode == 0:
            return Result(m, "survived", seconds, output)
        if done.returncode == 1:
            return Result(m, "killed", seconds, output)
        # 2: interrupted (a collection error), 3: internal error, 4: usage, 5: no tests.
        return Result(m, "error", seconds, f"pytest exited {done.returncode}:\n{output}")
    finally:
        _restore(scratch)


def run(
    root: Path,
    mutations: Sequence[Mutation],
    equivalent: dict[str, str],
    *,
    env: dict[str, str],
    codegen: CodegenCommand = default_codegen,
    with_baseline: bool = True,
    keep: bool = False,
    progress: Callable[[str], None] = print,
) -> Report:
    """Every mutation in turn on a scratch copy of `root` (see the module docstring)."""
    report = Report(equivalent={k: v for k, v in equivalent.items()})
    with scratch_copy(root, keep=keep) as scratch:
        if with_baseline:
            progress("baseline: the selected tests on the unmutated tree")
            failed = baseline(scratch, [t for m in mutations for t in m.tests], env)
            if failed is not None:
                raise BaselineError(failed)
        for index, m in enumerate(mutations, 1):
            result = run_one(scratch, m, env, codegen)
            report.results.append(result)
            mark = result.outcome
            if mark == "survived" and m.name in equivalent:
                mark = "survived (equivalent)"
            progress(f"[{index}/{len(mutations)}] {m.name}: {mark} ({result.seconds:.0f} s)")
            if result.outcome == "error":
                progress(result.detail)
    return report


class BaselineError(Exception):
    """The tests fail without any mutation: no mutant can be judged."""


def summary(report: Report) -> list[str]:
    """The score, then every survivor and error, for the terminal."""
    results, killed = report.results, len(report.of("killed"))
    judged = len(results) - len(report.excluded)
    score = f"{100 * killed / judged:.1f}%" if judged else "n/a"
    lines = [
        f"mutation score: {killed}/{judged} killed ({score}); "
        f"{len(report.survivors)} survived, {len(report.excluded)} excluded as equivalent, "
        f"{len(report.of('error'))} errors; {len(results)} mutants in "
        f"{sum(r.seconds for r in results):.0f} s"
    ]
    for r in report.survivors:
        m = r.mutation
        lines.append(f"SURVIVED {m.name}: {m.file}: {m.original!r} -> {m.replacement!r}")
        lines.append(f"    tests: {' '.join(m.tests)}")
    for r in report.of("error"):
        lines.append(f"ERROR {r.mutation.name}:\n{r.detail}")
    for r in report.killed_equivalents:
        lines.append(
            f"KILLED BUT LISTED AS EQUIVALENT {r.mutation.name}: take it off the list "
            f"({report.equivalent[r.mutation.name]})"
        )
    for r in report.excluded:
        lines.append(f"excluded {r.mutation.name}: {report.equivalent[r.mutation.name]}")
    return lines
