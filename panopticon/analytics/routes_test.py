"""analytics_overview over rows the pipeline would write."""

from __future__ import annotations

import dataclasses
import datetime
import random

from database.__codegen__.enums import SessionAppEnum
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
        failed_logins=0,
        lockouts=0,
        sessions_started=0,
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
        await harness(q).test_invite_funnel_insert(
            day=first, sent=1, accepted=1, revoked=0, expired=0, median_seconds_to_accept=30.0
        )
        security: dict[SessionAppEnum, tuple[int, int, int]] = {
            "product": (7, 1, 4),
            "panopticon": (2, 0, 1),
        }
        for app, (failed, lockouts, started) in security.items():
            await harness(q).test_login_security_insert(
                day=first,
                app=app,
                failed_logins=failed,
                lockouts=lockouts,
                sessions_started=started,
            )
    data = AnalyticsOverviewIn(from_day=first, to_day=second + datetime.timedelta(days=1))
    out = (await t.rpc.call(analytics_overview, data, as_=admin)).output
    assert out.days == [
        dataclasses.replace(
            _zero(first),
            signups=4,
            signups_completed=2,
            invites_sent=1,
            invites_accepted=1,
            median_seconds_to_accept=30.0,
            failed_logins=9,
            lockouts=1,
            sessions_started=5,
        ),
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
    # The range's median: 30 s once (1 accepted), 90 s twice (2 accepted): 90 s.
    assert out.funnel == InviteFunnel(
        sent=6, accepted=3, revoked=1, expired=1, median_seconds_to_accept=90.0
    )


async def test_the_range_median_weighs_days_by_accepted_invites(t: TFix) -> None:
    admin = await make_admin(t, "support")
    first = _far_day()
    days = [first + datetime.timedelta(days=n) for n in range(3)]
    async with xact_admin() as q:
        for day in days:
            await harness(q).test_analytics_rows_delete(day=day)
        for day, accepted, median in zip(days, (3, 1, 0), (10.0, 500.0, None), strict=True):
            await harness(q).test_invite_funnel_insert(
                day=day,
                sent=4,
                accepted=accepted,
                revoked=0,
                expired=0,
                median_seconds_to_accept=median,
            )
    data = AnalyticsOverviewIn(from_day=days[0], to_day=days[-1])
    out = (await t.rpc.call(analytics_overview, data, as_=admin)).output
    assert out.funnel.median_seconds_to_accept == 10.0
    # A range without accepted invites has no median.
    none = AnalyticsOverviewIn(from_day=days[2], to_day=days[2])
    out = (await t.rpc.call(analytics_overview, none, as_=admin)).output
    assert out.funnel.median_seconds_to_accept is None


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
