"""Schema conventions, each a check that lists its violations with the fix.

Every check takes a connection and a schema name (so tests can prove each check fails
on a deliberately bad scratch schema) and returns human-readable violations naming the
table/column and what to do. `database/schema_test.py` runs them all on `public`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import asyncpg

from database.migrate import YOYO_TABLES, annotations_for, load_annotations

Check = Callable[[asyncpg.Connection, str], Awaitable[list[str]]]

_TABLES = """
    SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relname = ANY($2::text[])
    ORDER BY c.relname
"""


async def tables(conn: asyncpg.Connection, schema: str) -> list[tuple[int, str]]:
    """(oid, name) of every table of `schema`, yoyo's bookkeeping aside, by name."""
    rows = await conn.fetch(_TABLES, schema, list(YOYO_TABLES))
    return [(r["oid"], r["relname"]) for r in rows]


def _is_enum(table: str) -> bool:
    return table.endswith("_enum")


async def _columns(conn: asyncpg.Connection, table_oid: int) -> dict[str, asyncpg.Record]:
    rows = await conn.fetch(
        """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid) AS default_expr,
               (SELECT collname FROM pg_collation WHERE oid = a.attcollation) AS collation
        FROM pg_attribute a
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """,
        table_oid,
    )
    return {r["attname"]: r for r in rows}


_ID_DEFAULT = re.compile(r"^generate_id\('([^']*)'::text\)$")


async def _prefix_of(conn: asyncpg.Connection, oid: int) -> str | None:
    column = (await _columns(conn, oid)).get("id")
    if column is None or column["default_expr"] is None:
        return None
    match = _ID_DEFAULT.match(re.sub(r"^\w+\.", "", column["default_expr"]))
    return match.group(1) if match else None


async def check_id_primary_key(conn: asyncpg.Connection, schema: str) -> list[str]:
    """`id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('xyz') CHECK (id LIKE 'xyz\\_%')`."""
    problems: list[str] = []
    for oid, table in await tables(conn, schema):
        if _is_enum(table):
            continue
        column = (await _columns(conn, oid)).get("id")
        fix = """declare `id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('xyz') CHECK (id LIKE 'xyz\\_%')`"""
        if column is None:
            problems.append(f"{table}: has no id column; {fix}")
            continue
        pk = await conn.fetchval(
            """
            SELECT array_agg(a.attname::text) FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
            WHERE c.conrelid = $1 AND c.contype = 'p'
            """,
            oid,
        )
        prefix = await _prefix_of(conn, oid)
        checks: list[str] | None = await conn.fetchval(
            "SELECT array_agg(pg_get_constraintdef(oid)) FROM pg_constraint WHERE conrelid = $1 AND contype = 'c'",
            oid,
        )
        has_check = prefix is not None and any(
            f"'{prefix}\\_%'" in c and "id" in c for c in (checks or [])
        )
        if column["type"] != "text" or column["collation"] != "C":
            problems.append(f"{table}.id: is {column['type']} collate {column['collation']}; {fix}")
        elif pk != ["id"]:
            problems.append(f"{table}.id: is not the primary key; {fix}")
        elif prefix is None:
            problems.append(f"{table}.id: default is not generate_id('<prefix>'); {fix}")
        elif not has_check:
            problems.append(f"{table}.id: lacks CHECK (id LIKE '{prefix}\\_%'); {fix}")
    return problems


