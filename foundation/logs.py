"""Structured logging facade over structlog.

    from foundation.logs import get_logger
    log = get_logger()
    log.info("user signed up", user_id=user.id)

Development: coloured `key=value` lines. Elsewhere: one JSON object per line.
Messages are lowercase; data goes in keyword fields. Values bound with
`bind_context(request_id=...)` appear on every line logged in that task.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, cast

import structlog

from foundation.env import ENV

_configured = False


def configure_logging(*, force_format: str | None = None) -> None:
    """Configure structlog and stdlib logging once per process (idempotent)."""
    global _configured
    if _configured and force_format is None:
        return
    fmt = force_format or ENV.log_format
    if fmt == "auto":
        fmt = "console" if ENV.is_development else "json"
    level = getattr(logging, ENV.log_level.upper())
    renderer: Any = (
        structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
        if fmt == "console"
        else structlog.processors.JSONRenderer()
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=_StderrLoggerFactory(),
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(level=max(level, logging.WARNING), stream=sys.stderr, format="%(message)s")
    _configured = True


class _StderrLogger:
    """Writes each rendered line to whatever `sys.stderr` is *now*.

    structlog's PrintLogger binds the stream at creation; test capture swaps
    `sys.stderr` and closes the old one, which would then break every later log.
    """

    def msg(self, message: str) -> None:
        stream = sys.stderr
        stream.write(message + "\n")
        stream.flush()

    log = debug = info = warn = warning = error = critical = exception = fatal = msg


class _StderrLoggerFactory:
    def __call__(self, *args: Any) -> _StderrLogger:
        return _StderrLogger()


Logger = structlog.typing.FilteringBoundLogger
"""What `get_logger()` returns: `info`/`warning`/`error`... with keyword fields, `bind`."""


def get_logger(name: str | None = None, **initial: Any) -> Logger:
    """A bound structlog logger; `name` defaults to the caller's module."""
    configure_logging()
    if name is None:
        frame = sys._getframe(1)  # pyright: ignore[reportPrivateUsage]
        name = frame.f_globals.get("__name__", "blossom")
    return cast(Logger, structlog.get_logger(name, **initial))


def bind_context(**values: Any) -> None:
    """Attach values to every log line of the current task (e.g. request_id)."""
    structlog.contextvars.bind_contextvars(**values)


def clear_context() -> None:
    structlog.contextvars.clear_contextvars()
