"""End to end: real sqlc + our plugin on the fixture queries, then every generated method
run against a real Postgres database holding the fixture schema."""

from __future__ import annotations

import datetime
import decimal
import importlib
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, LiteralString, cast

import asyncpg
import psycopg
import pytest

from database.pool import init_connection
from database.testing.databases import scratch_database
from foundation.base.errors import NotFoundError
from foundation.testing.timeouts import STARTS_PROCESSES
from tools.sqlc_gen_python.record import TESTDATA

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

SQLC_YAML = """\
version: "2"
plugins:
  - name: py
    env: [DATABASE_URL]
    process: {{cmd: sqlc-gen-python, format: json}}
sql:
  - engine: postgresql
    schema: schema.sql
    queries: [queries.sql]
    database: {{uri: "${{DATABASE_URL}}"}}
    analyzer: {{database: true}}
    codegen:
      - plugin: py
        out: .
        options: {{package: {package}, models_package: {package}}}
"""


@pytest.fixture(scope="module")
def fixture_db() -> Iterator[str]:
    with scratch_database("sqlc_e2e") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION citext")
            schema = cast(LiteralString, (TESTDATA / "schema.sql").read_text())
            conn.execute(schema)
            conn.execute(
                "INSERT INTO organization_role_enum VALUES ('admin'), ('member'), ('owner')"
            )
        yield url


