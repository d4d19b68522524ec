"""The retry helper against a real fake HTTP server: transient failures are retried, a
permanent one is not, and a server that always fails gets a bounded number of attempts."""

from __future__ import annotations

import time

import httpx
import pytest

from foundation.base.observability.metrics import metrics_text
from foundation.base.observability.metrics_test import sample
from foundation.base.retry import is_retryable, retrying, retrying_sync
from foundation.testing.fake_http import FakeResponse, fake_http


async def _post(url: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=5) as http:
        response = await http.post(url, json={"n": 1})
        response.raise_for_status()
        return response


async def test_two_failures_then_success() -> None:
    with fake_http() as server:
        server.respond(
            "POST", "/flaky", FakeResponse(503), FakeResponse(502), FakeResponse(200, {"ok": 1})
        )
        before = sample(metrics_text(), "blossom_retries_total", operation="test.flaky")
        response = await retrying(
            "test.flaky", lambda: _post(server.url + "/flaky"), attempts=5, wait_initial=0.01
        )
        assert response.json() == {"ok": 1}
        assert len(server.calls("POST", "/flaky")) == 3
        assert sample(metrics_text(), "blossom_retries_total", operation="test.flaky") == before + 2


async def test_always_failing_gets_bounded_attempts_then_the_last_error() -> None:
    with fake_http() as server:
        server.respond("POST", "/down", FakeResponse(500))
        started = time.monotonic()
        with pytest.raises(httpx.HTTPStatusError) as caught:
            await retrying(
                "test.down",
                lambda: _post(server.url + "/down"),
                attempts=4,
                within_seconds=10,
                wait_initial=0.01,
                wait_max=0.05,
            )
        assert caught.value.response.status_code == 500
        assert len(server.calls("POST", "/down")) == 4
        assert time.monotonic() - started < 10  # the configured bound, not a speed claim


async def test_a_client_error_is_not_retried() -> None:
    with fake_http() as server:
        server.respond("POST", "/bad", FakeResponse(400))
        with pytest.raises(httpx.HTTPStatusError):
            await retrying("test.bad", lambda: _post(server.url + "/bad"), wait_initial=0.01)
        assert len(server.calls("POST", "/bad")) == 1


async def test_connection_refused_is_retried_within_the_time_bound() -> None:
    with fake_http() as server:
        url = server.url  # closed at exit: nothing listens there any more
    attempts: list[int] = []

    async def call() -> httpx.Response:
        attempts.append(1)
        return await _post(url)

    with pytest.raises(httpx.ConnectError):
        await retrying("test.refused", call, attempts=3, wait_initial=0.01)
    assert len(attempts) == 3


def test_retry_after_is_the_wait_and_sync_retries() -> None:
    request = httpx.Request("GET", "http://x")
    limited = httpx.Response(429, headers={"Retry-After": "7"}, request=request)
    assert is_retryable(httpx.HTTPStatusError("", request=request, response=limited)) == 7.0
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionResetError("reset")
        return "sent"

    assert retrying_sync("test.sync", flaky, attempts=3, wait_initial=0.01) == "sent"
    assert len(calls) == 3
