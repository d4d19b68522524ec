"""audit_log_list: filters, pages, and support admins reading only their own entries."""

from __future__ import annotations

import datetime
from typing import Any

from database.__codegen__.models import UserModel
from foundation.testing.fixture import TFix
from panopticon.audit.audit import audit_in
from panopticon.audit.routes import AuditLogListIn, audit_log_list
from panopticon.db import xact_admin
from panopticon.inputs import InvalidCursorError
from panopticon.roles import AdminInsufficientRoleError
from panopticon.testing import make_admin


async def _expire(t: TFix, admin: UserModel, user_id: str, reason: str) -> None:
    """What user_sessions_expire records (that route's own test covers the route)."""
    async with xact_admin() as q:
        await audit_in(
            q,
            "user.sessions_expire",
            target=user_id,
            reason=reason,
            diff={"ended": 0},
            admin_user_id=admin.id,
            actor=admin.email,
        )


async def test_filters_and_pages(t: TFix) -> None:
    boss = await make_admin(t, "superadmin")
    user = await t.factory.user()
    for i in range(3):
        await _expire(t, boss, user.id, f"reason {i}")
    first = await t.rpc.call(audit_log_list, AuditLogListIn(target=user.id, limit=2), as_=boss)
    entries = first.output.items
    assert [e.reason for e in entries] == ["reason 2", "reason 1"]
    assert entries[0].admin_id == boss.id and entries[0].actor == boss.email
    assert entries[0].action == "user.sessions_expire" and entries[0].diff == {"ended": 0}
    rest = await t.rpc.call(
        audit_log_list,
        AuditLogListIn(target=user.id, cursor=first.output.next_cursor, limit=2),
        as_=boss,
    )
    assert [e.reason for e in rest.output.items] == ["reason 0"]
    assert rest.output.next_cursor is None
    by_action = await t.rpc.call(
        audit_log_list, AuditLogListIn(admin_id=boss.id, action="user.disable"), as_=boss
    )
    assert by_action.output.items == []
    bad = await t.rpc.call(audit_log_list, AuditLogListIn(cursor="bm9wZQ"), as_=boss)
    bad.expect_error(InvalidCursorError)


async def test_support_admins_read_only_their_own_entries(t: TFix) -> None:
    support = await make_admin(t, "support")
    boss = await make_admin(t, "superadmin")
    user = await t.factory.user()
    await _expire(t, support, user.id, "support did it")
    await _expire(t, boss, user.id, "boss did it")
    mine = await t.rpc.call(audit_log_list, AuditLogListIn(target=user.id), as_=support)
    assert [e.reason for e in mine.output.items] == ["support did it"]
    own = await t.rpc.call(
        audit_log_list, AuditLogListIn(target=user.id, admin_id=support.id), as_=support
    )
    assert [e.reason for e in own.output.items] == ["support did it"]
    other = await t.rpc.call(audit_log_list, AuditLogListIn(admin_id=boss.id), as_=support)
    assert other.expect_error(AdminInsufficientRoleError) == AdminInsufficientRoleError(
        role="support", required="superadmin"
    )
    everyone = await t.rpc.call(audit_log_list, AuditLogListIn(target=user.id), as_=boss)
    assert [e.reason for e in everyone.output.items] == ["boss did it", "support did it"]


async def test_entries_name_their_target_and_filter_by_day(t: TFix) -> None:
    boss = await make_admin(t, "superadmin")
    user = await t.factory.user(name="Named Target")
    organization = await t.factory.organization(name="Named Organization")
    t.freeze_time(datetime.datetime(2021, 6, 1, 23, 59, tzinfo=datetime.UTC))
    await _expire(t, boss, user.id, "on the first")
    t.advance_time(datetime.timedelta(minutes=2))  # June 2nd
    async with xact_admin() as q:
        await audit_in(
            q,
            "organization.named",
            target=organization.id,
            reason="on the second",
            diff={},
            admin_user_id=boss.id,
            actor=boss.email,
        )
        await audit_in(
            q,
            "login.lockout_clear",
            target="someone@example.test",
            reason="on the second too",
            diff={},
            admin_user_id=boss.id,
            actor=boss.email,
        )

    async def reasons(**filters: Any) -> list[str]:
        res = await t.rpc.call(
            audit_log_list, AuditLogListIn(admin_id=boss.id, **filters), as_=boss
        )
        return [e.reason for e in res.output.items]

    june = datetime.date(2021, 6, 1)
    assert await reasons(from_day=june, to_day=june) == ["on the first"]
    later = june + datetime.timedelta(days=1)
    assert await reasons(from_day=later) == ["on the second too", "on the second"]
    assert await reasons(to_day=june - datetime.timedelta(days=1)) == []
    res = await t.rpc.call(audit_log_list, AuditLogListIn(admin_id=boss.id), as_=boss)
    named = {e.reason: (e.target_name, e.target_email) for e in res.output.items}
    assert named == {
        "on the first": ("Named Target", user.email),
        "on the second": ("Named Organization", None),
        "on the second too": (None, None),
    }
    # The actions that exist: every one in the log, once, sorted.
    actions = res.output.actions
    assert {"user.sessions_expire", "organization.named", "login.lockout_clear"} <= set(actions)
    assert actions == sorted(set(actions))