@pytest.fixture(scope="module")
def generated(fixture_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("sqlc_e2e")
    package = f"sqlc_e2e_{uuid.uuid4().hex[:8]}"
    shutil.copy(TESTDATA / "schema.sql", root / "schema.sql")
    queries = [(TESTDATA / d / "queries.sql").read_text() for d in ("app", "database")]
    (root / "queries.sql").write_text("\n".join(queries))
    (root / "sqlc.yaml").write_text(SQLC_YAML.format(package=package))
    venv_bin = Path(sys.executable).parent
    env = {**os.environ, "DATABASE_URL": fixture_db, "PATH": f"{venv_bin}:{os.environ['PATH']}"}
    result = subprocess.run(
        [str(venv_bin / "sqlc"), "generate"], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(f"{package}.__codegen__.queries")
    finally:
        sys.path.remove(str(root))


@pytest.fixture
async def conn(fixture_db: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(fixture_db)
    await init_connection(connection)
    transaction = connection.transaction()
    await transaction.start()
    try:
        yield connection
    finally:
        await transaction.rollback()
        await connection.close()


class _Recorder:
    """Wraps Queries and records which methods were called."""

    def __init__(self, queries: Any) -> None:
        self.queries = queries
        self.called: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.called.add(name)
        return getattr(self.queries, name)


async def test_every_generated_method_runs(generated: ModuleType, conn: asyncpg.Connection) -> None:
    mod = generated
    q = _Recorder(mod.Queries(conn))

    user = await q.user_create(id="u1", email="a_1@x.test", display_name=None, storytime={"k": [1]})
    assert (user.id, user.display_name, user.storytime) == ("u1", None, {"k": [1]})
    assert type(user).__name__ == "UserModel"
    await q.user_create(id="u2", email="b@x.test", display_name="Bee", storytime=None)
    assert (await q.user_fetch(email="b@x.test")).display_name == "Bee"
    with pytest.raises(NotFoundError, match="user_fetch returned no row"):
        await q.user_fetch(email="nobody@x.test")
    assert [u.id for u in await q.user_list()] == ["u1", "u2"]
    assert await q.user_emails() == ["a_1@x.test", "b@x.test"]
    assert await q.user_count() == 2
    partial = await q.user_partial(id="u1")
    assert (partial.id, partial.email) == ("u1", "a_1@x.test")
    assert await q.user_rename(display_name="Ay", ids=["u1", "nope"]) == 1
    found = await q.user_search(email=None, max_rows=10)
    assert [(r.id, r.display_name) for r in found] == [("u1", "Ay")]
    assert await q.user_search(email="b@x.test", max_rows=10) == []
    assert {u.id for u in await q.user_by_either_email(email="a_1@x.test", email_2="b@x.test")} == {
        "u1",
        "u2",
    }
    [tagged] = await q.user_ids_and_storytime(dollar_1={"k": [1]})
    assert (tagged.id, tagged.storytime) == ("u1", {"k": [1]})
    assert sorted(u.id for u in await q.active_user_list()) == ["u1", "u2"]

    await conn.execute("INSERT INTO organizations (id, name) VALUES ('o1', 'Org')")
    assert (await q.org_fetch(id="o1")).name == "Org"
    found = await q.org_find(id="o1")
    assert found is not None and found.name == "Org"
    assert await q.org_find(id="nope") is None
    member = await q.org_member_add(id="m1", organization_id="o1", user_id="u1", role="member")
    assert (member.role, member.previous_roles) == ("member", [])
    assert await q.org_set_role(role="admin", organization_id="o1", user_id="u1") == 1
    assert await q.org_member_roles(organization_id="o1") == ["admin"]
    assert await q.org_member_role_find(organization_id="o1", user_id="u1") == "admin"
    assert await q.org_member_role_find(organization_id="o1", user_id="u2") is None
    [joined] = await q.org_members_with_users(organization_id="o1")
    assert (joined.id, joined.role, joined.id_2, joined.name) == ("m1", "admin", "u1", "Org")
    [maybe] = await q.org_with_maybe_member()
    assert (maybe.id, maybe.id_2) == ("o1", "u1")
    assert sorted(await q.role_values()) == ["admin", "member", "owner"]
    assert await q.category_list() == []
    assert await q.address_list() == []

    when = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    row = mod.TypeZooInsertParams(
        t_text="t",
        t_varchar="v",
        t_bpchar="abc",
        t_citext="CaSe",
        t_bool=True,
        t_int2=2,
        t_int4=4,
        t_int8=8,
        t_serial=1,
        t_numeric=decimal.Decimal("12.34"),
        t_float4=1.5,
        t_float8=2.25,
        t_timestamptz=when,
        t_timestamp=when.replace(tzinfo=None),
        t_date=datetime.date(2026, 1, 2),
        t_time=datetime.time(3, 4, 5),
        t_interval=datetime.timedelta(days=1, seconds=5),
        t_uuid=uuid.UUID(int=7),
        t_json={"a": 1},
        t_jsonb=[1, "two", None],
        t_bytea=b"\x00\xff",
        t_text_array=["x", "y"],
        t_int8_matrix=[[1, 2], [3, 4]],
        t_jsonb_nullable=None,
        t_nullable_text=None,
    )
    assert await q.type_zoo_insert(rows=[row, row]) == 2
    zoo_id = await conn.fetchval("SELECT min(id) FROM type_zoo")
    zoo = await q.type_zoo_fetch(id=zoo_id)
    assert zoo.t_numeric == decimal.Decimal("12.34")
    assert zoo.t_timestamptz == when and zoo.t_timestamptz.tzinfo is not None
    assert (zoo.t_jsonb, zoo.t_json, zoo.t_bytea) == ([1, "two", None], {"a": 1}, b"\x00\xff")
    assert (zoo.t_text_array, zoo.t_int8_matrix) == (["x", "y"], [[1, 2], [3, 4]])
    assert zoo.t_interval == datetime.timedelta(days=1, seconds=5)
    literals = await q.type_zoo_literals(
        dollar_1=decimal.Decimal("1.5"),
        dollar_2=uuid.UUID(int=9),
        dollar_3=[datetime.date(2026, 1, 1)],
        dollar_4=b"z",
    )
    assert (literals.amount, literals.token, literals.days, literals.blob) == (
        decimal.Decimal("1.5"),
        uuid.UUID(int=9),
        [datetime.date(2026, 1, 1)],
        b"z",
    )
    await q.user_delete(id="u2")
    assert await q.user_count() == 1

    queries: type[Any] = mod.Queries
    methods = {name for name in queries.__dict__ if not name.startswith("_")}
    assert methods == q.called
