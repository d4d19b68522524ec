"""`create_app`: the one app factory behind both apps (product and panopticon).

    app = create_app("product", [product_router])

The app is a Quart app whose ASGI callable is three layers, outermost first:

    ExchangePolicy (exchange.py: request id, headers, CORS, crashes as JSON, access log)
      -> RPCEndpoint (foundation.rpc: `/rpc/<name>` of every route of `routers`)
        -> Quart (`GET /ping` (liveness), `GET /ready` (readiness, `readiness.py`), the OpenAPI document at `GET /openapi.json` and its page
           at `GET /docs` (see `openapi.py`), JSON for its own HTTP errors (`errors.py`))

The same object is configured, served by hypercorn and driven by Quart's test client.
When serving starts in a worker: error reporting and tracing if configured, the email
outbox's sender; when it stops, those and the database pool are closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.metadata
from collections.abc import Collection, Mapping
from typing import Any

from quart import Quart, Response

from database.pool import close_pool
from foundation.base.env import ENV
from foundation.base.logs import get_logger
from foundation.base.observability.errors import init_error_reporting, stop_error_reporting
from foundation.base.observability.tracing import init_tracing, stop_tracing
from foundation.email.outbox import start_background_sender
from foundation.email.render import check_templates
from foundation.rpc.endpoint import RPCEndpoint
from foundation.rpc.router import Router
from foundation.webhooks.sender import start_background_sender as start_webhook_sender
from foundation.webserver.api_docs import install_api_docs
from foundation.webserver.dev_outbox import install_dev_outbox
from foundation.webserver.errors import install_error_handlers
from foundation.webserver.exchange import ExchangePolicy
from foundation.webserver.ping import ping_body
from foundation.webserver.readiness import readiness
from foundation.webserver.responses import json_response

ROUTERS_EXTENSION = "blossom_routers"
WEBHOOKS_EXTENSION = "blossom_webhooks"
"""`app.extensions[ROUTERS_EXTENSION]`: the routers the app was built with."""
ENDPOINT_EXTENSION = "blossom_rpc_endpoint"
"""`app.extensions[ENDPOINT_EXTENSION]`: the app's `RPCEndpoint` (test clients read its
routes)."""


def package_version() -> str:
    """The installed version of the project, "0.0.0" when it is not installed."""
    try:
        return importlib.metadata.version("blossom")
    except importlib.metadata.PackageNotFoundError:
        return "0.0.0"


def create_app(
    name: str,
    routers: list[Router],
    *,
    version: str | None = None,
    cors_origins: Collection[str] | None = None,
    session_cookie: str | None = None,
    public_url: str | None = None,
    webhooks: Mapping[str, type[Any]] | None = None,
) -> Quart:
    """A Quart app serving `routers`; `cors_origins` defaults to `ENV.cors_origin_list`.
    The OpenAPI document names `session_cookie` (the app's, if it has sessions) for the
    routes that need a session, and `public_url` (where clients reach the app) as its
    server; `webhooks` (event type -> the type of its `data`) become its `webhooks`
    section."""
    # A template that does not render (an override using a variable its email lacks)
    # stops the app here, not at send time.
    check_templates()
    app = Quart(name, static_folder=None)
    # Quart refuses larger bodies itself too, so an oversized body is never buffered.
    app.config["MAX_CONTENT_LENGTH"] = ENV.rpc_max_body_bytes
    app_version = version if version is not None else package_version()
    install_error_handlers(app)

    async def ping() -> Response:
        return json_response(await ping_body(app_version))

    async def ready() -> Response:
        status, body = await readiness()
        return json_response(body, status)

    app.add_url_rule("/ping", endpoint="ping", view_func=ping, methods=["GET"])
    app.add_url_rule("/ready", endpoint="ready", view_func=ready, methods=["GET"])
    endpoint = RPCEndpoint(name, app.asgi_app)
    for router in routers:
        endpoint.mount(router)
    app.extensions[ENDPOINT_EXTENSION] = endpoint
    app.extensions[ROUTERS_EXTENSION] = list(routers)
    app.extensions[WEBHOOKS_EXTENSION] = dict(webhooks or {})
    origins = ENV.cors_origin_list if cors_origins is None else cors_origins
    app.asgi_app = ExchangePolicy(endpoint, origins)  # type: ignore[method-assign]
    install_api_docs(
        app,
        name,
        list(routers),
        version=app_version,
        session_cookie=session_cookie,
        public_url=public_url,
        webhooks=webhooks,
    )
    install_observability(app)
    install_background_tasks(app)
    install_dev_outbox(app)
    app.after_serving(close_pool)
    return app


def install_observability(app: Quart) -> None:
    """Each serving worker starts error reporting (SENTRY_DSN) and tracing
    (OTEL_EXPORTER_OTLP_ENDPOINT) if configured, and flushes them when it stops."""

    async def start() -> None:
        init_error_reporting()
        init_tracing(app.name)

    async def stop() -> None:
        stop_tracing()
        stop_error_reporting()

    app.before_serving(start)
    app.after_serving(stop)


STOP_GRACE_SECONDS = 1.0


async def stop_task(task: asyncio.Task[None]) -> None:
    """Cancel `task` and wait until it has ended, cancelling it again every
    STOP_GRACE_SECONDS while it runs on (a cancellation swallowed by a library must not
    leave a sender running after its worker stopped)."""
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=STOP_GRACE_SECONDS)
        if not task.done():
            get_logger(__name__).warning(
                "background task ignored its cancellation", task=task.get_name()
            )
    with contextlib.suppress(asyncio.CancelledError, Exception):
        task.result()


def install_background_tasks(app: Quart) -> None:
    """Each serving worker runs the email outbox's sender (EMAIL_SENDER=background) and
    the webhook sender (WEBHOOK_SENDER=background), cancelled when the worker stops."""
    tasks: list[asyncio.Task[None]] = []

    async def start() -> None:
        for task in (start_background_sender(), start_webhook_sender()):
            if task is not None:
                tasks.append(task)

    async def stop() -> None:
        for task in tasks:
            await stop_task(task)
        tasks.clear()

    app.before_serving(start)
    app.after_serving(stop)
