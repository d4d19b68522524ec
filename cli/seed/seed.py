"""`blossom dev seed`: a demo world, so a fresh checkout has something to look at.

    report = await seed_world(now)      # then materialize `analytics_days(now)` (Dagster)

What it makes, the same every time (a fixed random seed; days counted back from today):

- a superadmin and a support admin of panopticon (`SUPERADMIN`, `SUPPORT`);
- six organizations founded over the last 30 days (the first on the first of them), each
  with its owner and the members who joined through accepted invites, plus a revoked, an
  expired and a pending invite where the organization is old enough;
- product sessions of every member on about half of the days since they joined (some
  ended by a logout), the admins' panopticon sessions;
- users whose signup never completed, failed logins every day and one lockout.

Every address is `...@demo.example.com` (`DOMAIN`); every demo user's password is
`PASSWORD`. Rows are backdated through the seed's own queries (`queries.sql`,
`CliSeedORM`), as they would have been written on their day.

Idempotent: the world is made of parts, each keyed by one address (an organization by its
owner's, the rest by the superadmin's) and written in one transaction; a part whose
address has an account already is skipped whole. A second run adds nothing, and a part
whose address the developer signed up with is left alone.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from cli.seed.__codegen__.orm import CliSeedORM
from cli.seed.__codegen__.queries import SeedWorldCountsRow
from database.__codegen__.enums import (
    OrganizationInboundSourceEnum,
    OrganizationRoleEnum,
    SessionAppEnum,
    SignInMethodEnum,
)
from database.xact import Database, Q
from foundation.auth.login import LOCKOUT_FAILURES
from foundation.auth.passwords import hash_password
from foundation.base.env import ENV
from foundation.base.errors import ConfigurationError
from foundation.crypto.codes import new_code
from panopticon.admins.admins import grant_admin

DOMAIN = "demo.example.com"
PASSWORD = "blossom demo password"  # pragma: allowlist secret
"""Every demo user's: a development database only (the seed refuses production)."""
DAYS = 30
"""The world spans the last DAYS days; the analytics of those complete UTC days."""
STAFF_PART = "admins and activity"
_SEED = "blossom-demo"
_SESSION_DAYS = datetime.timedelta(days=30)
_INVITE_DAYS = datetime.timedelta(days=14)

SeedQ = Q[CliSeedORM]
DB = Database(CliSeedORM)


@dataclass(frozen=True)
class Person:
    name: str

    @property
    def email(self) -> str:
        return f"{self.name.split()[0].lower()}@{DOMAIN}"


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    inbound_source: OrganizationInboundSourceEnum
    founded_days_ago: int
    owner: Person
    members: tuple[Person, ...] = field(default=())
    """They joined through invites, in this order; the first as an admin."""


SUPERADMIN = Person("Sam Superadmin")
SUPPORT = Person("Sol Support")
UNFINISHED = (Person("Uma Unfinished"), Person("Vic Unfinished"), Person("Wes Unfinished"))
"""Users whose signup never completed (no password, no organization)."""
ORGANIZATIONS = (
    DemoOrganization(
        "Acme Robotics",
        "organic",
        DAYS,  # every day of the analytics has an organization
        Person("Ada Archer"),
        (Person("Ben Brooks"), Person("Cleo Carter"), Person("Dev Dalton"), Person("Eli Evans")),
    ),
    DemoOrganization(
        "Bluebird Bakery", "organic", 25, Person("Fay Fisher"), (Person("Gus Grant"),)
    ),
    DemoOrganization(
        "Cobalt Labs",
        "invite",
        20,
        Person("Ivo Ingram"),
        (Person("Jun Jones"), Person("Kai Kent"), Person("Lea Lane")),
    ),
    DemoOrganization("Dune Travel", "organic", 14, Person("Max Moore"), (Person("Nia Nash"),)),
    DemoOrganization(
        "Evergreen Studio",
        "admin",
        8,
        Person("Oli Owens"),
        (Person("Pia Price"), Person("Quin Reed")),
    ),
    DemoOrganization("Fjord Analytics", "organic", 3, Person("Rae Rivers")),
)


@dataclass
class SeedReport:
    created: list[str]
    """The parts made by this run (organization names, STAFF_PART)."""
    skipped: list[str]
    """The parts that were there already."""
    counts: SeedWorldCountsRow
    """The whole demo world now (`...@demo.example.com` and what hangs from it)."""


