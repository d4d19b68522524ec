"""Webhook RPCs, and the events product actions emit (in their transaction)."""

from __future__ import annotations

import datetime

import pytest
from standardwebhooks import Webhook

from database.__codegen__.enums import WEBHOOK_EVENT_TYPE_ENUM_VALUES
from database.testing import harness
from foundation.auth.passwords import hash_password
from foundation.crypto.vault import VaultError, current_key_id, open_sealed
from foundation.db import xact_admin
from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env
from foundation.webhooks.sender import send_pending
from product.account.routes import UserDeleteIn, user_delete
from product.invites.routes import InviteAcceptIn, InviteCreateIn, invite_accept, invite_create
from product.organizations.roles import InsufficientRoleError
from product.organizations.routes import (
    MemberRemoveIn,
    MemberRoleIn,
    OrganizationUpdateIn,
    organization_member_remove,
    organization_member_update_role,
    organization_update,
)
from product.webhooks.routes import (
    WebhookDeliveriesListIn,
    WebhookDeliveryIn,
    WebhookDeliveryNotFoundError,
    WebhookEndpointCreateIn,
    WebhookEndpointIn,
    WebhookEndpointNotFoundError,
    WebhookEndpointUpdateIn,
    WebhookUrlRefusedError,
    webhook_deliveries_list,
    webhook_delivery_retry,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_update,
    webhook_endpoints_list,
)

PASSWORD = "a long enough password"
URL = "https://hooks.example.com/blossom"


async def test_endpoint_lifecycle(t: TFix) -> None:
    admin = await t.factory.customer(role="admin")
    created = await t.rpc.call(
        webhook_endpoint_create,
        WebhookEndpointCreateIn(
            url=URL, events=["member.added", "member.added"], description="crm"
        ),
        as_=admin,
    )
    secret, endpoint = created.output.secret, created.output.endpoint
    assert secret.startswith("whsec_") and len(secret) > 40
    assert endpoint.events == ["member.added"] and endpoint.enabled
    listed = await t.rpc.call(webhook_endpoints_list, as_=admin)
    assert [e.id for e in listed.output.items] == [endpoint.id]
    assert secret not in str(listed.response.body)
    updated = await t.rpc.call(
        webhook_endpoint_update,
        WebhookEndpointUpdateIn(
            endpoint_id=endpoint.id, events=["invite.created", "member.removed"], enabled=False
        ),
        as_=admin,
    )
    out = updated.output
    assert set(out.events) == {"member.removed", "invite.created"}
    assert not out.enabled and out.disabled_reason and out.description == "crm" and out.url == URL
    enabled = await t.rpc.call(
        webhook_endpoint_update,
        WebhookEndpointUpdateIn(endpoint_id=endpoint.id, enabled=True),
        as_=admin,
    )
    assert enabled.output.enabled and enabled.output.disabled_reason is None
    rotated = await t.rpc.call(
        webhook_endpoint_rotate_secret, WebhookEndpointIn(endpoint_id=endpoint.id), as_=admin
    )
    assert rotated.output.secret.startswith("whsec_") and rotated.output.secret != secret
    # Another organization's admin sees none of it.
    other = await t.factory.customer()
    assert (await t.rpc.call(webhook_endpoints_list, as_=other)).output.items == []
    gone = WebhookEndpointIn(endpoint_id=endpoint.id)
    (await t.rpc.call(webhook_endpoint_delete, gone, as_=other)).expect_error(
        WebhookEndpointNotFoundError
    )
    (await t.rpc.call(webhook_endpoint_rotate_secret, gone, as_=other)).expect_error(
        WebhookEndpointNotFoundError
    )
    off = WebhookEndpointUpdateIn(endpoint_id=endpoint.id, enabled=False)
    (await t.rpc.call(webhook_endpoint_update, off, as_=other)).expect_error(
        WebhookEndpointNotFoundError
    )
    deleted = await t.rpc.call(
        webhook_endpoint_delete, WebhookEndpointIn(endpoint_id=endpoint.id), as_=admin
    )
    assert deleted.output is None
    assert (await t.rpc.call(webhook_endpoints_list, as_=admin)).output.items == []
    again = await t.rpc.call(
        webhook_endpoint_delete, WebhookEndpointIn(endpoint_id=endpoint.id), as_=admin
    )
    again.expect_error(WebhookEndpointNotFoundError)


