"""Error reporting through Sentry with a memory transport (the real SDK, no network)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from quart import Quart
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport
from structlog.typing import EventDict

from foundation.base import strict_json
from foundation.base.observability.errors import (
    init_error_reporting,
    report_error,
    stop_error_reporting,
)
from foundation.testing.sample_app import sample_app

DSN = "https://public@sentry.example.invalid/1"


class MemoryTransport(Transport):
    """A Sentry transport keeping events in `MemoryTransport.events` (nothing leaves)."""

    events: list[dict[str, Any]] = []  # noqa: RUF012 - shared by every instance on purpose

    def capture_envelope(self, envelope: Envelope) -> None:
        event = envelope.get_event()
        if event is not None:
            MemoryTransport.events.append(dict(event))


@pytest.fixture
def events() -> Iterator[list[dict]]:
    MemoryTransport.events.clear()
    assert init_error_reporting(dsn=DSN, transport=MemoryTransport, send_pii=False)
    try:
        yield MemoryTransport.events
    finally:
        stop_error_reporting()
        MemoryTransport.events.clear()


@pytest.mark.handler_failures_expected
async def test_a_crashing_handler_is_one_event_with_the_request_id(events: list[dict]) -> None:
    app: Quart = sample_app()
    response = await app.test_client().post(
        "/rpc/crash",
        data=b"",
        headers={"Content-Type": "application/json", "X-Request-ID": "sentry-req-0001"},
    )
    body = strict_json.loads(await response.get_data(as_text=True))
    assert response.status_code == 500
    assert body == {"error": "UnknownError", "data": {"request_id": "sentry-req-0001"}}
    [event] = events
    assert event["tags"]["request_id"] == "sentry-req-0001"
    assert event["tags"]["rpc"] == "crash" and event["tags"]["app"] == app.name
    assert event["release"].startswith("blossom@")
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert "request" not in event  # no request data without SENTRY_SEND_PII
    frames = event["exception"]["values"][-1]["stacktrace"]["frames"]
    assert all("vars" not in frame for frame in frames)  # locals may hold emails


def test_report_error_sends_context_and_user_id_only(events: list[dict]) -> None:
    try:
        raise ValueError("boom")
    except ValueError as error:
        report_error(error, invite_id="inv_1", user_id="usr_1", email="a@example.test")
    [event] = events
    assert event["user"] == {"id": "usr_1"}
    assert event["contexts"]["blossom"]["invite_id"] == "'inv_1'"


def test_without_a_dsn_it_only_logs(logs: list[EventDict]) -> None:
    assert not init_error_reporting(dsn="")
    try:
        raise ValueError("boom")
    except ValueError as error:
        report_error(error, "invite email failed", invite_id="inv_2")
    [entry] = [e for e in logs if e["event"] == "invite email failed"]
    assert entry["invite_id"] == "inv_2" and "ValueError" in str(entry["exception"])
