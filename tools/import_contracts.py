"""import-linter contract types for a tree whose tests sit beside the code they test.

A test module (`x_test.py`, `conftest.py`) imports the test support (`<package>.testing`)
of its layer or a higher one (`foundation.testing` serves every layer's tests), and that
support imports the code under test: an edge up the layers and a cycle by construction.
These contract types drop exactly those edges (test module -> a `testing` package) before
checking; every other import of a test module is held to the contract like any other.
"""

from __future__ import annotations

import grimp
from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract
from importlinter.domain.contract import ContractCheck


def is_test_module(module: str) -> bool:
    name = module.rsplit(".", 1)[-1]
    return name.endswith("_test") or name == "conftest"


def is_test_support(module: str) -> bool:
    return "testing" in module.split(".")


def drop_test_support_imports(graph: grimp.ImportGraph) -> None:
    """Remove every import of a test module into a `testing` package."""
    for module in sorted(graph.modules):
        if is_test_module(module):
            for imported in graph.find_modules_directly_imported_by(module):
                if is_test_support(imported):
                    graph.remove_import(importer=module, imported=imported)


class LayersWithTestsContract(LayersContract):
    """`layers`, with tests free to use any layer's test support."""

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        drop_test_support_imports(graph)
        return super().check(graph, verbose)


class AcyclicSiblingsWithTestsContract(AcyclicSiblingsContract):
    """`acyclic_siblings`, with tests free to use any layer's test support."""

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        drop_test_support_imports(graph)
        return super().check(graph, verbose)


class ForbiddenOutsideTestsContract(ForbiddenContract):
    """`forbidden`, for the code only: a test module may drive whole apps (a package's
    tests run it inside the application that uses it)."""

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        for module in sorted(graph.modules):
            if is_test_module(module):
                for imported in graph.find_modules_directly_imported_by(module):
                    graph.remove_import(importer=module, imported=imported)
        return super().check(graph, verbose)
