"""The pytest plugin: a real Postgres for every test run, and the `t` fixture.

Controller process (or the only process without xdist): with `DATABASE_URL` unset,
start a temporary embedded cluster (deleted at exit); build the template database for
the current migrations. Each worker: clone its own database from the template and point
`DATABASE_URL` at it before any project module reads the configuration.

External services are fakes in every test (`foundation.testing.fakes`): the variables
that switch them on are blanked first, every test gets fresh fakes in the registry, and a
real client constructed outside a `@pytest.mark.live` test fails it. After a failed test
its worker's database is kept (`database.testing.kept`) and the summary says how to open it.

Email: the run delivers into a temporary directory of its own (`EMAIL_MAILDIR`, inherited
by the CLI and servers tests start), never the developer's `.local/mail/`, and every test
gets a mailbox of its own in it (`sent_to` and `/dev/emails` of in-process apps read it).

Only stdlib imports at module level: `foundation.base.env.ENV` must not be built before the
environment is set here.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest

if TYPE_CHECKING:
    from structlog.typing import EventDict

    from foundation.base.env import Env
    from foundation.testing.fixture import TFix

_SERVER_VAR = "BLOSSOM_TEST_SERVER_URL"
_TEMPLATE_VAR = "BLOSSOM_TEST_TEMPLATE"
_ORIGINAL_ENV_VAR = "BLOSSOM_TEST_ORIGINAL_ENV"
"""The values the run blanked (`FAKE_ENV`) had in the process environment: live tests'."""
_MAIL_VAR = "BLOSSOM_TEST_MAIL"
"""The run's email directory: `processes/` (what the processes tests start deliver to),
and a mailbox per test under `<worker>-<pid>/`."""
_MAILBOXES = itertools.count()
THROUGH_PGBOUNCER_VAR = "TEST_THROUGH_PGBOUNCER"
"""When set (`just test-pgbouncer`), each worker's tests reach their database through a
PgBouncer of the worker's own in transaction mode (`DATABASE_POOLER=pgbouncer`,
`DATABASE_DIRECT_URL` the database itself), as a deployment behind a pooler does."""
KEPT_RECORD_VAR = "BLOSSOM_TEST_KEPT_RECORD"
"""Where kept databases are recorded, if not `database.testing.kept.RECORD` (its tests)."""
_KEPT_PROPERTY = "blossom_kept_database"
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

    env = load_env()
    # Building the template takes a session advisory lock and CREATE DATABASE ... TEMPLATE
    # needs no other session on it: Postgres itself, never a transaction pooler.
    configured = env.database_direct_url or env.database_url
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


def _force_fakes() -> None:
    """Blank every external service in this process's environment (inherited by workers
    and the processes tests start), keeping what was there for live tests."""
    from foundation.testing.fakes import FAKE_ENV

    if _ORIGINAL_ENV_VAR not in os.environ:  # the controller: workers inherit it
        original = {name: os.environ.get(name) for name in FAKE_ENV}
        os.environ[_ORIGINAL_ENV_VAR] = json.dumps(original)
    os.environ.update(FAKE_ENV)


def live_env() -> Env:
    """The configuration without the run's fakes (`.env.local` and the environment the
    run was started with): what a `@pytest.mark.live` test runs with."""
    from foundation.base.env import load_env

    original: dict[str, str | None] = json.loads(os.environ.get(_ORIGINAL_ENV_VAR, "{}"))
    saved = {name: os.environ.get(name) for name in original}

    def put(values: dict[str, str | None]) -> None:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    put(original)
    try:
        return load_env()
    finally:
        put(saved)


