"""`ExternalHTTP`: how every external client calls its service over HTTP: a timeout per
attempt (EXTERNAL_TIMEOUT_SECONDS), retries of transient failures (`foundation.base.retry`),
and metrics (`blossom_external_calls_total{service,operation,outcome}`,
`blossom_external_call_duration_seconds`)."""

from __future__ import annotations

from typing import Any

import httpx

from foundation.base.env import ENV
from foundation.base.observability.metrics import metric_count, metric_time
from foundation.base.retry import retrying
from foundation.external.errors import ExternalServiceError


class ExternalHTTP:
    def __init__(
        self,
        service: str,
        *,
        base_url: str,
        headers: dict[str, str] | None = None,
        timeout_seconds: float | None = None,
        attempts: int | None = None,
    ):
        """`timeout_seconds` per attempt and at most `attempts` attempts: for a service
        a user waits on (EXTERNAL_TIMEOUT_SECONDS and EXTERNAL_RETRY_ATTEMPTS unless
        given)."""
        self.service = service
        self.base_url = base_url.rstrip("/")
        self.headers = headers or {}
        self.timeout_seconds = timeout_seconds
        self.attempts = attempts

    async def request(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        retry: bool = True,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """The answer of `method base_url+path` (2xx; `ExternalServiceError` otherwise),
        retried on transient failures unless `retry` is False (a call that is not
        idempotent)."""
        url = path if path.startswith(("http://", "https://")) else self.base_url + path

        async def attempt() -> httpx.Response:
            with metric_time(
                "external_call_duration_seconds", service=self.service, operation=operation
            ):
                timeout = self.timeout_seconds or ENV.external_timeout_seconds
                async with httpx.AsyncClient(timeout=timeout) as http:
                    response = await http.request(
                        method, url, headers={**self.headers, **(headers or {})}, **kwargs
                    )
            response.raise_for_status()
            return response

        try:
            response = await (
                retrying(f"{self.service}.{operation}", attempt, attempts=self.attempts)
                if retry
                else attempt()
            )
        except Exception as error:
            metric_count(
                "external_calls_total", service=self.service, operation=operation, outcome="error"
            )
            raise ExternalServiceError(
                f"{self.service} call failed", operation=operation, error=repr(error)[:500]
            ) from error
        metric_count(
            "external_calls_total", service=self.service, operation=operation, outcome="ok"
        )
        return response
