"""The plan Postgres chooses for a generated query, for tests that a query is backed by
an index.

    plan = await explain(q, queries.USERS_SEARCH, *args, generic=True, prefer_indexes=True)
    assert "users_email_prefix_idx" in plan

`generic`: the plan for unknown parameter values, the one a prepared statement ends up
reusing (`plan_cache_mode = force_generic_plan`). `prefer_indexes`: sequential scans
priced out (`enable_seqscan = off`), so a test table of a few rows still shows whether
an index *can* serve the query; a query no index can serve still scans. `sorted_by_index`:
sorts priced out too (`enable_sort = off`), so a plan still sorting has no index that
gives its order (keyset pages). The settings are transaction-local.
"""

from __future__ import annotations

from typing import Any

from database.xact import Q


async def explain(
    q: Q[Any],
    sql: str,
    *args: Any,
    generic: bool = False,
    prefer_indexes: bool = False,
    sorted_by_index: bool = False,
    analyze: bool = False,
) -> str:
    """`analyze`: run the statement and report actual times (roll the transaction back
    afterwards when it writes)."""
    if prefer_indexes:
        await q.conn.execute("SET LOCAL enable_seqscan = off")
    if sorted_by_index:
        await q.conn.execute("SET LOCAL enable_sort = off")
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN "
    if not generic:
        rows = await q.conn.fetch(prefix + sql, *args)
        return "\n".join(row[0] for row in rows)
    await q.conn.execute("SET LOCAL plan_cache_mode = force_generic_plan")
    await q.conn.execute(f"PREPARE blossom_explain AS {sql}")
    try:
        # EXECUTE takes no bind parameters: the values go in as quoted literals.
        literals: list[str] = [
            await q.conn.fetchval("SELECT quote_nullable($1::text)", None if a is None else str(a))
            or "NULL"
            for a in args
        ]
        rows = await q.conn.fetch(f"{prefix}EXECUTE blossom_explain({', '.join(literals)})")
    finally:
        await q.conn.execute("DEALLOCATE blossom_explain")
    return "\n".join(row[0] for row in rows)
