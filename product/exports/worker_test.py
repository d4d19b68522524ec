"""The export worker: what a zip holds, read in the requester's customer transaction.

Two tenants: the export of A holds none of B's rows, and RLS is what keeps them out (the
export queries have no tenant condition; run the worker's read as admin, or without
`SET LOCAL ROLE customer`, and `test_an_export_holds_only_its_tenant_s_rows` fails)."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from database.testing import harness
from database.testing.factory import Customer
from foundation.testing.fixture import TFix
from foundation.testing.outbox import delivered_to
from product.api_keys.routes import ApiKeyCreateIn, api_key_create
from product.db import xact_admin
from product.exports.routes import (
    ExportDownloadIn,
    ExportNotFoundError,
    ExportNotReadyError,
    account_export_request,
    export_download,
    exports_list,
    organization_export_request,
)
from product.exports.tables import EXPORTED, exported
from product.exports.worker import build_pending
from product.scim.tokens import ScimTokenCreateIn, scim_token_create
from product.vault.routes import VaultSecretCreateIn, vault_secret_create
from product.webhooks.routes import WebhookEndpointCreateIn, webhook_endpoint_create

SECRET_VALUE = "sk_live_tenant_secret_value"  # pragma: allowlist secret


@dataclass
class Tenant:
    owner: Customer
    member_email: str
    invite_email: str


async def _tenant(t: TFix, label: str) -> Tenant:
    owner = await t.factory.customer(name=f"Owner {label}")
    member = await t.factory.user(name=f"Member {label}")
    await t.factory.membership(user=member, organization=owner.organization, role="member")
    invite = await t.factory.invite(organization=owner.organization)
    await t.factory.session(user=owner.user, organization=owner.organization)
    await t.factory.session(user=member, organization=owner.organization)
    async with xact_admin() as q:
        await harness(q).test_user_identity_create(
            user_id=owner.user.id,
            provider="github",
            subject=f"{label}-{owner.user.id}",
            email=owner.user.email,
        )
        await harness(q).test_organization_role_create(
            organization_id=owner.organization.id, name=f"Auditor {label}", permissions=[]
        )
    hook = await t.rpc.call(
        webhook_endpoint_create,
        WebhookEndpointCreateIn(url=f"https://hooks.example.com/{label}", events=["member.added"]),
        as_=owner,
    )
    assert hook.status == 200, hook.error
    made = await t.rpc.call(
        api_key_create, ApiKeyCreateIn(name=f"CI {label}", scopes=["vault:read"]), as_=owner
    )
    assert made.status == 200, made.error
    scim = await t.rpc.call(scim_token_create, ScimTokenCreateIn(name=f"Okta {label}"), as_=owner)
    assert scim.status == 200, scim.error
    res = await t.rpc.call(
        vault_secret_create, VaultSecretCreateIn(name=f"Key {label}", value=SECRET_VALUE), as_=owner
    )
    assert res.status == 200
    return Tenant(owner=owner, member_email=member.email, invite_email=invite.email)


async def export_zip(t: TFix, owner: Customer, *, organization: bool) -> dict[str, Any]:
    """Ask for an export as `owner`, run the worker, download it: {file name: content}."""
    route = organization_export_request if organization else account_export_request
    requested = (await t.rpc.call(route, as_=owner)).output
    await build_pending()
    res = await t.rpc.call(export_download, ExportDownloadIn(export_id=requested.id), as_=owner)
    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(res.output.content_base64)))
    return {
        name: (
            archive.read(name).decode() if name.endswith(".txt") else json.loads(archive.read(name))
        )
        for name in archive.namelist()
    }


async def test_an_export_holds_only_its_tenant_s_rows(t: TFix) -> None:
    a, b = await _tenant(t, "A"), await _tenant(t, "B")
    account = await export_zip(t, a.owner, organization=False)
    organization = await export_zip(t, a.owner, organization=True)
    assert [row["id"] for row in account["users.json"]] == [a.owner.user.id]
    assert len(account["sessions.json"]) >= 2  # the one made here and the call's
    assert {row["user_id"] for row in account["sessions.json"]} == {a.owner.user.id}
    assert [row["id"] for row in organization["organizations.json"]] == [a.owner.organization.id]
    members = {row["user_id"] for row in organization["organizations_users.json"]}
    assert len(members) == 2 and a.owner.user.id in members
    assert [row["email"] for row in organization["invites.json"]] == [a.invite_email]
    assert [row["name"] for row in organization["vaulted_secrets.json"]] == ["Key A"]
    everything = json.dumps([account, organization])
    for foreign in (
        b.owner.user.id,
        b.owner.user.email,
        b.owner.organization.id,
        b.member_email,
        b.invite_email,
        "Key B",
    ):
        assert foreign not in everything
    # An account export holds no co-member's profile (no organization context).
    assert a.member_email not in json.dumps(account)


async def test_secrets_and_hashes_are_left_out(t: TFix) -> None:
    a = await _tenant(t, "A")
    everything = {
        **await export_zip(t, a.owner, organization=False),
        **await export_zip(t, a.owner, organization=True),
    }
    for table in EXPORTED:
        rows = everything[f"{table.table}.json"]
        assert rows, table.table
        for column in table.excluded:
            assert all(column not in row for row in rows), (table.table, column)
    text = json.dumps({name: rows for name, rows in everything.items() if name != "README.txt"})
    for leaked in ("password_hash", "code_hash", "ciphertext", SECRET_VALUE, "$argon2", "whsec_"):
        assert leaked not in text


async def test_readme_is_the_data_dictionary(t: TFix) -> None:
    a = await _tenant(t, "A")
    files = await export_zip(t, a.owner, organization=True)
    assert set(files) == {"README.txt"} | {f"{x.table}.json" for x in exported("organization")}
    readme = files["README.txt"]
    assert "invites.json" in readme
    assert "  email (text): " in readme  # the invite's documented column
    assert "(left out) code_hash: the hash of the invite's code" in readme
    assert "  code_hash (" not in readme
    assert "  role (text): owner, admin or member" in readme


async def test_the_ready_email_links_to_the_exports_page(t: TFix) -> None:
    a = await _tenant(t, "A")
    requested = (await t.rpc.call(account_export_request, as_=a.owner)).output
    assert [m.subject for m in await delivered_to(a.owner.user.email)] == []
    listed = (await t.rpc.call(exports_list, as_=a.owner)).output.items
    assert [(e.id, e.status) for e in listed] == [(requested.id, "pending")]
    res = await t.rpc.call(export_download, ExportDownloadIn(export_id=requested.id), as_=a.owner)
    assert res.expect_error(ExportNotReadyError).failed is False
    await build_pending()
    [message] = await delivered_to(a.owner.user.email)
    assert message.subject == "Your Blossom data export is ready"
    assert "/exports" in message.text and "organization" not in message.text
    listed = (await t.rpc.call(exports_list, as_=a.owner)).output.items
    assert [(e.id, e.status) for e in listed] == [(requested.id, "ready")]


async def test_a_requester_no_longer_owner_gets_no_organization_export(t: TFix) -> None:
    a = await _tenant(t, "A")
    requested = (await t.rpc.call(organization_export_request, as_=a.owner)).output
    async with xact_admin() as q:  # removed from the organization meanwhile
        await harness(q).test_membership_remove(id=a.owner.membership.id)
    await build_pending()
    listed = (await t.rpc.call(exports_list, as_=a.owner.user)).output.items
    assert [(e.id, e.status) for e in listed] == [(requested.id, "failed")]
    assert await delivered_to(a.owner.user.email) == []
    res = await t.rpc.call(
        export_download, ExportDownloadIn(export_id=requested.id), as_=a.owner.user
    )
    res.expect_error(ExportNotFoundError)
