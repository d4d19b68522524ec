"""The analytics assets materialized in-process through Dagster over a day of known
activity: the rows, idempotence, an empty day, and the checks."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
from typing import Any

import asyncpg
import pytest
from dagster import DagsterInstance

from database.testing import harness
from database.xact import xact_admin
from foundation.testing.fixture import TFix
from pipeline.analytics import ANALYTICS, check_day
from pipeline.db import xact_admin as pipeline_xact
from pipeline.run import fill_days, materialize_days
from pipeline.testing import EMPTY_DAY, claim_day, known_day


async def _materialize(day: datetime.date, assets: list[str] | None = None) -> list[str]:
    lines: list[str] = []
    failed = await asyncio.to_thread(
        materialize_days,
        [day],
        assets or [],
        report=lines.append,
        instance=DagsterInstance.ephemeral(),  # pyright: ignore[reportUnknownMemberType]  (untyped settings dict)
    )
    assert not failed, failed
    return lines


def _values(rows: list[Any]) -> list[dict[str, Any]]:
    skip = {"id", "created_at", "updated_at", "storytime", "day"}
    return [{k: v for k, v in dataclasses.asdict(r).items() if k not in skip} for r in rows]


async def _tables(day: datetime.date) -> dict[str, list[dict[str, Any]]]:
    async with xact_admin() as q:
        return {
            "daily_signups": _values(await harness(q).test_daily_signups_of(day=day)),
            "organization_daily_activity": _values(
                await harness(q).test_organization_activity_of(day=day)
            ),
            "invite_funnel_daily": _values(await harness(q).test_invite_funnel_of(day=day)),
            "login_security_daily": _values(await harness(q).test_login_security_of(day=day)),
        }


async def test_a_known_day_gives_known_rows_and_again_the_same(t: TFix) -> None:
    k = await known_day(t)
    lines = await _materialize(k.day)
    assert sum("passed" in line for line in lines) == 8, lines
    tables = await _tables(k.day)
    assert tables["daily_signups"] == [
        {"inbound_source": "none", "users_created": 1, "users_completed": 0},
        {"inbound_source": "organic", "users_created": 1, "users_completed": 1},
    ]
    by_org = {
        row["organization_id"]: {k2: v for k2, v in row.items() if k2 != "organization_id"}
        for row in tables["organization_daily_activity"]
    }
    assert by_org == {
        k.org_a.id: {
            "active_users": 1,
            "owners": 1,
            "admins": 1,
            "members": 0,
            "invites_sent": 2,
            "invites_accepted": 1,
        },
        k.org_b.id: {
            "active_users": 0,
            "owners": 1,
            "admins": 0,
            "members": 0,
            "invites_sent": 1,
            "invites_accepted": 0,
        },
    }
    assert tables["invite_funnel_daily"] == [
        {
            "sent": 3,
            "accepted": 1,
            "revoked": 1,
            "expired": 1,
            "median_seconds_to_accept": 7200.0,
        }
    ]
    assert tables["login_security_daily"] == [
        {"app": "panopticon", "failed_logins": 1, "lockouts": 0, "sessions_started": 1},
        {"app": "product", "failed_logins": 12, "lockouts": 1, "sessions_started": 1},
    ]
    await _materialize(k.day)
    assert await _tables(k.day) == tables


async def test_one_asset_alone(t: TFix) -> None:
    k = await known_day(t)
    lines = await _materialize(k.day, ["invite_funnel_daily"])
    assert lines[0] == f"{k.day} invite_funnel_daily: 1 rows"
    tables = await _tables(k.day)
    assert tables["daily_signups"] == [] and len(tables["invite_funnel_daily"]) == 1


async def test_a_day_without_activity_gives_no_rows(t: TFix) -> None:
    lines = await _materialize(EMPTY_DAY)
    assert all(line.endswith(": 0 rows") for line in lines if "rows" in line), lines
    assert await _tables(EMPTY_DAY) == {name: [] for name in ANALYTICS}


async def test_checks_pass_on_good_data_and_fail_on_broken_data(t: TFix) -> None:
    k = await known_day(t)
    await _materialize(k.day)
    async with pipeline_xact() as q:
        for analytics in ANALYTICS.values():
            assert all(c.passed for c in await check_day(q, analytics, k.day))
    async with xact_admin() as q:
        await harness(q).test_daily_signups_corrupt(day=k.day)
        await harness(q).test_organization_activity_corrupt(day=k.day)
    async with pipeline_xact() as q:
        signups = await check_day(q, ANALYTICS["daily_signups"], k.day)
        activity = await check_day(q, ANALYTICS["organization_daily_activity"], k.day)
    assert [(c.name, c.passed, c.expected, c.found) for c in signups] == [
        ("counts_match_sources", False, 2, 4),
        ("every_key_present", True, 2, 2),
    ]
    assert [(c.name, c.passed) for c in activity][1] == ("every_key_present", False)
    assert activity[1].expected == activity[1].found + 1
    # Materializing again repairs the day, and the checks pass again.
    await _materialize(k.day)


async def test_negative_counts_cannot_be_stored(t: TFix) -> None:
    """Why the checks need no "no negative values" check: the tables refuse them."""
    day = claim_day()
    with pytest.raises(asyncpg.CheckViolationError):
        async with xact_admin() as q:
            await harness(q).test_daily_signups_insert(
                day=day, inbound_source="organic", users_created=-1, users_completed=0
            )
    with pytest.raises(asyncpg.CheckViolationError):
        async with xact_admin() as q:
            await harness(q).test_invite_funnel_insert(
                day=day, sent=1, accepted=-2, revoked=0, expired=0, median_seconds_to_accept=None
            )


async def test_filling_without_dagster_writes_what_materializing_writes(t: TFix) -> None:
    """`fill_days` (the seed's quick first pass) does the assets' work without a run."""
    k = await known_day(t)
    assert await asyncio.to_thread(fill_days, [k.day]) == []
    filled = await _tables(k.day)
    async with xact_admin() as q:
        await harness(q).test_analytics_rows_delete(day=k.day)
    assert (await _tables(k.day))["daily_signups"] == []
    await _materialize(k.day)
    assert await _tables(k.day) == filled and filled["daily_signups"]
