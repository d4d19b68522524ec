"""`blossom pipeline materialize|backfill|housekeeping` end to end, in a subprocess, on
the test database (DAGSTER_HOME in a temporary directory)."""

from __future__ import annotations

import asyncio
import datetime
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import httpx
import pytest

from foundation.base.clock import CLOCK
from foundation.base.paths import REPO_ROOT
from foundation.testing.fixture import TFix
from foundation.testing.live_server import live_server
from foundation.testing.timeouts import STARTS_PROCESSES
from pipeline.analytics import ANALYTICS
from pipeline.cli import HousekeepingReport
from pipeline.testing import claim_day, known_day

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py


def _blossom(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "pipeline", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster")},
        timeout=300,
    )


async def test_materialize_prints_rows_and_checks(t: TFix, tmp_path: Path) -> None:
    k = await known_day(t)
    done = _blossom(tmp_path, "materialize", "--date", k.day.isoformat())
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert f"{k.day} invite_funnel_daily: 1 rows" in lines
    assert f"{k.day} organization_daily_activity: 2 rows" in lines
    checks = [line for line in lines if " check " in line]
    assert len(checks) == 8 and all(": passed (" in line for line in checks), checks
    # The run is in DAGSTER_HOME's history, as the UI would show it.
    assert (tmp_path / "dagster" / "dagster.yaml").exists()
    assert any((tmp_path / "dagster").rglob("*.db"))


def test_bad_days_are_refused(tmp_path: Path) -> None:
    today = CLOCK.now().date().isoformat()
    refused = _blossom(tmp_path, "materialize", "--date", today)
    assert refused.returncode == 2 and "not today" in refused.stderr
    day = claim_day().isoformat()
    unknown = _blossom(tmp_path, "materialize", "--date", day, "--asset", "nope")
    assert unknown.returncode == 2 and "unknown asset" in unknown.stderr
    backwards = _blossom(tmp_path, "backfill", "--from", day, "--to", "2026-01-01")
    assert backwards.returncode == 2 and "--to is before --from" in backwards.stderr


KINDS = [
    "sessions_deleted",
    "ended_sessions_deleted",
    "login_failures_deleted",
    "invites_marked_expired",
    "rate_limit_hits_deleted",
    "sso_requests_deleted",
    "webhook_events_deleted",
    "domains_unverified",
]


def test_housekeeping_prints_each_count_once(tmp_path: Path) -> None:
    done = _blossom(tmp_path, "housekeeping", "--batch", "100")
    assert done.returncode == 0, done.stderr
    assert [line.split(":")[0] for line in done.stdout.splitlines()] == KINDS
    # A terminal shows stdout and stderr together: no count shows twice.
    for line in done.stderr.splitlines():
        assert not line.startswith("-> ") or line.endswith(" so far"), done.stderr
        assert line.removeprefix("-> ") not in done.stdout.splitlines(), done.stderr


def test_housekeeping_report_prints_the_last_count_of_a_kind_and_earlier_ones_as_progress() -> None:
    done: list[str] = []
    so_far: list[str] = []
    report = HousekeepingReport(done=done.append, so_far=so_far.append)
    for kind, count in [("a", 100), ("a", 200), ("a", 250), ("b", 0), ("c", 100), ("c", 100)]:
        report.progress(kind, count)
    assert done == ["a: 250", "b: 0"]
    report.finish()
    assert done == ["a: 250", "b: 0", "c: 100"]
    assert so_far == ["a: 100 so far", "a: 200 so far", "c: 100 so far"]


# Dagster's webserver imports Dagster, then starts a code server that imports the
# definitions: ~15 s on an idle 2-core machine, past 60 s on a loaded one (it missed a 60 s
# deadline in 2 of 5 full runs). It gets 150 s to answer, failing sooner if it exits, with
# its output either way: a server that never answers still fails, with what it printed.
WEBSERVER_READY_SECONDS = 150


@pytest.mark.timeout(WEBSERVER_READY_SECONDS + 240)
async def test_the_webserver_shows_lineage_descriptions_and_the_cli_backfill(
    t: TFix, tmp_path: Path
) -> None:
    """One webserver for every assertion about what the UI shows: it starts after
    `blossom pipeline backfill` of two days, on the same DAGSTER_HOME."""
    k = await known_day(t)
    first = k.day - datetime.timedelta(days=1)
    done = await asyncio.to_thread(
        _blossom, tmp_path, "backfill", "--from", first.isoformat(), "--to", k.day.isoformat()
    )
    assert done.returncode == 0, done.stderr
    # The progress names each day (a terminal's bar; off a terminal, a line per day).
    assert f"-> backfill: {first} (1 of 2 days)" in done.stderr.splitlines(), done.stderr
    assert f"-> backfill: {k.day} (2 of 2 days)" in done.stderr.splitlines(), done.stderr
    assert "2 days, 0 failed runs, 0 failed checks" in done.stderr
    await asyncio.to_thread(_webserver_shows, tmp_path, [first.isoformat(), k.day.isoformat()])


