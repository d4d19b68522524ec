"""user_delete from panopticon."""

from __future__ import annotations

from database.testing import harness
from foundation.testing.fixture import TFix
from foundation.testing.outbox import delivered_to
from panopticon.accounts.routes import UserDeleteIn, user_delete
from panopticon.db import xact_admin
from panopticon.organizations.routes import LastOwnerError
from panopticon.testing import audit_rows, make_admin
from panopticon.users.routes import UserNotFoundError


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
