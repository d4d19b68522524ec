from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from foundation.base.paths import REPO_ROOT
from foundation.rpc.route import Route
from foundation.rpc.router import RouteInfo, Router
from foundation.testing.timeouts import STARTS_PROCESSES
from product.app import product_router
from tools.rpc_codegen.generate import APPS, app_routers, generate_all, module_path
from tools.rpc_codegen.render import header, render_module

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

_DIGEST = (
    "import hashlib\n"
    "from tools.rpc_codegen.generate import generate_all\n"
    "files = sorted(generate_all().items())\n"
    "print(hashlib.sha256(''.join(f'{p}\\n{t}' for p, t in files).encode()).hexdigest())\n"
)


def _digest(files: dict[Path, str]) -> str:
    joined = "".join(f"{path}\n{text}" for path, text in sorted(files.items()))
    return hashlib.sha256(joined.encode()).hexdigest()


def test_committed_modules_are_current() -> None:
    for path, text in generate_all().items():
        assert path.exists(), f"{path} is missing: run `uv run just codegen-rpc`"
        assert path.read_text() == text, f"{path} is stale: run `uv run just codegen-rpc`"


def test_generation_is_deterministic_across_processes_and_hash_seeds() -> None:
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _DIGEST],
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in ("1", "2")
    ]
    digests: set[str] = set()
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        digests.add(out.strip())
    assert digests == {_digest(generate_all())}


def _route(info: RouteInfo) -> Route[Any, Any]:
    return info.route


def test_route_order_does_not_change_the_module() -> None:
    routes = [_route(info) for info in product_router().routes()]
    empty = Router("product", errors=product_router().errors)
    shuffled = empty.include(*reversed(routes))  # pyright: ignore[reportUnknownMemberType]

    assert render_module("product", [shuffled]) == render_module("product", [product_router()])


def test_modules_carry_the_header_and_import_only_the_client() -> None:
    for app in APPS:
        text = render_module(app, app_routers(app))
        assert text.startswith(header(app))
        assert "do not edit" in text.splitlines()[0]
        assert set(re.findall(r'from "([^"]+)"', text)) == {"./client.js"}


def test_every_route_is_described() -> None:
    text = module_path("product").read_text()
    for info in product_router().routes():
        assert f'  {info.name}: {{\n    method: "{info.method}";' in text
        assert f'  {info.name}: {{ method: "{info.method}"' in text
        first_line = (info.docstring or "").splitlines()[0]
        assert first_line in text
