"""analytics_overview: the pipeline's daily analytics for a range of UTC days."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import ClassVar

from foundation.rpc.errors import RPCError
from panopticon.framework import AdminReq, route

MAX_DAYS = 366


@dataclass
class AnalyticsRangeError(RPCError):
    """`from` must not be after `to`, and the range spans at most 366 days."""

    status: ClassVar[int] = 400
    max_days: int


@dataclass
class AnalyticsOverviewIn:
    from_day: datetime.date
    """First UTC day (inclusive)."""
    to_day: datetime.date
    """Last UTC day (inclusive)."""


@dataclass
class AnalyticsDay:
    day: datetime.date
    signups: int
    """Users created that day."""
    signups_completed: int
    active_organizations: int
    """Organizations with at least one member active that day."""
    organizations: int
    """Organizations existing at the end of the day (0: the day is not materialized)."""
    invites_sent: int
    invites_accepted: int
    invites_revoked: int
    invites_expired: int
    median_seconds_to_accept: float | None
    failed_logins: int
    """Failed sign-ins that day, product and panopticon together."""
    lockouts: int
    """Sign-in lockouts that started that day."""
    sessions_started: int


@dataclass
class InviteFunnel:
    """The range's invites: sent, then how many were accepted, revoked or expired."""

    sent: int
    accepted: int
    revoked: int
    expired: int
    median_seconds_to_accept: float | None
    """The median over the range's days that have one, weighted by each day's accepted
    invites (the median of the days' medians: the rows hold no single durations)."""


@dataclass
class AnalyticsOverviewOut:
    days: list[AnalyticsDay]
    """Every day of the range, oldest first (zeros where the pipeline wrote nothing)."""
    funnel: InviteFunnel


@route("analytics_overview", authorization="admin", method="GET", errors=(AnalyticsRangeError,))
async def analytics_overview(req: AdminReq[AnalyticsOverviewIn]) -> AnalyticsOverviewOut:
    """Signups, active organizations and the invite funnel per UTC day, from the tables the
    Dagster pipeline fills (`blossom pipeline backfill` fills past days)."""
    first, last = req.data.from_day, req.data.to_day
    if last < first or (last - first).days + 1 > MAX_DAYS:
        raise AnalyticsRangeError(max_days=MAX_DAYS)
    q = req.q
    signups = {
        r.day: r for r in await q.orm.analytics_signups_by_day(first_day=first, last_day=last)
    }
    organizations = {
        r.day: r for r in await q.orm.analytics_organizations_by_day(first_day=first, last_day=last)
    }
    funnel = {
        r.day: r for r in await q.orm.analytics_invite_funnel_by_day(first_day=first, last_day=last)
    }
    security = {
        r.day: r
        for r in await q.orm.analytics_login_security_by_day(first_day=first, last_day=last)
    }
    days: list[AnalyticsDay] = []
    for offset in range((last - first).days + 1):
        day = first + datetime.timedelta(days=offset)
        s, o, f = signups.get(day), organizations.get(day), funnel.get(day)
        ls = security.get(day)
        days.append(
            AnalyticsDay(
                day=day,
                signups=s.users_created if s else 0,
                signups_completed=s.users_completed if s else 0,
                active_organizations=o.active_organizations if o else 0,
                organizations=o.organizations if o else 0,
                invites_sent=f.sent if f else 0,
                invites_accepted=f.accepted if f else 0,
                invites_revoked=f.revoked if f else 0,
                invites_expired=f.expired if f else 0,
                median_seconds_to_accept=f.median_seconds_to_accept if f else None,
                failed_logins=ls.failed_logins if ls else 0,
                lockouts=ls.lockouts if ls else 0,
                sessions_started=ls.sessions_started if ls else 0,
            )
        )
    return AnalyticsOverviewOut(
        days=days,
        funnel=InviteFunnel(
            sent=sum(d.invites_sent for d in days),
            accepted=sum(d.invites_accepted for d in days),
            revoked=sum(d.invites_revoked for d in days),
            expired=sum(d.invites_expired for d in days),
            median_seconds_to_accept=_weighted_median(days),
        ),
    )


ROUTES = (analytics_overview,)


def _weighted_median(days: list[AnalyticsDay]) -> float | None:
    """The median of the days' medians, each day counted once per accepted invite."""
    weighted = sorted(
        (d.median_seconds_to_accept, d.invites_accepted)
        for d in days
        if d.median_seconds_to_accept is not None and d.invites_accepted > 0
    )
    total = sum(weight for _, weight in weighted)
    if total == 0:
        return None
    seen = 0
    for median, weight in weighted:
        seen += weight
        if seen * 2 >= total:
            return median
    return weighted[-1][0]  # not reached: the loop ends at the middle
