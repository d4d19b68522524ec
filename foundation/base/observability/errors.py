"""Error reporting: `report_error(exc, **context)`.

    report_error(error, rpc="invite_create", invite_id=invite.id)

Always logs the error (with its traceback). With SENTRY_DSN set (`init_error_reporting`,
which `create_app` calls), it also sends one Sentry event tagged with the request id, the
app, the route and the release, and the user's id as the event's user. Values bound to
the log context (`bind_context`: request_id, user_id, app, trace_id) join `context`.
Without SENTRY_SEND_PII nothing else of the user's leaves: no request data, no local
variables (they may hold emails or bodies), only the user id.

The SDK (about 85 ms of imports, urllib3's included) is imported when reporting starts,
so a process without SENTRY_DSN never loads it.
"""

from __future__ import annotations

import importlib.metadata
from typing import TYPE_CHECKING, Any

from foundation.base.env import ENV
from foundation.base.logs import get_logger, log_context

if TYPE_CHECKING:
    from sentry_sdk.transport import Transport

TAGS = ("request_id", "app", "rpc", "trace_id")
"""Context keys sent as Sentry tags (searchable); the others go in the `blossom` context."""


class _State:
    enabled = False


def release() -> str:
    """The release reported with every event: the installed version of the project."""
    try:
        return f"blossom@{importlib.metadata.version('blossom')}"
    except importlib.metadata.PackageNotFoundError:
        return "blossom@0.0.0"


def init_error_reporting(
    *,
    dsn: str | None = None,
    transport: type[Transport] | None = None,
    send_pii: bool | None = None,
) -> bool:
    """Start sending reports to Sentry when `dsn` (default SENTRY_DSN) is set; whether it
    is on. `transport` replaces the HTTP transport (tests: `MemoryTransport`). Only our
    explicit reports are sent: no automatic integration (a logged error, a framework's
    own capture) would send the same error twice."""
    dsn = ENV.sentry_dsn if dsn is None else dsn
    if not dsn:
        return False
    import sentry_sdk

    pii = ENV.sentry_send_pii if send_pii is None else send_pii
    options: dict[str, Any] = {"send_default_pii": True} if pii else {}
    sentry_sdk.init(
        dsn=dsn,
        release=release(),
        environment=ENV.environment,
        **options,
        include_local_variables=pii,
        max_request_body_size="always" if pii else "never",
        default_integrations=False,
        auto_enabling_integrations=False,
        integrations=[],
        transport=transport,
        before_send=None if pii else _without_pii,
    )
    _State.enabled = True
    return True


def stop_error_reporting() -> None:
    """Stop sending (flushes what is queued)."""
    if _State.enabled:
        import sentry_sdk

        client = sentry_sdk.get_client()
        client.close(timeout=2)
        sentry_sdk.get_global_scope().set_client(None)
        _State.enabled = False


def _without_pii(event: Any, _hint: Any) -> Any:
    event.pop("request", None)
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def report_error(error: BaseException, message: str = "error reported", /, **context: Any) -> None:
    """Log `error` (as `message`, with `context` and the traceback) and send it to Sentry
    when configured (see the module docstring)."""
    merged = {**log_context(), **context}
    get_logger(__name__).error(message, exc_info=error, **context)
    if not _State.enabled:
        return
    import sentry_sdk

    with sentry_sdk.new_scope() as scope:
        for key, value in merged.items():
            if key in TAGS and value is not None:
                scope.set_tag(key, str(value))
        user_id = merged.get("user_id")
        if user_id:
            scope.set_user({"id": str(user_id)})
        extra = {k: v for k, v in merged.items() if k not in TAGS and k != "user_id"}
        if extra:
            scope.set_context("blossom", {k: repr(v) for k, v in extra.items()})
        sentry_sdk.capture_exception(error)
