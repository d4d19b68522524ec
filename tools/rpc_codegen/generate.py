"""`blossom codegen rpc`: write `typescript/rpc/src/<app>.ts` for product and panopticon.

Generation only reads the routers (no database, no network). The files are committed;
`just check-generated` (CI) regenerates them and fails when anything changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from foundation.paths import REPO_ROOT
from foundation.rpc.router import Router
from tools.rpc_codegen.render import render_module

PACKAGE_DIR = REPO_ROOT / "typescript" / "rpc"
SOURCE_DIR = PACKAGE_DIR / "src"


def _product() -> list[Router]:
    from product.app import product_router

    return [product_router()]


def _panopticon() -> list[Router]:
    from panopticon.app import panopticon_router

    return [panopticon_router()]


APPS: dict[str, Callable[[], list[Router]]] = {"panopticon": _panopticon, "product": _product}
"""Every app with a generated client: name -> its routers."""


def module_path(app: str) -> Path:
    return SOURCE_DIR / f"{app}.ts"


def generate_all() -> dict[Path, str]:
    """Every generated file's path and text."""
    return {module_path(app): render_module(app, routers()) for app, routers in APPS.items()}


def write_all(progress: Callable[[str], None] = lambda _: None) -> list[Path]:
    """Write every generated file whose text changed; returns the paths written."""
    written: list[Path] = []
    for path, text in generate_all().items():
        if path.exists() and path.read_text() == text:
            progress(f"{_shown(path)} is up to date")
            continue
        path.write_text(text)
        written.append(path)
        progress(f"wrote {_shown(path)}")
    return written


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path)
