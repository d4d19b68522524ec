"""Optional OpenTelemetry tracing: a span per RPC call and per database statement.

On when OTEL_EXPORTER_OTLP_ENDPOINT is set (`init_tracing`, which `create_app` calls),
exporting over OTLP/HTTP in batches; tests and the benchmark pass an exporter of their
own (`InMemorySpanExporter`). Off, `rpc_span` costs one check and `record_query` is
never registered.

- `rpc_span(app, rpc)`: the call's span (`rpc <name>`); its trace id is bound into the
  log context (`trace_id` on every line of the call) and returned, so the response can
  echo it (`X-Trace-ID`, beside `X-Request-ID`).
- Database statements are recorded through asyncpg's query logger (`record_query`,
  added to each connection the pool hands out while tracing is on), named after the
  generated query (`db auth_session_lookup`), or the statement's first keyword (`db
  SELECT`); parameters are never recorded. Transaction control (BEGIN, COMMIT, ROLLBACK)
  gets a span only when it fails.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from opentelemetry import trace

from foundation.base.env import ENV
from foundation.base.logs import bind_context

if TYPE_CHECKING:  # the SDK is imported when tracing starts: off, no process loads it
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

TRACE_HEADER = "X-Trace-ID"
TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "ROLLBACK"})
_FIRST_WORD = re.compile(r"\s*([A-Za-z]+)")


class _State:
    provider: TracerProvider | None = None
    tracer: trace.Tracer | None = None
    names: dict[str, str] = {}  # noqa: RUF012 - the statement name cache
    modules_scanned = 0
    ratio = 1.0


def tracing_enabled() -> bool:
    return _State.tracer is not None


def init_tracing(
    service: str,
    *,
    exporter: SpanExporter | None = None,
    batch: bool = False,
    ratio: float | None = None,
) -> bool:
    """Trace this process as `service` when OTEL_EXPORTER_OTLP_ENDPOINT is set or an
    `exporter` is given (exported as each span ends, for tests, unless `batch`: in a
    background thread, as OTLP is); whether tracing is on. `ratio` (default
    OTEL_TRACES_SAMPLER_ARG with OTLP, 1 with an `exporter`) is the share of calls whose
    spans are recorded; every call still gets a trace id for its logs and `X-Trace-ID`."""
    endpoint = ENV.otel_exporter_otlp_endpoint
    if exporter is None and not endpoint:
        return False
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        processor: Any = BatchSpanProcessor(
            OTLPSpanExporter(endpoint=endpoint.rstrip("/") + "/v1/traces")
        )
    else:
        processor = BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter)
    if ratio is None:
        ratio = ENV.otel_traces_sampler_arg if exporter is None else 1.0
    stop_tracing()
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    _State.ratio = ratio
    provider.add_span_processor(processor)
    _State.provider = provider
    _State.tracer = provider.get_tracer("blossom")
    return True


def stop_tracing() -> None:
    """Flush and stop tracing."""
    if _State.provider is not None:
        _State.provider.shutdown()
    _State.provider = None
    _State.tracer = None


@contextmanager
def rpc_span(app: str, rpc: str, request_id: str) -> Iterator[str | None]:
    """The span of one RPC call; yields its trace id (hex), None when tracing is off.
    A call outside the sampled share gets a trace id for its logs and header, and no
    span at all (the decision is ours, before OpenTelemetry is involved: cheap)."""
    tracer = _State.tracer
    if tracer is None:
        yield None
        return
    if _State.ratio < 1.0 and random.random() >= _State.ratio:
        trace_id = f"{random.getrandbits(128):032x}"
        bind_context(trace_id=trace_id)
        yield trace_id
        return
    with tracer.start_as_current_span(
        f"rpc {rpc}",
        kind=trace.SpanKind.SERVER,
        attributes={
            "rpc.system": "blossom",
            "rpc.service": app,
            "rpc.method": rpc,
            "blossom.request_id": request_id,
        },
    ) as span:
        trace_id = format(span.get_span_context().trace_id, "032x")
        bind_context(trace_id=trace_id)
        yield trace_id


def tracing_statements() -> bool:
    """Whether the statements run now belong in a trace (tracing on, the call sampled)."""
    return _State.tracer is not None and trace.get_current_span().is_recording()


def statement_name(sql: str) -> str:
    """The generated query's name (`auth_session_lookup`) for SQL of a `__codegen__`
    module, else the statement's first keyword; never any value."""
    name = _State.names.get(sql)
    if name is None:
        if len(sys.modules) != _State.modules_scanned:  # a codegen module may be new
            _State.modules_scanned = len(sys.modules)
            _State.names.update(_generated_statements())
            name = _State.names.get(sql)
        if name is None:
            word = _FIRST_WORD.match(sql)
            name = word.group(1).upper() if word else "SQL"
            _State.names[sql] = name
    return name


def _generated_statements() -> dict[str, str]:
    names: dict[str, str] = {}
    for module_name, module in list(sys.modules.items()):
        if module is None or not module_name.endswith("__codegen__.queries"):
            continue
        for attribute, value in vars(module).items():
            if attribute.isupper() and isinstance(value, str):
                names[value] = attribute.lower()
    return names


def record_query(record: Any) -> None:
    """asyncpg query logger: one span for the statement that just ran (`record` is its
    `LoggedQuery`), a child of the span current when it ran."""
    tracer = _State.tracer
    if tracer is None or not trace.get_current_span().is_recording():
        return  # no tracing, or a call that was not sampled
    name = statement_name(record.query)
    if name in TRANSACTION_CONTROL and record.exception is None:
        return  # BEGIN/COMMIT/ROLLBACK: the call's span covers them; queries only
    end = time.time_ns()
    span = tracer.start_span(
        f"db {name}",
        kind=trace.SpanKind.CLIENT,
        start_time=end - int(record.elapsed * 1e9),
        attributes={"db.system": "postgresql", "db.statement.name": name},
    )
    if record.exception is not None:
        span.set_status(trace.Status(trace.StatusCode.ERROR, type(record.exception).__name__))
    span.end(end_time=end)
