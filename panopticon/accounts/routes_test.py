"""user_delete from panopticon."""

from __future__ import annotations

import uuid

from database.testing import harness
from foundation.testing.fixture import TFix
from foundation.testing.outbox import delivered_to
from panopticon.accounts.routes import UserDeleteIn, user_delete
from panopticon.db import xact_admin
from panopticon.organizations.routes import LastOwnerError
from panopticon.testing import audit_rows, make_admin
from panopticon.users.routes import (
    UserEmailSendIn,
    UserNotActiveError,
    UserNotFoundError,
    UserUpdateIn,
    user_password_reset_send,
    user_update,
    user_verification_resend,
)


async def test_an_admin_deletes_an_account_with_the_users_rules(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    c = await t.factory.customer()
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=c.organization, role="member")
    blocked = await t.rpc.call(
        user_delete, UserDeleteIn(user_id=c.user.id, reason="gdpr request"), as_=admin
    )
    blocked.expect_error(LastOwnerError)
    assert await audit_rows(c.user.id) == []  # refused: nothing recorded
    done = await t.rpc.call(
        user_delete, UserDeleteIn(user_id=member.id, reason="gdpr request"), as_=admin
    )
    assert done.output.changed
    async with xact_admin() as q:
        gone = await harness(q).test_user_fetch(id=member.id)
    assert gone.deleted_at is not None and gone.email.endswith("@deleted.invalid")
    [entry] = await audit_rows(member.id)
    assert (entry.action, entry.reason) == ("user.delete", "gdpr request")
    [goodbye] = await delivered_to(member.email)
    assert "deleted" in goodbye.subject
    again = await t.rpc.call(
        user_delete, UserDeleteIn(user_id=member.id, reason="twice"), as_=admin
    )
    again.expect_error(UserNotFoundError)


async def test_a_deleted_user_is_neither_edited_nor_emailed(t: TFix) -> None:
    boss = await make_admin(t, "superadmin")
    user = await t.factory.user(email_verified=False)
    gone = UserDeleteIn(user_id=user.id, reason="asked to be forgotten")
    assert (await t.rpc.call(user_delete, gone, as_=boss)).output.changed
    edit = UserUpdateIn(
        user_id=user.id,
        name="Back",
        email=f"back-{uuid.uuid4().hex[:12]}@example.test",
        reason="nope",
    )
    res = await t.rpc.call(user_update, edit, as_=boss)
    res.expect_error(UserNotFoundError)
    for route in (user_password_reset_send, user_verification_resend):
        res = await t.rpc.call(route, UserEmailSendIn(user_id=user.id, reason="xyz"), as_=boss)
        res.expect_error(UserNotActiveError)
    assert [e.action for e in await audit_rows(user.id)] == ["user.delete"]
