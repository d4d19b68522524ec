"""The Citus plan (database/README.md, "Scale-out"), as data the schema is checked against.

Every table has a placement: *distributed* by `organization_id` (`organizations` by its
`id`, all colocated), a *reference* table (copied to every worker, joinable from any
shard), or *coordinator*-local (`citus_add_local_table_to_metadata`: stays on the
coordinator, joinable with reference tables). Under that placement Citus refuses some
constructs; the plan lists each one the schema has today with the change it needs
(`PLANNED_CHANGES`). `check_citus_plan` reports every construct the plan rules out that
the plan does not list, and every listed one that is gone (update the plan), so a new
table or constraint cannot make sharding harder without the plan saying so.
"""

from __future__ import annotations

import asyncpg

from database.testing.conventions import tables

DISTRIBUTION_COLUMN = "organization_id"

DISTRIBUTED: frozenset[str] = frozenset(
    {
        "organizations",
        "organizations_users",
        "invites",
        "organization_domains",
        "organization_join_requests",
        "vaulted_secrets",
        "organization_daily_activity",
        "webhook_endpoints",
        "webhook_secrets",
        "webhook_events",
        "webhook_deliveries",
        "webhook_attempts",
        "organization_roles",
        "api_keys",
        "scim_tokens",
        "organization_audit_log",
        "sso_connections",
    }
)
"""Tenant data, distributed by `organization_id` (`organizations` by `id`), colocated."""

REFERENCE: frozenset[str] = frozenset({"users"})
"""Copied to every worker (plus every `*_enum` table): joined with tenant rows anywhere."""

COORDINATOR: frozenset[str] = frozenset(
    {
        "sessions",
        "user_codes",
        "mfa_challenges",
        "mfa_recovery_codes",
        "mfa_totp",
        "login_failures",
        "rate_limit_hits",
        "emails",
        "admins",
        "admin_audit_log",
        "impersonations",
        "daily_signups",
        "invite_funnel_daily",
        "login_security_daily",
        "passkeys",
        "webauthn_challenges",
        "user_identities",
        "oauth_states",
        "login_codes",
        "data_exports",
        "sso_requests",
        "sso_assertions",
    }
)
"""Per user or global, not per tenant: stay on the coordinator (sign-in, sessions, the
outbox, the admin console, analytics)."""

PLANNED_CHANGES: dict[str, str] = {
    "unique organizations_users_pkey (id)": "primary key (organization_id, id)",
    "unique invites_pkey (id)": "primary key (organization_id, id)",
    "unique organization_domains_pkey (id)": "primary key (organization_id, id)",
    "unique organization_join_requests_pkey (id)": "primary key (organization_id, id)",
    "unique vaulted_secrets_pkey (id)": "primary key (organization_id, id)",
    "unique organization_daily_activity_pkey (id)": "primary key (organization_id, id)",
    "unique webhook_endpoints_pkey (id)": "primary key (organization_id, id)",
    "unique webhook_secrets_pkey (id)": "primary key (organization_id, id)",
    "unique webhook_events_pkey (id)": "primary key (organization_id, id)",
    "unique webhook_deliveries_pkey (id)": "primary key (organization_id, id)",
    "unique webhook_attempts_pkey (id)": "primary key (organization_id, id)",
    "unique organization_roles_pkey (id)": "primary key (organization_id, id)",
    "unique api_keys_pkey (id)": (
        "primary key (organization_id, id); the key carries its organization "
        "(`bsk_<organization id>.<id>_<secret>`) so the lookup routes to its shard"
    ),
    "unique scim_tokens_pkey (id)": (
        "primary key (organization_id, id); the token carries its organization "
        "(`bst_<organization id>.<id>_<secret>`) so the lookup routes to its shard"
    ),
    "unique organization_audit_log_pkey (id)": "primary key (organization_id, id)",
    "unique sso_connections_pkey (id)": "primary key (organization_id, id)",
    "unique invites_code_hash_key (code_hash)": (
        "the invite code carries its organization (`<organization id>.<secret>`), the "
        "constraint becomes UNIQUE (organization_id, code_hash)"
    ),
    "foreign key sessions_organization_id_fkey (coordinator -> distributed)": (
        "dropped; the session lookup joins the membership of the session's "
        "organization, so a session whose organization is gone carries none"
    ),
    "foreign key data_exports_organization_id_fkey (coordinator -> distributed)": (
        "dropped; the export worker and the download re-check the organization (a "
        "requester no longer its owner gets nothing), and exports expire in 7 days"
    ),
    "foreign key sso_requests_organization_id_fkey (coordinator -> distributed)": (
        "dropped; the answer re-reads the connection by id and organization"
    ),
    "foreign key sso_requests_connection_id_fkey (coordinator -> distributed)": (
        "dropped; the answer re-reads the connection by id and organization (none: refused)"
    ),
    "foreign key sso_assertions_connection_id_fkey (coordinator -> distributed)": (
        "dropped; consumed assertion ids expire on their own (NotOnOrAfter)"
    ),
    "foreign key mfa_challenges_organization_id_fkey (coordinator -> distributed)": (
        "dropped; the challenge's organization is re-checked when the session starts"
    ),
    "trigger users.passkeys_forget_deleted_user runs passkeys_forget_deleted_user()": (
        "the account deletion query deletes the user's passkeys itself (users is a "
        "reference table, passkeys stays on the coordinator)"
    ),
    "trigger users.forget_sign_in_methods runs users_forget_sign_in_methods()": (
        "the account deletion query deletes the user's identities and sign-in codes itself"
    ),
    "policy users.visible reads another table": (
        "`id = current_user_id()` only; members' names and emails are read through "
        "organizations_users joined to users in the members queries, which run on the "
        "organization's shard (users is a reference table there)"
    ),
}
"""Each construct Citus refuses that the schema has today, and what replaces it."""

