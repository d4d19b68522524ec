"""API keys over the real RPC path: created once, called with `Authorization: Bearer`,
confined to their organization and scopes, stopped at once by revocation, expiry, the
member's removal or the user's disabling, rate-limited per key."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from database.testing import harness
from database.testing.factory import Customer
from database.testing.waiting import once_waiting_for_a_lock
from database.xact import xact_admin
from foundation.auth.errors import ApiKeyNotAllowedError, ApiKeyRateLimitedError, ApiKeyScopeError
from foundation.auth.sessions import Auth, AuthOrganization
from foundation.auth.users import UserSummary
from foundation.rpc.errors import UnauthorizedError
from foundation.tenancy import memberships
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env
from product.api_keys.routes import (
    ApiKeyCreateIn,
    ApiKeyNotFoundError,
    ApiKeyRevokeIn,
    ApiKeyScopeUnknownError,
    api_key_create,
    api_key_revoke,
    api_keys_list,
)
from product.framework import PRODUCT
from product.framework.permissions import PRODUCT_PERMISSIONS
from product.invites.routes import InviteCreateIn, invite_create, invites_list
from product.organizations.roles import InsufficientRoleError
from product.organizations.routes import organization_members_list
from product.vault.routes import VaultSecretCreateIn, vault_secret_create, vault_secrets_list

SCOPES = ["members:read", "vault:read"]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def make_key(t: TFix, as_: Customer, **fields: Any) -> str:
    fields.setdefault("scopes", SCOPES)
    data = ApiKeyCreateIn(name="ci", **fields)
    res = await t.rpc.call(api_key_create, data, as_=as_)
    return res.output.key


async def test_a_personal_key_calls_its_scopes_in_its_organization_only(t: TFix) -> None:
    c = await t.factory.customer(role="member")
    other = await t.factory.customer()
    key = await make_key(t, c)
    assert key.startswith("bsk_key_")
    res = await t.rpc.call(organization_members_list, headers=bearer(key))
    assert [m.user_id for m in res.output.items] == [c.user.id]
    assert other.user.id not in {m.user_id for m in res.output.items}
    # A cookie of another organization alongside does not change who calls.
    res = await t.rpc.call(organization_members_list, as_=other, headers=bearer(key))
    assert [m.user_id for m in res.output.items] == [c.user.id]


async def test_the_key_is_answered_once_and_stored_hashed(t: TFix) -> None:
    c = await t.factory.customer()
    res = await t.rpc.call(api_key_create, ApiKeyCreateIn(name="ci", scopes=SCOPES), as_=c)
    out = res.output
    async with xact_admin() as q:
        row = await harness(q).test_api_key_fetch(id=out.api_key.id)
    secret = out.key.rsplit("_", 1)[1]
    assert secret not in row.secret_hash and row.scopes == SCOPES
    listed = (await t.rpc.call(api_keys_list, as_=c)).output.items
    assert [k.prefix for k in listed] == [f"bsk_{out.api_key.id}"]
    assert "key" not in listed[0].__dict__


async def test_out_of_scope_and_keyless_routes_refuse_the_key(t: TFix) -> None:
    c = await t.factory.customer()
    key = await make_key(t, c, scopes=["members:read"])
    res = await t.rpc.call(vault_secrets_list, headers=bearer(key))
    assert res.expect_error(ApiKeyScopeError) == ApiKeyScopeError(
        rpc="vault_secrets_list", permission="vault:read"
    )
    assert res.status == 403
    res = await t.rpc.call(api_keys_list, headers=bearer(key))
    assert res.expect_error(ApiKeyNotAllowedError) and res.status == 403


async def test_unknown_scopes_are_refused(t: TFix) -> None:
    c = await t.factory.customer()
    data = ApiKeyCreateIn(name="ci", scopes=["api_keys:manage", "vault_secrets_list", "vault:read"])
    res = await t.rpc.call(api_key_create, data, as_=c)
    assert res.expect_error(ApiKeyScopeUnknownError).scopes == [
        "api_keys:manage",
        "vault_secrets_list",
    ]


async def test_nobody_hands_a_key_a_permission_they_lack(t: TFix) -> None:
    member = await t.factory.customer(role="member")
    data = ApiKeyCreateIn(name="ci", scopes=["vault:read", "vault:write"])
    res = await t.rpc.call(api_key_create, data, as_=member)
    assert res.expect_error(InsufficientRoleError).role == "member"


async def test_a_personal_key_needs_its_users_role_too(t: TFix) -> None:
    """A personal key's scope is checked at dispatch AND its user's role must hold the
    route's permission, read fresh: a demoted admin's key loses vault:write at once."""
    admin = await t.factory.customer(role="admin")
    key = await make_key(t, admin, scopes=["vault:write"])
    data = VaultSecretCreateIn(name="n", value="v")
    assert (await t.rpc.call(vault_secret_create, data, headers=bearer(key))).status == 200
    async with xact_admin() as q:
        await harness(q).test_membership_set_role(id=admin.membership.id, role="member")
    res = await t.rpc.call(vault_secret_create, data, headers=bearer(key))
    assert res.expect_error(InsufficientRoleError).role == "member"


@pytest.mark.parametrize(
    "presented",
    [
        "bsk_key_",
        "bsk_nonsense",
        "Basic abc",
        "bsk_key_1111111111a_" + "0" * 48,
    ],
)
async def test_malformed_or_unknown_keys_are_unauthorized(t: TFix, presented: str) -> None:
    res = await t.rpc.call(organization_members_list, headers=bearer(presented))
    assert res.expect_error(UnauthorizedError) and res.status == 401


async def test_a_wrong_secret_is_unauthorized(t: TFix) -> None:
    c = await t.factory.customer()
    key = await make_key(t, c)
    wrong = key[:-4] + ("0000" if not key.endswith("0000") else "1111")
    res = await t.rpc.call(organization_members_list, headers=bearer(wrong))
    assert res.expect_error(UnauthorizedError)


async def test_a_revoked_key_stops_at_once(t: TFix) -> None:
    c = await t.factory.customer()
    created = (
        await t.rpc.call(api_key_create, ApiKeyCreateIn(name="ci", scopes=SCOPES), as_=c)
    ).output
    assert (await t.rpc.call(vault_secrets_list, headers=bearer(created.key))).status == 200
    revoke = ApiKeyRevokeIn(id=created.api_key.id)
    assert (await t.rpc.call(api_key_revoke, revoke, as_=c)).output == "revoked"
    assert (await t.rpc.call(api_key_revoke, revoke, as_=c)).output == "already_revoked"
    res = await t.rpc.call(vault_secrets_list, headers=bearer(created.key))
    assert res.expect_error(UnauthorizedError)


async def test_an_expired_key_stops(t: TFix) -> None:
    c = await t.factory.customer()
    start = t.freeze_time()
    key = await make_key(t, c, expires_in_days=1)
    t.freeze_time(start + datetime.timedelta(hours=23))
    assert (await t.rpc.call(vault_secrets_list, headers=bearer(key))).status == 200
    t.freeze_time(start + datetime.timedelta(days=1))
    res = await t.rpc.call(vault_secrets_list, headers=bearer(key))
    assert res.expect_error(UnauthorizedError)


async def test_a_removed_members_key_stops_at_once(t: TFix) -> None:
    c = await t.factory.customer(role="member")
    key = await make_key(t, c)
    assert (await t.rpc.call(vault_secrets_list, headers=bearer(key))).status == 200
    async with xact_admin() as q:
        await harness(q).test_membership_remove(id=c.membership.id)
    res = await t.rpc.call(vault_secrets_list, headers=bearer(key))
    assert res.expect_error(UnauthorizedError)


async def test_a_disabled_users_key_stops_at_once(t: TFix) -> None:
    c = await t.factory.customer()
    key = await make_key(t, c)
    async with xact_admin() as q:
        await harness(q).test_user_disable(id=c.user.id)
    res = await t.rpc.call(vault_secrets_list, headers=bearer(key))
    assert res.expect_error(UnauthorizedError)


async def test_organization_keys_need_api_keys_manage(t: TFix) -> None:
    member = await t.factory.customer(role="member")
    res = await t.rpc.call(
        api_key_create, ApiKeyCreateIn(name="svc", scopes=SCOPES, kind="organization"), as_=member
    )
    assert res.expect_error(InsufficientRoleError)


async def test_an_organization_key_outlives_its_makers_membership(t: TFix) -> None:
    """An organization key is the organization's own: it keeps working when its maker is
    demoted or removed (a personal key of a removed member stops at once), and it is no
    member (its transactions have no user)."""
    admin = await t.factory.customer(role="admin")
    data = ApiKeyCreateIn(name="bot", scopes=["vault:write", "members:read"], kind="organization")
    key = (await t.rpc.call(api_key_create, data, as_=admin)).output.key
    personal = await make_key(t, admin, scopes=["members:read"])
    async with xact_admin() as q:
        await harness(q).test_membership_set_role(id=admin.membership.id, role="member")
        await harness(q).test_membership_remove(id=admin.membership.id)
    res = await t.rpc.call(organization_members_list, headers=bearer(personal))
    assert res.expect_error(UnauthorizedError)
    made = await t.rpc.call(
        vault_secret_create, VaultSecretCreateIn(name="ci-token", value="v"), headers=bearer(key)
    )
    assert made.status == 200, made.error
    members = await t.rpc.call(organization_members_list, headers=bearer(key))
    assert members.status == 200 and admin.user.id not in {m.user_id for m in members.output.items}
    # Out of its scopes it is refused like any key.
    res = await t.rpc.call(invites_list, headers=bearer(key))
    assert res.expect_error(ApiKeyScopeError).permission == "invites:read"


async def test_only_the_creator_revokes_a_personal_key(t: TFix) -> None:
    owner = await t.factory.customer()
    colleague = await t.factory.user()
    await t.factory.membership(user=colleague, organization=owner.organization, role="admin")
    created = (
        await t.rpc.call(api_key_create, ApiKeyCreateIn(name="ci", scopes=SCOPES), as_=owner)
    ).output
    res = await t.rpc.call(
        api_key_revoke,
        ApiKeyRevokeIn(id=created.api_key.id),
        as_=colleague,
        organization=owner.organization,
    )
    assert res.expect_error(ApiKeyNotFoundError)
    listed = await t.rpc.call(api_keys_list, as_=colleague, organization=owner.organization)
    assert listed.output.items == []


async def test_last_used_at_is_recorded_at_most_once_a_minute(t: TFix) -> None:
    c = await t.factory.customer()
    start = t.freeze_time()
    created = (
        await t.rpc.call(api_key_create, ApiKeyCreateIn(name="ci", scopes=SCOPES), as_=c)
    ).output

    async def last_used() -> datetime.datetime | None:
        async with xact_admin() as q:
            return (await harness(q).test_api_key_fetch(id=created.api_key.id)).last_used_at

    assert await last_used() is None
    await t.rpc.call(vault_secrets_list, headers=bearer(created.key))
    assert await last_used() == start
    t.freeze_time(start + datetime.timedelta(seconds=59))
    await t.rpc.call(vault_secrets_list, headers=bearer(created.key))
    assert await last_used() == start
    t.freeze_time(start + datetime.timedelta(seconds=61))
    await t.rpc.call(vault_secrets_list, headers=bearer(created.key))
    assert await last_used() == start + datetime.timedelta(seconds=61)


async def test_each_key_has_its_own_rate_limit(t: TFix, monkeypatch: pytest.MonkeyPatch) -> None:
    override_env(monkeypatch, rate_limits="api_key=1000/2/60")
    c = await t.factory.customer()
    key, other = await make_key(t, c), await make_key(t, c)
    for _ in range(2):
        assert (await t.rpc.call(vault_secrets_list, headers=bearer(key))).status == 200
    res = await t.rpc.call(vault_secrets_list, headers=bearer(key))
    assert res.expect_error(ApiKeyRateLimitedError).retry_after_seconds > 0
    assert res.status == 429
    assert (await t.rpc.call(vault_secrets_list, headers=bearer(other))).status == 200


def test_only_customer_routes_of_a_signed_in_level_accept_keys() -> None:
    from foundation.rpc.errors import RouteDefinitionError
    from product.framework import PublicReq

    with pytest.raises(RouteDefinitionError, match="api_keys=True"):

        @PRODUCT.route(
            "test_public_key", authorization="public", transaction="admin", api_keys=True
        )
        async def public_key(req: PublicReq[None]) -> None: ...

    with pytest.raises(RouteDefinitionError, match="api_keys=True"):

        @PRODUCT.route(
            "test_admin_key", authorization="organization", transaction="admin", api_keys=True
        )
        async def admin_key(req: PublicReq[None]) -> None: ...


async def test_a_new_key_emits_api_key_created_without_the_key(t: TFix) -> None:
    c = await t.factory.customer()
    res = await t.rpc.call(api_key_create, ApiKeyCreateIn(name="deploy", scopes=SCOPES), as_=c)
    async with xact_admin() as q:
        events = await harness(q).test_webhook_events(organization_id=c.organization.id)
    assert [(e.type, e.data) for e in events] == [
        (
            "api_key.created",
            {
                "organization_id": c.organization.id,
                "api_key_id": res.output.api_key.id,
                "name": "deploy",
                "created_by_user_id": c.user.id,
            },
        )
    ]
    assert res.output.key not in str(events[0].data)


async def test_an_organization_key_never_acts_as_an_owner(t: TFix) -> None:
    owner = await t.factory.customer()
    data = ApiKeyCreateIn(name="inviter", scopes=["invites:manage"], kind="organization")
    key = (await t.rpc.call(api_key_create, data, as_=owner)).output.key
    invite = InviteCreateIn(email=f"new-{owner.user.id}@example.test", role="member")
    made = await t.rpc.call(invite_create, invite, headers=bearer(key))
    assert made.status == 200, made.error
    async with xact_admin() as q:
        [row] = await harness(q).test_invites_of_organization(organization_id=owner.organization.id)
    assert row.invited_by_user_id is None  # no person invited: the key did
    as_owner = InviteCreateIn(email=f"boss-{owner.user.id}@example.test", role="owner")
    res = await t.rpc.call(invite_create, as_owner, headers=bearer(key))
    assert res.expect_error(InsufficientRoleError).role == "member"


async def test_an_organization_keys_scopes_are_its_permissions_in_every_transaction(
    t: TFix,
) -> None:
    """The framework's permission check (every transaction of a call) holds a service
    identity to its scopes, not to a member's role."""
    owner = await t.factory.customer()
    auth = Auth(
        session_id="api_key:key_x",
        user=UserSummary(id="key_x", name="bot", email=""),
        organization=AuthOrganization(id=owner.organization.id, name="o"),
        role="member",
        api_key_id="key_x",
        api_key_scopes=frozenset({"vault:read"}),
        service=True,
    )
    async with PRODUCT.db.xact_service(organization=owner.organization.id) as q:
        await PRODUCT_PERMISSIONS.require(q, auth, "vault:read")
        with pytest.raises(InsufficientRoleError):
            await PRODUCT_PERMISSIONS.require(q, auth, "vault:write")


async def test_an_organization_keys_call_is_checked_under_the_member_lock(t: TFix) -> None:
    """A key is checked in its call's transaction too, under the organization's member lock
    (its scopes, not a member's role): a membership change under way goes first. (A read,
    which takes no other lock on the organization: a write's foreign keys would wait too.)"""
    owner = await t.factory.customer()
    data = ApiKeyCreateIn(name="reader", scopes=["members:read"], kind="organization")
    key = (await t.rpc.call(api_key_create, data, as_=owner)).output.key
    async with PRODUCT.db.xact_admin() as q:
        await memberships.lock_members(q, owner.organization.id)
        listing = await once_waiting_for_a_lock(
            t.rpc.call(organization_members_list, headers=bearer(key))
        )
        assert not listing.done()  # queued behind the member lock
    assert (await listing).status == 200
