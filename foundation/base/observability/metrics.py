"""Prometheus metrics behind a small facade; no other module imports prometheus-client.

    from foundation.base.observability.metrics import metric_count, metric_time
    metric_count("emails_failed_total", kind="invite")
    with metric_time("external_call_duration_seconds", service="slack", operation="webhook"):
        ...

Every metric is declared once in `METRICS` below (name without the `blossom_` prefix,
labels, help); a facade call names one and passes its labels as keywords (a wrong name
or label set raises). The values are served by `serve_metrics` on METRICS_PORT (an
internal port, never the public app's).

Several worker processes: `enable_multiprocess(directory)` (the supervisor, before it
spawns them) makes every process write its values to memory-mapped files in
`directory` (prometheus-client's multiprocess mode, through PROMETHEUS_MULTIPROC_DIR,
which the workers inherit); the supervisor's metrics server sums them. Gauges add up
the live processes' values (`livesum`).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import prometheus_client
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, multiprocess

PREFIX = "blossom_"
MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

KindEnum = Literal["counter", "histogram", "gauge"]


@dataclass(frozen=True)
class MetricSpec:
    kind: KindEnum
    labels: tuple[str, ...]
    help: str


METRICS: dict[str, MetricSpec] = {
    "rpc_requests_total": MetricSpec(
        "counter",
        ("app", "rpc", "status_class"),
        "RPC calls answered, by app, route and status class (2xx, 4xx, 5xx).",
    ),
    "rpc_duration_seconds": MetricSpec(
        "histogram", ("app", "rpc"), "Time to answer an RPC call (input read to response)."
    ),
    "rpc_in_flight": MetricSpec("gauge", ("app",), "RPC calls being answered now."),
    "db_pool_connections": MetricSpec(
        "gauge", (), "Connections the database pools hold (open, idle or in use)."
    ),
    "db_pool_in_use": MetricSpec("gauge", (), "Pooled database connections in use."),
    "db_pool_max_size": MetricSpec("gauge", (), "Upper bound of the database pools' sizes."),
    "db_bulkhead_refused_total": MetricSpec(
        "counter",
        ("app", "rpc"),
        "Calls answered 503 because their route held its whole share of the database pool"
        " (DATABASE_ROUTE_MAX_SHARE) for DATABASE_ACQUIRE_TIMEOUT_SECONDS.",
    ),
    "login_failures_total": MetricSpec(
        "counter", ("app",), "Logins refused for wrong credentials (unknown email, password...)."
    ),
    "login_lockouts_total": MetricSpec(
        "counter", ("app",), "Logins refused by the lockout (TooManyAttemptsError)."
    ),
    "auth_api_key_total": MetricSpec(
        "counter", ("outcome",), "API keys presented, by outcome (passed or refused)."
    ),
    "auth_scim_token_total": MetricSpec(
        "counter", ("outcome",), "SCIM tokens presented, by outcome (passed or refused)."
    ),
    "password_hashing_refused_total": MetricSpec(
        "counter", ("lane",), "Password hashing refused with 503: its lane's queue was full."
    ),
    "sign_ins_total": MetricSpec(
        "counter", ("app", "method"), "Sessions started by the authentication funnel, by method."
    ),
    "sign_in_code_failures_total": MetricSpec(
        "counter", ("method",), "One-time codes that sign in (reset, impersonation) refused."
    ),
    "emails_sent_total": MetricSpec("counter", ("kind",), "Emails handed to the mail server."),
    "webhooks_delivered_total": MetricSpec(
        "counter", ("type",), "Webhook deliveries answered with a 2xx."
    ),
    "webhooks_failed_total": MetricSpec(
        "counter", ("type",), "Webhook deliveries given up after 3 days of failed attempts."
    ),
    "emails_failed_total": MetricSpec(
        "counter", ("kind",), "Emails that could not be sent after every retry."
    ),
    "external_calls_total": MetricSpec(
        "counter",
        ("service", "operation", "outcome"),
        "Calls to external services (outcome: ok, error, retried).",
    ),
    "external_call_duration_seconds": MetricSpec(
        "histogram", ("service", "operation"), "Duration of one attempt of an external call."
    ),
    "retries_total": MetricSpec(
        "counter", ("operation",), "Attempts that failed with a retryable error and were retried."
    ),
    "pwned_passwords_checks_total": MetricSpec(
        "counter",
        ("outcome",),
        "New passwords looked up in Pwned Passwords (outcome: clean, breached, unavailable).",
    ),
    "captcha_checks_total": MetricSpec(
        "counter",
        ("action", "outcome"),
        "Captcha tokens checked (outcome: passed, missing, refused, unavailable).",
    ),
    "slack_alerts_total": MetricSpec(
        "counter", ("event", "outcome"), "Security alerts sent to Slack (outcome: sent, failed)."
    ),
}


class _Metrics:
    """The prometheus objects of `METRICS`, created on first use (so a worker process of a
    multiprocess server creates them after it inherited PROMETHEUS_MULTIPROC_DIR)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.objects: dict[str, Any] = {}
        self.children: dict[tuple[Any, ...], Any] = {}
        self.lock = threading.Lock()

    def child(self, name: str, labels: dict[str, str]) -> Any:
        key = (name, *labels.items())
        found = self.children.get(key)
        if found is not None:
            return found
        with self.lock:
            metric = self.objects.get(name) or self._create(name)
            spec = METRICS[name]
            if set(labels) != set(spec.labels):
                raise ValueError(f"metric {name} takes labels {spec.labels}, got {tuple(labels)}")
            child = metric.labels(**labels) if spec.labels else metric
            self.children[key] = child
            return child

    def _create(self, name: str) -> Any:
        spec = METRICS.get(name)
        if spec is None:
            raise KeyError(f"unknown metric {name!r}: declare it in METRICS")
        full = PREFIX + name
        metric: Any
        if spec.kind == "counter":
            metric = Counter(full, spec.help, spec.labels, registry=self.registry)
        elif spec.kind == "histogram":
            metric = Histogram(
                full, spec.help, spec.labels, registry=self.registry, buckets=LATENCY_BUCKETS
            )
        else:
            metric = Gauge(
                full, spec.help, spec.labels, registry=self.registry, multiprocess_mode="livesum"
            )
        self.objects[name] = metric
        return metric


