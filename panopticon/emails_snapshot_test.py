"""Every email panopticon sends on an admin's action, as the recipient reads it, pinned
(`__snapshots__/emails_snapshot_test/`), with codes, times and names as placeholders."""

from __future__ import annotations

import uuid

from syrupy.assertion import SnapshotAssertion

from database.testing import harness
from foundation.base.env import ENV
from foundation.testing.fixture import TFix
from foundation.testing.outbox import delivered_to
from foundation.testing.snapshots import JSONSnapshot, email_text
from panopticon.accounts.routes import UserDeleteIn, user_delete
from panopticon.db import xact_admin
from panopticon.organizations.routes import InviteActionIn, invite_resend
from panopticon.testing import make_admin
from panopticon.users.routes import UserMfaResetIn, user_mfa_reset


async def test_every_email_an_admin_action_sends(t: TFix, snapshot: SnapshotAssertion) -> None:
    admin = await make_admin(t, "superadmin")
    sent: dict[str, dict[str, str]] = {}

    c = await t.factory.customer(name="Ada")
    async with xact_admin() as q:
        await harness(q).test_mfa_totp_confirmed_create(user_id=c.user.id)
    reset = UserMfaResetIn(user_id=c.user.id, reason="lost phone, identity checked")
    assert (await t.rpc.call(user_mfa_reset, reset, as_=admin)).output.changed
    [message] = await delivered_to(c.user.email)
    sent["mfa_reset"] = email_text(message)

    invitee = f"invitee-{uuid.uuid4().hex[:8]}@example.test"
    invite = await t.factory.invite(organization=c.organization, email=invitee, role="admin")
    resend = InviteActionIn(invite_id=invite.id, reason="lost the first one")
    assert (await t.rpc.call(invite_resend, resend, as_=admin)).status == 200
    [message] = await delivered_to(invitee)
    sent["invite_resend"] = email_text(
        message, organization=c.organization.name, product_url=ENV.product_base_url
    )

    member = await t.factory.user()
    await t.factory.membership(user=member, organization=c.organization, role="member")
    delete = UserDeleteIn(user_id=member.id, reason="gdpr request")
    assert (await t.rpc.call(user_delete, delete, as_=admin)).output.changed
    [message] = await delivered_to(member.email)
    sent["account_deleted"] = email_text(message)

    assert sent == snapshot(extension_class=JSONSnapshot)
