"""The mutation runner on a tiny project of its own (no database): a declared list that is
no longer true is refused, a survivor fails the run unless listed as equivalent, a
mutated `.sql` is regenerated and undone, and the project's own files are never touched."""

import sys
from pathlib import Path

import pytest

from tools.mutate.main import main
from tools.mutate.mutations import EQUIVALENT, MUTATIONS
from tools.mutate.runner import check, mutation, run, select

FILES = {
    "calc.py": "def is_adult(age):\n    return age >= 18\n",
    "calc_test.py": (
        "from calc import is_adult\n\n\n"
        "def test_the_boundary():\n    assert is_adult(18) and not is_adult(17)\n"
    ),
    "weak_test.py": (
        "import gen\nfrom calc import is_adult\n\n\n"
        "def test_only_far_from_the_boundary():\n"
        "    assert is_adult(30) and not is_adult(3) and gen.QUERY == 'SELECT 1'\n"
    ),
    "q.sql": "SELECT 1",
    "gen.py": "QUERY = 'SELECT 1'\n",
    "make.py": (
        "from pathlib import Path\n\n"
        "Path('gen.py').write_text(f\"QUERY = {Path('q.sql').read_text()!r}\\n\")\n"
    ),
}

KILLED = mutation("boundary", "calc.py", "age >= 18", "age > 18", "calc_test.py")
SURVIVOR = mutation("weak", "calc.py", "age >= 18", "age >= 17", "weak_test.py")
SQL = mutation("query", "q.sql", "SELECT 1", "SELECT 2", "weak_test.py")


def _codegen(_scratch: Path) -> list[str]:
    return [sys.executable, "make.py"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny project; its pytest runs load no installed plugin (faster)."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_the_declared_list_is_true_of_this_repository() -> None:
    root = Path(__file__).resolve().parents[2]
    assert check(MUTATIONS, EQUIVALENT, root) == []
    assert len(MUTATIONS) >= 70


def test_a_list_that_is_no_longer_true_is_refused(project: Path) -> None:
    (project / "twice.py").write_text("x = 1\nx = 1\n")
    wrong = [
        mutation("gone", "calc.py", "age > 21", "age > 18", "calc_test.py"),
        mutation("ambiguous", "twice.py", "x = 1", "x = 2", "calc_test.py"),
        mutation("no-file", "nothing.py", "a", "b", "calc_test.py"),
        mutation("no-test", "calc.py", "age >= 18", "age > 18", "missing_test.py"),
        mutation("broken", "calc.py", "age >= 18", "age >=", "calc_test.py"),
        KILLED,
        KILLED,
    ]
    errors = check(wrong, {"unknown": "why"}, project)
    assert errors == [
        "boundary: declared twice",
        "unknown: listed as equivalent but not declared",
        "gone: the original text occurs 0 times in calc.py, not once",
        "ambiguous: the original text occurs 2 times in twice.py, not once",
        "no-file: nothing.py does not exist",
        "no-test: test missing_test.py does not exist",
        "broken: the mutant does not compile: invalid syntax (calc.py, line 2)",
    ]
    assert main(["--list"], root=project, mutations=wrong, equivalent={}) == 2


def test_select_by_glob_and_refuse_a_pattern_matching_nothing() -> None:
    assert select([KILLED, SURVIVOR, SQL], ["b*", "query"]) == [KILLED, SQL]
    assert select([KILLED, SURVIVOR], []) == [KILLED, SURVIVOR]
    with pytest.raises(ValueError, match="no mutation matches typo"):
        select([KILLED], ["typo"])


def test_killed_survived_and_a_regenerated_sql_mutant(project: Path) -> None:
    report = run(
        project,
        [KILLED, SQL, SURVIVOR],
        {},
        env={},
        codegen=_codegen,
        progress=lambda _: None,
    )
    outcomes = {r.mutation.name: r.outcome for r in report.results}
    # The query's mutant reached gen.py through the codegen, and was undone before the
    # next mutant ran (weak_test.py reads gen.py and passed).
    assert outcomes == {"boundary": "killed", "query": "killed", "weak": "survived"}
    assert [r.mutation.name for r in report.survivors] == ["weak"]
    assert not report.ok
    for name, text in FILES.items():  # the project itself was only read
        assert (project / name).read_text() == text


def test_a_survivor_fails_the_run_unless_listed_as_equivalent(project: Path) -> None:
    assert main([], root=project, mutations=[KILLED, SURVIVOR], equivalent={}) == 1
    listed = {"weak": "only the boundary tells"}
    assert main([], root=project, mutations=[KILLED, SURVIVOR], equivalent=listed) == 0
    # A mutant listed as equivalent that the tests kill: the list is wrong.
    assert main(["boundary"], root=project, mutations=[KILLED], equivalent={"boundary": "x"}) == 1


def test_a_baseline_failure_stops_the_run(project: Path) -> None:
    (project / "calc_test.py").write_text("def test_broken():\n    assert False\n")
    assert main([], root=project, mutations=[KILLED], equivalent={}) == 1
