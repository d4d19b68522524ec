"""Dagster's storage in Postgres, as documented: `DAGSTER_POSTGRES_URL=postgresql://...`
(a scratch database of the test server, not the product's). `blossom pipeline materialize`
stores its run and events there, and the daemon launches a queued run whose events are
read back (`pipeline/instance.py`: dagster-postgres needs the psycopg2 driver).

The run blanks DAGSTER_POSTGRES_URL (`foundation/testing/fakes.py`): these tests set it
for the processes they start and for `pipeline.instance` in this one."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from dagster import DagsterEventType, DagsterRunStatus

from database.connection import drop_database, ensure_database, with_database
from foundation.base.env import load_env
from foundation.base.paths import REPO_ROOT
from foundation.testing.fixture import TFix
from foundation.testing.plugin import run_server_url
from foundation.testing.timeouts import STARTS_PROCESSES
from pipeline import instance as instance_module
from pipeline.instance import DRIVER_SCHEME, storage_url
from pipeline.testing import known_day

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py


@pytest.fixture
def storage(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, str]]:
    """A scratch database for Dagster's storage; the variables pointing `blossom
    pipeline` at it (a bare postgresql:// URL, as .env.example documents), also set for
    `pipeline.instance` here."""
    server = run_server_url()
    name = f"dagster_{uuid.uuid4().hex[:10]}"
    ensure_database(server, name)
    env = {
        "DAGSTER_HOME": str(tmp_path / "dagster"),
        "DAGSTER_POSTGRES_URL": with_database(server, name),
    }
    assert env["DAGSTER_POSTGRES_URL"].startswith("postgresql://")
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setattr(instance_module, "ENV", load_env())
    try:
        yield env
    finally:
        drop_database(server, name)


def _blossom(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "pipeline", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )


def test_storage_url_names_the_psycopg2_driver() -> None:
    assert storage_url("postgresql://u:p@h:5/d?sslmode=require") == (
        f"{DRIVER_SCHEME}u:p@h:5/d?sslmode=require"
    )
    assert storage_url("postgres://u@h/d") == f"{DRIVER_SCHEME}u@h/d"
    assert storage_url(f"{DRIVER_SCHEME}u@h/d") == f"{DRIVER_SCHEME}u@h/d"


@pytest.mark.timeout(240)  # two Dagster processes, each importing Dagster and the definitions
async def test_materialize_stores_its_run_and_events_in_postgres(
    t: TFix, storage: dict[str, str]
) -> None:
    k = await known_day(t)
    await asyncio.to_thread(_materialize_and_read_back, storage, k.day)


def _materialize_and_read_back(storage: dict[str, str], day: datetime.date) -> None:
    done = _blossom(storage, "materialize", "--date", day.isoformat(), "--asset", "daily_signups")
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"{day} daily_signups check" in done.stdout
    home = Path(storage["DAGSTER_HOME"])
    assert not any(home.rglob("*.db")), "no SQLite storage beside Postgres"
    written = (home / "dagster.yaml").read_text()
    assert "postgres_url" in written and storage["DAGSTER_POSTGRES_URL"] not in written
    dagster = instance_module.instance()  # reads the same Postgres storage back
    runs = dagster.get_runs()
    assert len(runs) == 1 and runs[0].status == DagsterRunStatus.SUCCESS
    records = dagster.get_records_for_run(
        runs[0].run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION
    ).records
    events = [r.event_log_entry.dagster_event for r in records]
    assert [e.asset_key.to_user_string() for e in events if e and e.asset_key] == ["daily_signups"]


DAEMON_SECONDS = 150


@pytest.mark.timeout(DAEMON_SECONDS + 90)  # the daemon, `dagster job launch` and a run worker
def test_the_daemon_launches_a_queued_run_against_postgres(storage: dict[str, str]) -> None:
    # `dagster job launch` queues the run in Postgres (the default QueuedRunCoordinator);
    # the daemon, started by `blossom pipeline daemon`, dequeues and runs it.
    dagster_env = {**os.environ, **instance_module.dagster_environment()}
    launched = subprocess.run(
        [
            str(Path(sys.executable).parent / "dagster"),
            *("job", "launch", "-m", "pipeline.definitions", "--job", "housekeeping_job"),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=dagster_env,
        timeout=DAEMON_SECONDS,
    )
    assert launched.returncode == 0, launched.stderr[-3000:]
    dagster = instance_module.instance()
    assert [r.status for r in dagster.get_runs()] == [DagsterRunStatus.QUEUED]
    with (Path(storage["DAGSTER_HOME"]) / "daemon.log").open("w+") as log:
        daemon = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "pipeline", "daemon"],
            cwd=REPO_ROOT,
            env={**os.environ, **storage},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # stopped whole: the daemon and its code server
        )
        try:
            deadline = time.monotonic() + DAEMON_SECONDS
            run = dagster.get_runs()[0]
            while not run.is_finished and time.monotonic() < deadline:
                assert daemon.poll() is None, "the daemon exited"
                time.sleep(0.5)
                run = dagster.get_runs()[0]
            log.seek(0)
            output = log.read()[-3000:]
            assert run.status == DagsterRunStatus.SUCCESS, output
        finally:
            os.killpg(daemon.pid, signal.SIGTERM)
            daemon.wait(timeout=60)
            with contextlib.suppress(ProcessLookupError):  # a code server slow to stop
                os.killpg(daemon.pid, signal.SIGKILL)
    events = {
        r.event_log_entry.dagster_event_type
        for r in dagster.get_records_for_run(run.run_id).records
    }
    expected = {"RUN_ENQUEUED", "RUN_START", "STEP_SUCCESS", "RUN_SUCCESS"}
    assert {DagsterEventType[e] for e in expected} <= events, events
    assert dagster.get_daemon_heartbeats()  # the daemon's own state, in Postgres too
