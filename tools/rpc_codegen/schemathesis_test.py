"""Schemathesis over product's OpenAPI document, against the live product server.

Hypothesis generates requests from the document for every operation (the public ones
without a session, the others with a fresh session of a customer, so `logout` or
`organization_leave` never spoil the next request): valid inputs, then invalid ones for
the operations that take input. Every answer must be no 5xx, a documented status and
content type, a body matching the documented schema, and the documented headers. The
generation is derandomised: a CI failure reproduces locally.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import hypothesis
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis.strategies import SearchStrategy
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from foundation.testing.fixture import TFix
from foundation.testing.server import serve_in_background
from product.app import create_product_app
from product.framework import PRODUCT

EXAMPLES = {GenerationMode.POSITIVE: 45, GenerationMode.NEGATIVE: 15}
"""Examples per operation taking input (fewer when hypothesis runs out of distinct ones)."""
EXAMPLES_WITHOUT_INPUT = 3
MIN_VALID_REQUESTS = 500
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
COOKIE = PRODUCT.cookie
SUPPRESSED_HEALTH_CHECKS = [
    HealthCheck.too_slow,  # every example is a request
    HealthCheck.filter_too_much,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
]


@dataclass
class Report:
    requests: dict[tuple[str, GenerationMode], int] = field(default_factory=dict)
    """Requests sent per (operation, mode)."""
    failures: list[str] = field(default_factory=list)


def fuzz(document: dict[str, Any], base_url: str, new_session: Callable[[], str]) -> Report:
    """Generate and send requests for every operation of `document`; blocking (a thread)."""
    schema = schemathesis.openapi.from_dict(document)
    report = Report()
    with requests.Session() as http:
        for mode, examples in EXAMPLES.items():
            for result in schema.get_all_operations():
                if isinstance(result, Err):
                    report.failures.append(f"invalid operation: {result.err()}")
                    continue
                operation = result.ok()
                if mode is GenerationMode.NEGATIVE and not _takes_input(operation):
                    continue  # nothing to get wrong
                key = (operation.label, mode)
                report.requests[key] = 0

                def send(case: schemathesis.Case, key: tuple[str, GenerationMode] = key) -> None:
                    cookies = {COOKIE: new_session()} if _secured(case.operation) else None
                    try:
                        response = case.call(base_url=base_url, session=http, cookies=cookies)
                    finally:
                        http.cookies.clear()  # the next request brings its own session, or none
                    report.requests[key] += 1
                    case.validate_response(response, checks=CHECKS)

                try:
                    strategy = operation.as_strategy(generation_mode=mode)
                    count = examples if _takes_input(operation) else EXAMPLES_WITHOUT_INPUT
                    _given(strategy, count, send)
                except (Exception, BaseExceptionGroup) as error:  # go on: report every failure
                    report.failures.append(f"{operation.label} ({mode.value}): {error}")
    return report


def _given(
    strategy: SearchStrategy[schemathesis.Case],
    examples: int,
    send: Callable[[schemathesis.Case], None],
) -> None:
    @hypothesis.settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=SUPPRESSED_HEALTH_CHECKS,
    )
    @hypothesis.given(case=strategy)
    def run(case: schemathesis.Case) -> None:
        send(case)

    run()


def _secured(operation: schemathesis.APIOperation) -> bool:
    return bool(operation.definition.raw.get("security"))


def _takes_input(operation: schemathesis.APIOperation) -> bool:
    raw = operation.definition.raw
    return bool(raw.get("parameters") or raw.get("requestBody"))


async def test_product_answers_as_its_openapi_document_says(t: TFix) -> None:
    customer = await t.factory.customer()
    loop = asyncio.get_running_loop()

    def new_session() -> str:
        future = asyncio.run_coroutine_threadsafe(t.rpc.cookie(PRODUCT, customer), loop)
        return future.result(timeout=30)

    async with serve_in_background(create_product_app()) as base_url:
        async with httpx.AsyncClient(base_url=base_url) as client:
            document = (await client.get("/openapi.json")).json()
        # The server keeps running on this loop while the thread sends the requests.
        report = await asyncio.to_thread(fuzz, document, base_url, new_session)

    invalid = sum(
        n for (_op, mode), n in report.requests.items() if mode is not GenerationMode.POSITIVE
    )
    print(f"schemathesis: {sum(report.requests.values())} requests ({invalid} invalid inputs)")
    assert report.failures == []
    valid = {op: n for (op, mode), n in report.requests.items() if mode is GenerationMode.POSITIVE}
    assert all(valid.values()), valid
    assert sum(valid.values()) >= MIN_VALID_REQUESTS, valid
    public = {op for op in valid if not document_operation(document, op).get("security")}
    assert {"POST /rpc/login", "POST /rpc/signup"} <= public < set(valid)


def document_operation(document: dict[str, Any], label: str) -> dict[str, Any]:
    method, path = label.split(" ", 1)
    return document["paths"][path][method.lower()]
