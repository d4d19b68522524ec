"""Structured logging facade over structlog.

    from foundation.base.logs import get_logger
    log = get_logger()
    log.info("user signed up", user_id=user.id)

Development: coloured `key=value` lines. Elsewhere: one JSON object per line.
Messages are lowercase; data goes in keyword fields. Values bound with
`bind_context(request_id=...)` appear on every line logged in that task.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any, cast

import structlog

from foundation.base.env import ENV

_configured = False
_level = logging.INFO


def configure_logging(*, force_format: str | None = None) -> None:
    """Configure structlog and stdlib logging once per process (idempotent)."""
    global _configured, _level
    if _configured and force_format is None:
        return
    fmt = force_format or ENV.log_format
    if fmt == "auto":
        fmt = "console" if ENV.is_development else "json"
    level = getattr(logging, ENV.log_level.upper())
    _level = level
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
    pool_log = logging.getLogger("asyncpg.pool")
    if not any(isinstance(f, _WithoutTraceback) for f in pool_log.filters):
        pool_log.addFilter(_WithoutTraceback())
    _configured = True


class _WithoutTraceback(logging.Filter):
    """asyncpg's pool logs every failed reconnect (with backoff) with a traceback; during a
    database outage that is kilobytes of noise per line. Keep the message and the error."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()}: {record.exc_info[1]!r}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


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
    def __call__(self, *_args: Any) -> _StderrLogger:
        return _StderrLogger()


Logger = structlog.typing.FilteringBoundLogger
"""What `get_logger()` returns: `info`/`warning`/`error`... with keyword fields, `bind`."""


def get_logger(name: str | None = None, **initial: Any) -> Logger:
    """A bound structlog logger; `name` defaults to the caller's module."""
    configure_logging()
    if name is None:
        frame = sys._getframe(1)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
        name = frame.f_globals.get("__name__", "blossom")
    return cast(Logger, structlog.get_logger(name, **initial))


def log_enabled(level: int) -> bool:
    """Whether lines at `level` (`logging.INFO`...) are written: a per-request line can
    skip building its fields when they would be dropped."""
    configure_logging()
    return level >= _level


def library_logger(name: str) -> logging.Logger:
    """The standard-library logger of a third-party library (`"hypercorn.error"`), to hand
    to it or to filter it. Our own code logs with `get_logger()`."""
    configure_logging()
    return logging.getLogger(name)


class RateLimitedLog:
    """Logs each message at most once per `per_seconds`, for conditions that can repeat
    thousands of times a second (a database outage); the next line of a message says how
    many of it were suppressed. Made at import time, it reads no configuration until its
    first line (`name` is the logger's)."""

    def __init__(self, name: str, *, per_seconds: float) -> None:
        self._name = name
        self._per_seconds = per_seconds
        self._last: dict[str, float] = {}
        self._suppressed: dict[str, int] = {}

    def warning(self, message: str, **fields: Any) -> None:
        now = time.monotonic()
        if now - self._last.get(message, float("-inf")) < self._per_seconds:
            self._suppressed[message] = self._suppressed.get(message, 0) + 1
            return
        self._last[message] = now
        suppressed = self._suppressed.pop(message, 0)
        get_logger(self._name).warning(
            message, **fields, **({"suppressed": suppressed} if suppressed else {})
        )


def bind_context(**values: Any) -> None:
    """Attach values to every log line of the current task (e.g. request_id)."""
    structlog.contextvars.bind_contextvars(**values)


def clear_context() -> None:
    structlog.contextvars.clear_contextvars()
