"""Record the GenerateRequests sqlc sends for the fixture in `testdata/`.

    python -m tools.sqlc_gen_python.record

runs `sqlc generate` in `testdata/` with a stand-in `sqlc-gen-python` on PATH that
answers every request with a single file, `request.json`: the request itself, with the
catalog cut down to the default schema (pg_catalog and information_schema are ~1 MB and
never used). sqlc writes it to each block's `out`, e.g. `testdata/recorded/main/`.
No database is needed. Then it regenerates the expected output of the `main` block,
`testdata/expected/**/*.golden`, from that recording and `FIXTURE_FACTS` (the enum
values and foreign keys the fixture schema would have in a database). The tests read
both; review the golden diff when the generator changes.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tools.sqlc_gen_python.schema_facts import SchemaFacts

ROOT = Path(__file__).resolve().parents[2]
TESTDATA = Path(__file__).resolve().parent / "testdata"
EXPECTED = TESTDATA / "expected"
FIXTURE_FACTS = SchemaFacts(
    enum_values={"organization_role_enum": ("admin", "member", "owner")},
    enum_columns={("organizations_users", "role"): "organization_role_enum"},
)


def load_recording(block: str) -> dict[str, Any]:
    return json.loads((TESTDATA / "recorded" / block / "request.json").read_text())


def write_golden() -> None:
    from tools.sqlc_gen_python.main import run

    files = run(load_recording("main"), TESTDATA, FIXTURE_FACTS)
    shutil.rmtree(EXPECTED, ignore_errors=True)
    for name, text in files.items():
        path = EXPECTED / f"{name}.golden"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def trim_request(request: dict[str, Any]) -> dict[str, Any]:
    """Keep only the catalog's default schema."""
    catalog: dict[str, Any] = request.get("catalog") or {}
    default = catalog.get("default_schema") or "public"
    schemas: list[dict[str, Any]] = catalog.get("schemas", [])
    catalog["schemas"] = [s for s in schemas if s.get("name") == default]
    return request


def dump() -> int:
    """Plugin mode: reply with the (trimmed) request as `request.json`."""
    request = trim_request(json.loads(sys.stdin.buffer.read()))
    text = json.dumps(request, indent=1, ensure_ascii=False) + "\n"
    contents = base64.b64encode(text.encode()).decode()
    sys.stdout.write(json.dumps({"files": [{"name": "request.json", "contents": contents}]}))
    return 0


def record() -> int:
    sqlc = shutil.which("sqlc") or str(Path(sys.executable).parent / "sqlc")
    with tempfile.TemporaryDirectory() as tmp:
        shim = Path(tmp) / "sqlc-gen-python"
        shim.write_text(
            "#!/bin/sh\n"
            f"PYTHONPATH='{ROOT}' exec '{sys.executable}' -m tools.sqlc_gen_python.record --dump\n"
        )
        shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
        env = {**os.environ, "PATH": f"{tmp}{os.pathsep}{os.environ.get('PATH', '')}"}
        result = subprocess.run([sqlc, "generate"], cwd=TESTDATA, env=env, check=False)
    if result.returncode != 0:
        return result.returncode
    for path in sorted(TESTDATA.glob("recorded/*/request.json")):
        print(f"recorded {path.relative_to(ROOT)}")
    write_golden()
    print(f"wrote {EXPECTED.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(dump() if sys.argv[1:] == ["--dump"] else record())
