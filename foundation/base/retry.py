"""The one retry helper: exponential backoff with jitter, capped, only on retryable errors
(stamina underneath). Every external client and the email sender use it.

    result = await retrying("slack.webhook", lambda: client.post(...))
    retrying_sync("smtp.send", lambda: smtp.send_message(message))

Retryable (`is_retryable`): timeouts and connection failures (`httpx.TransportError`,
`OSError`, `TimeoutError`), HTTP answers 408/425/429/5xx (`httpx.HTTPStatusError`; a
`Retry-After` header sets the wait), transient SMTP replies (4xx) and `RetryableError`.
Anything else fails at once. At most EXTERNAL_RETRY_ATTEMPTS attempts within
EXTERNAL_RETRY_TIMEOUT_SECONDS; each retry counts in `blossom_retries_total{operation}`
and logs a line; the last error is raised unchanged.
"""

from __future__ import annotations

import smtplib
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
import stamina
import stamina.instrumentation

from foundation.base.env import ENV
from foundation.base.errors import BaseError
from foundation.base.logs import get_logger
from foundation.base.observability.metrics import metric_count

T = TypeVar("T")

RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER_SECONDS = 30.0

# Our own metric and log line replace stamina's default instrumentation (its own
# prometheus counter would bypass the metrics facade).
stamina.instrumentation.set_on_retry_hooks([])


class RetryableError(BaseError):
    """Raise it (or a subclass) for a failure worth another attempt."""


def is_retryable(error: Exception) -> bool | float:
    """Whether `error` is worth another attempt; a float is the wait the server asked for
    (seconds, from `Retry-After`)."""
    if isinstance(error, httpx.HTTPStatusError):
        status = error.response.status_code
        if status not in RETRYABLE_STATUSES:
            return False
        after = error.response.headers.get("Retry-After", "")
        if after.strip().isdigit():
            return min(float(after), MAX_RETRY_AFTER_SECONDS)
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    return isinstance(error, httpx.TransportError | OSError | TimeoutError | RetryableError)


def _on(
    operation: str, on: Callable[[Exception], bool | float]
) -> Callable[[Exception], bool | float]:
    def decide(error: Exception) -> bool | float:
        verdict = on(error)
        if verdict is not False:
            get_logger(__name__).warning(
                "attempt failed with a retryable error",
                operation=operation,
                error=repr(error)[:300],
            )
        return verdict

    return decide


async def retrying(
    operation: str,
    call: Callable[[], Awaitable[T]],
    *,
    on: Callable[[Exception], bool | float] = is_retryable,
    attempts: int | None = None,
    within_seconds: float | None = None,
    wait_initial: float = 0.1,
    wait_max: float = 5.0,
) -> T:
    """`await call()`, again after a retryable failure (see the module docstring)."""
    async for attempt in _retry_context(
        operation, on, attempts, within_seconds, wait_initial, wait_max
    ):
        with attempt:
            if attempt.num > 1:
                metric_count("retries_total", operation=operation)
            return await call()
    raise AssertionError("unreachable: stamina raises the last error")


def retrying_sync(
    operation: str,
    call: Callable[[], T],
    *,
    on: Callable[[Exception], bool | float] = is_retryable,
    attempts: int | None = None,
    within_seconds: float | None = None,
    wait_initial: float = 0.1,
    wait_max: float = 5.0,
) -> T:
    """`retrying` for blocking code (in a thread: it sleeps between attempts)."""
    for attempt in _retry_context(operation, on, attempts, within_seconds, wait_initial, wait_max):
        with attempt:
            if attempt.num > 1:
                metric_count("retries_total", operation=operation)
            return call()
    raise AssertionError("unreachable: stamina raises the last error")


def _retry_context(
    operation: str,
    on: Callable[[Exception], bool | float],
    attempts: int | None,
    within_seconds: float | None,
    wait_initial: float,
    wait_max: float,
) -> Any:  # stamina's attempts, iterated with for or async for
    """stamina's attempts (iterated sync or async) with our defaults and metric."""
    return stamina.retry_context(
        on=_on(operation, on),
        attempts=attempts or ENV.external_retry_attempts,
        timeout=within_seconds or ENV.external_retry_timeout_seconds,
        wait_initial=wait_initial,
        wait_max=wait_max,
        wait_jitter=wait_initial,
    )
