"""Test helpers of the pipeline: days of their own, and a day of known activity.

Analytics are keyed by day, and every test of a worker shares its database, so each test
claims a block of 3 days (`claim_day()` returns the block's last day) below every block
claimed before: rows a test backdates into its block never exist at the end of a later
test's (earlier) day.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from database.__codegen__.models import InviteModel, OrganizationModel, SessionModel, UserModel
from database.testing import harness
from database.xact import xact_admin
from foundation.testing.fixture import TFix

_BLOCKS = itertools.count()
LAST_CLAIMABLE = datetime.date(2026, 10, 31)
EMPTY_DAY = datetime.date(2026, 1, 2)
"""A day no test backdates anything into (claims stop well after it)."""


def claim_day() -> datetime.date:
    return LAST_CLAIMABLE - datetime.timedelta(days=3 * next(_BLOCKS))


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=datetime.UTC)


@dataclass
class KnownDay:
    """One UTC day of activity whose analytics are known in advance (see `known_day`)."""

    day: datetime.date
    org_a: OrganizationModel
    org_b: OrganizationModel
    u1: UserModel
    u2: UserModel
    u3: UserModel
    u1_session: SessionModel
    invites: list[InviteModel]
    failing_email: str


async def known_day(t: TFix) -> KnownDay:
    """Day D: organization A (organic) created on D, B (invite) on D-1.
    Users: u1 created on D, complete, owner of A, a product session in A seen on D and a
    panopticon session started on D; u2 created on D, signup not complete, no
    organization; u3 created on D-1, owner of B (since D-1) and admin of A (since D), its
    product session in B started and last seen on D-1; u4 created on D-1, member of B
    removed on D.
    Invites into A: one sent on D 10:00 and accepted 12:00, one sent and revoked on D, one
    sent on D-20 expiring on D 15:00 unaccepted; into B: one sent on D, pending.
    Failed logins on D: product, one email, client 1 ten times (a lockout), client 2
    twice; panopticon once."""
    day = claim_day()
    before = day - datetime.timedelta(days=1)
    f = t.factory
    org_a = await f.organization(name="Known A", inbound_source="organic")
    org_b = await f.organization(name="Known B", inbound_source="invite")
    u1 = await f.user(name="Known One")
    u2 = await f.user(name="Known Two", signup_step="created")
    u3 = await f.user(name="Known Three")
    u4 = await f.user(name="Known Four")
    m_a1 = await f.membership(user=u1, organization=org_a, role="owner")
    m_a3 = await f.membership(user=u3, organization=org_a, role="admin")
    m_b3 = await f.membership(user=u3, organization=org_b, role="owner")
    m_b4 = await f.membership(user=u4, organization=org_b, role="member")
    s1 = await f.session(user=u1, organization=org_a)
    p1 = await f.session(user=u1, app="panopticon")
    s3 = await f.session(user=u3, organization=org_b)
    accepted = await f.invite(organization=org_a)
    revoked = await f.invite(organization=org_a)
    expired = await f.invite(organization=org_a)
    pending = await f.invite(organization=org_b)
    email = f"known-{day.isoformat()}@example.test"
    async with xact_admin() as q:
        await harness(q).test_organization_backdate(id=org_a.id, at=at(day, 9))
        await harness(q).test_organization_backdate(id=org_b.id, at=at(before, 9))
        for user, when in (
            (u1, at(day, 9)),
            (u2, at(day, 13)),
            (u3, at(before, 8)),
            (u4, at(before, 8)),
        ):
            await harness(q).test_user_backdate(id=user.id, at=when)
        await harness(q).test_membership_backdate(id=m_a1.id, at=at(day, 9), removed_at=None)
        await harness(q).test_membership_backdate(id=m_a3.id, at=at(day, 10), removed_at=None)
        await harness(q).test_membership_backdate(id=m_b3.id, at=at(before, 9), removed_at=None)
        await harness(q).test_membership_backdate(
            id=m_b4.id, at=at(before, 10), removed_at=at(day, 12)
        )
        await harness(q).test_session_backdate(
            id=s1.id,
            created_at=at(day, 10),
            last_seen_at=at(day, 11),
            expires_at=at(day + datetime.timedelta(days=1), 10),
            expired_at=None,
        )
        await harness(q).test_session_backdate(
            id=p1.id,
            created_at=at(day, 10),
            last_seen_at=at(day, 10),
            expires_at=at(day, 22),
            expired_at=None,
        )
        await harness(q).test_session_backdate(
            id=s3.id,
            created_at=at(before, 10),
            last_seen_at=at(before, 11),
            expires_at=at(before, 23),
            expired_at=None,
        )
        ten_days = datetime.timedelta(days=14)
        await harness(q).test_invite_backdate(
            id=accepted.id,
            created_at=at(day, 10),
            expires_at=at(day, 10) + ten_days,
            accepted_at=at(day, 12),
            revoked_at=None,
        )
        await harness(q).test_invite_backdate(
            id=revoked.id,
            created_at=at(day, 10),
            expires_at=at(day, 10) + ten_days,
            accepted_at=None,
            revoked_at=at(day, 11),
        )
        await harness(q).test_invite_backdate(
            id=expired.id,
            created_at=at(day - datetime.timedelta(days=20), 15),
            expires_at=at(day, 15),
            accepted_at=None,
            revoked_at=None,
        )
        await harness(q).test_invite_backdate(
            id=pending.id,
            created_at=at(day, 16),
            expires_at=at(day, 16) + ten_days,
            accepted_at=None,
            revoked_at=None,
        )
        for i in range(10):
            await harness(q).test_login_failure_insert(
                email=email, app="product", client="10.0.0.1", failed_at=at(day, 14, i)
            )
        for i in range(2):
            await harness(q).test_login_failure_insert(
                email=email, app="product", client="10.0.0.2", failed_at=at(day, 15, i)
            )
        await harness(q).test_login_failure_insert(
            email=email, app="panopticon", client="10.0.0.3", failed_at=at(day, 16)
        )
    return KnownDay(
        day=day,
        org_a=org_a,
        org_b=org_b,
        u1=u1,
        u2=u2,
        u3=u3,
        u1_session=s1,
        invites=[accepted, revoked, expired, pending],
        failing_email=email,
    )
