"""Every public name of a package tree: module, name, kind and first docstring line.

Public means: in the module's `__all__` when it has one, else every name not starting
with `_` that the module defines itself (imports of other modules' names are listed where
they are defined). Tests, `testing` helpers aside, and generated query modules are skipped.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from types import ModuleType

DEFAULT_PACKAGES = ("foundation", "database")


@dataclass(frozen=True)
class Symbol:
    module: str
    name: str
    kind: str
    summary: str


def modules(package: str) -> list[ModuleType]:
    """`package` and every module below it, tests excluded, sorted by name."""
    root = importlib.import_module(package)
    found = [root]
    for info in pkgutil.walk_packages(getattr(root, "__path__", []), prefix=f"{package}."):
        leaf = info.name.rsplit(".", 1)[-1]
        if leaf.endswith("_test") or leaf in ("conftest", "__main__"):
            continue
        found.append(importlib.import_module(info.name))
    return sorted(found, key=lambda m: m.__name__)


def kind_of(value: object) -> str:
    if inspect.isclass(value):
        if issubclass(value, BaseException):
            return "error"
        return "class"
    if inspect.iscoroutinefunction(value):
        return "async function"
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        return "function"
    if isinstance(value, ModuleType):
        return "module"
    if getattr(value, "__origin__", None) is not None or type(value).__name__ in (
        "_LiteralGenericAlias",
        "_UnionGenericAlias",
        "TypeAliasType",
    ):
        return "type"
    return "constant"


def first_line(value: object) -> str:
    if kind_of(value) == "constant":
        return ""
    doc = inspect.getdoc(value) or ""
    return doc.strip().splitlines()[0].strip() if doc.strip() else ""


def defined_names(module: ModuleType) -> set[str]:
    """Names the module's own top-level code defines (classes, functions, assignments)."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def public_names(module: ModuleType) -> list[str]:
    """`__all__` when the module has one, else its own top-level names without a `_`."""
    explicit = getattr(module, "__all__", None)
    if explicit is not None:
        return sorted(explicit)
    return sorted(n for n in defined_names(module) if not n.startswith("_") and hasattr(module, n))


def list_symbols(packages: tuple[str, ...] = DEFAULT_PACKAGES) -> list[Symbol]:
    symbols: list[Symbol] = []
    for package in packages:
        for module in modules(package):
            if module.__name__.endswith(".__codegen__.queries"):
                continue  # the generated queries: read q.orm's methods instead
            for name in public_names(module):
                value = getattr(module, name)
                symbols.append(Symbol(module.__name__, name, kind_of(value), first_line(value)))
    return symbols


def render(symbols: list[Symbol]) -> str:
    lines: list[str] = []
    current = ""
    for s in symbols:
        if s.module != current:
            current = s.module
            lines.append(f"\n{current}")
        summary = f"  {s.summary}" if s.summary else ""
        lines.append(f"  {s.name:<36} {s.kind:<14}{summary}".rstrip())
    return "\n".join(lines).lstrip("\n") + "\n"
