"""`blossom dev`: everything a developer needs running."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request

import click

from foundation.progress import step

SERVED = ("product", "panopticon")


@click.command()
@click.option("--no-serve", is_flag=True, help="Stop after Postgres is up and migrated.")
def dev(no_serve: bool) -> None:
    """Start Postgres (embedded unless DATABASE_URL is set), migrate, then serve product and
    panopticon with autoreload until Ctrl-C."""
    from database.connection import database_url
    from database.migrate import migrate
    from foundation.env import ENV

    started = time.monotonic()
    url = database_url(progress=step)
    migrate(url, progress=step)
    step(f"postgres ready at {url} ({time.monotonic() - started:.1f}s)")
    if no_serve:
        return
    ports = {"product": ENV.product_port, "panopticon": ENV.panopticon_port}
    signal.signal(signal.SIGTERM, _stop)
    children = [
        subprocess.Popen([sys.executable, "-m", "cli.main", app, "serve", "--reload"])
        for app in SERVED
    ]
    try:
        for app in SERVED:
            base = f"http://{ENV.web_host}:{ports[app]}"
            if _wait_for_ping(base, children):
                step(f"{app} ready at {base} (try {base}/ping)")
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
    failed = [app for app, child in zip(SERVED, children, strict=True) if child.returncode]
    if failed:
        raise SystemExit(f"stopped: {', '.join(failed)} exited with an error")


def _stop(*_: object) -> None:
    """SIGTERM stops the children like Ctrl-C does."""
    raise KeyboardInterrupt


def _wait_for_ping(base: str, children: list[subprocess.Popen[bytes]]) -> bool:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            return False
        try:
            with urllib.request.urlopen(f"{base}/ping", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False