async def seed_world(now: datetime.datetime) -> SeedReport:
    """Make the parts of the demo world that are missing (see the module), then give the
    admins their roles (audited when they change). Refused in production."""
    if ENV.is_production:
        raise ConfigurationError(
            "blossom dev seed makes users with a published password: never in production"
        )
    password_hash = await hash_password(PASSWORD)
    report = SeedReport(created=[], skipped=[], counts=await world_counts())
    async with DB.xact_admin() as q:
        made = await _staff_and_activity(q, now, password_hash)
    (report.created if made else report.skipped).append(STAFF_PART)
    for organization in ORGANIZATIONS:
        async with DB.xact_admin() as q:
            made = await _organization(q, organization, now, password_hash)
        (report.created if made else report.skipped).append(organization.name)
    reason = "the demo world (blossom dev seed)"
    await grant_admin(SUPERADMIN.email, "superadmin", reason=reason)
    await grant_admin(SUPPORT.email, "support", reason=reason)
    report.counts = await world_counts()
    return report


async def world_counts() -> SeedWorldCountsRow:
    async with DB.xact_admin() as q:
        return await q.orm.seed_world_counts(domain=DOMAIN)


def analytics_days(now: datetime.datetime, days: int = DAYS) -> list[datetime.date]:
    """The last `days` complete UTC days, oldest first."""
    today = now.astimezone(datetime.UTC).date()
    return [today - datetime.timedelta(days=n) for n in range(days, 0, -1)]


def _midnight(now: datetime.datetime, days_ago: int) -> datetime.datetime:
    day = now.astimezone(datetime.UTC).date() - datetime.timedelta(days=days_ago)
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def _during(rng: random.Random, now: datetime.datetime, days_ago: int) -> datetime.datetime:
    """A moment of the working day `days_ago` days back (08:00 to 19:59 UTC)."""
    return _midnight(now, days_ago) + datetime.timedelta(
        hours=rng.randint(8, 19), minutes=rng.randint(0, 59)
    )


async def _user(
    q: SeedQ, person: Person, at: datetime.datetime, password_hash: str | None
) -> str | None:
    """The new user's id (verified ten minutes later), None when the address is taken."""
    user = await q.orm.seed_user_insert(
        name=person.name,
        email=person.email,
        password_hash=password_hash,
        signup_step="complete" if password_hash else "created",
        email_verified_at=at + datetime.timedelta(minutes=10) if password_hash else None,
        created_at=at,
    )
    return user.id if user else None


async def _sessions(
    q: SeedQ,
    rng: random.Random,
    now: datetime.datetime,
    user_id: str,
    organization_id: str | None,
    *,
    since: datetime.datetime,
    first: SignInMethodEnum | None,
    app: SessionAppEnum = "product",
    share: float = 0.55,
) -> None:
    """A session at `since` (signed in by `first`, if given), then on about `share` of
    the days after it up to yesterday, each used for a while; a third end with a logout."""
    starts: list[tuple[datetime.datetime, SignInMethodEnum]] = []
    if first is not None:
        starts.append((since, first))
    joined_days_ago = (now.astimezone(datetime.UTC).date() - since.date()).days
    for days_ago in range(joined_days_ago - 1, 0, -1):
        if rng.random() < share:
            starts.append((_during(rng, now, days_ago), "password"))
    for start, method in starts:
        last_seen = start + datetime.timedelta(minutes=rng.randint(5, 240))
        await q.orm.seed_session_insert(
            user_id=user_id,
            organization_id=organization_id,
            app=app,
            created_at=start,
            last_seen_at=last_seen,
            expires_at=start + _SESSION_DAYS,
            expired_at=last_seen if rng.random() < 0.33 else None,
            sign_in_method=method,
        )