def _cache_bytecode() -> None:
    """Cache compiled modules even when the environment says not to
    (`PYTHONDONTWRITEBYTECODE`, as the justfile does): the workers, CLI runs, servers and
    Dagster processes the suite starts otherwise compile every import again, about half
    of the suite's CPU."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False


def pytest_configure(config: pytest.Config) -> None:
    from foundation.testing.fakes import LIVE_MARK  # imports nothing of ours

    _cache_bytecode()

    config.addinivalue_line(
        "markers",
        f"{EXPECTED_FAILURES_MARK}: the test provokes handler failures (UnknownError) on "
        "purpose; without it, any such failure fails the test",
    )
    config.addinivalue_line(
        "markers",
        f"{LIVE_MARK}: the test talks to real external services with the developer's "
        "configuration; skipped unless LIVE_TESTS=1",
    )
    os.environ["BLOSSOM_ENV"] = "test"
    _force_fakes()
    if _MAIL_VAR not in os.environ:  # the controller: workers inherit it
        os.environ[_MAIL_VAR] = _state["mail"] = tempfile.mkdtemp(prefix="blossom-test-mail-")
    os.environ["EMAIL_MAILDIR"] = str(Path(os.environ[_MAIL_VAR]) / "processes")
    # Tests sign up and log in far more than any client would; the rate-limit tests set
    # their own small limits (foundation/auth/ratelimit_test.py).
    from foundation.auth.ratelimit import unlimited

    os.environ.setdefault("RATE_LIMITS", unlimited())
    # The workers keep every core busy: hashing threads at idle priority would wait for
    # an idle CPU that rarely comes (a login took seconds); passwords_test.py checks idle.
    os.environ.setdefault("PASSWORD_HASH_PRIORITY", "normal")
    # Webhooks go out when a test sends them (`foundation.webhooks.sender.send_pending`):
    # a background sender in every app a test serves would hold one more connection each
    # and race the tests' own sends (foundation/webhooks/sender_test.py runs the loop).
    os.environ.setdefault("WEBHOOK_SENDER", "off")
    if not _is_worker(config):
        _start_server(config)
    from database.testing.databases import clone_database

    name = f"{os.environ[_TEMPLATE_VAR]}_{os.getppid() if _is_worker(config) else os.getpid()}_{_worker_id(config)}"
    os.environ["DATABASE_URL"] = clone_database(
        os.environ[_SERVER_VAR], os.environ[_TEMPLATE_VAR], name
    )
    # What needs a session uses the clone too, directly (database/pooler_test.py puts a
    # PgBouncer in front of it for DATABASE_URL).
    os.environ["DATABASE_DIRECT_URL"] = ""
    # No replica streams from the clone (product/replicas_test.py starts its own).
    os.environ["DATABASE_REPLICA_URLS"] = ""
    _state["database"] = name
    if os.environ.get(THROUGH_PGBOUNCER_VAR):
        _through_pgbouncer()
    from foundation.base.env import reload_env

    reload_env()
    from foundation.testing.fakes import RealClientGuard

    guard = RealClientGuard()
    guard.install()
    _state["guard"] = guard


def _through_pgbouncer() -> None:
    """DATABASE_URL through a PgBouncer (transaction mode) in front of the worker's
    database, for the rest of the run (stopped at unconfigure, before the drop)."""
    from contextlib import ExitStack

    from database.testing.pgbouncer import MISSING, pgbouncer, pgbouncer_binary

    if pgbouncer_binary() is None:
        raise pytest.UsageError(f"{THROUGH_PGBOUNCER_VAR} is set but {MISSING}")
    stack = ExitStack()
    direct = os.environ["DATABASE_URL"]
    os.environ["DATABASE_URL"] = stack.enter_context(pgbouncer(direct, pool_size=4))
    os.environ["DATABASE_DIRECT_URL"] = direct
    os.environ["DATABASE_POOLER"] = "pgbouncer"
    _state["pgbouncer"] = stack


def _starts_processes(item: pytest.Item) -> bool:
    """Whether the test is marked as slow (`STARTS_PROCESSES` or a longer timeout)."""
    from foundation.testing.timeouts import PROCESS_TIMEOUT_SECONDS

    return _declared_seconds(item) >= PROCESS_TIMEOUT_SECONDS


def _declared_seconds(item: pytest.Item) -> float:
    """The test's timeout (pytest-timeout's marker, else the suite's): how long the test
    may take, the project's own estimate of how slow it is."""
    marker = item.get_closest_marker("timeout")
    if marker is not None and marker.args:
        return float(marker.args[0])
    return float(item.config.getini("timeout") or 0)


QUICK_OPTION = "--quick"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        QUICK_OPTION,
        action="store_true",
        help="leave out the tests that start processes (STARTS_PROCESSES or a longer "
        "timeout: servers, the CLI, Dagster, browsers, Node): `just test-quick`",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slowest tests run first, by their declared timeout (longest first: the Dagster
    daemon and webserver, then every test that starts processes; otherwise in file order):
    the workers share the long ones early and end together, instead of one worker starting
    a long test while the other idles at the end. With `--quick`, the tests that start
    processes are left out. Live tests skip unless LIVE_TESTS is on."""
    from foundation.base.env import ENV
    from foundation.testing.fakes import LIVE_MARK

    if config.getoption(QUICK_OPTION):
        kept, left_out = [], []
        for item in items:
            (left_out if _starts_processes(item) else kept).append(item)
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
    items.sort(key=lambda item: -_declared_seconds(item))
    if ENV.live_tests:
        return
    skip = pytest.mark.skip(reason="live test (real external services): run with LIVE_TESTS=1")
    for item in items:
        if item.get_closest_marker(LIVE_MARK) is not None:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A test that constructed a real external client fails (even if it swallowed the
    `RealClientError`). A failed test keeps its worker's database: say which on the
    report (the controller collects it from every worker)."""
    report = yield
    if call.excinfo is not None and "from pytest-timeout" in str(call.excinfo.value):
        tasks = _pending_tasks(call.excinfo.tb)
        if tasks:
            report.sections.append(("asyncio tasks when the test timed out", tasks))
    constructed = _state["guard"].take()
    if constructed and report.passed:
        report.outcome = "failed"
        report.longrepr = (
            f"the test constructed real external clients ({report.when}): "
            + ", ".join(constructed)
            + "\n(use their fakes, or mark the test @pytest.mark.live)"
        )
    if report.failed and "database" in _state:
        _state["failed"] = True
        report.user_properties.append(
            (_KEPT_PROPERTY, [os.environ[_SERVER_VAR], _state["database"]])
        )
    return report


