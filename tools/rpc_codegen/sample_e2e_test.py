"""The client runtime (`client.ts`) with the sample app's generated module, compiled by tsc
and run by Node against the sample app over real HTTP: testdata/sample.e2e.ts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from foundation.testing.sample_app import sample_app
from foundation.testing.server import serve_in_background
from foundation.testing.timeouts import STARTS_PROCESSES
from tools.rpc_codegen.node import run_async, tsc_async

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

SCRIPT = Path(__file__).parent / "testdata" / "sample.e2e.ts"


@pytest.mark.handler_failures_expected
async def test_client_runtime_against_the_sample_app(sample_package: Path) -> None:
    shutil.copy(SCRIPT, sample_package / SCRIPT.name)

    code, out = await tsc_async("-p", "tsconfig.json", cwd=sample_package)
    assert code == 0, out
    node = shutil.which("node")
    assert node is not None
    async with serve_in_background(sample_app()) as base_url:
        code, out = await run_async(node, "out/sample.e2e.js", base_url, cwd=sample_package)

    assert code == 0, out
    assert json.loads(out.strip().splitlines()[-1]) == {"done": True}