async def _organization(
    q: SeedQ, organization: DemoOrganization, now: datetime.datetime, password_hash: str
) -> bool:
    """One organization's part; False when its owner's address has an account already."""
    rng = random.Random(f"{_SEED}:{organization.name}")
    founded = _during(rng, now, organization.founded_days_ago)
    owner_id = await _user(q, organization.owner, founded, password_hash)
    if owner_id is None:
        return False
    org = await q.orm.seed_organization_insert(
        name=organization.name,
        inbound_source=organization.inbound_source,
        created_at=founded,
        by_user_id=owner_id,
    )
    await q.orm.seed_membership_insert(
        user_id=owner_id, organization_id=org.id, role="owner", created_at=founded
    )
    await _sessions(q, rng, now, owner_id, org.id, since=founded, first="signup")

    async def invite(
        email: str,
        role: OrganizationRoleEnum,
        sent: datetime.datetime,
        *,
        accepted: tuple[datetime.datetime, str] | None = None,
        revoked: datetime.datetime | None = None,
    ) -> None:
        await q.orm.seed_invite_insert(
            organization_id=org.id,
            invited_by_user_id=owner_id,
            email=email,
            role=role,
            code_hash=new_code()[1],
            created_at=sent,
            expires_at=sent + _INVITE_DAYS,
            accepted_at=accepted[0] if accepted else None,
            accepted_by_user_id=accepted[1] if accepted else None,
            revoked_at=revoked,
        )

    spacing = max(1, (organization.founded_days_ago - 1) // (len(organization.members) + 1))
    for n, person in enumerate(organization.members):
        sent = _during(rng, now, organization.founded_days_ago - spacing * (n + 1))
        joined = sent + datetime.timedelta(minutes=rng.randint(20, 600))
        role: OrganizationRoleEnum = "admin" if n == 0 else "member"
        member_id = await _user(q, person, joined, password_hash)
        if member_id is None:
            continue
        await invite(person.email, role, sent, accepted=(joined, member_id))
        await q.orm.seed_membership_insert(
            user_id=member_id, organization_id=org.id, role=role, created_at=joined
        )
        await _sessions(q, rng, now, member_id, org.id, since=joined, first="invite")

    slug = organization.name.split()[0].lower()
    days = organization.founded_days_ago
    if days >= 4:
        sent = _during(rng, now, days - 1)
        revoked = sent + datetime.timedelta(hours=rng.randint(2, 20))
        await invite(f"{slug}-withdrawn@{DOMAIN}", "member", sent, revoked=revoked)
    if days >= 17:  # sent, never answered: it expired 14 days later
        await invite(f"{slug}-silent@{DOMAIN}", "member", _during(rng, now, days - 2))
    await invite(f"{slug}-pending@{DOMAIN}", "member", _during(rng, now, rng.randint(1, 2)))
    return True


async def _staff_and_activity(q: SeedQ, now: datetime.datetime, password_hash: str) -> bool:
    """The admins with their panopticon sessions, the unfinished signups and the failed
    logins; False when the superadmin's address has an account already."""
    rng = random.Random(f"{_SEED}:staff")
    start = _during(rng, now, DAYS)
    admin_id = await _user(q, SUPERADMIN, start, password_hash)
    if admin_id is None:
        return False
    support_id = await _user(q, SUPPORT, start + datetime.timedelta(hours=1), password_hash)
    for user_id, share in ((admin_id, 0.4), (support_id, 0.6)):
        if user_id is not None:
            await _sessions(
                q, rng, now, user_id, None, since=start, first=None, app="panopticon", share=share
            )
    for person in UNFINISHED:
        await _user(q, person, _during(rng, now, rng.randint(1, DAYS - 1)), None)

    everyone = [o.owner for o in ORGANIZATIONS] + [m for o in ORGANIZATIONS for m in o.members]
    for days_ago in range(DAYS, 0, -1):  # every day someone mistypes a password
        for _ in range(rng.randint(1, 4)):
            app: SessionAppEnum = "panopticon" if rng.random() < 0.1 else "product"
            target = SUPPORT if app == "panopticon" else rng.choice(everyone)
            await q.orm.seed_login_failure_insert(
                email=target.email,
                app=app,
                client=f"203.0.113.{rng.randint(1, 254)}",
                failed_at=_during(rng, now, days_ago),
            )
    guessed = _during(rng, now, rng.randint(5, 20))  # a guesser: one lockout that day
    for n in range(LOCKOUT_FAILURES):
        await q.orm.seed_login_failure_insert(
            email=ORGANIZATIONS[0].owner.email,
            app="product",
            client="198.51.100.66",
            failed_at=guessed + datetime.timedelta(seconds=20 * n),
        )
    return True
