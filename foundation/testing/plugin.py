"""The pytest plugin: a real Postgres for every test run, and the `t` fixture.

Controller process (or the only process without xdist): with `DATABASE_URL` unset,
start a temporary embedded cluster (deleted at exit); build the template database for
the current migrations. Each worker: clone its own database from the template and point
`DATABASE_URL` at it before any project module reads the configuration.

Only stdlib imports at module level: `foundation.base.env.ENV` must not be built before the
environment is set here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from structlog.typing import EventDict

    from foundation.testing.fixture import TFix

_SERVER_VAR = "BLOSSOM_TEST_SERVER_URL"
_TEMPLATE_VAR = "BLOSSOM_TEST_TEMPLATE"
EXPECTED_FAILURES_MARK = "handler_failures_expected"
_state: dict[str, Any] = {}


def run_server_url() -> str:
    """The URL of the run's Postgres server (its `postgres` database): tests that create
    databases of their own connect there."""
    return os.environ[_SERVER_VAR]


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _worker_id(config: pytest.Config) -> str:
    return getattr(config, "workerinput", {}).get("workerid", "main")


def _start_server(config: pytest.Config) -> None:
    from foundation.base.env import load_env

    configured = load_env().database_url
    if configured:
        server_url = configured
    else:
        from database.embedded import EmbeddedPostgres

        pgdata = Path(tempfile.mkdtemp(prefix="blossom-test-pg-")) / "data"
        cluster = EmbeddedPostgres(pgdata, fast=True)
        server_url = cluster.ensure_running()
        _state["cluster"] = cluster
    from database.testing.databases import ensure_template

    os.environ[_SERVER_VAR] = server_url
    os.environ[_TEMPLATE_VAR] = ensure_template(server_url)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{EXPECTED_FAILURES_MARK}: the test provokes handler failures (UnknownError) on "
        "purpose; without it, any such failure fails the test",
    )
    os.environ["BLOSSOM_ENV"] = "test"
    # Tests sign up and log in far more than any client would; the rate-limit tests set
    # their own small limits (foundation/auth/ratelimit_test.py).
    from foundation.auth.ratelimit import unlimited

    os.environ.setdefault("RATE_LIMITS", unlimited())
    if not _is_worker(config):
        _start_server(config)
    from database.testing.databases import clone_database

    name = f"{os.environ[_TEMPLATE_VAR]}_{os.getppid() if _is_worker(config) else os.getpid()}_{_worker_id(config)}"
    os.environ["DATABASE_URL"] = clone_database(
        os.environ[_SERVER_VAR], os.environ[_TEMPLATE_VAR], name
    )
    _state["database"] = name
    from foundation.base.env import reload_env

    reload_env()


def pytest_unconfigure(config: pytest.Config) -> None:
    from database.connection import drop_database

    if "database" in _state:
        drop_database(os.environ[_SERVER_VAR], _state.pop("database"))
    cluster = _state.pop("cluster", None)
    if cluster is not None:
        cluster.destroy()
        shutil.rmtree(cluster.location.parent, ignore_errors=True)


@pytest.fixture
async def t() -> AsyncIterator[TFix]:
    """Per-test helpers: `t.factory`, `t.freeze_time()`; the clock is restored afterwards."""
    from foundation.base.clock import CLOCK
    from foundation.testing.fixture import TFix

    fix = TFix()
    try:
        yield fix
    finally:
        CLOCK.unfreeze()


@pytest.fixture
def recorded_llm(request: pytest.FixtureRequest) -> Iterator[Any]:
    """The LLM of the registry for this test replays recordings kept in
    `recordings/<test module>/<test name>/` beside the test (`RecordedLLM`); under
    `just test-record` (LLM_RECORD) a missing one is fetched from the real API and written."""
    from foundation.base.env import ENV
    from foundation.base.errors import ConfigurationError
    from foundation.external.llm import RecordedLLM, llm_from_env
    from foundation.external.registry import override_services

    path = Path(request.node.path)
    recorder = llm_from_env() if ENV.llm_record else None
    if ENV.llm_record and recorder is None:
        raise ConfigurationError("LLM_RECORD needs LLM_API_KEY (and the network)")
    llm = RecordedLLM(
        path.parent / "recordings" / path.stem / request.node.name,
        test_id=request.node.nodeid,
        recorder=recorder,
    )
    with override_services(llm=llm):
        yield llm


@pytest.fixture
def logs() -> Iterator[list[EventDict]]:
    """Structured log entries emitted during the test, captured instead of printed."""
    import structlog

    from foundation.base.logs import configure_logging

    configure_logging()  # first, or the first log line would configure over the capture
    processors = [structlog.contextvars.merge_contextvars, structlog.processors.format_exc_info]
    with structlog.testing.capture_logs(processors=processors) as entries:
        yield entries


@pytest.fixture
def spans() -> Iterator[Any]:
    """Tracing on for the test, every call traced into an `InMemorySpanExporter`."""
    from foundation.testing.tracing import traced_in_memory

    yield from traced_in_memory()


@pytest.fixture(scope="session", autouse=True)
async def _close_pool() -> AsyncIterator[None]:
    yield
    from database.pool import close_pool

    await close_pool()


@pytest.fixture(autouse=True)
def _handler_failures(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test if a handler raised an exception or an undeclared `RPCError` (the
    client got `UnknownError`): a bug, even when the test's assertions pass."""
    from foundation.rpc.dispatch import FAILURE_OBSERVERS

    failures: list[str] = []

    def observe(route: Any, error: BaseException) -> None:
        failures.append(f"{route.name}: {type(error).__name__}: {error}")

    FAILURE_OBSERVERS.append(observe)
    try:
        yield
    finally:
        FAILURE_OBSERVERS.remove(observe)
    if failures and request.node.get_closest_marker(EXPECTED_FAILURES_MARK) is None:
        pytest.fail(
            "handlers failed during the test (clients got UnknownError):\n  "
            + "\n  ".join(failures)
            + f"\n(mark the test @pytest.mark.{EXPECTED_FAILURES_MARK} if it provokes them)",
            pytrace=False,
        )
