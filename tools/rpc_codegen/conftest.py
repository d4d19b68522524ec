"""Fixtures of the RPC codegen tests: the TypeScript package with its tools installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tools.rpc_codegen.generate import PACKAGE_DIR
from tools.rpc_codegen.node import ensure_node_modules, missing_tools


@pytest.fixture(scope="session")
def typescript_package() -> Path:
    """typescript/rpc/ with node_modules installed (`npm ci` when needed).

    Without node or npm the test fails in CI (`CI` set) and is skipped elsewhere, saying why.
    """
    missing = missing_tools()
    if missing:
        message = f"{' and '.join(missing)} not found: install Node 20 (with npm) to run this test"
        if os.environ.get("CI"):
            pytest.fail(f"CI must have Node: {message}")
        pytest.skip(message)
    ensure_node_modules()
    return PACKAGE_DIR
