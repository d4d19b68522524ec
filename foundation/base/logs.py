"""Structured logging facade over structlog.

    from foundation.base.logs import get_logger
    log = get_logger()
    log.info("user signed up", user_id=user.id)

Production (`LOG_FORMAT=auto` with `BLOSSOM_ENV=production`, or `LOG_FORMAT=json`): one
JSON object per line on stderr, with `timestamp`, `level`, `logger` (the module, or the
library's logger) and `message`, then the fields. Elsewhere (development, tests): readable
coloured `key=value` lines. Both hold for every line of the process: ours, the standard
library's loggers (asyncpg, hypercorn, asyncio, Python's warnings) and the CLI's own
progress and error lines (`foundation.base.progress`).
Messages are lowercase; data goes in keyword fields. Values bound with
`bind_context(request_id=...)` appear on every line logged in that task.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time
import types
from collections.abc import Mapping
from typing import Any, cast

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from foundation.base.env import log_settings

_configured = False
_json = False
_level = logging.INFO


def configure_logging(*, force_format: str | None = None) -> None:
    """Configure structlog and stdlib logging once per process (idempotent).
    `force_format` ("json" or "console") overrides LOG_FORMAT."""
    global _configured, _json, _level
    if _configured and force_format is None:
        return
    json_lines, level_name = log_settings()
    if force_format is not None:
        json_lines = force_format == "json"
    level = getattr(logging, level_name.upper())
    _json, _level = json_lines, level
    render: list[Processor] = (
        [_json_fields, _render_json]
        if json_lines
        else [structlog.dev.ConsoleRenderer(colors=_stderr_is_terminal())]
    )
    processors: list[Processor] = [
        merge_context,
        structlog.processors.add_log_level,
        _add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        *render,
    ]
    _Rendering.processors = processors
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=_StderrLoggerFactory(),
        cache_logger_on_first_use=True,
    )
    _configure_standard_library(level, render)
    _configured = True


class _Rendering:
    processors: list[Processor] = []  # noqa: RUF012
    """The list configured in structlog (which keeps this very list; `capture_logs`
    swaps its contents for a capture, in place)."""


def info_line(name: str, message: str, /, **fields: Any) -> None:
    """`get_logger(name).info(message, **fields)`: the same line through the same
    configured processors (or a test's capture), without building a bound logger for it.
    For the one access-log line each request writes: structlog's lazy proxy, bound logger
    and level filter made per line cost about half of the line's 50 µs of CPU."""
    configure_logging()
    if _level > logging.INFO:
        return
    logger = _StderrLogger(name)
    event: Any = {**fields, "event": message}  # in structlog's order: the fields, then event
    try:
        for processor in _Rendering.processors:
            event = processor(logger, "info", event)
    except structlog.DropEvent:  # dropped, or captured by a test (`capture_logs`)
        return
    logger.msg(event)


def json_logs() -> bool:
    """Whether this process writes its lines as JSON (production): the CLI then logs its
    progress and errors instead of printing them."""
    configure_logging()
    return _json


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed by a test harness
        return False


def _add_logger_name(logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    name = getattr(logger, "name", None)
    if name is not None:
        event_dict.setdefault("logger", name)
    return event_dict


def _unknown_to_json(value: Any) -> Any:
    """A field JSON has no type for: its `__structlog__()`, else its repr (as structlog's
    JSONRenderer writes it)."""
    try:
        return value.__structlog__()
    except AttributeError:
        return repr(value)


_LINE_ENCODER = json.JSONEncoder(default=_unknown_to_json)
"""Built once (`json.dumps(..., default=...)`, as structlog's JSONRenderer calls it, builds
an encoder per line); the same output."""


def _render_json(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> str:
    """A line's JSON text."""
    return _LINE_ENCODER.encode(event_dict)


def _json_fields(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """The JSON line's fields: `timestamp`, `level`, `logger`, `message` first (the
    message under the name log collectors read), then the line's own."""
    lead = {
        "timestamp": None,
        "level": None,
        "logger": None,
        "message": event_dict.pop("event", ""),
    }
    for key in ("timestamp", "level", "logger"):
        lead[key] = event_dict.pop(key, None)
    return {**lead, **event_dict}


def _configure_standard_library(level: int, render: list[Processor]) -> None:
    """Route the standard library's log records (asyncpg, hypercorn, asyncio, warnings)
    through the same rendering, on one handler of the root logger. Libraries' lines below
    WARNING stay quiet (hypercorn's and asyncpg's INFO are chatter), unless a library's
    logger is given its own level (`library_logger(name, level=...)`)."""
    handler = _StderrHandler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            # No bound context (request_id): a library's task started during a request
            # (asyncpg's pool refilling itself) would carry that request's id for good.
            foreign_pre_chain=[
                structlog.stdlib.add_log_level,
                structlog.stdlib.add_logger_name,
                structlog.processors.TimeStamper(fmt="iso", utc=True),
            ],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                *render,
            ],
        )
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(max(level, logging.WARNING))
    logging.captureWarnings(True)  # Python's warnings become log lines too
    pool_log = logging.getLogger("asyncpg.pool")
    if not any(isinstance(f, _WithoutTraceback) for f in pool_log.filters):
        pool_log.addFilter(_WithoutTraceback())


class _StderrHandler(logging.Handler):
    """Writes each formatted record to whatever `sys.stderr` is *now* (see `_StderrLogger`)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
            stream = sys.stderr
            stream.write(line + "\n")
            stream.flush()
        except Exception:  # logging must never raise into the caller
            self.handleError(record)


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

    def __init__(self, name: str | None = None) -> None:
        self.name = name

    def msg(self, message: str) -> None:
        stream = sys.stderr
        stream.write(message + "\n")
        stream.flush()

    log = debug = info = warn = warning = error = critical = exception = fatal = msg


class _StderrLoggerFactory:
    def __call__(self, *args: Any) -> _StderrLogger:
        return _StderrLogger(args[0] if args and isinstance(args[0], str) else None)


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


def library_logger(name: str, *, level: str | None = None) -> logging.Logger:
    """The standard-library logger of a third-party library (`"hypercorn.error"`), to hand
    to it or to filter it; its lines are rendered like ours. `level` ("info", "warning"...;
    unknown: info) lets its lines from that level through (libraries' INFO is quiet
    otherwise), never below LOG_LEVEL. Our own code logs with `get_logger()`."""
    configure_logging()
    logger = logging.getLogger(name)
    if level is not None:
        number = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
        logger.setLevel(max(number, _level))
    return logger


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


_CONTEXT: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar(
    "blossom_log_context", default=types.MappingProxyType({})
)
"""The values bound for the current task's log lines: one variable holding a dict that is
replaced, never changed (a task started from this one keeps what was bound then).
structlog's own context variables cost a variable per key and a copy of the whole
context to clear; this is set twice and cleared once per request."""


def bind_context(**values: Any) -> None:
    """Attach values to every log line of the current task (e.g. request_id)."""
    _CONTEXT.set({**_CONTEXT.get(), **values})


def clear_context() -> None:
    """Forget every value bound in the current task."""
    _CONTEXT.set({})


def log_context() -> dict[str, Any]:
    """A copy of the values bound for the current task's log lines."""
    return dict(_CONTEXT.get())


def merge_context(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """The structlog processor adding the bound values to a line (its own fields win)."""
    for key, value in _CONTEXT.get().items():
        event_dict.setdefault(key, value)
    return event_dict
