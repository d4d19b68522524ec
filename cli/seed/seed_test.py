"""The demo world on a real database: made once however often the seed runs, its
analytics materialized through Dagster for the 30 days, its superadmin signed in through
panopticon's real login; `blossom dev seed` end to end; never in production."""

from __future__ import annotations

import asyncio
import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dagster import DagsterInstance

from cli.seed.__codegen__.orm import CliSeedORM
from cli.seed.__codegen__.queries import Queries as CliSeedQueries
from cli.seed.__codegen__.queries import SeedWorldCountsRow
from cli.seed.seed import (
    ORGANIZATIONS,
    PASSWORD,
    STAFF_PART,
    SUPERADMIN,
    analytics_days,
    seed_world,
    world_counts,
)
from database.testing import harness
from database.testing.__codegen__.orm import DatabaseTestingORM
from database.xact import xact_admin
from foundation.__codegen__.orm import FoundationORM
from foundation.base.clock import CLOCK
from foundation.base.errors import ConfigurationError
from foundation.base.paths import REPO_ROOT
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES
from panopticon.analytics.routes import AnalyticsOverviewIn, analytics_overview
from panopticon.auth.routes import PanopticonLoginIn, login
from panopticon.framework import PANOPTICON
from pipeline.run import materialize_days

pytestmark = STARTS_PROCESSES  # Dagster runs, and `blossom dev seed` in a subprocess

WORLD = SeedWorldCountsRow(
    users=22, organizations=6, memberships=17, invites=25, sessions=172, login_failures=88
)
"""The demo world, whoever made it (the same every run: a fixed random seed)."""


async def test_seeding_twice_makes_one_world_with_30_days_of_analytics(t: TFix) -> None:
    now = CLOCK.now()
    first = await seed_world(now)
    again = await seed_world(now)
    assert again.created == [] and again.counts == first.counts == WORLD
    assert sorted(first.created + first.skipped) == sorted(
        [STAFF_PART, *(o.name for o in ORGANIZATIONS)]
    )

    days = analytics_days(now)
    assert len(days) == 30 and days[-1] == now.date() - datetime.timedelta(days=1)
    failed = await asyncio.to_thread(
        materialize_days,
        days,
        [],
        report=None,
        instance=DagsterInstance.ephemeral(),  # pyright: ignore[reportUnknownMemberType]  (untyped settings dict)
    )
    assert failed == []

    signed_in = await t.rpc.call(
        login, PanopticonLoginIn(email=SUPERADMIN.email, password=PASSWORD)
    )
    assert signed_in.output.admin is not None and signed_in.output.admin.role == "superadmin"
    cookie = signed_in.cookies[PANOPTICON.cookie]
    window = AnalyticsOverviewIn(from_day=days[0], to_day=days[-1])
    overview = (await t.rpc.call(analytics_overview, window, as_=cookie)).output
    assert [d.day for d in overview.days] == days
    assert all(d.organizations >= 1 for d in overview.days)  # every day materialized
    assert sum(d.signups for d in overview.days) >= WORLD.users
    assert sum(d.signups_completed for d in overview.days) < sum(d.signups for d in overview.days)
    assert overview.funnel.sent >= WORLD.invites and overview.funnel.accepted >= 11
    async with xact_admin() as q:
        for day in days:  # failed logins every day
            assert await harness(q).test_login_security_of(day=day), day


SEED = [sys.executable, "-m", "cli.main", "dev", "seed", "--days", "2"]


def test_the_command_seeds_materializes_and_says_how_to_sign_in(tmp_path: Path) -> None:
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster"), "NO_COLOR": "1"}

    def seed() -> str:
        done = subprocess.run(
            SEED, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=140
        )
        assert done.returncode == 0, done.stderr
        return done.stdout + done.stderr

    def world(output: str) -> str:
        [line] = [line for line in output.splitlines() if line.startswith("-> demo world now:")]
        return line

    first = seed()
    assert "-> analytics: 2 days materialized through Dagster, 0 failed checks" in first
    assert f'every password is "{PASSWORD}"' in first and f"as {SUPERADMIN.email}" in first
    assert world(first).startswith(f"-> demo world now: {WORLD.users} users, 6 organizations")
    again = seed()
    assert "-> demo world: created nothing (the demo world was there)" in again
    assert "-> analytics: the last 2 days are materialized already" in again
    assert world(again) == world(first)


async def test_production_is_refused_before_anything_is_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = await world_counts()
    override_env(monkeypatch, environment="production")
    with pytest.raises(ConfigurationError, match="never in production"):
        await seed_world(CLOCK.now())
    assert await world_counts() == before


def test_the_seeds_queries_hide_none_below_and_include_no_test_query() -> None:
    """What tools/db_codegen/orms_test.py checks of the apps' ORMs (tools cannot import cli)."""
    own = {name for name in vars(CliSeedQueries) if not name.startswith("_")}
    assert own and not own & set(dir(FoundationORM))
    assert issubclass(CliSeedORM, FoundationORM) and not issubclass(CliSeedORM, DatabaseTestingORM)
