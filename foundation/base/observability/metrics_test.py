"""The metrics facade in-process, and the metrics server of a real multi-worker server
(prometheus multiprocess mode), scraped after a few RPCs."""

from __future__ import annotations

import re

import httpx
import pytest

from foundation.base.observability import metrics
from foundation.base.observability.metrics import (
    metric_count,
    metric_series,
    metric_time,
    metrics_text,
)
from foundation.testing.live_server import free_port, live_server
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of `text` (Prometheus text format); 0 when absent."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        match = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
        if match is None or match.group(1) != name:
            continue
        found = ",".join(sorted((match.group(2) or "").split(","))) if match.group(2) else ""
        if found == wanted:
            return float(match.group(3))
    return 0.0


def test_count_and_time_show_in_the_exposition() -> None:
    before = sample(metrics_text(), "blossom_emails_failed_total", kind="metrics-test")
    metric_count("emails_failed_total", kind="metrics-test")
    metric_count("emails_failed_total", 2, kind="metrics-test")
    with metric_time("external_call_duration_seconds", service="test", operation="time"):
        pass
    text = metrics_text()
    assert sample(text, "blossom_emails_failed_total", kind="metrics-test") == before + 3
    assert (
        sample(
            text, "blossom_external_call_duration_seconds_count", service="test", operation="time"
        )
        >= 1
    )


def test_unknown_metric_or_wrong_labels_raise() -> None:
    with pytest.raises(KeyError):
        metric_count("no_such_metric_total")
    with pytest.raises(ValueError, match="takes labels"):
        metric_count("emails_sent_total", template="x")


def test_a_series_records_as_the_facade_does() -> None:
    failed = metric_series("emails_failed_total", kind="series-test")
    in_flight = metric_series("rpc_in_flight", app="series-test")
    duration = metric_series("rpc_duration_seconds", app="series-test", rpc="r")
    before = sample(metrics_text(), "blossom_emails_failed_total", kind="series-test")
    failed.add()
    failed.add(2)
    in_flight.add(3)
    in_flight.add(-1)
    duration.observe(0.003)
    duration.observe(20)
    text = metrics_text()
    assert sample(text, "blossom_emails_failed_total", kind="series-test") == before + 3
    assert sample(text, "blossom_rpc_in_flight", app="series-test") == 2
    bucket = "blossom_rpc_duration_seconds_bucket"
    assert sample(text, bucket, app="series-test", rpc="r", le="0.005") == 1
    assert sample(text, bucket, app="series-test", rpc="r", le="30.0") == 2


def test_a_series_checks_its_name_and_labels_when_named() -> None:
    with pytest.raises(KeyError):
        metric_series("no_such_metric_total")
    with pytest.raises(ValueError, match="takes labels"):
        metric_series("emails_sent_total", template="x")


def test_a_series_records_nothing_once_metrics_are_disabled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failed = metric_series("emails_failed_total", kind="series-disabled")
    failed.add()
    monkeypatch.setattr(metrics._Recording, "on", False)  # pyright: ignore[reportPrivateUsage]
    failed.add(5)
    monkeypatch.undo()
    assert sample(metrics_text(), "blossom_emails_failed_total", kind="series-disabled") == 1


async def test_metrics_port_sums_every_worker_and_the_app_port_has_none() -> None:
    metrics_port = free_port()
    serve = ["-m", "foundation.testing.drain_app", "--workers", "2"]
    env = {"LOG_FORMAT": "json", "METRICS_HOST": "127.0.0.1"}
    with live_server([*serve, "--metrics-port", str(metrics_port)], env) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            for _ in range(12):  # new connections: both workers get some
                async with httpx.AsyncClient(base_url=server.url, timeout=30) as one:
                    assert (await one.post("/rpc/nap", json={"seconds": 0})).status_code == 200
            assert (await http.post("/rpc/nap", json={"seconds": "x"})).status_code == 400
            assert (await http.get("/metrics")).status_code == 404  # never on the public app
            scraped = (await http.get(f"http://127.0.0.1:{metrics_port}/metrics")).text
    ok = {"app": "drain", "rpc": "nap"}
    assert sample(scraped, "blossom_rpc_requests_total", **ok, status_class="2xx") == 12
    assert sample(scraped, "blossom_rpc_requests_total", **ok, status_class="4xx") == 1
    assert sample(scraped, "blossom_rpc_duration_seconds_count", **ok) == 13
    assert sample(scraped, "blossom_rpc_in_flight", app="drain") == 0
    assert "# TYPE blossom_rpc_duration_seconds histogram" in scraped
