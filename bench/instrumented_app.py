"""The product app with metrics and tracing on, for `product_http.py`: spans go in
batches (as with OTLP) to an in-memory exporter (emptied as it fills), metrics are recorded and served on a port of
their own, as in production with METRICS_PORT and OTEL_EXPORTER_OTLP_ENDPOINT set.

    python bench/instrumented_app.py PORT METRICS_PORT RATIO

RATIO: the share of calls traced (OTEL_TRACES_SAMPLER_ARG; unsampled calls still get a
trace id, without spans).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from foundation.base.observability.tracing import init_tracing
from foundation.webserver.serve import serve
from product.app import create_product_app

KEEP = 10_000


class BoundedMemoryExporter(InMemorySpanExporter):
    """Keeps the latest spans in memory (at most about KEEP) and counts them all."""

    exported = 0
    kept = 0

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        BoundedMemoryExporter.exported += len(spans)
        BoundedMemoryExporter.kept += len(spans)
        if BoundedMemoryExporter.kept > KEEP:
            self.clear()
            BoundedMemoryExporter.kept = len(spans)
        return super().export(spans)


def main() -> int:
    port, metrics_port, ratio = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    app = create_product_app()

    @app.before_serving
    async def trace_in_memory() -> None:  # after the app's own start (which reads OTEL_*)
        init_tracing("product", exporter=BoundedMemoryExporter(), batch=True, ratio=ratio)

    return serve(app, host="127.0.0.1", port=port, workers=1, metrics_port=metrics_port)


if __name__ == "__main__":
    sys.exit(main())
