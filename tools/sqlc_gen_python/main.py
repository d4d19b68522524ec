"""`sqlc-gen-python`: the sqlc process plugin (JSON format) that writes our `__codegen__/`.

sqlc runs it once per sql block, with the GenerateRequest as JSON on stdin; it answers
with a GenerateResponse on stdout, `{"files": [{"name": path, "contents": base64}]}`,
paths relative to the block's `out`. On error it writes one line to stderr and exits 1;
sqlc prints `error generating code: process: error running command sqlc-gen-python:
<that line>`.

sqlc.yaml (run `sqlc generate` from the directory that holds it):

    version: "2"
    plugins:
      - name: py
        env: [DATABASE_URL]     # sqlc passes the plugin no other variable
        process: {cmd: sqlc-gen-python, format: json}
    sql:
      - engine: postgresql
        schema: database/schema.sql
        queries: [database/queries.sql, product/auth/queries.sql, ...]
        codegen: [{plugin: py, out: .}]

Options (`codegen[].options`), all optional:

- `package`: put every query of the block into that package instead of the package of
  each queries file;
- `models_package` (default `database`): where models.py and enums.py go;
- `models` (default true): false leaves models.py and enums.py to another block;
- `orm`: the package that gets `__codegen__/orm.py` (default: the block's only package);
- `orm_extends`: a package whose ORM the new one extends (a lower layer's queries).
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

from tools.sqlc_gen_python.errors import GenerationError
from tools.sqlc_gen_python.generate import OrmSpec, check_commands, enum_tables, generate
from tools.sqlc_gen_python.packages import assign_packages, check_package_names
from tools.sqlc_gen_python.request import Request, parse_request
from tools.sqlc_gen_python.schema_facts import SchemaFacts, read_schema_facts

OPTIONS = frozenset({"package", "models_package", "models", "orm", "orm_extends"})


def _option(request: Request, name: str) -> str | None:
    value = request.options.get(name)
    if value is not None and not isinstance(value, str):
        raise GenerationError("plugin option must be a string", option=name, value=value)
    return value


def _flag(request: Request, name: str, default: bool) -> bool:
    value = request.options.get(name, default)
    if not isinstance(value, bool):
        raise GenerationError("plugin option must be true or false", option=name, value=value)
    return value


def orm_package(packages: dict[str, str], configured: str | None) -> str:
    """The package whose `__codegen__/orm.py` composes the block's queries."""
    if configured is not None:
        return configured
    found = sorted(set(packages.values()))
    if len(found) != 1:
        raise GenerationError(
            "the queries of this block are in several packages (or none): "
            "say which one gets the ORM with the option orm",
            packages=found,
        )
    return found[0]


def run(raw: dict[str, Any], root: Path, facts: SchemaFacts | None = None) -> dict[str, str]:
    """Request JSON -> files. `root` is where sqlc.yaml's relative paths start; without
    `facts`, enum values and enum foreign keys are read from `DATABASE_URL`."""
    request = parse_request(raw)
    check_commands(request)
    unknown = sorted(set(request.options) - OPTIONS)
    if unknown:
        raise GenerationError("unknown plugin options", unknown=unknown, known=sorted(OPTIONS))
    packages = assign_packages(
        request.queries, request.query_paths, root, package=_option(request, "package")
    )
    models_package = _option(request, "models_package") or "database"
    orm = orm_package(packages, _option(request, "orm") or _option(request, "package"))
    extends = _option(request, "orm_extends")
    check_package_names(
        {**packages, "models_package": models_package, "orm": orm, "orm_extends": extends or orm}
    )
    if facts is None:
        facts = read_schema_facts(enum_tables(request), schema=request.default_schema)
    return generate(
        request,
        facts,
        packages,
        models_package=models_package,
        models=_flag(request, "models", True),
        orm=OrmSpec(package=orm, extends=extends),
    )


def response(files: dict[str, str]) -> dict[str, Any]:
    return {
        "files": [
            {"name": name, "contents": base64.b64encode(text.encode()).decode()}
            for name, text in sorted(files.items())
        ]
    }


def main() -> int:
    try:
        files = run(json.loads(sys.stdin.buffer.read()), Path.cwd())
    except GenerationError as e:
        sys.stderr.write(f"sqlc-gen-python: {e}\n")
        return 1
    sys.stdout.write(json.dumps(response(files)))
    return 0
