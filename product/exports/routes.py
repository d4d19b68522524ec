"""Data export RPCs: account_export_request, organization_export_request, exports_list,
export_download.

A request only records a pending export (one pending per account and per organization:
the request's rate limit); the worker (`product/exports/worker.py`) builds the zip inside
the requester's customer transaction and emails a link to the exports page. The zips are
hidden from customer transactions (they hold a whole account), so these handlers use admin
transactions scoped by the caller's id, and the download checks that the caller asked for
the export (and, for an organization's, is still its owner).
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal

from pydantic import StringConstraints

from foundation.base.clock import CLOCK
from foundation.rpc.errors import RPCError
from foundation.rpc.pages import MAX_LIMIT, NO_CURSOR, InvalidCursorError, Page, PageIn
from product.__codegen__.queries import DataExportsListRow
from product.auth.verification import EmailNotVerifiedError, require_verified
from product.db import ProductQ
from product.exports.tables import ScopeEnum
from product.framework import OrgReq, UserReq, route
from product.organizations.roles import InsufficientRoleError, check_role, lock_members

ExportStatusEnum = Literal["pending", "ready", "failed", "expired"]
ExportId = Annotated[str, StringConstraints(min_length=1, max_length=64)]


@dataclass
class ExportPendingError(RPCError):
    """An export of this account (or organization) is already being made: wait for its
    email."""

    status: ClassVar[int] = 429
    export_id: str


@dataclass
class ExportNotFoundError(RPCError):
    """No export with this id was asked for by the caller (or, for an organization's,
    the caller is no longer its owner)."""

    status: ClassVar[int] = 404
    export_id: str


@dataclass
class ExportNotReadyError(RPCError):
    """The export is still being made, or making it failed (`failed`: ask for a new one)."""

    status: ClassVar[int] = 409
    export_id: str
    failed: bool


@dataclass
class ExportExpiredError(RPCError):
    """The export's 7 days are over: its zip is gone; ask for a new one."""

    status: ClassVar[int] = 410
    export_id: str
    expired_at: datetime.datetime


@dataclass
class ExportOut:
    id: str
    scope: ScopeEnum
    organization_id: str | None
    status: ExportStatusEnum
    created_at: datetime.datetime
    expires_at: datetime.datetime | None
    size_bytes: int | None


@dataclass
class ExportRequested:
    id: str
    scope: ScopeEnum
    created_at: datetime.datetime


async def _pending_id(q: ProductQ, user_id: str, organization_id: str | None) -> str:
    """The id of the caller's pending export the request collided with ("" when another
    owner's export of the organization is the pending one)."""
    rows = await q.orm.data_exports_list(user_id=user_id, before_id=NO_CURSOR, row_limit=MAX_LIMIT)
    return next(
        (r.id for r in rows if r.organization_id == organization_id and _status(r) == "pending"),
        "",
    )


@route(
    "account_export_request",
    authorization="user",
    transaction="admin",
    errors=(ExportPendingError, EmailNotVerifiedError),
)
async def account_export_request(req: UserReq[None]) -> ExportRequested:
    """Ask for a zip of everything your account holds (your profile, sessions, linked
    sign-in identities: one JSON file per table, and README.txt describing every column;
    secrets and hashes left out). It is made in the background; an email links to it when
    it is ready, and it can be downloaded (`export_download`) for 7 days. One at a time:
    `ExportPendingError` while one is being made. Needs a verified address."""
    await require_verified(req.q, req.user.id)
    row = await req.q.orm.data_export_request(user_id=req.user.id, organization_id=None)
    if row is None:
        raise ExportPendingError(export_id=await _pending_id(req.q, req.user.id, None))
    return ExportRequested(id=row.id, scope="account", created_at=row.created_at)


@route(
    "organization_export_request",
    authorization="organization",
    transaction="admin",
    errors=(ExportPendingError, InsufficientRoleError, EmailNotVerifiedError),
)
async def organization_export_request(req: OrgReq[None]) -> ExportRequested:
    """Ask for a zip of everything the current organization holds (the organization, its
    members, invites, the names of its vault secrets: one JSON file per table, and
    README.txt describing every column; secrets and hashes left out). Owners only. Made in
    the background and emailed to you like `account_export_request`; one at a time per
    organization."""
    check_role(await lock_members(req.q, req), "owner")
    await require_verified(req.q, req.user.id)
    organization_id = req.organization.id
    row = await req.q.orm.data_export_request(user_id=req.user.id, organization_id=organization_id)
    if row is None:
        raise ExportPendingError(export_id=await _pending_id(req.q, req.user.id, organization_id))
    return ExportRequested(id=row.id, scope="organization", created_at=row.created_at)


def _status(row: DataExportsListRow) -> ExportStatusEnum:
    if row.failed_at is not None:
        return "failed"
    if row.expires_at is None:
        return "pending"
    if row.expires_at <= CLOCK.now() or not row.available:
        return "expired"
    return "ready"


@dataclass
class ExportsPage:
    items: list[ExportOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route(
    "exports_list",
    authorization="user",
    transaction="admin",
    method="GET",
    errors=(InvalidCursorError,),
)
async def exports_list(req: UserReq[PageIn]) -> ExportsPage:
    """The exports you asked for (account and organizations), newest first, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
    previous page's `next_cursor`)."""
    page = Page.of("exports", req.data.cursor, req.data.limit)
    rows = await req.q.orm.data_exports_list(
        user_id=req.user.id, before_id=page.before, row_limit=page.fetch
    )
    items = [
        ExportOut(
            id=r.id,
            scope="account" if r.organization_id is None else "organization",
            organization_id=r.organization_id,
            status=_status(r),
            created_at=r.created_at,
            expires_at=r.expires_at,
            size_bytes=r.size_bytes,
        )
        for r in page.shown(rows)
    ]
    return ExportsPage(items=items, next_cursor=page.next(rows))


@dataclass
class ExportDownloadIn:
    export_id: ExportId


@dataclass
class ExportDownloadOut:
    export_id: str
    filename: str
    content_type: Literal["application/zip"]
    content_base64: str
    """The zip, base64-encoded."""
    expires_at: datetime.datetime


@route(
    "export_download",
    authorization="user",
    transaction="admin",
    errors=(ExportNotFoundError, ExportNotReadyError, ExportExpiredError),
)
async def export_download(req: UserReq[ExportDownloadIn]) -> ExportDownloadOut:
    """The zip of an export you asked for (base64), until it expires (7 days after it was
    made). An organization's export only while you are still its owner."""
    export_id = req.data.export_id
    row = await req.q.orm.data_export_fetch(id=export_id)
    if row is None or row.user_id != req.user.id:
        raise ExportNotFoundError(export_id=export_id)
    if row.organization_id is not None:
        role = await req.q.orm.membership_active_role(
            user_id=req.user.id, organization_id=row.organization_id
        )
        if role != "owner":
            raise ExportNotFoundError(export_id=export_id)
    if row.expires_at is None:
        raise ExportNotReadyError(export_id=export_id, failed=row.failed_at is not None)
    now = CLOCK.now()
    if row.expires_at <= now or row.archive is None:
        raise ExportExpiredError(export_id=export_id, expired_at=row.expires_at)
    await req.q.orm.data_export_mark_downloaded(id=export_id, now=now, user_id=req.user.id)
    return ExportDownloadOut(
        export_id=export_id,
        filename=f"blossom-export-{export_id}.zip",
        content_type="application/zip",
        content_base64=base64.b64encode(row.archive).decode("ascii"),
        expires_at=row.expires_at,
    )


ROUTES = (account_export_request, organization_export_request, exports_list, export_download)
