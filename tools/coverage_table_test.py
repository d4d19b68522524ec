from tools.coverage_table import package_of, render, tally


def _file(lines: int, run: int, branches: int, taken: int) -> dict[str, object]:
    return {
        "summary": {
            "num_statements": lines,
            "covered_lines": run,
            "num_branches": branches,
            "covered_branches": taken,
        }
    }


REPORT = {
    "files": {
        "foundation/auth/funnel.py": _file(100, 90, 20, 15),
        "foundation/email/outbox.py": _file(50, 50, 10, 10),
        "database/cli.py": _file(10, 5, 4, 1),
    }
}


def test_package_of_a_module_at_each_depth() -> None:
    assert package_of("foundation/auth/funnel.py", 1) == "foundation"
    assert package_of("foundation/auth/funnel.py", 2) == "foundation/auth"
    assert package_of("database/cli.py", 2) == "database"


def test_lines_and_branches_add_up_per_package_and_in_total() -> None:
    tallies = tally(REPORT)

    assert list(tallies) == ["database", "foundation", "total"]
    assert tallies["foundation"].cells() == ("140/150  93.3%", "25/30  83.3%")
    assert tallies["total"].cells() == ("145/160  90.6%", "26/34  76.5%")


def test_the_table_has_a_row_per_subpackage_at_depth_two() -> None:
    table = render(tally(REPORT, depth=2)).splitlines()

    assert [row.split()[0] for row in table] == [
        "package",
        "database",
        "foundation/auth",
        "foundation/email",
        "total",
    ]
    assert table[-1].split() == ["total", "145/160", "90.6%", "26/34", "76.5%"]
