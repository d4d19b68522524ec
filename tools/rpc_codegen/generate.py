"""`blossom codegen rpc`: write `typescript/rpc/src/<app>.ts` for product and panopticon.

Generation builds each app and reads the routers it serves (no database, no network). The files are committed;
`just check-generated` (CI) regenerates them and fails when anything changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from quart import Quart

from foundation.base.paths import REPO_ROOT
from foundation.rpc.router import Router
from foundation.webserver.app import ROUTERS_EXTENSION, WEBHOOKS_EXTENSION
from tools.rpc_codegen.render import render_module

PACKAGE_DIR = REPO_ROOT / "typescript" / "rpc"
SOURCE_DIR = PACKAGE_DIR / "src"


def _product() -> Quart:
    from product.app import create_product_app

    return create_product_app()


def _panopticon() -> Quart:
    from panopticon.app import create_panopticon_app

    return create_panopticon_app()


APPS: dict[str, Callable[[], Quart]] = {"panopticon": _panopticon, "product": _product}
"""Every app with a generated client: name -> its factory."""


def app_routers(app: str) -> list[Router]:
    """The routers app `app` is built with (as it serves them)."""
    routers: list[Router] = APPS[app]().extensions[ROUTERS_EXTENSION]
    return routers


def module_path(app: str) -> Path:
    return SOURCE_DIR / f"{app}.ts"


def generate_all() -> dict[Path, str]:
    """Every generated file's path and text."""
    return {module_path(app): _render(app) for app in APPS}


def _render(app: str) -> str:
    built = APPS[app]()
    routers: list[Router] = built.extensions[ROUTERS_EXTENSION]
    webhooks: dict[str, type[Any]] = built.extensions[WEBHOOKS_EXTENSION]
    return render_module(app, routers, webhooks)


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
