"""The console's front page: overview."""

from __future__ import annotations

from dataclasses import dataclass

from foundation.base.clock import CLOCK
from panopticon.framework import AdminReq, route


@dataclass
class OverviewOut:
    users: int
    enabled_users: int
    organizations: int
    active_product_sessions: int
    """Product sessions not ended and not expired."""
    signups_last_7_days: int
    """Users created in the last 7 days."""
    pending_invites: int
    """Invites neither accepted, revoked nor expired."""


@route("overview", authorization="admin", method="GET")
async def overview(req: AdminReq[None]) -> OverviewOut:
    """Totals across every tenant."""
    row = await req.q.orm.overview_totals(now=CLOCK.now())
    return OverviewOut(
        users=row.users,
        enabled_users=row.enabled_users,
        organizations=row.organizations,
        active_product_sessions=row.active_product_sessions,
        signups_last_7_days=row.signups_last_7_days,
        pending_invites=row.pending_invites,
    )


ROUTES = (overview,)
