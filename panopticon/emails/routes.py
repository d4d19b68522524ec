"""emails_list: the outbox as support sees it (failed deliveries first of all);
email_resend: a failed email back in the queue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import ClassVar

from database.__codegen__.enums import EmailStatusEnum
from foundation.base.clock import CLOCK
from foundation.base.types import Email
from foundation.rpc.errors import RPCError
from panopticon.audit.audit import audit
from panopticon.framework import AdminReq, route
from panopticon.inputs import (
    DEFAULT_LIMIT,
    InvalidCursorError,
    Limit,
    Page,
    Reason,
)
from panopticon.outputs import Done


@dataclass
class EmailsListIn:
    status: EmailStatusEnum | None = None
    """Only `pending`, `sent` or `failed` emails."""
    to: Email | None = None
    """Only emails to this address (any case)."""
    cursor: str | None = None
    limit: Limit = DEFAULT_LIMIT


@dataclass
class EmailEntry:
    """An outbox row; the code an email carries is never shown."""

    id: str
    created_at: datetime.datetime
    user_id: str | None
    kind: str
    to: str
    subject: str
    status: EmailStatusEnum
    attempts: int
    next_attempt_at: datetime.datetime
    """When a pending email is tried next."""
    last_error: str | None
    sent_at: datetime.datetime | None


@dataclass
class EmailsListOut:
    items: list[EmailEntry]
    next_cursor: str | None


@route("emails_list", authorization="admin", method="GET", errors=(InvalidCursorError,))
async def emails_list(req: AdminReq[EmailsListIn]) -> EmailsListOut:
    """The email outbox, newest first, by status and recipient: see failed deliveries
    and why (`last_error`). Cursor-paginated."""
    data = req.data
    page = Page.of("emails", data.cursor, data.limit)
    rows = await req.q.orm.emails_page(
        status=data.status, to_address=data.to, before_id=page.before, row_limit=page.fetch
    )
    return EmailsListOut(
        items=[
            EmailEntry(
                id=r.id,
                created_at=r.created_at,
                user_id=r.user_id,
                kind=r.kind,
                to=r.to_address,
                subject=r.subject,
                status=r.status,
                attempts=r.attempts,
                next_attempt_at=r.next_attempt_at,
                last_error=r.last_error,
                sent_at=r.sent_at,
            )
            for r in page.shown(rows)
        ],
        next_cursor=page.next(rows),
    )


@dataclass
class EmailNotFoundError(RPCError):
    """No email in the outbox has this id."""

    status: ClassVar[int] = 404
    email_id: str


@dataclass
class EmailNotFailedError(RPCError):
    """Only a failed email is resent (a pending one is still being tried, a sent one
    arrived)."""

    status: ClassVar[int] = 409
    email_id: str
    email_status: EmailStatusEnum


@dataclass
class EmailCodeGoneError(RPCError):
    """The email carried a one-time code, erased when delivery was given up: it cannot be
    sent again. The user asks for a new code (or support sends a password reset)."""

    status: ClassVar[int] = 409
    email_id: str


@dataclass
class EmailResendIn:
    email_id: str
    reason: Reason


@route(
    "email_resend",
    authorization="admin",
    errors=(EmailNotFoundError, EmailNotFailedError, EmailCodeGoneError),
)
async def email_resend(req: AdminReq[EmailResendIn]) -> Done:
    """Put a failed email back in the queue, due now, with its attempts counted afresh
    (support and up; audited as `email.resend`). An email that carried a one-time code
    cannot be resent: its code was erased (`EmailCodeGoneError`)."""
    q, data = req.q, req.data
    row = await q.orm.email_for_resend(id=data.email_id)
    if row is None:
        raise EmailNotFoundError(email_id=data.email_id)
    if row.status != "failed":
        raise EmailNotFailedError(email_id=row.id, email_status=row.status)
    if row.had_code:
        raise EmailCodeGoneError(email_id=row.id)
    await q.orm.email_requeue(id=row.id, now=CLOCK.now(), by_user_id=req.admin.id)
    await audit(
        req,
        "email.resend",
        target=row.id,
        reason=data.reason,
        diff={"to": row.to_address, "kind": row.kind},
    )
    return Done(changed=True)


ROUTES = (emails_list, email_resend)
