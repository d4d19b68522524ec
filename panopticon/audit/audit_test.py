"""The audit log is written in the change's transaction and is append-only."""

from __future__ import annotations

import asyncpg
import pytest

from database.testing import harness
from foundation.base.clock import CLOCK
from foundation.testing.fixture import TFix
from panopticon.audit.audit import audit_in, changes, target_type
from panopticon.db import xact_admin
from panopticon.testing import audit_rows


class Rollback(Exception):
    pass


def test_changes_lists_only_what_changed() -> None:
    assert changes({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {
        "b": {"before": 2, "after": 3}
    }
    assert changes({"role": "support"}, {"role": None}) == {
        "role": {"before": "support", "after": None}
    }


def test_target_types_from_ids() -> None:
    assert [target_type(x) for x in ("usr_1", "org_1", "inv_1", "a@b.c", "zz")] == [
        "user",
        "organization",
        "invite",
        "email",
        "other",
    ]


async def test_a_rolled_back_change_leaves_no_audit_row(t: TFix) -> None:
    user = await t.factory.user()
    admin = await t.factory.user()
    with pytest.raises(Rollback):
        async with xact_admin() as q:
            await q.orm.user_set_enabled(
                user_id=user.id,
                is_enabled=False,
                did="disabled",
                by_user_id=admin.id,
                now=CLOCK.now(),
            )
            await audit_in(q, "user.disable", target=user.id, reason="rolled back")
            raise Rollback
    assert await audit_rows(user.id) == []
    async with xact_admin() as q:
        assert (await harness(q).test_user_fetch(id=user.id)).is_enabled


async def test_update_delete_and_truncate_are_refused(t: TFix) -> None:
    user = await t.factory.user()
    async with xact_admin() as q:
        entry = await audit_in(q, "user.disable", target=user.id, reason="kept forever")
    for attempt in ("update", "delete", "truncate"):
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
            async with xact_admin() as q:
                if attempt == "update":
                    await harness(q).test_audit_log_update(id=entry.id, reason="rewritten")
                elif attempt == "delete":
                    await harness(q).test_audit_log_delete(id=entry.id)
                else:
                    await harness(q).test_audit_log_truncate()
    async with xact_admin() as q:
        assert (await harness(q).test_audit_log_fetch(id=entry.id)).reason == "kept forever"


async def test_deleting_the_admin_keeps_the_row_with_its_actor(t: TFix) -> None:
    admin = await t.factory.user()
    target = await t.factory.user()
    async with xact_admin() as q:
        entry = await audit_in(
            q,
            "user.disable",
            target=target.id,
            reason="before the admin left",
            admin_user_id=admin.id,
            actor=admin.email,
        )
        assert await harness(q).test_user_delete(id=admin.id) == 1
    async with xact_admin() as q:
        kept = await harness(q).test_audit_log_fetch(id=entry.id)
    assert (kept.admin_user_id, kept.actor, kept.reason) == (None, admin.email, entry.reason)


async def test_the_command_line_actor_is_the_os_user(t: TFix) -> None:
    user = await t.factory.user()
    async with xact_admin() as q:
        entry = await audit_in(q, "admin.grant", target=user.id, reason="from a shell")
    assert entry.actor.startswith("os:") and entry.admin_user_id is None


async def test_an_entry_on_an_organization_is_copied_to_it(t: TFix) -> None:
    c = await t.factory.customer()
    async with xact_admin() as q:
        await audit_in(q, "organization.rename", target=c.organization.id, reason="asked by owner")
        rows = await harness(q).test_organization_audit_log_of(organization_id=c.organization.id)
    assert [(r.action, r.reason) for r in rows] == [("organization.rename", "asked by owner")]
