"""Running an app under hypercorn with uvloop, with graceful shutdown.

    serve(app, port=ENV.product_port)                                             # one process
    serve(app, port=..., workers=4, app_path="product.app:create_product_app()")  # several

On SIGTERM or SIGINT (sent to the server, or to its whole process group) it stops
accepting connections and lets in-flight requests finish for up to
WEB_SHUTDOWN_GRACE_SECONDS; requests still running shortly before that ends are answered
with a JSON 503; then the app's `after_serving` hooks run (closing the database pool) and
the process exits. See `workers.py`: one worker runs in this process; several are worker
processes we supervise, each building the app from `app_path`, since a Quart app cannot
be sent to another process (they are spawned, so a calling script must guard its entry
point with `if __name__ == "__main__":`). `reload` (development) runs the workers the same
way and restarts them when a source file changes.

Before serving, the database's schema is checked (`readiness.py`: production refuses a
schema behind this version, development migrates it). The listening socket is opened first: a port another process holds is `PortInUseError`
(one line naming the address, the port and what to do), never mistaken for anything else.
"""

from __future__ import annotations

import errno
import math
import shutil
import tempfile
from pathlib import Path

import uvloop
from hypercorn.config import Config, Sockets
from quart import Quart

from foundation.base.env import ENV
from foundation.base.errors import ConfigurationError
from foundation.base.logs import get_logger, library_logger
from foundation.base.observability.metrics import (
    MetricsServer,
    disable_metrics,
    enable_multiprocess,
    serve_metrics,
)
from foundation.webserver.readiness import check_schema_at_start
from foundation.webserver.workers import serve_worker, supervise


class PortInUseError(ConfigurationError):
    """The address and port a server was to listen on are taken by another process."""


def port_in_use(host: str, port: int, remedy: str) -> PortInUseError:
    """The error for `host:port` being taken; `remedy` says how to pick another port."""
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return PortInUseError(
        f"cannot listen on {where}: the port is already in use by another process (an "
        f"earlier server or `blossom dev` still running? `ss -ltnp 'sport = :{port}'` shows "
        f"which); stop it, or {remedy}"
    )


def bind(config: Config, remedy: str) -> Sockets:
    """Open the listening sockets of `config` (hypercorn's own way of binding);
    `PortInUseError` when its address is taken."""
    try:
        return config.create_sockets()
    except OSError as e:
        if e.errno != errno.EADDRINUSE:
            raise
        host, _, port = config.bind[0].rpartition(":")
        raise port_in_use(host.strip("[]"), int(port), remedy) from None


def check_port_free(host: str, port: int, remedy: str) -> None:
    """Raise `PortInUseError` unless a server could listen on `host:port` now."""
    sockets = bind(hypercorn_config(host=host, port=port), remedy)
    for sock in sockets.insecure_sockets:
        sock.close()


def hypercorn_config(
    *, host: str, port: int, workers: int = 1, grace_seconds: float | None = None
) -> Config:
    """The hypercorn settings we run with (our own access log replaces hypercorn's)."""
    config = Config()
    config.bind = [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]
    config.workers = workers
    config.worker_class = "uvloop"
    config.graceful_timeout = (
        ENV.web_shutdown_grace_seconds if grace_seconds is None else grace_seconds
    )
    config.accesslog = None
    config.errorlog = library_logger("hypercorn.error")
    config.include_server_header = False
    config.read_timeout = math.ceil(ENV.rpc_body_timeout_seconds)  # an idle connection
    return config


def serve(
    app: Quart,
    *,
    port: int,
    host: str | None = None,
    workers: int | None = None,
    app_path: str | None = None,
    reload: bool = False,
    metrics_port: int | None = None,
    port_setting: str | None = None,
) -> int:
    """Serve `app` until SIGTERM/SIGINT; returns the exit code (0 after a clean shutdown).

    `host` and `workers` default to WEB_HOST and WEB_WORKERS. With more than one worker,
    `app_path` ("module:factory()", e.g. "product.app:create_product_app()") says how each
    worker process builds the app; `reload` (development) restarts the workers when a
    source file changes and needs it too.

    `metrics_port`: serve `GET /metrics` on METRICS_HOST at that port (internal: never the
    app's port); without it no metric is recorded. With several workers this process serves the sum of its workers' values
    (prometheus multiprocess mode, in a temporary directory removed at exit).

    `port_setting` (e.g. "PRODUCT_PORT") is named when the port is taken.
    """
    host = ENV.web_host if host is None else host
    workers = ENV.web_workers if workers is None else workers
    config = hypercorn_config(host=host, port=port, workers=workers)
    if (workers > 1 or reload) and app_path is None:  # before binding anything
        raise _needs_app_path(app.name, workers)
    remedy = "choose another port with --port" + (f" or {port_setting}" if port_setting else "")
    log = get_logger(__name__)
    sockets = bind(config, remedy)
    check_schema_at_start()  # production refuses a schema behind; development migrates
    log.info("serving", app=app.name, host=host, port=port, workers=workers, reload=reload)
    if workers == 1 and not reload:
        if metrics_port is None:
            disable_metrics()  # nobody could read them: do not pay for them
        metrics = _metrics_server(metrics_port)
        try:
            uvloop.run(serve_worker(app, config, sockets))
        finally:
            if metrics is not None:
                metrics.close()
        log.info("stopped serving", app=app.name)
        return 0
    if app_path is None:
        raise _needs_app_path(app.name, workers)
    directory = None
    if metrics_port is not None:
        directory = Path(tempfile.mkdtemp(prefix="blossom-metrics-"))
        enable_multiprocess(directory)
    metrics = _metrics_server(metrics_port)
    try:
        exitcode = supervise(config, app_path, workers, sockets, reload=reload)
    finally:
        if metrics is not None:
            metrics.close()
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)
    log.info("stopped serving", app=app.name, exitcode=exitcode)
    return exitcode


def _needs_app_path(name: str, workers: int) -> ConfigurationError:
    return ConfigurationError(
        "serving with several workers or reload needs app_path (module:factory())",
        app=name,
        workers=workers,
    )


def _metrics_server(port: int | None) -> MetricsServer | None:
    if port is None:
        return None
    try:
        server = serve_metrics(ENV.metrics_host, port)
    except OSError as e:
        if e.errno != errno.EADDRINUSE:
            raise
        raise port_in_use(
            ENV.metrics_host, port, "choose another metrics port with --metrics-port"
        ) from None
    get_logger(__name__).info("serving metrics", host=ENV.metrics_host, port=server.port)
    return server
