"""overview: totals across every tenant."""

from __future__ import annotations

import datetime

from foundation.testing.fixture import TFix
from panopticon.overview.routes import overview
from panopticon.testing import make_admin


async def test_totals_follow_the_data(t: TFix) -> None:
    admin = await make_admin(t, "support")
    before = (await t.rpc.call(overview, as_=admin)).output
    c = await t.factory.customer()
    await t.factory.user(is_enabled=False)
    await t.factory.session(user=c.user, organization=c.organization)
    await t.factory.session(user=c.user, lifetime=datetime.timedelta(seconds=-1))  # expired
    await t.factory.invite(organization=c.organization)
    await t.factory.invite(organization=c.organization, lifetime=datetime.timedelta(seconds=-1))
    after = (await t.rpc.call(overview, as_=admin)).output
    # Other tests add rows concurrently: at least what this test added, counted right.
    assert after.users - before.users >= 2
    assert after.enabled_users - before.enabled_users >= 1
    assert after.organizations - before.organizations >= 1
    assert after.active_product_sessions - before.active_product_sessions >= 1
    assert after.signups_last_7_days - before.signups_last_7_days >= 2
    assert after.pending_invites - before.pending_invites >= 1
    assert after.enabled_users <= after.users and after.signups_last_7_days <= after.users
