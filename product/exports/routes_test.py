"""The export RPCs: who may ask, one pending at a time, who may download, until when."""

from __future__ import annotations

import datetime

from database.testing import harness
from foundation.testing.fixture import TFix
from product.auth.verification import EmailNotVerifiedError
from product.db import xact_admin
from product.exports.routes import (
    ExportDownloadIn,
    ExportExpiredError,
    ExportNotFoundError,
    ExportPendingError,
    account_export_request,
    export_download,
    exports_list,
    organization_export_request,
)
from product.exports.worker import LIFETIME, build_pending
from product.framework import PRODUCT, NoOrganizationSelectedError
from product.organizations.roles import InsufficientRoleError


async def test_one_pending_export_per_account_and_per_organization(t: TFix) -> None:
    owner = await t.factory.customer()
    first = (await t.rpc.call(account_export_request, as_=owner)).output
    again = await t.rpc.call(account_export_request, as_=owner)
    assert again.expect_error(ExportPendingError) == ExportPendingError(export_id=first.id)
    assert again.status == 429
    # The organization's export is another one; a second owner cannot add another.
    organization = (await t.rpc.call(organization_export_request, as_=owner)).output
    other = await t.factory.user()
    await t.factory.membership(user=other, organization=owner.organization, role="owner")
    res = await t.rpc.call(organization_export_request, as_=other, organization=owner.organization)
    assert res.expect_error(ExportPendingError) == ExportPendingError(export_id="")
    await build_pending()
    # Once built, a new one may be asked for.
    assert (await t.rpc.call(account_export_request, as_=owner)).output.id != first.id
    listed = (await t.rpc.call(exports_list, as_=owner)).output.items
    assert {e.id: e.status for e in listed if e.id in (first.id, organization.id)} == {
        first.id: "ready",
        organization.id: "ready",
    }


async def test_only_owners_export_an_organization(t: TFix) -> None:
    owner = await t.factory.customer()
    for role in ("admin", "member"):
        user = await t.factory.user()
        await t.factory.membership(user=user, organization=owner.organization, role=role)
        res = await t.rpc.call(
            organization_export_request, as_=user, organization=owner.organization
        )
        assert res.expect_error(InsufficientRoleError) == InsufficientRoleError(role=role)


async def test_a_removed_owner_cannot_ask(t: TFix) -> None:
    owner = await t.factory.customer()
    cookie = await t.rpc.cookie(PRODUCT, owner)
    async with xact_admin() as q:  # removed after the session was made
        await harness(q).test_membership_remove(id=owner.membership.id)
    res = await t.rpc.call(organization_export_request, as_=cookie)
    res.expect_error(NoOrganizationSelectedError)
    assert (await t.rpc.call(exports_list, as_=owner.user)).output.items == []


async def test_an_unverified_address_cannot_ask(t: TFix) -> None:
    user = await t.factory.user(email_verified=False)
    res = await t.rpc.call(account_export_request, as_=user)
    res.expect_error(EmailNotVerifiedError)


async def test_another_user_cannot_download(t: TFix) -> None:
    owner = await t.factory.customer()
    requested = (await t.rpc.call(account_export_request, as_=owner)).output
    await build_pending()
    # A co-owner of the organization is not the requester either.
    for other in (await t.factory.customer(), await t.factory.user()):
        res = await t.rpc.call(export_download, ExportDownloadIn(export_id=requested.id), as_=other)
        assert res.expect_error(ExportNotFoundError) == ExportNotFoundError(export_id=requested.id)
        assert res.status == 404
        assert (await t.rpc.call(exports_list, as_=other)).output.items == []
    res = await t.rpc.call(export_download, ExportDownloadIn(export_id="dex_nope"), as_=owner)
    res.expect_error(ExportNotFoundError)
    assert (
        await t.rpc.call(export_download, ExportDownloadIn(export_id=requested.id), as_=owner)
    ).status == 200


async def test_a_co_owner_cannot_download_another_owner_s_organization_export(t: TFix) -> None:
    owner = await t.factory.customer()
    other = await t.factory.user()
    await t.factory.membership(user=other, organization=owner.organization, role="owner")
    requested = (await t.rpc.call(organization_export_request, as_=owner)).output
    await build_pending()
    res = await t.rpc.call(
        export_download,
        ExportDownloadIn(export_id=requested.id),
        as_=other,
        organization=owner.organization,
    )
    res.expect_error(ExportNotFoundError)
    # The requester, once no longer an owner, cannot either.
    async with xact_admin() as q:
        await harness(q).test_membership_remove(id=owner.membership.id)
    res = await t.rpc.call(
        export_download, ExportDownloadIn(export_id=requested.id), as_=owner.user
    )
    res.expect_error(ExportNotFoundError)


async def test_an_export_expires_after_seven_days(t: TFix) -> None:
    assert datetime.timedelta(days=7) == LIFETIME
    owner = await t.factory.customer()
    start = t.freeze_time()
    requested = (await t.rpc.call(account_export_request, as_=owner)).output
    await build_pending()
    download = ExportDownloadIn(export_id=requested.id)
    t.freeze_time(start + LIFETIME - datetime.timedelta(seconds=1))
    ok = (await t.rpc.call(export_download, download, as_=owner)).output
    assert ok.expires_at == start + LIFETIME
    t.freeze_time(start + LIFETIME)
    res = await t.rpc.call(export_download, download, as_=owner)
    expired = res.expect_error(ExportExpiredError)
    assert expired == ExportExpiredError(export_id=requested.id, expired_at=start + LIFETIME)
    assert res.status == 410
    listed = (await t.rpc.call(exports_list, as_=owner)).output.items
    assert [e.status for e in listed if e.id == requested.id] == ["expired"]
    # The next pass erases the zip: still expired, never served again.
    await build_pending()
    t.freeze_time(start)
    res = await t.rpc.call(export_download, download, as_=owner)
    res.expect_error(ExportExpiredError)
