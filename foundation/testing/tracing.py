"""Tracing in tests: the `spans` fixture (the test plugin's: tracing on, spans kept in
memory, off again after the test) and `span_context`."""

from __future__ import annotations

from collections.abc import Iterator

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanContext

from foundation.base.observability.tracing import init_tracing, stop_tracing


def traced_in_memory() -> Iterator[InMemorySpanExporter]:
    """Every call traced into the exporter it yields, until the generator closes."""
    exporter = InMemorySpanExporter()
    init_tracing("test", exporter=exporter)
    try:
        yield exporter
    finally:
        stop_tracing()


def span_context(span: ReadableSpan) -> SpanContext:
    """A finished span's context (always set for the SDK's spans)."""
    assert span.context is not None
    return span.context
