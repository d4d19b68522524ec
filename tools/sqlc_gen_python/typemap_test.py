from __future__ import annotations

from tools.sqlc_gen_python.typemap import canonical_type, python_type


def test_spellings_are_normalised() -> None:
    assert canonical_type("", "pg_catalog.int8") == "int8"
    assert canonical_type("pg_catalog", "int8") == "int8"
    assert canonical_type("", "bigint") == "int8"
    assert canonical_type("", "bigserial") == "int8"
    assert canonical_type("", "integer") == "int4"
    assert canonical_type("", "serial") == "int4"
    assert canonical_type("", "timestamp with time zone") == "timestamptz"
    assert canonical_type("pg_catalog", "varchar") == "varchar"
    assert canonical_type("", "character varying") == "varchar"
    assert canonical_type("public", "citext") == "citext"


def test_other_schemas_stay_qualified() -> None:
    assert canonical_type("billing", "money_amount") == "billing.money_amount"
    assert python_type("billing.money_amount") is None


def test_map() -> None:
    assert python_type("int8") is not None
    assert python_type("point") is None
    assert python_type("timetz") is None
    jsonb = python_type("jsonb")
    assert jsonb is not None and jsonb.from_module == "foundation.base.strict_json"
