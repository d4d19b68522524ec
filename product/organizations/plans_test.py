"""Plans of the organization queries under RLS: what a customer transaction costs must not
grow with the number of users of other tenants."""

from __future__ import annotations

import secrets

from database.testing import harness
from database.testing.explain import explain
from database.xact import xact_admin
from foundation.testing.fixture import TFix
from product.__codegen__ import queries
from product.db import DB


async def test_reading_one_user_of_a_large_organization_does_not_load_its_members(
    t: TFix,
) -> None:
    """The users policy is a per-user EXISTS (migration 0010), which leaves Postgres the
    choice: for a large organization, reading one user probes users_pkey and then that
    user's memberships by index. The former `id IN (active members of the current
    organization)` form had one plan only: load every member of the organization into a
    hash, on every statement touching users (and, at small table sizes, the members list
    scanned and filtered every user of every tenant). Generic plans (parameters
    unknown), as prepared statements reuse them."""
    c = await t.factory.customer()
    prefix = f"plan-{secrets.token_hex(4)}"
    async with xact_admin() as q:
        await harness(q).test_users_bulk_create(prefix=prefix, how_many=3000)
        await harness(q).test_memberships_bulk_create(
            prefix=prefix, organization_id=c.organization.id
        )
    async with xact_admin() as q:
        await harness(q).test_analyze()
    async with DB.xact_customer(user=c.user, organization=c.organization) as q:
        plan = await explain(q, queries.USER_EMAIL_VERIFIED, c.user.id, generic=True)
    assert "Index Scan using users_pkey on users" in plan, plan
    assert "hashed SubPlan" not in plan, plan
    assert "Index Scan using organizations_users_user_id_idx" in plan, plan
