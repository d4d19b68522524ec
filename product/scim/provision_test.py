"""`scim_provision_user` (migration 0050) creates accounts from a customer transaction,
past RLS: it serves only the transaction's own organization, for a member of it, and what
it creates rolls back with the transaction."""

from __future__ import annotations

import uuid

import pytest

from database.testing import harness
from foundation.base.clock import CLOCK
from foundation.testing.fixture import TFix
from product.db import DB, xact_admin


class _RolledBack(Exception):
    pass


def _address() -> str:
    return f"provisioned-{uuid.uuid4().hex[:10]}@example.test"


async def _provision(user_id: str, context: str, organization_id: str, address: str) -> str | None:
    async with DB.xact_customer(user=user_id, organization=context) as q:
        found = await q.orm.scim_provision_user(
            organization_id=organization_id, email=address, name="Someone", now=CLOCK.now()
        )
        return found.user_id


async def _accounts(address: str) -> int:
    async with xact_admin() as q:
        return await harness(q).test_users_with_email_count(email=address) or 0


async def test_it_serves_only_the_transactions_organization_and_its_members(t: TFix) -> None:
    a, b = await t.factory.customer(), await t.factory.customer()
    await t.factory.membership(user=a.user, organization=b.organization, role="member")
    address = _address()
    for user_id, context, target in (
        (a.user.id, a.organization.id, b.organization.id),  # another of the caller's
        (b.user.id, a.organization.id, a.organization.id),  # not a member of the context's
    ):
        with pytest.raises(Exception, match="not a member of the organization") as raised:
            await _provision(user_id, context, target, address)
        assert getattr(raised.value, "sqlstate", None) == "BL401"
    assert await _accounts(address) == 0
    created = await _provision(a.user.id, a.organization.id, a.organization.id, address)
    assert created is not None and await _accounts(address) == 1


async def test_what_it_creates_rolls_back_with_the_transaction(t: TFix) -> None:
    owner = await t.factory.customer()
    address = _address()
    with pytest.raises(_RolledBack):
        async with DB.xact_customer(user=owner.user, organization=owner.organization) as q:
            found = await q.orm.scim_provision_user(
                organization_id=owner.organization.id, email=address, name="A", now=CLOCK.now()
            )
            assert found.user_id is not None
            raise _RolledBack
    assert await _accounts(address) == 0


async def test_an_address_of_an_account_elsewhere_is_foreign(t: TFix) -> None:
    owner, someone = await t.factory.customer(), await t.factory.user()
    async with DB.xact_customer(user=owner.user, organization=owner.organization) as q:
        found = await q.orm.scim_provision_user(
            organization_id=owner.organization.id, email=someone.email, name="B", now=CLOCK.now()
        )
    assert (found.user_id, found.foreign_user) == (None, True)