async def test_members_cannot_see_or_manage_webhooks(t: TFix) -> None:
    owner = await t.factory.customer()
    member = await t.factory.user()
    org = owner.organization
    await t.factory.membership(user=member, organization=org, role="member")
    res = await t.rpc.call(
        webhook_endpoint_create,
        WebhookEndpointCreateIn(url=URL, events=["member.added"]),
        as_=member,
        organization=org,
    )
    assert res.expect_error(InsufficientRoleError) == InsufficientRoleError(role="member")
    listed = await t.rpc.call(webhook_endpoints_list, as_=member, organization=org)
    listed.expect_error(InsufficientRoleError)


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/x",
        "https://127.0.0.1/x",
        "https://[::1]/x",
        "https://u:p@h.example/",
    ],
)
async def test_unsafe_urls_refused(t: TFix, url: str) -> None:
    owner = await t.factory.customer()
    res = await t.rpc.call(
        webhook_endpoint_create,
        WebhookEndpointCreateIn(url=url, events=["member.added"]),
        as_=owner,
    )
    res.expect_error(WebhookUrlRefusedError)


async def test_product_actions_emit_events_in_their_transaction(t: TFix) -> None:
    owner = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    org = owner.organization
    hook = await t.rpc.call(
        webhook_endpoint_create,
        WebhookEndpointCreateIn(url=URL, events=list(WEBHOOK_EVENT_TYPE_ENUM_VALUES)),
        as_=owner,
    )
    await t.rpc.call(organization_update, OrganizationUpdateIn(name="Renamed"), as_=owner)
    invite = (
        await t.rpc.call(
            invite_create,
            InviteCreateIn(email="hook-invitee@example.test", role="member"),
            as_=owner,
        )
    ).output
    joined = await t.rpc.call(
        invite_accept, InviteAcceptIn(code=invite.code, name="New", password=PASSWORD)
    )
    assert joined.output.user is not None
    new_id = joined.output.user.id
    await t.rpc.call(
        organization_member_update_role, MemberRoleIn(user_id=new_id, role="admin"), as_=owner
    )
    await t.rpc.call(organization_member_remove, MemberRemoveIn(user_id=new_id), as_=owner)
    leaver = await t.factory.user(password_hash=await hash_password(PASSWORD))
    await t.factory.membership(user=leaver, organization=org, role="member")
    deleted = await t.rpc.call(user_delete, UserDeleteIn(password=PASSWORD), as_=leaver)
    assert deleted.status == 200
    # A refused change (the last owner cannot step down) emits nothing.
    refused = await t.rpc.call(
        organization_member_update_role,
        MemberRoleIn(user_id=owner.user.id, role="member"),
        as_=owner,
    )
    assert refused.status != 200
    async with xact_admin() as q:
        events = await harness(q).test_webhook_events(organization_id=org.id)
    assert [(e.type, e.data) for e in events] == [
        ("organization.updated", {"organization_id": org.id, "name": "Renamed"}),
        (
            "invite.created",
            {
                "organization_id": org.id,
                "invite_id": invite.invite_id,
                "email": "hook-invitee@example.test",
                "role": "member",
                "expires_at": invite.expires_at.isoformat().replace("+00:00", "Z"),
            },
        ),
        (
            "invite.accepted",
            {"organization_id": org.id, "invite_id": invite.invite_id, "user_id": new_id},
        ),
        ("member.added", {"organization_id": org.id, "user_id": new_id, "role": "member"}),
        (
            "member.role_changed",
            {
                "organization_id": org.id,
                "user_id": new_id,
                "role": "admin",
                "previous_role": "member",
            },
        ),
        (
            "member.removed",
            {"organization_id": org.id, "user_id": new_id, "removed_by_user_id": owner.user.id},
        ),
        ("user.deleted", {"organization_id": org.id, "user_id": leaver.id}),
    ]
    async with xact_admin() as q:  # no later send round tries the unreachable host
        await harness(q).test_webhook_endpoint_delete(id=hook.output.endpoint.id)


async def test_rotation_signs_with_both_secrets_for_a_day(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=True)
    t.freeze_time()
    owner = await t.factory.customer()
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(200))
        created = await t.rpc.call(
            webhook_endpoint_create,
            WebhookEndpointCreateIn(url=f"{receiver.url}/hook", events=["organization.updated"]),
            as_=owner,
        )
        endpoint_id, old = created.output.endpoint.id, created.output.secret
        rotated = await t.rpc.call(
            webhook_endpoint_rotate_secret, WebhookEndpointIn(endpoint_id=endpoint_id), as_=owner
        )
        new = rotated.output.secret
        await t.rpc.call(organization_update, OrganizationUpdateIn(name="A"), as_=owner)
        await send_pending()
        [request] = receiver.calls("POST", "/hook")
        assert len(request.headers["webhook-signature"].split(" ")) == 2
        for secret in (old, new):
            assert Webhook(secret).verify(request.body, request.headers)["data"]["name"] == "A"
        # A day later only the new secret signs.
        later = t.advance_time(datetime.timedelta(hours=25))
        await t.rpc.call(organization_update, OrganizationUpdateIn(name="B"), as_=owner)
        await send_pending()
        last = receiver.calls("POST", "/hook")[-1]
        msg_id = last.headers["webhook-id"]
        assert last.headers["webhook-signature"] == Webhook(new).sign(msg_id, later, last.body)
        await t.rpc.call(
            webhook_endpoint_delete, WebhookEndpointIn(endpoint_id=endpoint_id), as_=owner
        )


