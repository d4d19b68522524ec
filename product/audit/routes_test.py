"""The organization's audit log: its members' changes and Blossom staff's actions (from
`organization_audit_log`, which the organization may read but never change)."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Awaitable

import asyncpg
import pytest

from database.testing import harness
from database.xact import xact_admin, xact_customer
from foundation.base.clock import CLOCK
from foundation.testing.fixture import TFix
from foundation.testing.rpc import RPCResult
from foundation.testing.settings import override_env
from product.api_keys.routes import ApiKeyCreateIn, api_key_create
from product.audit import routes as audit_routes
from product.audit.routes import (
    AuditActor,
    AuditCursorInvalidError,
    AuditExportIn,
    AuditLogIn,
    AuditLogOut,
    organization_audit_log,
    organization_audit_log_export,
)
from product.organizations.roles import InsufficientRoleError
from product.organizations.routes import (
    MemberRemoveIn,
    MemberRoleIn,
    OrganizationUpdateIn,
    organization_member_remove,
    organization_member_update_role,
    organization_update,
)
from product.scim.tokens import (
    ScimTokenCreateIn,
    ScimTokenRevokeIn,
    scim_token_create,
    scim_token_revoke,
)
from product.vault.routes import VaultSecretCreateIn, vault_secret_create


async def support_entry(
    organization_id: str, target: str, *, admin_user_id: str | None = None
) -> None:
    async with xact_admin() as q:
        await harness(q).test_organization_audit_log_insert(
            organization_id=organization_id,
            admin_user_id=admin_user_id,
            admin_actor="agent@blossom.example",
            action="user.impersonate",
            target=target,
            reason="ticket 42",
            at=CLOCK.now(),
        )


async def test_owners_see_member_changes_and_support_access(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = await t.factory.customer()
    other = await t.factory.customer()
    admin = await t.factory.user()
    await t.rpc.call(organization_update, OrganizationUpdateIn(name="Renamed"), as_=c)
    await support_entry(c.organization.id, c.user.id, admin_user_id=admin.id)
    await support_entry(other.organization.id, other.user.id)
    events = (await t.rpc.call(organization_audit_log, AuditLogIn(), as_=c)).output.events
    by_action = {e.action: e for e in events}
    assert set(by_action) == {"renamed", "user.impersonate"}
    renamed = by_action["renamed"]
    assert (renamed.actor.kind, renamed.actor.id, renamed.subject) == (
        "member",
        c.user.id,
        c.organization.id,
    )
    support = by_action["user.impersonate"]
    assert (support.actor.kind, support.actor.name, support.actor.id) == (
        "support",
        "Blossom support",
        admin.id,
    )
    assert support.reason == "ticket 42" and support.subject == c.user.id
    override_env(monkeypatch, organization_audit_admin_names=True)
    events = (await t.rpc.call(organization_audit_log, AuditLogIn(), as_=c)).output.events
    shown = {e.actor.name for e in events if e.actor.kind == "support"}
    assert shown == {"Blossom support (agent@blossom.example)"}


async def test_members_may_not_read_it(t: TFix) -> None:
    c = await t.factory.customer(role="member")
    res = await t.rpc.call(organization_audit_log, AuditLogIn(), as_=c)
    assert res.expect_error(InsufficientRoleError)
    res = await t.rpc.call(organization_audit_log_export, AuditExportIn(format="csv"), as_=c)
    assert res.expect_error(InsufficientRoleError)


async def test_filters_and_pages(t: TFix, monkeypatch: pytest.MonkeyPatch) -> None:
    c = await t.factory.customer()
    for name in ("One", "Two", "Three"):
        await t.rpc.call(organization_update, OrganizationUpdateIn(name=name), as_=c)
    await support_entry(c.organization.id, c.user.id)

    def call(data: AuditLogIn) -> Awaitable[RPCResult[AuditLogOut]]:
        return t.rpc.call(organization_audit_log, data, as_=c)

    only = (await call(AuditLogIn(action="user.impersonate"))).output.events
    assert [e.action for e in only] == ["user.impersonate"]
    mine = (await call(AuditLogIn(actor=c.user.id))).output.events
    assert [e.action for e in mine] == ["renamed"] * 3
    future = CLOCK.now() + datetime.timedelta(days=1)
    assert (await call(AuditLogIn(from_at=future))).output.events == []
    assert len((await call(AuditLogIn(to_at=future))).output.events) == 4
    monkeypatch.setattr(audit_routes, "PAGE", 3)
    first = (await call(AuditLogIn())).output
    assert len(first.events) == 3 and first.next_cursor is not None
    rest = (await call(AuditLogIn(cursor=first.next_cursor))).output
    assert rest.next_cursor is None
    seen = [e.id for e in first.events + rest.events]
    assert len(seen) == len(set(seen)) == 4
    for bad in ("nonsense", "2030-01-01T00:00:00|", "2030-01-01T00:00:00|x"):
        res = await call(AuditLogIn(cursor=bad))
        assert res.expect_error(AuditCursorInvalidError), bad


async def test_export_as_csv_and_json_lines(t: TFix) -> None:
    c = await t.factory.customer()
    await t.rpc.call(organization_update, OrganizationUpdateIn(name="Renamed"), as_=c)
    await support_entry(c.organization.id, c.user.id)
    res = await t.rpc.call(organization_audit_log_export, AuditExportIn(format="csv"), as_=c)
    assert res.headers["Content-Type"] == "text/csv"
    disposition = f'attachment; filename="audit-log-{c.organization.id}.csv"'
    assert res.headers["Content-Disposition"] == disposition
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert {r["action"] for r in rows} == {"renamed", "user.impersonate"}
    res = await t.rpc.call(organization_audit_log_export, AuditExportIn(format="jsonl"), as_=c)
    assert res.headers["Content-Type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in res.text.splitlines()]
    assert {line["actor"]["kind"] for line in lines} == {"member", "support"}


async def test_an_admins_api_key_reads_the_log(t: TFix) -> None:
    c = await t.factory.customer(role="admin")
    data = ApiKeyCreateIn(name="siem", scopes=["organization:manage"])
    key = (await t.rpc.call(api_key_create, data, as_=c)).output.key
    res = await t.rpc.call(
        organization_audit_log, AuditLogIn(), headers={"Authorization": f"Bearer {key}"}
    )
    assert [e.subject_type for e in res.output.events] == ["api_key"]


@pytest.mark.parametrize("statement", ["update", "delete"])
async def test_nobody_in_the_organization_can_alter_it(t: TFix, statement: str) -> None:
    c = await t.factory.customer()
    await support_entry(c.organization.id, c.user.id)
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        async with xact_customer(user=c.user, organization=c.organization) as q:
            if statement == "update":
                await harness(q).test_organization_audit_log_update(
                    organization_id=c.organization.id
                )
            else:
                await harness(q).test_organization_audit_log_delete(
                    organization_id=c.organization.id
                )
    async with xact_admin() as q:
        rows = await harness(q).test_organization_audit_log_of(organization_id=c.organization.id)
    assert [r.reason for r in rows] == ["ticket 42"]


async def test_an_organization_keys_changes_are_the_keys(t: TFix) -> None:
    """What an organization key changes is recorded as the key's (id and name), not as
    the member who made it, also after that member left."""
    admin = await t.factory.customer(role="admin")
    data = ApiKeyCreateIn(
        name="deploy bot", scopes=["vault:write", "organization:manage"], kind="organization"
    )
    created = (await t.rpc.call(api_key_create, data, as_=admin)).output
    bearer = {"Authorization": f"Bearer {created.key}"}
    async with xact_admin() as q:
        await harness(q).test_membership_remove(id=admin.membership.id)
    made = await t.rpc.call(
        vault_secret_create, VaultSecretCreateIn(name="ci-token", value="v"), headers=bearer
    )
    assert made.status == 200, made.error
    log = await t.rpc.call(organization_audit_log, AuditLogIn(), headers=bearer)
    [entry] = [e for e in log.output.events if e.subject == made.output.id]
    assert entry.actor == AuditActor(kind="api_key", id=created.api_key.id, name="deploy bot")


async def test_member_changes_show_the_address_and_the_role_before_and_after(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, web_trusted_proxies=1)
    via = {"X-Forwarded-For": "203.0.113.7"}
    owner = await t.factory.customer()
    colleague = await t.factory.user()
    membership = await t.factory.membership(
        user=colleague, organization=owner.organization, role="member"
    )
    changed = await t.rpc.call(
        organization_member_update_role,
        MemberRoleIn(user_id=colleague.id, role="admin"),
        as_=owner,
        headers=via,
    )
    assert changed.status == 200, changed.error
    removed = await t.rpc.call(
        organization_member_remove, MemberRemoveIn(user_id=colleague.id), as_=owner, headers=via
    )
    assert removed.status == 200, removed.error
    log = (await t.rpc.call(organization_audit_log, AuditLogIn(), as_=owner)).output
    mine = [e for e in log.events if e.subject == membership.id]
    by_action = {e.action: e for e in mine}
    role_set, gone = by_action["role set to admin"], by_action["removed"]
    assert role_set.diff == {"role": {"before": "member", "after": "admin"}}
    assert gone.diff == {"role": {"before": "admin", "after": None}}
    for entry in (role_set, gone):
        assert entry.client == "203.0.113.7" and entry.actor.id == owner.user.id
    export = await t.rpc.call(
        organization_audit_log_export, AuditExportIn(format="jsonl"), as_=owner
    )
    lines = [json.loads(line) for line in export.text.splitlines()]
    [line] = [x for x in lines if x["subject"] == membership.id and x["action"] == "removed"]
    assert line["client"] == gone.client and line["diff"] == gone.diff


async def test_scim_tokens_created_and_revoked_show_with_their_actor_and_no_secret(
    t: TFix,
) -> None:
    owner = await t.factory.customer()
    made = await t.rpc.call(scim_token_create, ScimTokenCreateIn(name="okta"), as_=owner)
    token = made.output.token
    token_id = made.output.scim_token.id
    revoked = await t.rpc.call(scim_token_revoke, ScimTokenRevokeIn(id=token_id), as_=owner)
    assert revoked.output == "revoked"
    log = (await t.rpc.call(organization_audit_log, AuditLogIn(), as_=owner)).output
    entries = [e for e in log.events if e.subject == token_id]
    assert [(e.subject_type, e.action) for e in entries] == [
        ("scim_token", "scim token revoked"),
        ("scim_token", "scim token created"),
    ]
    me = AuditActor(kind="member", id=owner.user.id, name=owner.user.name)
    assert all(e.actor == me for e in entries)
    export = await t.rpc.call(
        organization_audit_log_export, AuditExportIn(format="jsonl"), as_=owner
    )
    secret = token.rsplit("_", 1)[1]
    for text in (repr(log), export.text):
        assert token_id in text
        assert secret not in text
