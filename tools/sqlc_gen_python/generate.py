"""GenerateRequest (+ schema facts) -> the generated Python files.

Output, per sql block (paths relative to the block's `out`, normally the repo root):

- `<models>/__codegen__/models.py`: a frozen slots dataclass per table/view of the default
  schema (yoyo bookkeeping tables and `*_enum` tables skipped): `users` -> `UserModel`.
- `<models>/__codegen__/enums.py`: per `<x>_enum` table, `XEnum = Literal[...]` and
  `X_ENUM_VALUES: tuple[XEnum, ...]`, values read from the database.
- `<package>/__codegen__/queries.py` per package with queries, and `__init__.py` files.
- `<orm>/__codegen__/orm.py`: `<Orm>ORM`, one class inheriting the ORM of the package it
  extends (if any) and every `Queries` of the block, so one object (`q.orm`) reaches all
  of them: `ProductORM(FoundationORM, ProductQueries)`. Method names must be unique
  within the block; `tools/db_codegen` checks them across the extended ORMs.

`<models>` is the option `models_package` (default `database`); models.py and enums.py
are left out with `models: false` (another block writes them).

Queries: `:one` returns its row or raises `NotFoundError`; a `:one` query whose comment
starts with the line `@optional` returns its row or None (`-> T | None`). Comment lines
starting with `@` are directives: an unknown one, or `@optional` on another command, is
an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tools.sqlc_gen_python import naming
from tools.sqlc_gen_python.errors import GenerationError
from tools.sqlc_gen_python.render import (
    HEADER,
    Block,
    Imports,
    constant,
    docstring,
    module,
    py_str,
    sql_literal,
    wrap,
)
from tools.sqlc_gen_python.request import Column, Query, Request, Table
from tools.sqlc_gen_python.schema_facts import SchemaFacts
from tools.sqlc_gen_python.typemap import canonical_type, python_type

SUPPORTED_COMMANDS = (":one", ":many", ":exec", ":execrows", ":copyfrom")
DIRECTIVES = frozenset({"@optional"})
_METHOD_LOCALS = frozenset({"self", "row", "rows", "result", "records"})


@dataclass(frozen=True, slots=True)
class OrmSpec:
    """Where the block's ORM class goes and which package's ORM it extends."""

    package: str
    extends: str | None = None


def orm_class_name(package: str) -> str:
    """`product` -> `ProductORM`."""
    return naming.camel_case(package.replace(".", "_")) + "ORM"


def directives(query: Query) -> tuple[frozenset[str], list[str]]:
    """The query's `@` directives and the rest of its comment (the docstring)."""
    found: set[str] = set()
    rest: list[str] = []
    for line in query.comments:
        word = line.strip()
        if word.startswith("@"):
            if word not in DIRECTIVES:
                raise GenerationError(
                    "unknown query directive",
                    query=query.name,
                    directive=word,
                    known=sorted(DIRECTIVES),
                )
            found.add(word)
        else:
            rest.append(line)
    if "@optional" in found and query.cmd != ":one":
        raise GenerationError(
            "@optional applies to :one queries (at most one row)", query=query.name, cmd=query.cmd
        )
    return frozenset(found), rest


def is_enum_table(name: str) -> bool:
    return name.endswith("_enum")


def is_model_table(name: str) -> bool:
    return not (name.startswith("_yoyo") or name == "yoyo_lock" or is_enum_table(name))


def enum_tables(request: Request) -> list[str]:
    return sorted(t.name for t in request.tables if is_enum_table(t.name))


def check_commands(request: Request) -> None:
    """Fail on an unsupported command before anything else (no database needed)."""
    for query in request.queries:
        if query.cmd not in SUPPORTED_COMMANDS:
            raise GenerationError(
                "query command is not supported",
                query=query.name,
                cmd=query.cmd,
                supported=" ".join(SUPPORTED_COMMANDS),
            )


def _package_dir(package: str) -> str:
    return package.replace(".", "/")