def _webserver_shows(tmp_path: Path, days: list[str]) -> None:
    env = {"DAGSTER_HOME": str(tmp_path / "dagster")}
    command = ["-m", "cli.main", "pipeline", "webserver"]
    with live_server(command, env, ready_seconds=WEBSERVER_READY_SECONDS) as server:

        def graphql(query: str) -> Any:
            answer = httpx.post(server.url + "/graphql", json={"query": query}, timeout=60)
            return answer.json()["data"]

        info = httpx.get(server.url + "/server_info", timeout=30)
        assert info.status_code == 200 and "dagster_webserver_version" in info.json()
        nodes = {n["assetKey"]["path"][0]: n for n in graphql(GRAPHQL_ASSETS)["assetNodes"]}
        analytics = {name for name, node in nodes.items() if node["groupName"] == "analytics"}
        assert analytics == set(ANALYTICS)
        # Lineage: each analytics table depends on the product tables its fill query reads,
        # source assets of their own group.
        for name in analytics:
            deps = {key["path"][0] for key in nodes[name]["dependencyKeys"]}
            assert deps == set(ANALYTICS[name].sources), name
            for source in deps:
                assert nodes[source]["groupName"] == "product"
                assert nodes[source]["isMaterializable"] is False
        # Every asset and check says what it is ("No description provided" nowhere).
        for name, node in nodes.items():
            assert node["description"], name
            for check in node["assetChecksOrError"].get("checks", []):
                assert check["description"], (name, check["name"])
        assert {c["name"] for c in nodes["daily_signups"]["assetChecksOrError"]["checks"]} == {
            "counts_match_sources",
            "every_key_present",
        }
        # The generated dagster.yaml switches off the first-visit newsletter prompt.
        assert graphql("{ shouldShowNux }")["shouldShowNux"] is False

        # The backfill: in the Backfills tab, of the daily_analytics job of this code
        # location, one successful run per day, each run of its day.
        [backfill] = graphql(GRAPHQL_BACKFILLS)["partitionBackfillsOrError"]["results"]
        assert backfill["partitionNames"] == days and backfill["numPartitions"] == 2
        assert backfill["isAssetBackfill"] is False and backfill["jobName"] == "daily_analytics"
        location = backfill["partitionSet"]["repositoryOrigin"]["repositoryLocationName"]
        assert location == "pipeline.definitions"
        statuses = backfill["partitionStatuses"]["results"]
        assert sorted(s["partitionName"] for s in statuses) == days
        assert {s["runStatus"] for s in statuses} == {"SUCCESS"}
        runs = backfill["runs"]
        assert {r["pipelineName"] for r in runs} == {"daily_analytics"} and len(runs) == 2
        run_days = {
            tag["value"] for r in runs for tag in r["tags"] if tag["key"] == "dagster/partition"
        }
        assert run_days == set(days)

        # Each check's result is stored with the day it checked.
        for name in ANALYTICS:
            for check in ("counts_match_sources", "every_key_present"):
                query = GRAPHQL_CHECK_EXECUTIONS % (name, check)
                executions = graphql(query)["assetCheckExecutions"]
                assert sorted(e["partition"] for e in executions) == days, (name, check)
                for e in executions:
                    assert e["evaluation"]["partition"] == e["partition"]
                    assert e["evaluation"]["success"] is True
                    assert e["status"] == "SUCCEEDED"
        # Starting up warned of nothing (a preview feature, a superseded command...).
        assert "Warning" not in server.output(), server.output()


GRAPHQL_ASSETS = """
{
  assetNodes {
    assetKey { path }
    groupName
    description
    isMaterializable
    dependencyKeys { path }
    assetChecksOrError { ... on AssetChecks { checks { name description } } }
  }
}
"""

GRAPHQL_BACKFILLS = """
{
  partitionBackfillsOrError {
    ... on PartitionBackfills {
      results {
        id status partitionNames numPartitions isAssetBackfill jobName
        partitionSet { name repositoryOrigin { repositoryLocationName } }
        partitionStatuses { results { partitionName runStatus } }
        runs { runId pipelineName tags { key value } }
      }
    }
  }
}
"""

GRAPHQL_CHECK_EXECUTIONS = """
{
  assetCheckExecutions(assetKey: {path: ["%s"]}, checkName: "%s", limit: 10) {
    partition status evaluation { partition success }
  }
}
"""


def test_dagster_processes_are_told_to_log_json_in_production(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`--log-format json` when this process logs JSON, and each program accepts it."""
    from dagster._cli.dev import dev_command  # Dagster's own commands, to read their options
    from dagster._daemon.cli import run_command
    from dagster_webserver.cli import dagster_webserver

    from foundation.base.logs import configure_logging, json_logs
    from pipeline.cli import dagster_command

    before = json_logs()
    try:
        configure_logging(force_format="json")
        assert dagster_command(["dagster-daemon", "run"]) == [
            "dagster-daemon",
            "run",
            "--log-format",
            "json",
        ]
        configure_logging(force_format="console")
        assert dagster_command(["dagster-daemon", "run"]) == ["dagster-daemon", "run"]
    finally:
        configure_logging(force_format="json" if before else "console")
    for command in (dev_command, run_command, dagster_webserver):
        [option] = [p for p in command.params if "--log-format" in p.opts]
        assert isinstance(option.type, click.Choice) and "json" in option.type.choices


def test_dev_runs_the_programs_side_by_side_and_stops_the_rest_when_one_exits(
    tmp_path: Path,
) -> None:
    """`blossom pipeline dev` = `dagster-webserver` and `dagster-daemon run` as children
    (Dagster's kept entry points; `dagster dev` warns that it is superseded)."""
    from pipeline.cli import run_side_by_side

    marker = tmp_path / "terminated"
    waits = (
        "import pathlib, signal, sys, time\n"
        "def stop(*_):\n"
        f"    pathlib.Path({str(marker)!r}).write_text('yes')\n"
        "    sys.exit(0)\n"
        "signal.signal(signal.SIGTERM, stop)\n"
        "time.sleep(120)\n"
    )
    fails = "import time, sys; time.sleep(2); sys.exit(3)"
    with pytest.raises(SystemExit) as stopped:
        run_side_by_side([["python", "-c", waits], ["python", "-c", fails]], grace=30)
    assert str(stopped.value.code) == "stopped: python (exit code 3) exited"
    assert marker.read_text() == "yes"
