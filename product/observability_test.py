"""Observability of a product call: a span per statement (named after its generated
query, without parameters) under the RPC's span; login failure and lockout metrics."""

from __future__ import annotations

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from structlog.typing import EventDict

from foundation.base.observability.metrics import metrics_text
from foundation.base.observability.metrics_test import sample
from foundation.base.observability.tracing import TRACE_HEADER
from foundation.testing.fixture import TFix
from foundation.testing.tracing import span_context


async def test_rpc_and_statement_spans_share_the_trace(
    t: TFix, spans: InMemorySpanExporter, logs: list[EventDict]
) -> None:
    from product.auth.routes import init  # the signed-in read of the benchmark

    user = await t.factory.user()
    res = await t.rpc.call(init, None, as_=user)
    assert res.status == 200
    trace_id = res.headers[TRACE_HEADER]
    finished = [
        s
        for s in spans.get_finished_spans()
        if format(span_context(s).trace_id, "032x") == trace_id
    ]
    names = [s.name for s in finished]
    assert "rpc init" in names
    rpc = next(s for s in finished if s.name == "rpc init")
    statements = [s for s in finished if s.name.startswith("db ")]
    assert "db auth_session_lookup" in names, names
    assert not {"db BEGIN", "db COMMIT"} & set(names)  # transaction control: no span
    assert all(
        s.parent is not None and s.parent.span_id == span_context(rpc).span_id for s in statements
    )
    for span in statements:  # names only: no parameter (the user's id) anywhere
        assert user.id not in str(span.attributes) and user.id not in span.name
    assert any(e.get("trace_id") == trace_id for e in logs if e["event"] == "request")


async def test_no_trace_header_when_tracing_is_off(t: TFix) -> None:
    from product.auth.routes import init

    res = await t.rpc.call(init, None, as_=await t.factory.user())
    assert TRACE_HEADER not in res.headers


async def test_login_failures_and_lockouts_are_counted(t: TFix) -> None:
    from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError
    from foundation.auth.login import LOCKOUT_FAILURES
    from product.auth.routes import LoginIn, login

    def counts() -> tuple[float, float]:
        text = metrics_text()
        return (
            sample(text, "blossom_login_failures_total", app="product"),
            sample(text, "blossom_login_lockouts_total", app="product"),
        )

    user = await t.factory.user()
    failures, lockouts = counts()
    for _ in range(LOCKOUT_FAILURES):
        res = await t.rpc.call(login, LoginIn(email=user.email, password="wrong password!"))
        res.expect_error(InvalidCredentialsError)
    res = await t.rpc.call(login, LoginIn(email=user.email, password="wrong password!"))
    res.expect_error(TooManyAttemptsError)
    assert counts() == (failures + LOCKOUT_FAILURES, lockouts + 1)


async def test_pool_gauges_are_sampled(t: TFix) -> None:
    from foundation.base.env import ENV

    await t.factory.user()  # the pool exists and has served
    text = metrics_text()
    assert sample(text, "blossom_db_pool_max_size") == ENV.database_pool_max_size
    assert sample(text, "blossom_db_pool_connections") >= 1
