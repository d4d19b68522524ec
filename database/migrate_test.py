import asyncio
import itertools
import uuid

import psycopg
import pytest

from database.connection import database_url, drop_database, ensure_database, with_database
from database.migrate import (
    SCHEMA_FILE,
    annotations_for,
    dump_schema,
    migrate,
    migration_files,
    normalise_dump,
)
from foundation.base.errors import InvalidInputError
from foundation.testing.plugin import run_server_url


def test_committed_schema_sql_matches_the_migrations() -> None:
    assert (
        dump_schema(database_url()) == SCHEMA_FILE.read_text()
    ), "database/schema.sql is stale: run `just migrate` and commit it"


def test_migrate_is_idempotent() -> None:
    lines: list[str] = []
    assert migrate(database_url(), progress=lines.append, write_schema=False) == []
    assert lines == ["database is up to date"]


async def test_two_concurrent_migrations_apply_each_migration_once() -> None:
    server = run_server_url()
    name = f"migrate_{uuid.uuid4().hex[:8]}"
    ensure_database(server, name)
    url = with_database(server, name)
    try:
        results = await asyncio.gather(
            asyncio.to_thread(migrate, url, progress=lambda _: None, write_schema=False),
            asyncio.to_thread(migrate, url, progress=lambda _: None, write_schema=False),
        )
        applied = sorted(results, key=len)
        assert applied[0] == [] and applied[1] == [p.stem for p in migration_files()]
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT count(*) FROM _yoyo_migration").fetchone()
        assert row is not None and row[0] == len(migration_files())
    finally:
        drop_database(server, name)


def test_an_interrupted_concurrent_index_build_is_redone_by_the_next_migrate() -> None:
    """0052 builds an index CONCURRENTLY, outside a transaction: a build that fails leaves
    the index invalid and the migration unrecorded, and the next migrate must leave a
    valid index (not stop at "already exists", not keep the invalid one)."""
    server = run_server_url()
    name = f"migrate_{uuid.uuid4().hex[:8]}"
    ensure_database(server, name)
    url = with_database(server, name)
    index = "'users_name_word_prefixes_idx'::regclass"
    try:
        migrate(url, progress=lambda _: None, write_schema=False)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"UPDATE pg_index SET indisvalid = false WHERE indexrelid = {index}")
            conn.execute(
                "DELETE FROM _yoyo_migration"
                " WHERE migration_id = '0052_users_name_word_prefixes_idx'"
            )
        redone = migrate(url, progress=lambda _: None, write_schema=False)
        assert redone == ["0052_users_name_word_prefixes_idx"]
        with psycopg.connect(url) as conn:
            row = conn.execute(f"SELECT indisvalid FROM pg_index WHERE indexrelid = {index}")
            assert row.fetchone() == (True,)
    finally:
        drop_database(server, name)


def test_migration_files_are_chained() -> None:
    files = migration_files()
    for previous, current in itertools.pairwise(files):
        assert f"-- depends: {previous.stem}" in current.read_text().splitlines()[0]


def test_normalise_dump_strips_version_noise() -> None:
    raw = "--\n-- Dumped from database version 18.1\nSET x = 1;\n\\restrict abc\n\n\nCREATE TABLE t ();\n\n\\unrestrict abc\n"
    assert normalise_dump(raw).endswith("\nCREATE TABLE t ();\n")
    assert "18.1" not in normalise_dump(raw) and "restrict" not in normalise_dump(raw)


def test_normalise_dump_drops_column_options_the_server_sets_itself() -> None:
    """Debian's Postgres 15.20 gives every column a `pg_attver` option, a number that
    differs per server, and pg_dump prints it (seen with pg_dump 18.6): the schema is the
    same as anywhere else. Options a migration sets are kept."""
    table = "CREATE TABLE public.t (\n    id text NOT NULL,\n    n bigint\n);\n"
    plain = normalise_dump(table)
    debian = (
        table
        + "ALTER TABLE ONLY public.t ALTER COLUMN id SET (pg_attver=27038312);\n"
        + "ALTER TABLE ONLY public.t ALTER COLUMN n SET (pg_attver=26871240);\n\n"
        + "CREATE INDEX t_n ON public.t USING btree (n);\n"
    )
    assert normalise_dump(debian) == normalise_dump(
        table + "\nCREATE INDEX t_n ON public.t USING btree (n);\n"
    )
    assert "pg_attver" not in normalise_dump(debian) and plain.endswith("    n bigint\n);\n")
    mixed = table + "ALTER TABLE ONLY public.t ALTER COLUMN n SET (n_distinct=100, pg_attver=7);\n"
    assert normalise_dump(mixed).endswith(
        "\nALTER TABLE ONLY public.t ALTER COLUMN n SET (n_distinct=100);\n"
    )


def test_annotations_naming_unknown_columns_are_an_error() -> None:
    with pytest.raises(InvalidInputError):
        annotations_for({"users": ["id"]}, {"users": {"nope": "x"}})
    with pytest.raises(InvalidInputError):
        annotations_for({"users": ["id"]}, {"ghosts": {"id": "x"}})
    assert annotations_for({"users": ["id"]}, {"_standard": {"id": "pk"}}) == {
        ("users", "id"): "pk"
    }


def test_column_comments_are_applied() -> None:
    with psycopg.connect(database_url()) as conn:
        row = conn.execute(
            "SELECT col_description('users'::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'email'))"
        ).fetchone()
    assert row is not None and "case-insensitively" in row[0]