async def test_deliveries_listed_and_retried(t: TFix, monkeypatch: pytest.MonkeyPatch) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=True)
    owner = await t.factory.customer()
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(200, "thanks"))
        created = await t.rpc.call(
            webhook_endpoint_create,
            WebhookEndpointCreateIn(url=f"{receiver.url}/hook", events=["organization.updated"]),
            as_=owner,
        )
        endpoint_id = created.output.endpoint.id
        await t.rpc.call(organization_update, OrganizationUpdateIn(name="A"), as_=owner)
        pending = await t.rpc.call(
            webhook_deliveries_list,
            WebhookDeliveriesListIn(endpoint_id=endpoint_id, status="pending"),
            as_=owner,
        )
        [delivery] = pending.output.items
        assert delivery.type == "organization.updated" and delivery.attempts == 0
        await send_pending()
        listed = await t.rpc.call(
            webhook_deliveries_list, WebhookDeliveriesListIn(endpoint_id=endpoint_id), as_=owner
        )
        [done] = listed.output.items
        assert done.status == "delivered" and done.last_status_code == 200
        assert done.last_response_body == "thanks" and done.last_latency_ms is not None
        none_pending = await t.rpc.call(
            webhook_deliveries_list,
            WebhookDeliveriesListIn(endpoint_id=endpoint_id, status="pending"),
            as_=owner,
        )
        assert none_pending.output.items == []
        retried = await t.rpc.call(
            webhook_delivery_retry, WebhookDeliveryIn(delivery_id=done.id), as_=owner
        )
        assert retried.output is None
        twice = await t.rpc.call(
            webhook_delivery_retry, WebhookDeliveryIn(delivery_id=done.id), as_=owner
        )
        twice.expect_error(WebhookDeliveryNotFoundError)  # already pending
        await send_pending()
        ids = [r.headers["webhook-id"] for r in receiver.calls("POST", "/hook")]
        assert ids == [done.id, done.id]
        other = await t.factory.customer()
        stranger = await t.rpc.call(
            webhook_delivery_retry, WebhookDeliveryIn(delivery_id=done.id), as_=other
        )
        stranger.expect_error(WebhookDeliveryNotFoundError)
        await t.rpc.call(
            webhook_endpoint_delete, WebhookEndpointIn(endpoint_id=endpoint_id), as_=owner
        )


async def test_signing_secrets_are_stored_sealed(t: TFix) -> None:
    """Both the current and the rotated-out secret are stored sealed with the vault's
    newest key, bound to their organization and row: the plaintext is nowhere in the
    database, and the sealed blob opens only as its own row."""
    owner = await t.factory.customer()
    created = await t.rpc.call(
        webhook_endpoint_create,
        WebhookEndpointCreateIn(url=URL, events=["member.added"]),
        as_=owner,
    )
    endpoint_id, old = created.output.endpoint.id, created.output.secret
    rotated = await t.rpc.call(
        webhook_endpoint_rotate_secret, WebhookEndpointIn(endpoint_id=endpoint_id), as_=owner
    )
    new = rotated.output.secret
    async with xact_admin() as q:
        rows = await harness(q).test_webhook_secrets(endpoint_id=endpoint_id)
        await harness(q).test_webhook_endpoint_delete(id=endpoint_id)
    assert [r.signs_until is None for r in rows] == [True, False]
    for row, plaintext in zip(rows, (new, old), strict=True):
        assert row.key_name == current_key_id()
        assert plaintext.encode() not in row.ciphertext
        assert plaintext.removeprefix("whsec_").encode() not in row.ciphertext
        assert open_sealed(owner.organization.id, row.id, row.key_name, row.ciphertext) == plaintext
        with pytest.raises(VaultError):  # moved to another row, it does not open
            open_sealed(owner.organization.id, rows[0].id + "x", row.key_name, row.ciphertext)
