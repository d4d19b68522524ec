"""The schema conventions of DESIGN.md, each checked on `public` and proven able to fail."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from database.testing import conventions
from database.xact import xact_admin

# Each check, and the name its report must contain for the deliberately bad schema below.
EXPECTED_FAILURES: dict[conventions.Check, str] = {
    conventions.check_id_primary_key: "widgets",
    conventions.check_id_prefixes: "gizmos",
    conventions.check_standard_columns: "widgets",
    conventions.check_no_timestamp_without_time_zone: "widgets.created_at",
    conventions.check_updated_at_trigger: "gadgets",
    conventions.check_bigint_only: "widgets.amount",
    conventions.check_foreign_keys_indexed: "widgets(owner_id)",
    conventions.check_user_org_foreign_keys_cascade: "widgets(owner_id)",
    conventions.check_row_level_security: "widgets",
    conventions.check_views_security_invoker: "widget_view",
    conventions.check_external_ids: "widgets.stripe_id",
    conventions.check_enum_tables: "mood",
    conventions.check_columns_documented: "widgets.amount",
}

BAD_SCHEMA = """
CREATE TABLE widgets (
    id INTEGER PRIMARY KEY,
    created_at TIMESTAMP,
    amount INTEGER,
    stripe_id TEXT,
    owner_id TEXT COLLATE "C" REFERENCES public.users (id)
);
CREATE VIEW widget_view AS SELECT id FROM widgets;
CREATE TABLE gadgets (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT public.generate_id('gd') CHECK (id LIKE 'gd\\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB
);
CREATE TABLE gizmos (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT public.generate_id('GIZMO') CHECK (id LIKE 'GIZMO\\_%')
);
CREATE TYPE mood AS ENUM ('happy', 'sad');
"""


def test_every_check_has_a_failure_proof() -> None:
    assert set(EXPECTED_FAILURES) == set(conventions.CHECKS)


@pytest.fixture
async def bad_schema() -> AsyncIterator[tuple[asyncpg.Connection, str]]:
    schema = f"bad_{uuid.uuid4().hex[:10]}"
    async with xact_admin() as q:
        await q.conn.execute(f"CREATE SCHEMA {schema}; SET LOCAL search_path = {schema}, public;")
        await q.conn.execute(BAD_SCHEMA)
        yield q.conn, schema
        await q.conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.mark.parametrize("check", conventions.CHECKS, ids=lambda c: c.__name__)
async def test_public_schema_follows_convention(check: conventions.Check) -> None:
    async with xact_admin() as q:
        problems = await check(q.conn, "public")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("check", conventions.CHECKS, ids=lambda c: c.__name__)
async def test_convention_check_reports_a_bad_table(
    check: conventions.Check, bad_schema: tuple[asyncpg.Connection, str]
) -> None:
    conn, schema = bad_schema
    problems = await check(conn, schema)
    expected = EXPECTED_FAILURES[check]
    assert any(expected in p for p in problems), problems
    # Every report says how to fix it.
    assert all(
        any(
            w in p
            for w in (
                "add",
                "use",
                "must",
                "make",
                "declare",
                "rename",
                "pick",
                "create",
                "enum tables",
                "is not",
                "lacks",
                "missing",
                "undocumented",
            )
        )
        for p in problems
    )
