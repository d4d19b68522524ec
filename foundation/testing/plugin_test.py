"""The test plugin's safety nets, shown on planted tests run in a subprocess: a hang fails
by timeout with a traceback, a failed test keeps its database for `psql`, and each test
reads a mailbox of its own."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from database.connection import database_exists, server_connection
from database.testing.kept import clean, read
from foundation.testing.planted import kept_record, run_planted
from foundation.testing.plugin import _declared_seconds, _starts_processes, run_server_url
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

HANGS = """
import asyncio
import time

import pytest


@pytest.mark.timeout(2)
def test_hangs_in_a_call():
    time.sleep(60)


@pytest.mark.timeout(2)
async def test_hangs_awaiting():
    await asyncio.Event().wait()


async def test_the_session_goes_on():
    await asyncio.sleep(0)
"""


def test_every_test_has_a_30_second_timeout(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.getini("timeout") == "30"


def test_processes_the_suite_starts_cache_their_compiled_modules() -> None:
    """Without the cache every worker, CLI run and server compiles its imports again."""
    script = "import sys; print(sys.dont_write_bytecode)"
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert child.stdout.strip() == "False"
    assert sys.dont_write_bytecode is False


def test_tests_that_start_processes_run_first_the_longest_first(
    request: pytest.FixtureRequest,
) -> None:
    """So the workers share the long tests early and end together."""
    items = request.session.items
    slow = [_starts_processes(item) for item in items]
    assert slow[0]  # this module's tests start processes
    assert slow == sorted(slow, reverse=True), "a test that starts processes runs late"
    declared = [_declared_seconds(item) for item in items]
    assert declared == sorted(declared, reverse=True), "a longer test runs after a shorter one"


QUICK_AND_SLOW = """
import pytest

from foundation.testing.timeouts import STARTS_PROCESSES


def test_in_process():
    pass


@STARTS_PROCESSES
def test_starts_a_server():
    pass


@pytest.mark.timeout(240)
def test_starts_dagster():
    pass
"""


def test_quick_leaves_out_the_tests_that_start_processes(tmp_path: Path) -> None:
    done = run_planted(tmp_path, QUICK_AND_SLOW, env={"PYTEST_ADDOPTS": "--quick"})
    assert "1 passed, 2 deselected" in done.stdout, done.stdout
    assert "PASSED ::test_in_process" in done.stdout
    everything = run_planted(tmp_path, QUICK_AND_SLOW)
    assert "3 passed" in everything.stdout, everything.stdout


def test_a_planted_hang_fails_by_timeout_with_a_traceback(tmp_path: Path) -> None:
    done = run_planted(tmp_path, HANGS)
    out = done.stdout
    assert "FAILED ::test_hangs_in_a_call - Failed: Timeout (>2.0s)" in out, out
    assert "FAILED ::test_hangs_awaiting - Failed: Timeout (>2.0s)" in out, out
    assert "time.sleep(60)" in out, out  # where it hung
    assert "asyncio tasks when the test timed out" in out  # where it awaits, too
    assert "await asyncio.Event().wait()" in out, out
    assert "PASSED ::test_the_session_goes_on" in out
    assert "2 failed, 1 passed" in out


FAILS = """
from foundation.testing.fixture import TFix


async def test_fails_after_making_a_user(t: TFix):
    await t.factory.user(email="kept@example.com")
    assert False, "planted failure"
"""


def test_a_planted_failure_keeps_its_database_and_prints_psql(tmp_path: Path) -> None:
    done = run_planted(tmp_path, FAILS, keep=True)
    try:
        out = done.stdout
        assert "1 failed" in out, out
        assert "a test failed: its database was kept. Open it with" in out
        assert "uv run just test-clean" in out
        [command] = re.findall(r"^  (\S+/psql '[^']+')$", out, re.M)
        [kept] = read(kept_record(tmp_path))
        assert kept.psql == command
        with server_connection(run_server_url()) as conn:
            assert database_exists(conn, kept.database)
        psql, url = command.split(" ", 1)
        shown = subprocess.run(
            [psql, url.strip("'"), "-c", "\\echo :DBNAME"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert shown.stdout.strip() == kept.database, shown.stderr
    finally:
        assert clean(kept_record(tmp_path))
    with server_connection(run_server_url()) as conn:
        assert not database_exists(conn, kept.database)
    assert read(kept_record(tmp_path)) == []


MAILBOXES = """
import os

from foundation.base.env import ENV
from foundation.base.paths import REPO_ROOT
from foundation.email.transport import OutgoingEmail, deliver, sent_to


async def test_delivers():
    await deliver(OutgoingEmail(to="isolated@example.test", subject="S", text="t"))
    assert len(sent_to("isolated@example.test")) == 1


async def test_sees_nothing_of_the_other_tests_mail():
    assert sent_to("isolated@example.test") == []
    outside = (ENV.email_maildir, os.environ["EMAIL_MAILDIR"])  # this test's, its processes'
    assert not any(path.startswith(str(REPO_ROOT)) for path in outside), outside
"""


def test_each_test_has_a_mailbox_of_its_own_and_never_the_developers(tmp_path: Path) -> None:
    done = run_planted(tmp_path, MAILBOXES)
    assert "2 passed" in done.stdout, done.stdout
