"""The client runtime (`client.ts`) with the sample app's generated module, compiled by tsc
and run by Node against the sample app over real HTTP: testdata/sample.e2e.ts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from foundation.testing.server import serve_in_background
from foundation.webserver.sample_app import sample_app, sample_router, secure_router
from tools.rpc_codegen.node import TSC, TYPE_ROOTS, run_async
from tools.rpc_codegen.render import render_module

SCRIPT = Path(__file__).parent / "testdata" / "sample.e2e.ts"
TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "lib": ["ES2022", "DOM"],
        "types": ["node"],
        "typeRoots": [str(TYPE_ROOTS)],
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "strict": True,
        "noUncheckedIndexedAccess": True,
        "verbatimModuleSyntax": True,
        "skipLibCheck": True,
        "outDir": "out",
    },
    "include": ["*.ts"],
}


async def test_client_runtime_against_the_sample_app(
    typescript_package: Path, tmp_path: Path
) -> None:
    shutil.copy(typescript_package / "src" / "client.ts", tmp_path / "client.ts")
    shutil.copy(SCRIPT, tmp_path / SCRIPT.name)
    (tmp_path / "sample.ts").write_text(render_module("sample", [sample_router(), secure_router()]))
    (tmp_path / "tsconfig.json").write_text(json.dumps(TSCONFIG))
    (tmp_path / "package.json").write_text('{"type": "module"}\n')
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "package.json").write_text('{"type": "module"}\n')

    code, out = await run_async(str(TSC), "--pretty", "false", "-p", "tsconfig.json", cwd=tmp_path)
    assert code == 0, out
    node = shutil.which("node")
    assert node is not None
    async with serve_in_background(sample_app()) as base_url:
        code, out = await run_async(node, "out/sample.e2e.js", base_url, cwd=tmp_path)

    assert code == 0, out
    assert json.loads(out.strip().splitlines()[-1]) == {"done": True}