ROW_LOCAL_TRIGGER_FUNCTIONS = frozenset({"updated_at"})
"""Trigger functions that touch only the row (allowed on distributed and reference tables with
`citus.enable_unsafe_triggers = on`, safe for these); any other trigger on a distributed
table would run on a worker that cannot see the rest of the cluster."""


def placement(table: str) -> str | None:
    if table.endswith("_enum") or table in REFERENCE:
        return "reference"
    if table in DISTRIBUTED:
        return "distributed"
    if table in COORDINATOR:
        return "coordinator"
    return None


async def _unplaced(conn: asyncpg.Connection, schema: str) -> list[str]:
    problems: list[str] = []
    for _, table in await tables(conn, schema):
        if placement(table) is None:
            problems.append(
                f"table {table}: no placement in the Citus plan; add it to DISTRIBUTED "
                "(per organization, with an organization_id column), REFERENCE or "
                "COORDINATOR in database/testing/citus_plan.py and database/README.md"
            )
    return problems


async def _distributed_without_column(conn: asyncpg.Connection, schema: str) -> list[str]:
    rows = await conn.fetch(
        """
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname = ANY($2::text[])
          AND c.relname <> 'organizations'
          AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                          AND a.attname = $3 AND NOT a.attisdropped)
        """,
        schema,
        sorted(DISTRIBUTED),
        DISTRIBUTION_COLUMN,
    )
    return [
        f"table {r['relname']}: distributed but lacks `{DISTRIBUTION_COLUMN}`; add the column"
        for r in rows
    ]


async def _constructs(conn: asyncpg.Connection, schema: str) -> set[str]:
    """The constructs Citus refuses under the plan's placement, named as PLANNED_CHANGES
    names them."""
    found: set[str] = set()
    # Unique indexes (primary keys and unique constraints included) of distributed
    # tables that do not cover the distribution column.
    for r in await conn.fetch(
        """
        SELECT t.relname AS table_name, i.relname AS index_name,
               array(SELECT a.attname::text FROM unnest(x.indkey) k
                     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k) AS columns
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 AND x.indisunique AND t.relname = ANY($2::text[])
        """,
        schema,
        sorted(DISTRIBUTED),
    ):
        column = "id" if r["table_name"] == "organizations" else DISTRIBUTION_COLUMN
        if column not in r["columns"]:
            found.add(f"unique {r['index_name']} ({', '.join(r['columns'])})")
    # Foreign keys Citus cannot keep: into a distributed table from a table that is not
    # colocated with it, or between distributed tables off the distribution column.
    for r in await conn.fetch(
        """
        SELECT c.conname, s.relname AS source, d.relname AS target,
               array(SELECT a.attname::text FROM unnest(c.conkey) k
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k)
                   AS columns
        FROM pg_constraint c
        JOIN pg_class s ON s.oid = c.conrelid
        JOIN pg_class d ON d.oid = c.confrelid
        JOIN pg_namespace n ON n.oid = s.relnamespace
        WHERE n.nspname = $1 AND c.contype = 'f'
        """,
        schema,
    ):
        source, target = placement(r["source"]), placement(r["target"])
        if target != "distributed":
            continue
        if source != "distributed":
            found.add(f"foreign key {r['conname']} ({source} -> distributed)")
        elif DISTRIBUTION_COLUMN not in r["columns"]:
            found.add(f"foreign key {r['conname']} (off the distribution column)")
    # Policies that read other tables.
    for r in await conn.fetch(
        """
        SELECT tablename, policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '')
               AS expression
        FROM pg_policies WHERE schemaname = $1
        """,
        schema,
    ):
        if "select" in r["expression"].lower():
            found.add(f"policy {r['tablename']}.{r['policyname']} reads another table")
    # Triggers on distributed and reference tables beyond the row-local ones (a reference
    # table's trigger runs on every node, which cannot see the coordinator's tables).
    for r in await conn.fetch(
        """
        SELECT t.relname AS table_name, g.tgname, p.proname
        FROM pg_trigger g
        JOIN pg_class t ON t.oid = g.tgrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_proc p ON p.oid = g.tgfoid
        WHERE n.nspname = $1 AND NOT g.tgisinternal
          AND (t.relname = ANY($2::text[]) OR t.relname LIKE '%\\_enum')
        """,
        schema,
        sorted(DISTRIBUTED | REFERENCE),
    ):
        if r["proname"] not in ROW_LOCAL_TRIGGER_FUNCTIONS:
            found.add(f"trigger {r['table_name']}.{r['tgname']} runs {r['proname']}()")
    return found


async def check_citus_plan(conn: asyncpg.Connection, schema: str) -> list[str]:
    """Every table placed; the constructs Citus refuses are exactly the planned ones."""
    problems = await _unplaced(conn, schema)
    problems += await _distributed_without_column(conn, schema)
    found = await _constructs(conn, schema)
    problems += [
        f"{construct}: Citus refuses it under the plan; make it fit (see database/README.md, "
        "Scale-out) or add it with its change to PLANNED_CHANGES"
        for construct in sorted(found - set(PLANNED_CHANGES))
    ]
    if schema == "public":
        problems += [
            f"{construct}: planned as a change but no longer in the schema; remove it from "
            "PLANNED_CHANGES and the README's plan"
            for construct in sorted(set(PLANNED_CHANGES) - found)
        ]
    return problems
