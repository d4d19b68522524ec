"""analytics_overview over rows the pipeline would write."""

from __future__ import annotations

import dataclasses
import datetime
import random

from database.testing import harness
from foundation.testing.fixture import TFix
from panopticon.analytics.routes import (
    AnalyticsDay,
    AnalyticsOverviewIn,
    AnalyticsRangeError,
    InviteFunnel,
    analytics_overview,
)
from panopticon.db import xact_admin
from panopticon.testing import make_admin


def _far_day() -> datetime.date:
    """A day no other test writes analytics for (the tables are keyed by day)."""
    return datetime.date(1990, 1, 1) + datetime.timedelta(days=random.randrange(0, 9000))


def _zero(day: datetime.date) -> AnalyticsDay:
    return AnalyticsDay(
        day=day,
        signups=0,
        signups_completed=0,
        active_organizations=0,
        organizations=0,
        invites_sent=0,
        invites_accepted=0,
        invites_revoked=0,
        invites_expired=0,
        median_seconds_to_accept=None,
    )


async def test_days_are_filled_from_the_analytics_tables(t: TFix) -> None:
    admin = await make_admin(t, "support")
    first = _far_day()
    second = first + datetime.timedelta(days=1)
    organizations = [await t.factory.organization() for _ in range(3)]
    async with xact_admin() as q:
        for day in (first, second, second + datetime.timedelta(days=1)):
            await harness(q).test_analytics_rows_delete(day=day)
        await harness(q).test_daily_signups_insert(
            day=first, inbound_source="organic", users_created=3, users_completed=2
        )
        await harness(q).test_daily_signups_insert(
            day=first, inbound_source="none", users_created=1, users_completed=0
        )
        for organization, active in zip(organizations, (2, 0, 1), strict=True):
            await harness(q).test_organization_activity_insert(
                day=second, organization_id=organization.id, active_users=active
            )
        await harness(q).test_invite_funnel_insert(
            day=second, sent=5, accepted=2, revoked=1, expired=1, median_seconds_to_accept=90.0
        )
    data = AnalyticsOverviewIn(from_day=first, to_day=second + datetime.timedelta(days=1))
    out = (await t.rpc.call(analytics_overview, data, as_=admin)).output
    assert out.days == [
        dataclasses.replace(_zero(first), signups=4, signups_completed=2),
        dataclasses.replace(
            _zero(second),
            active_organizations=2,
            organizations=3,
            invites_sent=5,
            invites_accepted=2,
            invites_revoked=1,
            invites_expired=1,
            median_seconds_to_accept=90.0,
        ),
        _zero(second + datetime.timedelta(days=1)),
    ]
    assert out.funnel == InviteFunnel(sent=5, accepted=2, revoked=1, expired=1)


async def test_the_range_is_checked(t: TFix) -> None:
    admin = await make_admin(t, "support")
    day = datetime.date(2026, 3, 1)
    backwards = AnalyticsOverviewIn(from_day=day, to_day=day - datetime.timedelta(days=1))
    res = await t.rpc.call(analytics_overview, backwards, as_=admin)
    assert res.expect_error(AnalyticsRangeError) == AnalyticsRangeError(max_days=366)
    too_long = AnalyticsOverviewIn(from_day=day, to_day=day + datetime.timedelta(days=366))
    (await t.rpc.call(analytics_overview, too_long, as_=admin)).expect_error(AnalyticsRangeError)
    year = AnalyticsOverviewIn(from_day=day, to_day=day + datetime.timedelta(days=365))
    assert len((await t.rpc.call(analytics_overview, year, as_=admin)).output.days) == 366
