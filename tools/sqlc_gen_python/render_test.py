from __future__ import annotations

from tools.sqlc_gen_python.render import Imports, docstring, py_str, sql_literal, wrap


def test_py_str_prefers_double_quotes() -> None:
    assert py_str("owner") == '"owner"'
    assert py_str('say "hi"') == "'say \"hi\"'"
    assert py_str('it\'s "x"') == '"it\'s \\"x\\""'
    assert py_str("a\\b\n") == '"a\\\\b\\n"'


def test_sql_literal() -> None:
    assert sql_literal("SELECT 1") == '"SELECT 1"'
    assert sql_literal("SELECT 1\nFROM t  ") == '"""\nSELECT 1\nFROM t\n"""'
    assert sql_literal("SELECT 'a\\_'\nFROM t") == 'r"""\nSELECT \'a\\_\'\nFROM t\n"""'


def test_wrap() -> None:
    assert wrap("f(", ["a", "b"], ")", 0) == ["f(a, b)"]
    assert wrap("x = (", ['"a"'], ")", 0, tuple_literal=True) == ['x = ("a",)']
    long = ["a" * 28, "b" * 28, "c" * 28]
    assert wrap("some_long_function_name(", long, ")", 4) == [
        "    some_long_function_name(",
        "        " + ", ".join(long),
        "    )",
    ]
    longer = [f"argument_number_{i}" for i in range(8)]
    assert wrap("call(", longer, ")", 0)[1:3] == [
        "    argument_number_0,",
        "    argument_number_1,",
    ]


def test_docstring() -> None:
    assert docstring([" Fetch a user."], 8) == ['        """Fetch a user."""']
    assert docstring([" One.", "", " Two.", ""], 4) == ['    """One.', "", "    Two.", '    """']
    assert docstring([], 4) == []


def test_imports_sections() -> None:
    imports = Imports()
    imports.name("foundation.base.strict_json", "JSON")
    imports.module("asyncpg")
    imports.module("datetime")
    imports.name("dataclasses", "dataclass")
    imports.name("database.__codegen__.models", "UserModel")
    assert imports.lines() == [
        "import datetime",
        "from dataclasses import dataclass",
        "",
        "import asyncpg",
        "",
        "from database.__codegen__.models import UserModel",
        "from foundation.base.strict_json import JSON",
    ]
