from bench.instructions import totals

HEADER = """# callgrind format
version: 1
creator: callgrind-3.19.0
cmd:  python bench/instructions.py --child product init 200 /tmp/x
events: Ir
summary: 0
"""


def test_the_count_is_the_totals_line() -> None:
    assert totals(HEADER + "\nfn=(1) f\n12 7\ntotals: 339863268\n") == 339_863_268


def test_a_file_of_nothing_counted_counts_zero() -> None:
    assert totals(HEADER) == 0
