"""The generated TypeScript client, compiled by tsc and run by Node 20, against a live
product server (real HTTP, real Postgres): typescript/rpc/e2e/product.e2e.ts."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

from foundation.testing.server import serve_in_background
from foundation.testing.timeouts import STARTS_PROCESSES
from product.app import create_product_app
from tools.rpc_codegen.node import run_async, tsc_async

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

E2E_SCRIPT = Path("e2e") / "product.e2e.ts"


async def test_generated_client_end_to_end(typescript_package: Path, tmp_path: Path) -> None:
    code, out = await tsc_async(
        "-p", "tsconfig.json", "--outDir", str(tmp_path), cwd=typescript_package
    )
    assert code == 0, out
    # The compiled modules are ES modules, like the package.
    (tmp_path / "package.json").write_text('{"type": "module"}\n')
    script = tmp_path / E2E_SCRIPT.with_suffix(".js")
    node = shutil.which("node")
    assert node is not None

    async with serve_in_background(create_product_app()) as base_url:
        code, out = await run_async(
            node, str(script), base_url, uuid.uuid4().hex[:12], cwd=tmp_path
        )

    assert code == 0, f"node failed:\n{out}"
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert lines[-1]["done"] is True
    steps = [line["step"] for line in lines[:-1]]
    assert steps == [
        "signup",
        "email_verify",
        "init",
        "organization_create",
        "invite_create",
        "invite_accept",
        "organization_members_list",
        "init as Bob",
        "login with a wrong password",
        "logout",
        "password_reset",
        "network error",
        "non-JSON answer",
        "unexpected answer",
    ]