_metrics = _Metrics()


class _Recording:
    on = True


def disable_metrics() -> None:
    """Stop recording in this process: the facade's calls return at once (a server
    without a metrics port: nobody could read them)."""
    _Recording.on = False


def metric_count(name: str, amount: float = 1, **labels: str) -> None:
    """Add `amount` to the counter `name`."""
    if _Recording.on:
        _metrics.child(name, labels).inc(amount)


def metric_observe(name: str, value: float, **labels: str) -> None:
    """Record one observation (seconds) in the histogram `name`."""
    if _Recording.on:
        _metrics.child(name, labels).observe(value)


def metric_set(name: str, value: float, **labels: str) -> None:
    """Set the gauge `name` (this process's value; processes add up)."""
    if _Recording.on:
        _metrics.child(name, labels).set(value)


def metric_add(name: str, amount: float, **labels: str) -> None:
    """Move the gauge `name` by `amount` (negative to lower it)."""
    if _Recording.on:
        _metrics.child(name, labels).inc(amount)


class Series:
    """One labelled series of a metric, named and checked once (`metric_series`): for the
    request path, where the facade calls' label lookup (a key built per call) costs
    more than the recording. Created on first record, like a facade call's, so a worker
    creates it after it inherited multiprocess mode; `disable_metrics` applies."""

    __slots__ = ("_child", "_labels", "_name")

    def __init__(self, name: str, labels: dict[str, str]) -> None:
        self._name = name
        self._labels = labels
        self._child: Any = None

    def add(self, amount: float = 1) -> None:
        """Add `amount` to the counter, or move the gauge by it."""
        if _Recording.on:
            (self._child or self._resolve()).inc(amount)

    def observe(self, value: float) -> None:
        """Record one observation in the histogram."""
        if _Recording.on:
            (self._child or self._resolve()).observe(value)

    def _resolve(self) -> Any:
        self._child = _metrics.child(self._name, self._labels)
        return self._child


def metric_series(name: str, **labels: str) -> Series:
    """The series of `name` with `labels`, to record again and again (a wrong name or
    label set raises here)."""
    spec = METRICS.get(name)
    if spec is None:
        raise KeyError(f"unknown metric {name!r}: declare it in METRICS")
    if set(labels) != set(spec.labels):
        raise ValueError(f"metric {name} takes labels {spec.labels}, got {tuple(labels)}")
    return Series(name, labels)


@contextmanager
def metric_time(name: str, **labels: str) -> Iterator[None]:
    """Observe the block's duration in the histogram `name`, however the block ends."""
    if not _Recording.on:
        yield
        return
    child = _metrics.child(name, labels)
    started = time.perf_counter()
    try:
        yield
    finally:
        child.observe(time.perf_counter() - started)


def multiprocess_directory() -> str | None:
    """The directory of multiprocess mode, when this process runs in it."""
    # prometheus-client's own interface: a worker inherits it from the supervisor.
    return os.environ.get(MULTIPROC_VARIABLE) or None


def enable_multiprocess(directory: Path) -> None:
    """Multiprocess mode for the worker processes this process spawns from now on
    (`directory` is emptied first: values of a previous run would be added)."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    os.environ[MULTIPROC_VARIABLE] = str(directory)


def mark_process_dead(pid: int) -> None:
    """Forget the live gauges of a worker that exited (its counters still count)."""
    directory = multiprocess_directory()
    if directory is not None:
        multiprocess.mark_process_dead(pid, directory)


def collecting_registry() -> CollectorRegistry:
    """What a scrape reads: every process's files in multiprocess mode, else this
    process's metrics."""
    directory = multiprocess_directory()
    if directory is None:
        return _metrics.registry
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=directory)
    return registry


def metrics_text() -> str:
    """The metrics in Prometheus's text format, as a scrape gets them."""
    return prometheus_client.generate_latest(collecting_registry()).decode()


@dataclass
class MetricsServer:
    """The metrics HTTP server (a thread): `GET /metrics` on `port` (`port` 0: any free
    one, read back from `.port`)."""

    port: int
    _server: Any
    _thread: threading.Thread

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def serve_metrics(host: str, port: int) -> MetricsServer:
    """Start serving the metrics (see `collecting_registry`) on `host:port`."""
    server, thread = prometheus_client.start_http_server(
        port, addr=host, registry=collecting_registry()
    )
    return MetricsServer(port=server.server_port, _server=server, _thread=thread)
