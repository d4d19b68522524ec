"""`blossom dev`: everything a developer needs running."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request

import click

from foundation.base.progress import step

SERVED = ("product", "panopticon")


@click.command()
@click.option("--no-serve", is_flag=True, help="Stop after Postgres is up and migrated.")
@click.option(
    "--pipeline",
    "with_pipeline",
    is_flag=True,
    help="Also run Dagster (`blossom pipeline dev`: UI on PIPELINE_PORT, and the daemon).",
)
def dev(no_serve: bool, with_pipeline: bool) -> None:
    """Start Postgres (embedded unless DATABASE_URL is set), migrate, then serve product and
    panopticon with autoreload (and Dagster with --pipeline) until Ctrl-C."""
    from database.connection import database_url
    from database.migrate import migrate
    from foundation.base.env import ENV
    from foundation.webserver.serve import check_port_free

    ports = {"product": ENV.product_port, "panopticon": ENV.panopticon_port}
    if not no_serve:  # before anything starts: a taken port is the one thing to fix
        for app, port in ports.items():
            check_port_free(ENV.web_host, port, f"set {app.upper()}_PORT to another port")
    started = time.monotonic()
    url = database_url(progress=step)
    migrate(url, progress=step)
    step(f"postgres ready at {url} ({time.monotonic() - started:.1f}s)")
    if no_serve:
        return
    signal.signal(signal.SIGTERM, _stop)
    children = [
        subprocess.Popen([sys.executable, "-m", "cli.main", app, "serve", "--reload"])
        for app in SERVED
    ]
    names: list[str] = list(SERVED)
    if with_pipeline:
        children.append(subprocess.Popen([sys.executable, "-m", "cli.main", "pipeline", "dev"]))
        names.append("pipeline")
    try:
        for app in SERVED:
            base = f"http://{ENV.web_host}:{ports[app]}"
            if _wait_for_ping(base, children):
                step(f"{app} ready at {base} (try {base}/ping)")
        if with_pipeline:
            base = f"http://{ENV.web_host}:{ENV.pipeline_port}"
            if _wait_for_ping(base, children, path="/server_info"):
                step(f"dagster ready at {base}")
        step("serving with autoreload; Ctrl-C stops everything")
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=ENV.web_shutdown_grace_seconds + 5)
            except subprocess.TimeoutExpired:
                child.kill()
    failed = [app for app, child in zip(names, children, strict=True) if child.returncode]
    if failed:
        raise SystemExit(f"stopped: {', '.join(failed)} exited with an error")


def _stop(*_: object) -> None:
    """SIGTERM stops the children like Ctrl-C does."""
    raise KeyboardInterrupt


def _wait_for_ping(base: str, children: list[subprocess.Popen[bytes]], path: str = "/ping") -> bool:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            return False
        try:
            with urllib.request.urlopen(f"{base}{path}", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False
