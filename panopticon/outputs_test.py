"""named_story: a history's actors by name."""

from __future__ import annotations

import uuid

from database.testing import harness
from foundation.base.clock import CLOCK
from foundation.base.strict_json import JSON
from foundation.testing.fixture import TFix
from panopticon.db import xact_admin
from panopticon.organizations.routes import (
    OrganizationDomainRemoveIn,
    OrganizationGetIn,
    organization_domain_remove,
    organization_get,
)
from panopticon.outputs import named_story
from panopticon.testing import make_admin


async def test_events_name_their_actor(t: TFix) -> None:
    named = await t.factory.user(name="Ada Actor")
    other = await t.factory.user(name="Bo Other")
    storytime: JSON = {
        "events": [
            {"did": "created", "by": named.id, "at": "2026-01-01T00:00:00+00:00"},
            {"did": "renamed", "by": other.id, "at": "2026-01-02T00:00:00+00:00"},
            {"did": "cleaned", "by": None, "at": "2026-01-03T00:00:00+00:00"},
            {"did": "gone", "by": "usr_11111111111", "at": "2026-01-04T00:00:00+00:00"},
        ]
    }
    async with xact_admin() as q:
        events = await named_story(q.orm, storytime)
        assert await named_story(q.orm, None) == []
    assert [(e.did, e.by_name) for e in events] == [
        ("created", "Ada Actor"),
        ("renamed", "Bo Other"),
        ("cleaned", None),
        ("gone", None),
    ]


async def test_an_organizations_history_says_who_by_name(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    organization = await t.factory.organization()
    domain = f"named-{uuid.uuid4().hex[:10]}.test"
    async with xact_admin() as q:
        await harness(q).test_domain_create(
            organization_id=organization.id,
            domain=domain,
            verification_token="not-shown",
            verified_at=CLOCK.now(),
            checked_at=None,
        )
    remove = OrganizationDomainRemoveIn(
        organization_id=organization.id, domain=domain, reason="ownership dispute"
    )
    assert (await t.rpc.call(organization_domain_remove, remove, as_=admin)).output.changed
    get = OrganizationGetIn(organization_id=organization.id)
    out = (await t.rpc.call(organization_get, get, as_=admin)).output
    assert (f"domain removed by an admin: {domain}", admin.id, admin.name) in [
        (e.did, e.by, e.by_name) for e in out.storytime
    ]
