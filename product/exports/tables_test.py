"""The schema convention of exports: every table holding a user's or an organization's rows
is exported, or its exclusion says why."""

from __future__ import annotations

from database.testing import harness
from product.db import xact_admin
from product.exports.tables import EXPORTED, NOT_EXPORTED, coverage_problems


async def _tenant_tables() -> set[str]:
    async with xact_admin() as q:
        return set(await harness(q).test_tables_with_tenant_columns())


async def test_every_table_with_a_user_or_organization_is_exported_or_excluded() -> None:
    problems = coverage_problems(await _tenant_tables())
    assert problems == [], "\n".join(problems)


async def test_a_new_table_nobody_listed_fails_the_check() -> None:
    tables = await _tenant_tables()
    assert coverage_problems(tables | {"widgets"}) == [
        "widgets: has a user_id or organization_id column but is not exported; add it to "
        "EXPORTED in product/exports/tables.py, or to NOT_EXPORTED with the reason"
    ]
    gone = next(iter(NOT_EXPORTED))
    assert any(gone in p and "gone" in p for p in coverage_problems(tables - {gone}))


async def test_every_excluded_column_exists_and_says_why() -> None:
    async with xact_admin() as q:
        docs = await q.orm.export_column_docs(tables=[table.table for table in EXPORTED])
    columns = {(doc.table_name, doc.column_name) for doc in docs}
    for table in EXPORTED:
        for column, reason in table.excluded.items():
            assert (table.table, column) in columns
            assert reason
    assert all(reason for reason in NOT_EXPORTED.values())
