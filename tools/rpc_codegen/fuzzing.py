# pyright: standard
# (not strict yet: schemathesis leaves Case and APIOperation type arguments open; to type next)
"""Schemathesis over an app's OpenAPI document, against the app served live.

    report = await fuzz_app(create_product_app(), PRODUCT.cookie, new_session)
    assert report.failures == []

Hypothesis generates requests from the document for every operation (the public ones
without a session, the secured ones with a fresh session from `new_session`, so `logout`
never spoils the next request): valid inputs, then invalid ones for the operations that
take input. Every answer must be no 5xx, a documented status and content type, a body
matching the documented schema, and the documented headers. The generation is
derandomised: a CI failure reproduces locally. The tests of both apps use it
(`schemathesis_test.py`, `schemathesis_panopticon_test.py`).
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
import hypothesis
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis.strategies import SearchStrategy
from quart import Quart
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.generation.hypothesis.examples import generate_one
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from foundation.base.env import ENV
from foundation.testing.server import serve_in_background


def _import_schemathesis_eagerly() -> None:
    """Import every schemathesis module now, in the importing (main) thread. pytest
    rewrites the assertions of plugin packages such as schemathesis as they are imported;
    schemathesis imports some modules lazily, and the fuzzing runs in a worker thread, and
    CPython 3.11 can fail to parse in a thread while another parses ("AST constructor
    recursion depth mismatch"). Importing everything up front avoids that race."""
    import importlib
    import pkgutil

    for module in pkgutil.walk_packages(schemathesis.__path__, "schemathesis."):
        if ".cli" in module.name or ".pytest" in module.name:
            continue
        try:
            importlib.import_module(module.name)
        except ImportError:  # an optional integration whose extra is not installed
            continue


_import_schemathesis_eagerly()


def depth() -> int:
    """How many times the default number of examples to send: `FUZZ_DEPTH` (1; the nightly
    flake watch runs deeper), so `just test` stays quick."""
    return ENV.fuzz_depth


EXAMPLES = {GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 5}
"""Examples per operation taking input at depth 1 (fewer when hypothesis runs out of
distinct ones)."""


def fuzz_examples() -> dict[GenerationMode, int]:
    return {mode: count * depth() for mode, count in EXAMPLES.items()}


EXAMPLES_WITHOUT_INPUT = 3
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
SUPPRESSED_HEALTH_CHECKS = [
    HealthCheck.too_slow,  # every example is a request
    HealthCheck.filter_too_much,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
]
SESSION_TIMEOUT_SECONDS = 30


@dataclass
class Report:
    document: dict[str, Any] = field(default_factory=dict)
    """The OpenAPI document the requests were generated from."""
    requests: dict[tuple[str, GenerationMode], int] = field(default_factory=dict)
    """Requests sent per (operation, mode)."""
    statuses: dict[tuple[str, int], int] = field(default_factory=dict)
    """Answers per (operation, HTTP status), both modes."""
    failures: list[str] = field(default_factory=list)

    def valid(self) -> dict[str, int]:
        """Requests with valid inputs (positive mode) per operation."""
        return {op: n for (op, mode), n in self.requests.items() if mode is GenerationMode.POSITIVE}

    def invalid(self) -> int:
        """Requests with invalid inputs (negative mode)."""
        return sum(
            n for (_op, mode), n in self.requests.items() if mode is not GenerationMode.POSITIVE
        )

    def answered_ok(self) -> set[str]:
        """The operations that answered 200 at least once."""
        return {op for op, status in self.statuses if status == 200}

    def public(self) -> set[str]:
        """The operations sent without a session (no `security` in the document)."""
        return {
            op
            for op, _ in self.requests
            if not document_operation(self.document, op).get("security")
        }

    def summary(self, app: str) -> str:
        """One line of figures, printed by the tests (visible with `pytest -s`)."""
        valid = sum(self.valid().values())
        return (
            f"schemathesis {app}: {sum(self.requests.values())} requests ({valid} valid,"
            f" {self.invalid()} invalid inputs) over {len(self.valid())} operations,"
            f" {len(self.failures)} failures"
        )


def document_operation(document: dict[str, Any], label: str) -> dict[str, Any]:
    """The document's operation for a label like `POST /rpc/login`."""
    method, path = label.split(" ", 1)
    return document["paths"][path][method.lower()]


def with_examples(document: dict[str, Any], examples: Mapping[str, object]) -> dict[str, Any]:
    """A copy of `document` where every parameter and object property named like a key
    of `examples` has that value as its `example`: hypothesis's explicit phase sends it
    first, so an operation taking `user_id` meets a user that exists, not only random ids."""
    document = copy.deepcopy(document)

    def visit(node: object) -> None:
        if isinstance(node, dict):
            if node.get("in") in ("query", "path") and node.get("name") in examples:
                node["example"] = examples[node["name"]]
            properties = node.get("properties")
            if isinstance(properties, dict):
                for name, value in examples.items():
                    if isinstance(properties.get(name), dict):
                        properties[name]["example"] = value
            for child in node.values():
                visit(child)
        elif isinstance(node, list):
            for child in node:
                visit(child)

    visit(document)
    return document


async def fuzz_app(
    app: Quart,
    cookie: str,
    new_session: Callable[[], Coroutine[Any, Any, str]],
    *,
    examples: Mapping[str, object] | None = None,
) -> Report:
    """Serve `app`, read its `/openapi.json` and fuzz it (`fuzz`); `new_session` makes the
    value of the session cookie `cookie` for each request to a secured operation;
    `examples`: values for inputs of these names (`with_examples`)."""
    loop = asyncio.get_running_loop()

    def session_now() -> str:  # on the fuzzing thread: the session is made on the test's loop
        future = asyncio.run_coroutine_threadsafe(new_session(), loop)
        return future.result(timeout=SESSION_TIMEOUT_SECONDS)

    async with serve_in_background(app) as base_url:
        async with httpx.AsyncClient(base_url=base_url) as client:
            response = await client.get("/openapi.json")
            response.raise_for_status()
            document = with_examples(response.json(), examples or {})
        # The server keeps running on this loop while the thread sends the requests.
        return await asyncio.to_thread(fuzz, document, base_url, cookie, session_now)


def fuzz(
    document: dict[str, Any], base_url: str, cookie: str, new_session: Callable[[], str]
) -> Report:
    """Generate and send requests for every operation of `document`; blocking (a thread)."""
    schema = schemathesis.openapi.from_dict(document)
    report = Report(document=document)
    with requests.Session() as http:
        for mode, examples in fuzz_examples().items():
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
                    _without_framing(case)
                    cookies = {cookie: new_session()} if _secured(case.operation) else None
                    try:
                        response = case.call(base_url=base_url, session=http, cookies=cookies)
                    finally:
                        http.cookies.clear()  # the next request brings its own session, or none
                    report.requests[key] += 1
                    answer = (key[0], response.status_code)
                    report.statuses[answer] = report.statuses.get(answer, 0) + 1
                    case.validate_response(response, checks=CHECKS)

                try:
                    strategy = operation.as_strategy(generation_mode=mode)
                    count = examples if _takes_input(operation) else EXAMPLES_WITHOUT_INPUT
                    _given(strategy, count, send, _explicit(operation, mode))
                except (Exception, BaseExceptionGroup) as error:  # go on: report every failure
                    report.failures.append(f"{operation.label} ({mode.value}): {error}")
    return report


def _given(
    strategy: SearchStrategy[schemathesis.Case],
    examples: int,
    send: Callable[[schemathesis.Case], None],
    explicit: list[schemathesis.Case],
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

    for case in explicit:
        run = hypothesis.example(case=case)(run)
    run()


def _explicit(
    operation: schemathesis.APIOperation, mode: GenerationMode
) -> list[schemathesis.Case]:
    """The cases built from the document's examples (`with_examples`), sent first in
    positive mode: `as_strategy` alone never uses a request body's examples."""
    if mode is not GenerationMode.POSITIVE:
        return []
    return [generate_one(strategy) for strategy in operation.get_strategies_from_examples()]


_FRAMING = frozenset({"content-length", "transfer-encoding", "host", "connection"})
"""Headers of the HTTP framing, not of the API: a fuzzed value (`Content-Length: TRUE`)
is refused by the HTTP server (h11's bare 400) before the app sees the request."""


def _without_framing(case: schemathesis.Case) -> None:
    """Drop the generated headers that would break the request's HTTP framing."""
    headers = cast(dict[str, Any] | None, case.headers)
    if headers:
        for name in [n for n in headers if n.lower() in _FRAMING]:
            del headers[name]


def _secured(operation: schemathesis.APIOperation) -> bool:
    return bool(operation.definition.raw.get("security"))


def _takes_input(operation: schemathesis.APIOperation) -> bool:
    raw = operation.definition.raw
    return bool(raw.get("parameters") or raw.get("requestBody"))
