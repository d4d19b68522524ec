"""What the sqlc catalog lacks and the plugin reads from the database: enum values and
which columns reference an enum table.

sqlc's catalog has tables and columns but no constraints and no rows, so the plugin
connects to `DATABASE_URL` (a migrated database; sqlc passes the variable only when the
plugin config lists it under `env:`). `read_schema_facts` is the only code touching the
database; everything else takes a `SchemaFacts`, so tests pass the facts as data.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tools.sqlc_gen_python.errors import GenerationError


@dataclass(frozen=True, slots=True)
class SchemaFacts:
    enum_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict[str, tuple[str, ...]])
    """Enum table (`organization_role_enum`) -> its values, sorted."""
    enum_columns: Mapping[tuple[str, str], str] = field(default_factory=dict[tuple[str, str], str])
    """(table, column) -> enum table it references by a single-column foreign key."""


_ENUM_FOREIGN_KEYS = """
SELECT src.relname, att.attname, dst.relname
FROM pg_constraint con
JOIN pg_class src ON src.oid = con.conrelid
JOIN pg_namespace ns ON ns.oid = src.relnamespace
JOIN pg_class dst ON dst.oid = con.confrelid
JOIN pg_namespace dst_ns ON dst_ns.oid = dst.relnamespace
JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
WHERE con.contype = 'f'
  AND cardinality(con.conkey) = 1
  AND ns.nspname = %(schema)s
  AND dst_ns.nspname = %(schema)s
  AND dst.relname = ANY(%(enum_tables)s)
ORDER BY 1, 2
"""


def read_schema_facts(enum_tables: Sequence[str], schema: str = "public") -> SchemaFacts:
    """Read enum values and enum foreign keys from the database at `DATABASE_URL`."""
    if not enum_tables:
        return SchemaFacts()
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise GenerationError(
            "environment variable DATABASE_URL is not set: the plugin reads enum values from "
            "a migrated database; it must also be listed under the plugin's env in sqlc.yaml",
            enum_tables=list(enum_tables),
        )
    import psycopg
    from psycopg import sql

    values: dict[str, tuple[str, ...]] = {}
    try:
        with psycopg.connect(url, connect_timeout=10, autocommit=True) as conn:
            for table in sorted(enum_tables):
                rows = conn.execute(
                    sql.SQL('SELECT value FROM {} ORDER BY value COLLATE "C"').format(
                        sql.Identifier(schema, table)
                    )
                ).fetchall()
                values[table] = tuple(str(row[0]) for row in rows)
            fks = conn.execute(
                _ENUM_FOREIGN_KEYS, {"schema": schema, "enum_tables": sorted(enum_tables)}
            ).fetchall()
    except psycopg.Error as e:
        raise GenerationError(
            "could not read enum tables from DATABASE_URL (is it migrated?)",
            error=str(e).strip(),
        ) from e
    return SchemaFacts(
        enum_values=values,
        enum_columns={(str(src), str(col)): str(dst) for src, col, dst in fks},
    )
