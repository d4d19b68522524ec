"""Tracing with an in-memory exporter on the sample app (the per-statement spans of a
product call: `product/observability_test.py`)."""

from __future__ import annotations

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from structlog.typing import EventDict

from foundation.base.observability.tracing import (
    TRACE_HEADER,
)
from foundation.testing.sample_app import sample_app
from foundation.testing.tracing import span_context


async def test_one_span_per_call_its_id_in_the_header_and_the_logs(
    spans: InMemorySpanExporter, logs: list[EventDict]
) -> None:
    app = sample_app()
    response = await app.test_client().post(
        "/rpc/nothing", data=b"", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200
    trace_id = response.headers[TRACE_HEADER]
    [span] = spans.get_finished_spans()
    assert span.name == "rpc nothing" and format(span_context(span).trace_id, "032x") == trace_id
    assert span.attributes is not None
    assert span.attributes["blossom.request_id"] == response.headers["X-Request-ID"]
    [access] = [e for e in logs if e["event"] == "request"]
    assert access["trace_id"] == trace_id
