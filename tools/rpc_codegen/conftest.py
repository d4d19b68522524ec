"""Fixtures of the RPC codegen tests: the TypeScript package with its tools installed, and a
scratch package holding the sample app's generated module."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from foundation.testing.sample_app import sample_router, secure_router
from foundation.testing.unavailable import unavailable
from tools.rpc_codegen.generate import PACKAGE_DIR
from tools.rpc_codegen.node import TYPE_ROOTS, ensure_node_modules, missing_tools
from tools.rpc_codegen.render import render_module

_ES_MODULE = '{"type": "module"}\n'


@pytest.fixture(scope="session")
def typescript_package() -> Path:
    """typescript/rpc/ with node_modules installed (`npm ci` when needed).

    Without node or npm the test fails in CI (`CI` set) and is skipped elsewhere, saying why.
    """
    missing = missing_tools()
    if missing:
        unavailable(
            f"{' and '.join(missing)} not found: install Node 20 (with npm) to run this test"
        )
    ensure_node_modules()
    return PACKAGE_DIR


@pytest.fixture
def sample_package(typescript_package: Path, tmp_path: Path) -> Path:
    """A scratch ES-module package: the package's `client.ts`, the sample app's generated
    `sample.ts`, and a tsconfig extending the package's (so just as strict) that compiles
    every `*.ts` of the directory to `out/`. Tests add their `.ts` files to it."""
    shutil.copy(typescript_package / "src" / "client.ts", tmp_path / "client.ts")
    (tmp_path / "sample.ts").write_text(render_module("sample", [sample_router(), secure_router()]))
    tsconfig = {
        "extends": str(typescript_package / "tsconfig.json"),
        "compilerOptions": {"rootDir": ".", "outDir": "out", "typeRoots": [str(TYPE_ROOTS)]},
        "include": ["*.ts"],
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps(tsconfig))
    (tmp_path / "package.json").write_text(_ES_MODULE)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "package.json").write_text(_ES_MODULE)
    return tmp_path