async def check_id_prefixes(conn: asyncpg.Connection, schema: str) -> list[str]:
    """Id prefixes are 2-3 lowercase letters and unique per table."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for oid, table in await tables(conn, schema):
        prefix = await _prefix_of(conn, oid)
        if prefix is None:
            continue
        if not re.fullmatch(r"[a-z]{2,3}", prefix):
            problems.append(f"{table}: id prefix {prefix!r} must be 2-3 lowercase letters")
        if prefix in seen:
            problems.append(
                f"{table}: id prefix {prefix!r} is already used by {seen[prefix]}; pick another"
            )
        seen.setdefault(prefix, table)
    return problems


async def check_standard_columns(conn: asyncpg.Connection, schema: str) -> list[str]:
    """created_at/updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), storytime JSONB."""
    wanted = {
        "created_at": ("timestamp with time zone", True),
        "updated_at": ("timestamp with time zone", True),
        "storytime": ("jsonb", False),
    }
    problems: list[str] = []
    for oid, table in await tables(conn, schema):
        if _is_enum(table):
            continue
        columns = await _columns(conn, oid)
        for name, (type_, not_null) in wanted.items():
            column = columns.get(name)
            spec = f"{name} {type_.upper()}{' NOT NULL DEFAULT now()' if not_null else ''}"
            if column is None:
                problems.append(f"{table}: missing column {name}; add `{spec}`")
            elif column["type"] != type_ or column["attnotnull"] != not_null:
                problems.append(f"{table}.{name}: must be `{spec}`")
    return problems


async def check_no_timestamp_without_time_zone(conn: asyncpg.Connection, schema: str) -> list[str]:
    """TIMESTAMPTZ, never TIMESTAMP."""
    problems: list[str] = []
    for oid, table in await tables(conn, schema):
        for name, column in (await _columns(conn, oid)).items():
            if column["type"].startswith("timestamp without time zone"):
                problems.append(f"{table}.{name}: is TIMESTAMP; use TIMESTAMPTZ")
    return problems


async def check_updated_at_trigger(conn: asyncpg.Connection, schema: str) -> list[str]:
    """Every table with updated_at has the updated_at BEFORE UPDATE trigger."""
    problems: list[str] = []
    for oid, table in await tables(conn, schema):
        if _is_enum(table) or "updated_at" not in await _columns(conn, oid):
            continue
        found = await conn.fetchval(
            """
            SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE t.tgrelid = $1 AND p.proname = 'updated_at' AND NOT t.tgisinternal
            """,
            oid,
        )
        if not found:
            problems.append(
                f"{table}: no updated_at trigger; add `CREATE TRIGGER updated_at BEFORE UPDATE ON "
                f"{table} FOR EACH ROW EXECUTE PROCEDURE updated_at()`"
            )
    return problems


async def check_bigint_only(conn: asyncpg.Connection, schema: str) -> list[str]:
    """BIGINT, never INT/SMALLINT/SERIAL."""
    problems: list[str] = []
    for oid, table in await tables(conn, schema):
        for name, column in (await _columns(conn, oid)).items():
            if column["type"] in ("integer", "smallint"):
                problems.append(f"{table}.{name}: is {column['type'].upper()}; use BIGINT")
            elif (column["default_expr"] or "").startswith("nextval("):
                problems.append(
                    f"{table}.{name}: is SERIAL-like (nextval default); use generate_id() ids "
                    "or BIGINT GENERATED ALWAYS AS IDENTITY"
                )
    return problems


_FOREIGN_KEYS = """
    SELECT c.conname, rel.relname AS table_name, ref.relname AS ref_table, c.confdeltype::text AS confdeltype,
           c.conrelid, c.conkey,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(num, ord)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num) AS columns
    FROM pg_constraint c
    JOIN pg_class rel ON rel.oid = c.conrelid
    JOIN pg_class ref ON ref.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = rel.relnamespace
    WHERE c.contype = 'f' AND n.nspname = $1
    ORDER BY rel.relname, c.conname