def _pending_tasks(traceback: Any) -> str:
    """The stacks of the pending tasks of the event loop the timeout interrupted (its
    traceback shows only the loop's `select`, not where the test awaits)."""
    import asyncio
    import io

    loop = None
    while traceback is not None:
        candidate = traceback.tb_frame.f_locals.get("self")
        if isinstance(candidate, asyncio.AbstractEventLoop):
            loop = candidate
        traceback = traceback.tb_next
    if loop is None:
        return ""
    out = io.StringIO()
    for task in asyncio.all_tasks(loop):
        task.print_stack(file=out)
    return out.getvalue()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for name, value in report.user_properties:
        if name == _KEPT_PROPERTY:
            server, database = cast(list[str], value)
            _state.setdefault("kept", {})[(server, database)] = None


def _kept() -> list[Any]:
    from database.testing.kept import Kept

    cluster = _state.get("cluster")
    location = str(cluster.location) if cluster is not None else None
    return [Kept(server, name, location) for server, name in _state.get("kept", {})]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    kept = _kept()
    if not kept:
        return
    terminalreporter.section("kept test databases")
    terminalreporter.line("a test failed: its database was kept. Open it with")
    for entry in kept:
        terminalreporter.line(f"  {entry.psql}")
    terminalreporter.line("and drop every kept database with `uv run just test-clean`.")


def _kept_record() -> Path | None:
    value = os.environ.get(KEPT_RECORD_VAR)
    return Path(value) if value else None


def pytest_sessionfinish(session: pytest.Session) -> None:
    guard = _state.get("guard")
    constructed = guard.take() if guard is not None else []
    if constructed:  # outside any test (collection, a session fixture)
        session.config.get_terminal_writer().line(
            "real external clients were constructed: " + ", ".join(constructed), red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    from database.connection import drop_database
    from database.testing.kept import RECORD, remember

    guard = _state.pop("guard", None)
    if guard is not None:
        guard.uninstall()
    bouncer = _state.pop("pgbouncer", None)
    if bouncer is not None:
        bouncer.close()
    if "database" in _state:
        name = _state.pop("database")
        if not _state.get("failed"):
            drop_database(os.environ[_SERVER_VAR], name)
    kept = _kept()
    if kept and not _is_worker(config):
        remember(kept, _kept_record() or RECORD)
    mail = _state.pop("mail", None)
    if mail is not None:
        shutil.rmtree(mail, ignore_errors=True)
    cluster = _state.pop("cluster", None)
    if cluster is not None and not kept:
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
    from foundation.external.llm import OpenAIClient, RecordedLLM
    from foundation.external.registry import override_services

    path = Path(request.node.path)
    recorder = None
    if ENV.llm_record:  # recording is live: the developer's key, not the run's fakes
        live = live_env()
        if not live.llm_api_key:
            raise ConfigurationError("LLM_RECORD needs LLM_API_KEY (and the network)")
        with _state["guard"].allow():
            recorder = OpenAIClient(
                api_key=live.llm_api_key,
                base_url=live.llm_base_url,
                chat_model=live.llm_chat_model,
                embedding_model=live.llm_embedding_model,
            )
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

    from foundation.base.logs import configure_logging, merge_context

    configure_logging()  # first, or the first log line would configure over the capture
    processors = [merge_context, structlog.processors.format_exc_info]
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
def _external_services(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Fakes for every external service (`foundation.testing.fakes`), unless the test is
    marked live (then the developer's configuration, and real clients are allowed)."""
    from foundation.external.registry import _Registry
    from foundation.testing.fakes import LIVE_MARK, fake_services

    if request.node.get_closest_marker(LIVE_MARK) is not None:
        monkeypatch.setattr("foundation.base.env._env", live_env())
        monkeypatch.setattr(_Registry, "current", None)  # built again from that
        with _state["guard"].allow():
            yield
    else:
        with fake_services():
            yield


@pytest.fixture(autouse=True)
def _mailbox(_external_services: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A development mailbox of the test's own (EMAIL_MAILDIR, created on first delivery):
    what `delivered_to`/`sent_to` and the `/dev/emails` of apps served in the test read."""
    from foundation.testing.settings import override_env

    process = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    mailbox = Path(os.environ[_MAIL_VAR]) / process / str(next(_MAILBOXES))
    override_env(monkeypatch, email_maildir=str(mailbox))


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
