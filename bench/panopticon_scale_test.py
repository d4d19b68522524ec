"""The panopticon scale bench's EXPLAIN statements are the ones the routes send: built
with the generated queries (a changed signature fails here) and planned by Postgres; its
report gives the medians of the alternating rounds."""

from __future__ import annotations

from typing import Any

import pytest

from bench.panopticon_scale import _cases, _report, _statements
from database.testing.explain import explain
from database.xact import xact_admin
from foundation.testing.fixture import TFix


async def test_every_case_has_statements_postgres_plans(t: TFix) -> None:
    for case, (_rpc, data) in _cases("aud_38Xy1scTT8P", "bench-500000@example.test").items():
        statements = await _statements(case, data)
        assert statements, case
        for sql, args in statements:
            async with xact_admin() as q:
                assert "cost=" in await explain(q, sql, *args), case


def test_the_report_gives_medians_of_the_rounds_and_each_rounds_ratio(
    capsys: pytest.CaptureFixture[str],
) -> None:
    given = {
        size: {"sizes": {"users": n}, "generate": 1.0} for size, n in (("small", 1), ("full", 2))
    }
    case = "users_search name"
    small: list[dict[str, Any]] = [{case: {"p50": p, "p99": 2 * p}} for p in (1.0, 2.0, 9.0)]
    full: list[dict[str, Any]] = [{case: {"p50": p, "p99": 2 * p}} for p in (1.5, 2.0, 3.0)]
    full[-1][case]["plans"] = ["Index Scan using x"]
    _report(given, {"small": small, "full": full})
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith(case))
    # medians 2.0 and 2.0: ratio 1.00; each round 1.5/1, 2/2, 3/9
    assert "2.00ms" in line and "1.00x" in line and line.endswith("1.50, 1.00, 0.33"), line
    assert "Index Scan using x" in out and "3 alternating rounds" in out