"""


async def check_foreign_keys_indexed(conn: asyncpg.Connection, schema: str) -> list[str]:
    """Every foreign key (except to `_enum` tables) is the leading part of an index."""
    problems: list[str] = []
    for fk in await conn.fetch(_FOREIGN_KEYS, schema):
        if _is_enum(fk["ref_table"]):
            continue
        indexed = await conn.fetchval(
            """
            SELECT count(*) FROM pg_index i
            WHERE i.indrelid = $1
              AND (i.indkey::int2[])[0:cardinality($2::int2[]) - 1] = $2::int2[]
            """,
            fk["conrelid"],
            fk["conkey"],
        )
        if not indexed:
            cols = ", ".join(fk["columns"])
            problems.append(
                f"{fk['table_name']}({cols}): foreign key is not indexed; add "
                f"`CREATE INDEX {fk['table_name']}_{'_'.join(fk['columns'])}_idx ON {fk['table_name']} ({cols})`"
            )
    return problems


async def check_user_org_foreign_keys_cascade(conn: asyncpg.Connection, schema: str) -> list[str]:
    """Foreign keys to users/organizations are ON DELETE CASCADE or SET NULL."""
    problems: list[str] = []
    for fk in await conn.fetch(_FOREIGN_KEYS, schema):
        if fk["ref_table"] in ("users", "organizations") and fk["confdeltype"] not in ("c", "n"):
            problems.append(
                f"{fk['table_name']}({', '.join(fk['columns'])}): references {fk['ref_table']} "
                "without ON DELETE CASCADE or ON DELETE SET NULL; add one of them"
            )
    return problems


async def check_row_level_security(conn: asyncpg.Connection, schema: str) -> list[str]:
    """RLS is enabled on every table, with at least one policy."""
    problems: list[str] = []
    for oid, table in await tables(conn, schema):
        enabled = await conn.fetchval("SELECT relrowsecurity FROM pg_class WHERE oid = $1", oid)
        policies = await conn.fetchval("SELECT count(*) FROM pg_policy WHERE polrelid = $1", oid)
        if not enabled:
            problems.append(
                f"{table}: RLS is off; add `ALTER TABLE {table} ENABLE ROW LEVEL SECURITY`"
            )
        if not policies:
            problems.append(
                f"{table}: has no RLS policy; add `CREATE POLICY ... ON {table} TO customer`"
            )
    return problems


async def check_views_security_invoker(conn: asyncpg.Connection, schema: str) -> list[str]:
    """Views run with the caller's rights (`security_invoker = true`), so RLS applies."""
    rows = await conn.fetch(
        """
        SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'v' ORDER BY c.relname
        """,
        schema,
    )
    return [
        f"{r['relname']}: view without security_invoker; create it `WITH (security_invoker = true)`"
        for r in rows
        if "security_invoker=true" not in (r["reloptions"] or [])
    ]


async def check_external_ids(conn: asyncpg.Connection, schema: str) -> list[str]:
    """A column ending in `_id` is a foreign key; ids from external systems end in `_extid`."""
    fk_columns = {
        (fk["table_name"], column)
        for fk in await conn.fetch(_FOREIGN_KEYS, schema)
        for column in fk["columns"]
    }
    problems: list[str] = []
    for oid, table in await tables(conn, schema):
        for name in await _columns(conn, oid):
            if name.endswith("_id") and (table, name) not in fk_columns:
                problems.append(
                    f"{table}.{name}: ends in _id but is no foreign key; reference the table, "
                    "or rename it to end in _extid if it holds an external system's id"
                )
    return problems


async def check_enum_tables(conn: asyncpg.Connection, schema: str) -> list[str]:
    """Enums are `<name>_enum` tables with `value TEXT PRIMARY KEY`, never Postgres ENUM types."""
    problems: list[str] = []
    types = await conn.fetch(
        """
        SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = $1 AND t.typtype = 'e' ORDER BY t.typname
        """,
        schema,
    )
    for row in types:
        problems.append(
            f"type {row['typname']}: Postgres ENUM types are not used; make a "
            f"`{row['typname']}_enum (value TEXT PRIMARY KEY)` table and reference it"
        )
    for oid, table in await tables(conn, schema):
        if not _is_enum(table):
            continue
        columns = await _columns(conn, oid)
        if list(columns) != ["value"] or columns["value"]["type"] != "text":
            problems.append(
                f"{table}: enum tables have exactly one column `value TEXT PRIMARY KEY`"
            )
    return problems


async def check_columns_documented(conn: asyncpg.Connection, schema: str) -> list[str]:
    """Every column has an entry in database/schema_annotations.yaml."""
    columns_of: dict[str, list[str]] = {}
    for oid, table in await tables(conn, schema):
        columns_of[table] = list(await _columns(conn, oid))
    documented = annotations_for(columns_of, load_annotations(), strict=schema == "public")
    return [
        f"{table}.{column}: undocumented; add it under `{table}:` in database/schema_annotations.yaml"
        for table, columns in columns_of.items()
        for column in columns
        if (table, column) not in documented
    ]


CHECKS: list[Check] = [
    check_id_primary_key,
    check_id_prefixes,
    check_standard_columns,
    check_no_timestamp_without_time_zone,
    check_updated_at_trigger,
    check_bigint_only,
    check_foreign_keys_indexed,
    check_user_org_foreign_keys_cascade,
    check_row_level_security,
    check_views_security_invoker,
    check_external_ids,
    check_enum_tables,
    check_columns_documented,
]
