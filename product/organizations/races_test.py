"""Authorization races: a role-gated mutation checks the caller's role under the member
lock, so a role taken away by a change committed meanwhile is seen. The interleaving is
forced by a held lock and observed in Postgres (no sleeps decide the order)."""

from __future__ import annotations

from database.testing import harness
from database.testing.waiting import once_waiting_for_a_lock
from foundation.tenancy import memberships
from foundation.testing.fixture import TFix
from product.db import xact_admin
from product.organizations.roles import InsufficientRoleError, LastOwnerError
from product.organizations.routes import (
    MemberRemoveIn,
    organization_leave,
    organization_member_remove,
)
from product.vault.routes import (
    VaultSecretCreateIn,
    VaultSecretDeleteIn,
    vault_secret_create,
    vault_secret_delete,
    vault_secrets_list,
)


async def test_an_owner_demoted_meanwhile_cannot_remove_another_owner(t: TFix) -> None:
    """A demotes B while B removes C: B's request loaded B's session as owner, but its
    check runs after A's change commits, so B is a member and C stays (before: C went)."""
    a = await t.factory.customer()
    organization = a.organization
    b, c = await t.factory.user(), await t.factory.user()
    for owner in (b, c):
        await t.factory.membership(user=owner, organization=organization, role="owner")
    b_session = await t.factory.session(user=b, organization=organization)

    async with xact_admin() as q:  # A's demotion of B, under the member lock
        await memberships.lock_members(q, organization.id)
        await memberships.set_role(
            q, organization.id, b.id, current="owner", role="member", by_user_id=a.user.id
        )
        removal = await once_waiting_for_a_lock(
            t.rpc.call(organization_member_remove, MemberRemoveIn(user_id=c.id), as_=b_session)
        )
    res = await removal
    assert res.expect_error(InsufficientRoleError) == InsufficientRoleError(role="member")
    async with xact_admin() as q:
        membership = await harness(q).test_membership_fetch(
            user_id=c.id, organization_id=organization.id
        )
    assert (membership.role, membership.removed_at) == ("owner", None)


async def test_an_admin_demoted_meanwhile_cannot_delete_a_secret(t: TFix) -> None:
    """A demotes admin B while B deletes a secret: the permission check (`vault:write`)
    waits for the member lock and reads B's role after A's change commits."""
    a = await t.factory.customer()
    organization = a.organization
    b = await t.factory.user()
    await t.factory.membership(user=b, organization=organization, role="admin")
    b_session = await t.factory.session(user=b, organization=organization)
    secret = await t.rpc.call(
        vault_secret_create, VaultSecretCreateIn(name="kept", value="v"), as_=a
    )

    async with xact_admin() as q:  # A's demotion of B, under the member lock
        await memberships.lock_members(q, organization.id)
        await memberships.set_role(
            q, organization.id, b.id, current="admin", role="member", by_user_id=a.user.id
        )
        deletion = await once_waiting_for_a_lock(
            t.rpc.call(vault_secret_delete, VaultSecretDeleteIn(id=secret.output.id), as_=b_session)
        )
    res = await deletion
    assert res.expect_error(InsufficientRoleError) == InsufficientRoleError(role="member")
    listed = await t.rpc.call(vault_secrets_list, as_=a)
    assert [s.id for s in listed.output.items] == [secret.output.id]


async def test_two_owners_leaving_at_once_leave_one_owner(t: TFix) -> None:
    """A leaves while B leaves: B's leaving waits for the member lock A's leaving holds,
    then counts the owners after A's change commits, so B is the last owner and stays
    (without the lock both would count two owners and the organization keep none)."""
    a = await t.factory.customer()
    organization = a.organization
    b = await t.factory.user()
    await t.factory.membership(user=b, organization=organization, role="owner")
    b_session = await t.factory.session(user=b, organization=organization)

    async with xact_admin() as q:  # A leaving, under the member lock
        await memberships.lock_members(q, organization.id)
        await memberships.remove(
            q,
            organization.id,
            a.user.id,
            current="owner",
            by_user_id=a.user.id,
            removed_by_user_id=None,
            did="left",
        )
        leaving = await once_waiting_for_a_lock(t.rpc.call(organization_leave, as_=b_session))
    res = await leaving
    res.expect_error(LastOwnerError)
    async with xact_admin() as q:
        membership = await harness(q).test_membership_fetch(
            user_id=b.id, organization_id=organization.id
        )
    assert (membership.role, membership.removed_at) == ("owner", None)


async def test_a_read_checks_the_role_without_waiting_for_the_member_lock(t: TFix) -> None:
    """A GET route's permission check reads the role as committed, taking no lock: while A
    holds the member lock (a role change under way) B's list answers at once, with B's
    role as committed, and B's write waits for the lock."""
    a = await t.factory.customer()
    organization = a.organization
    b = await t.factory.user()
    await t.factory.membership(user=b, organization=organization, role="admin")
    b_session = await t.factory.session(user=b, organization=organization)

    async with xact_admin() as q:
        await memberships.lock_members(q, organization.id)
        listing = await once_waiting_for_a_lock(t.rpc.call(vault_secrets_list, as_=b_session))
        assert listing.done()  # it did not queue behind the lock
        assert (await listing).status == 200
        creation = await once_waiting_for_a_lock(
            t.rpc.call(vault_secret_create, VaultSecretCreateIn(name="x", value="v"), as_=b_session)
        )
        assert not creation.done()  # a write waits for the member lock
    assert (await creation).status == 200