@dataclass(frozen=True, slots=True)
class _Shape:
    kind: str  # "model" | "scalar" | "row"
    type_expr: str
    """The model or row class name, or the scalar's annotation."""


class Generator:
    def __init__(
        self,
        request: Request,
        facts: SchemaFacts,
        packages: Mapping[str, str],
        models_package: str = "database",
        *,
        models: bool = True,
        orm: OrmSpec | None = None,
    ) -> None:
        self.request = request
        self.facts = facts
        self.packages = packages
        self.models_package = models_package
        self.models = models
        self.orm = orm or OrmSpec(package=models_package)
        self.tables = {t.name: t for t in request.tables}
        self.enum_tables = enum_tables(request)
        self.model_tables = [t for t in request.tables if is_model_table(t.name)]
        self._extra_constants: list[Block] = []
        self._check_names()

    # -- names and types ---------------------------------------------------------------

    def _codegen_module(self, package: str, name: str) -> str:
        return f"{package}.__codegen__.{name}"

    def _check_names(self) -> None:
        seen: dict[str, str] = {}
        for table in self.model_tables:
            name = naming.model_name(table.name)
            if name in seen:
                raise GenerationError(
                    "two tables get the same model name",
                    model=name,
                    tables=[seen[name], table.name],
                )
            seen[name] = table.name
        for table in self.enum_tables:
            if [c.name for c in self.tables[table].columns] != ["value"]:
                raise GenerationError(
                    "an enum table must have exactly one column, value", table=table
                )
            if not self.facts.enum_values.get(table):
                raise GenerationError(
                    "enum table has no values; insert them in a migration", table=table
                )

    def _enum_of(self, column: Column) -> str | None:
        if column.table is None or column.table_schema != self.request.default_schema:
            return None
        if is_enum_table(column.table) and column.source_column == "value":
            return column.table if column.table in self.enum_tables else None
        enum = self.facts.enum_columns.get((column.table, column.source_column))
        return enum if enum in self.enum_tables else None

    def annotation(self, col: Column, imports: Imports, **where: str) -> str:
        """Python annotation of a col or parameter; `where` names it in errors."""
        if col.is_embed:
            raise GenerationError("sqlc.embed() is not supported", **where)
        enum = self._enum_of(col)
        if enum is not None:
            expr = naming.enum_alias(enum)
            imports.name(self._codegen_module(self.models_package, "enums"), expr)
        else:
            canonical = canonical_type(col.type_schema, col.type_name, self.request.default_schema)
            py = python_type(canonical)
            if py is None:
                raise GenerationError(
                    "postgres type has no python mapping", **where, type=canonical or "unknown"
                )
            if py.module:
                imports.module(py.module)
            if py.from_module:
                imports.name(py.from_module, py.expr)
            expr = py.expr
        for _ in range(col.array_dims):
            expr = f"list[{expr}]"
        return expr if col.not_null else f"{expr} | None"

    @staticmethod
    def _field_names(columns: Sequence[Column]) -> list[str]:
        return naming.unique(
            naming.identifier(c.name, f"column_{i}") for i, c in enumerate(columns, 1)
        )

    def _dataclass(
        self, name: str, columns: Sequence[Column], imports: Imports, **where: str
    ) -> Block:
        imports.name("dataclasses", "dataclass")
        imports.name("database.records", "quick_init")
        lines = ["@quick_init", "@dataclass(frozen=True, slots=True)", f"class {name}:"]
        for field, column in zip(self._field_names(columns), columns, strict=True):
            annotation = self.annotation(column, imports, **where, column=column.name or field)
            lines.append(f"    {field}: {annotation}")
        if not columns:
            lines.append("    pass")
        return Block(lines, is_def=True)

    # -- models.py and enums.py ----------------------------------------------------------

    def models_file(self) -> str:
        imports = Imports()
        blocks = [
            self._dataclass(naming.model_name(t.name), t.columns, imports, table=t.name)
            for t in self.model_tables
        ]
        return module(imports, blocks)

    def enums_file(self) -> str:
        imports = Imports()
        blocks: list[Block] = []
        for table in self.enum_tables:
            imports.name("typing", "Literal")
            alias = naming.enum_alias(table)
            values = [py_str(v) for v in self.facts.enum_values[table]]
            lines = wrap(f"{alias} = Literal[", values, "]", 0)
            lines += wrap(
                f"{naming.enum_values_constant(table)}: tuple[{alias}, ...] = (",
                values,
                ")",
                0,
                tuple_literal=True,
            )
            blocks.append(Block(lines))
        return module(imports, blocks)

    # -- queries.py ----------------------------------------------------------------------

    def _model_table(self, columns: Sequence[Column]) -> Table | None:
        """The table whose full row (all columns, in order, same nullability) this is."""
        first = columns[0]
        if first.table is None or first.table_schema != self.request.default_schema:
            return None
        table = self.tables.get(first.table)
        if table is None or not is_model_table(table.name) or len(table.columns) != len(columns):
            return None
        for col, tcol in zip(columns, table.columns, strict=True):
            if (
                col.table != table.name
                or col.table_schema != first.table_schema
                or col.is_embed
                or col.name != tcol.name
                or col.source_column != tcol.name
                or col.not_null != tcol.not_null
                or col.array_dims != tcol.array_dims
                or canonical_type(col.type_schema, col.type_name, self.request.default_schema)
                != canonical_type(tcol.type_schema, tcol.type_name, self.request.default_schema)
            ):
                return None
        return table

    def _shape(self, query: Query, imports: Imports, blocks: list[Block]) -> _Shape:
        columns = query.columns
        if not columns:
            raise GenerationError(f"a {query.cmd} query must return columns", query=query.name)
        if len(columns) == 1:
            expr = self.annotation(columns[0], imports, query=query.name, column=columns[0].name)
            return _Shape("scalar", expr)
        table = self._model_table(columns)
        if table is not None:
            name = naming.model_name(table.name)
            imports.name(self._codegen_module(self.models_package, "models"), name)
            return _Shape("model", name)
        name = f"{query.name}Row"
        blocks.append(self._dataclass(name, columns, imports, query=query.name))
        return _Shape("row", name)

    def _signature(self, method: str, params: Sequence[str], returns: str) -> list[str]:
        items = ["self", "*", *params] if params else ["self"]
        return wrap(f"async def {method}(", items, f") -> {returns}:", 4)

    def _method(
        self, query: Query, imports: Imports, blocks: list[Block], helpers: set[str]
    ) -> list[str]:
        method = naming.snake_case(query.name)
        const = naming.screaming_case(query.name)
        params = sorted(query.params, key=lambda p: p.number)
        if query.cmd == ":copyfrom":
            return self._copyfrom(query, method, const, imports, blocks, helpers)
        names = naming.unique(
            (naming.identifier(p.column.name, f"dollar_{p.number}") for p in params),
            reserved=_METHOD_LOCALS,
        )
        typed = [
            f"{n}: "
            + self.annotation(p.column, imports, query=query.name, param=p.column.name or n)
            for n, p in zip(names, params, strict=True)
        ]
        args = [const, *names]
        body: list[str] = []
        flags, comments = directives(query)
        if query.cmd in (":one", ":many"):
            shape = self._shape(query, imports, blocks)
            make = "row[0]" if shape.kind == "scalar" else f"{shape.type_expr}(*row)"
            if query.cmd == ":one" and "@optional" in flags:
                if shape.kind == "scalar" and not query.columns[0].not_null:
                    raise GenerationError(
                        "an @optional query of one nullable column cannot tell no row from "
                        "NULL: return a second column (a row type) or a NOT NULL expression",
                        query=query.name,
                        column=query.columns[0].name,
                    )
                returns = f"{shape.type_expr} | None"
                body += wrap("row = await self.conn.fetchrow(", args, ")", 8)
                body.append(f"        return None if row is None else {make}")
            elif query.cmd == ":one":
                returns = shape.type_expr
                imports.name("foundation.base.errors", "NotFoundError")
                body += wrap("row = await self.conn.fetchrow(", args, ")", 8)
                body.append("        if row is None:")
                body += wrap(
                    "raise NotFoundError(",
                    [py_str(f"{method} returned no row"), f"query={py_str(query.name)}"],
                    ")",
                    12,
                )
                body.append(f"        return {make}")
            else:
                returns = f"list[{shape.type_expr}]"
                body += wrap("rows = await self.conn.fetch(", args, ")", 8)
                body += wrap("return [", [f"{make} for row in rows"], "]", 8)
        elif query.cmd == ":exec":
            returns = "None"
            body += wrap("await self.conn.execute(", args, ")", 8)
        else:  # :execrows
            returns = "int"
            helpers.add("rowcount")
            body += wrap("result = await self.conn.execute(", args, ")", 8)
            body.append("        return _rowcount(result)")
        return [
            *self._signature(method, typed, returns),
            *docstring(comments, 8),
            *body,
        ]

    def _copyfrom(
        self,
        query: Query,
        method: str,
        const: str,
        imports: Imports,
        blocks: list[Block],
        helpers: set[str],
    ) -> list[str]:
        if not query.insert_into_table:
            raise GenerationError("a :copyfrom query must be an insert", query=query.name)
        params = sorted(query.params, key=lambda p: p.number)
        columns = [p.column.source_column for p in params]
        if not params or not all(columns):
            raise GenerationError(
                "a :copyfrom query must insert parameters into named columns", query=query.name
            )
        params_class = f"{query.name}Params"
        blocks.append(
            self._dataclass(params_class, [p.column for p in params], imports, query=query.name)
        )
        fields = self._field_names([p.column for p in params])
        imports.name("collections.abc", "Sequence")
        helpers.add("rowcount")
        column_const = f"{const}_COLUMNS"
        self._extra_constants.append(
            Block(
                wrap(
                    f"{column_const} = (", [py_str(c) for c in columns], ")", 0, tuple_literal=True
                )
            )
        )
        row_items = [f"row.{f}" for f in fields]
        records = wrap("records = [(", row_items, ") for row in rows]", 8, tuple_literal=True)
        if len(records) > 1:
            records = [
                "        records = [",
                "            (",
                *(f"                {item}," for item in row_items),
                "            )",
                "            for row in rows",
                "        ]",
            ]
        call_args = [py_str(query.insert_into_table), "records=records", f"columns={column_const}"]
        if query.insert_into_schema:
            call_args.append(f"schema_name={py_str(query.insert_into_schema)}")
        return [
            *self._signature(method, [f"rows: Sequence[{params_class}]"], "int"),
            *docstring(directives(query)[1], 8),
            *records,
            *wrap("result = await self.conn.copy_records_to_table(", call_args, ")", 8),
            "        return _rowcount(result)",
        ]

    def queries_file(self, queries: Sequence[Query]) -> str:
        imports = Imports()
        imports.module("asyncpg")
        constants: list[Block] = []
        self._extra_constants = []
        classes: list[Block] = []
        methods: list[list[str]] = []
        helpers: set[str] = set()
        for query in sorted(queries, key=lambda q: q.name):
            constants.append(
                Block(constant(naming.screaming_case(query.name), sql_literal(query.text)))
            )
            methods.append(self._method(query, imports, classes, helpers))
        self._check_module_names(queries)
        queries_class = [
            "class Queries:",
            "    def __init__(self, conn: asyncpg.Connection) -> None:",
            "        self.conn = conn",
        ]
        for lines in methods:
            queries_class += ["", *lines]
        blocks = [*constants, *self._extra_constants, *classes]
        if "rowcount" in helpers:
            blocks.append(
                Block(
                    [
                        "def _rowcount(status: str) -> int:",
                        '    """Rows affected, from a command status like `UPDATE 3` or `INSERT 0 5`."""',
                        '    count = status.rsplit(" ", 1)[-1]',
                        "    return int(count) if count.isdigit() else 0",
                    ],
                    is_def=True,
                )
            )
        blocks.append(Block(queries_class, is_def=True))
        return module(imports, blocks)

    def _check_module_names(self, queries: Sequence[Query]) -> None:
        owner: dict[str, str] = {}
        for q in queries:
            names = [naming.screaming_case(q.name), naming.snake_case(q.name), f"{q.name}Row"]
            if q.cmd == ":copyfrom":
                names += [f"{naming.screaming_case(q.name)}_COLUMNS", f"{q.name}Params"]
            for name in names:
                if name in owner and owner[name] != q.name:
                    raise GenerationError(
                        "two queries generate the same python name",
                        name=name,
                        queries=[owner[name], q.name],
                    )
                owner[name] = q.name

    # -- orm.py --------------------------------------------------------------------------

    def orm_file(self, packages: Sequence[str]) -> str:
        owner: dict[str, str] = {}
        for query in self.request.queries:
            method = naming.snake_case(query.name)
            if method in owner and owner[method] != query.name:
                raise GenerationError(
                    "two queries generate the same method on q.orm",
                    method=method,
                    queries=[owner[method], query.name],
                )
            owner[method] = query.name
        imports = Imports()
        bases: list[str] = []
        if self.orm.extends is not None:
            base = orm_class_name(self.orm.extends)
            imports.name(self._codegen_module(self.orm.extends, "orm"), base)
            bases.append(base)
        for package in packages:
            alias = naming.camel_case(package.replace(".", "_")) + "Queries"
            imports.name(self._codegen_module(package, "queries"), f"Queries as {alias}")
            bases.append(alias)
        name = orm_class_name(self.orm.package)
        doc = (
            f'    """`q.orm` of {self.orm.package}: '
            + ("its queries" if packages else "no queries of its own")
            + (f" and those of {orm_class_name(self.orm.extends)}" if self.orm.extends else "")
            + '."""'
        )
        if bases:
            lines = wrap(f"class {name}(", bases, "):", 0)
            lines.append(doc)
        else:
            imports.module("asyncpg")
            lines = [
                f"class {name}:",
                doc,
                "",
                "    def __init__(self, conn: asyncpg.Connection) -> None:",
                "        self.conn = conn",
            ]
        return module(imports, [Block(lines, is_def=True)])

    # -- all files -----------------------------------------------------------------------

    def files(self) -> dict[str, str]:
        init = HEADER + "\n"
        files: dict[str, str] = {}
        if self.models:
            models_dir = f"{_package_dir(self.models_package)}/__codegen__"
            files[f"{models_dir}/__init__.py"] = init
            files[f"{models_dir}/models.py"] = self.models_file()
            files[f"{models_dir}/enums.py"] = self.enums_file()
        by_package: dict[str, list[Query]] = {}
        for query in self.request.queries:
            by_package.setdefault(self.packages[query.name], []).append(query)
        for package in sorted(by_package):
            out_dir = f"{_package_dir(package)}/__codegen__"
            files[f"{out_dir}/__init__.py"] = init
            files[f"{out_dir}/queries.py"] = self.queries_file(by_package[package])
        orm_dir = f"{_package_dir(self.orm.package)}/__codegen__"
        files[f"{orm_dir}/__init__.py"] = init
        files[f"{orm_dir}/orm.py"] = self.orm_file(sorted(by_package))
        return dict(sorted(files.items()))


def generate(
    request: Request,
    facts: SchemaFacts,
    packages: Mapping[str, str],
    models_package: str = "database",
    *,
    models: bool = True,
    orm: OrmSpec | None = None,
) -> dict[str, str]:
    """File path (relative to the block's `out`) -> contents."""
    check_commands(request)
    return Generator(request, facts, packages, models_package, models=models, orm=orm).files()
