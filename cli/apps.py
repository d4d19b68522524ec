"""`blossom product serve` and `blossom panopticon serve`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

import click

from foundation.progress import step

if TYPE_CHECKING:
    from quart import Quart

APPS = {
    "product": ("product.app:create_product_app()", "product_port"),
    "panopticon": ("panopticon.app:create_panopticon_app()", "panopticon_port"),
}


def _serve_command(name: str) -> click.Command:
    app_path, port_setting = APPS[name]

    @click.command("serve")
    @click.option("--host", default=None, help="Interface to bind (default: WEB_HOST).")
    @click.option("--port", type=int, default=None, help=f"Port (default: {port_setting.upper()}).")
    @click.option(
        "--workers", type=int, default=None, help="Worker processes (default: WEB_WORKERS)."
    )
    @click.option(
        "--reload", is_flag=True, help="Restart when a source file changes (development)."
    )
    def serve_command(
        host: str | None, port: int | None, workers: int | None, reload: bool
    ) -> None:
        """Serve the app under hypercorn (uvloop) until SIGTERM/SIGINT, then shut down gracefully."""
        from foundation.env import ENV
        from foundation.webserver.serve import serve

        factory = _factory(app_path)
        chosen_port = port if port is not None else getattr(ENV, port_setting)
        step(f"serving {name} on http://{host or ENV.web_host}:{chosen_port}")
        raise SystemExit(
            serve(
                factory(),
                port=chosen_port,
                host=host,
                workers=workers,
                app_path=app_path,
                reload=reload,
            )
        )

    return serve_command


def _factory(app_path: str) -> Callable[[], Quart]:
    import importlib

    module_name, call = app_path.split(":")
    factory = getattr(importlib.import_module(module_name), call.removesuffix("()"))
    return cast("Callable[[], Quart]", factory)


@click.group()
def product() -> None:
    """The customer-facing app."""


@click.group()
def panopticon() -> None:
    """The internal admin app."""


product.add_command(_serve_command("product"))
panopticon.add_command(_serve_command("panopticon"))
