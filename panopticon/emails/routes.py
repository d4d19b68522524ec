"""emails_list: the outbox as support sees it (failed deliveries first of all)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from database.__codegen__.enums import EmailStatusEnum
from foundation.base.types import Email
from panopticon.framework import AdminReq, route
from panopticon.inputs import (
    DEFAULT_LIMIT,
    InvalidCursorError,
    Limit,
    Page,
)


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
    emails: list[EmailEntry]
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
        emails=[
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


ROUTES = (emails_list,)
