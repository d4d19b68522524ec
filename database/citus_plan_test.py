"""The schema carries no construct the Citus plan rules out (database/README.md,
"Scale-out"), and each rule of the check is proven able to fail on a scratch schema."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from database.migrate import DATABASE_DIR
from database.testing import citus_plan
from database.xact import admin_begin_sql, customer_begin_sql, xact_admin

BAD_SCHEMA = """
CREATE TABLE organizations (id TEXT PRIMARY KEY);
CREATE TABLE widgets (id TEXT PRIMARY KEY);
CREATE TABLE vaulted_secrets (id TEXT, name TEXT);
CREATE TABLE invites (
    id TEXT, organization_id TEXT, code TEXT UNIQUE, PRIMARY KEY (organization_id, id)
);
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    organization_id TEXT CONSTRAINT sessions_org_fkey REFERENCES organizations (id)
);
CREATE TABLE organizations_users (
    id TEXT, organization_id TEXT, user_id TEXT, PRIMARY KEY (organization_id, id),
    invite_id TEXT, FOREIGN KEY (organization_id, invite_id) REFERENCES invites (organization_id, id),
    FOREIGN KEY (user_id) REFERENCES organizations (id)
);
CREATE TABLE users (id TEXT PRIMARY KEY);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY peek ON users USING (EXISTS (SELECT 1 FROM organizations_users m WHERE m.user_id = users.id));
CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER shout AFTER INSERT ON organizations_users FOR EACH ROW EXECUTE FUNCTION shout();
"""


async def test_the_public_schema_fits_the_citus_plan() -> None:
    async with xact_admin() as q:
        problems = await citus_plan.check_citus_plan(q.conn, "public")
    assert problems == [], "\n".join(problems)


@pytest.fixture
async def bad_schema() -> AsyncIterator[tuple[asyncpg.Connection, str]]:
    schema = f"citus_{uuid.uuid4().hex[:10]}"
    async with xact_admin() as q:
        await q.conn.execute(f"CREATE SCHEMA {schema}; SET LOCAL search_path = {schema};")
        await q.conn.execute(BAD_SCHEMA)
        yield q.conn, schema
        await q.conn.execute(f"DROP SCHEMA {schema} CASCADE")


async def test_each_construct_the_plan_rules_out_is_reported(
    bad_schema: tuple[asyncpg.Connection, str],
) -> None:
    conn, schema = bad_schema
    problems = "\n".join(await citus_plan.check_citus_plan(conn, schema))
    assert "table widgets: no placement" in problems
    assert "table vaulted_secrets: distributed but lacks `organization_id`" in problems
    assert "unique invites_code_key (code)" in problems
    assert "unique vaulted_secrets" not in problems  # it has no unique index at all
    assert "foreign key sessions_org_fkey (coordinator -> distributed)" in problems
    assert "foreign key organizations_users_user_id_fkey (off the distribution column)" in (
        problems
    )
    # A colocated foreign key on the distribution column is fine.
    assert "organizations_users_organization_id_invite_id_fkey" not in problems
    assert "policy users.peek reads another table" in problems
    assert "trigger organizations_users.shout runs shout()" in problems
    # A scratch schema is not held to the planned changes of the real one.
    assert "no longer in the schema" not in problems


def test_the_readme_lists_the_plans_placements_and_changes() -> None:
    readme = (DATABASE_DIR / "README.md").read_text()
    chapter = readme.split("## Scale-out", 1)[1].split("\n## ", 1)[0]

    def listed(label: str) -> set[str]:
        bullet = chapter.split(f"- **{label}**", 1)[1].split("\n- ", 1)[0].split("\n\n", 1)[0]
        return set(re.findall(r"`([a-z_]+)`", bullet.split(":", 1)[1]))

    assert listed("Distributed") == citus_plan.DISTRIBUTED
    assert listed("Reference") == citus_plan.REFERENCE
    assert listed("Coordinator") == citus_plan.COORDINATOR
    for construct in citus_plan.PLANNED_CHANGES:
        match = re.match(r"(?:unique |foreign key |(?:policy|trigger) \w+\.)(\w+)", construct)
        assert match is not None, construct
        name = match.group(1)
        assert f"`{name}`" in chapter, f"{name} is not in the README's plan"


def test_the_rls_context_and_timeouts_are_set_local() -> None:
    """Citus propagates `SET LOCAL` to the workers a transaction touches, not
    `set_config(..., true)`."""
    script = customer_begin_sql("usr_11111111111", "org_22222222222")
    assert "set_config" not in script and "set_config" not in admin_begin_sql()
    assert "SET LOCAL app.current_user_id = 'usr_11111111111';" in script
    assert "SET LOCAL app.current_organization_id = 'org_22222222222';" in script
    assert "SET LOCAL statement_timeout" in script
