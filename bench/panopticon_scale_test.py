"""The panopticon scale bench's EXPLAIN statements are the ones the routes send: built
with the generated queries (a changed signature fails here) and planned by Postgres."""

from __future__ import annotations

from bench.panopticon_scale import _cases, _statements
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
