"""`blossom <app> serve`: the serve command each app's CLI adds to its group."""

from __future__ import annotations

import click

from foundation.base.progress import step


def serve_command(
    name: str, app_path: str, port_setting: str, metrics_port_setting: str = "metrics_port"
) -> click.Command:
    """`serve` for the app built by `app_path` (`module:factory()`, which hypercorn's
    workers call too), listening on the port of the `ENV` field `port_setting`, its
    metrics on the port of `metrics_port_setting` (unset: no metrics server)."""

    @click.command("serve")
    @click.option("--host", default=None, help="Interface to bind (default: WEB_HOST).")
    @click.option("--port", type=int, default=None, help=f"Port (default: {port_setting.upper()}).")
    @click.option(
        "--workers", type=int, default=None, help="Worker processes (default: WEB_WORKERS)."
    )
    @click.option(
        "--reload",
        is_flag=True,
        help="Restart the workers when a source file changes (development); a worker that "
        "fails waits for the next change.",
    )
    @click.option(
        "--metrics-port",
        type=int,
        default=None,
        help=f"Internal port of GET /metrics (default: {metrics_port_setting.upper()}).",
    )
    def serve_app(
        host: str | None,
        port: int | None,
        workers: int | None,
        reload: bool,
        metrics_port: int | None,
    ) -> None:
        """Serve the app under hypercorn (uvloop) until SIGTERM/SIGINT, then shut down gracefully."""
        from foundation.base.env import ENV
        from foundation.webserver.serve import serve
        from foundation.webserver.workers import load_app

        chosen_port = port if port is not None else getattr(ENV, port_setting)
        step(f"serving {name} on http://{host or ENV.web_host}:{chosen_port}")
        raise SystemExit(
            serve(
                load_app(app_path),
                port=chosen_port,
                host=host,
                workers=workers,
                app_path=app_path,
                reload=reload,
                metrics_port=(
                    metrics_port if metrics_port is not None else getattr(ENV, metrics_port_setting)
                ),
                port_setting=port_setting.upper(),
            )
        )

    return serve_app
