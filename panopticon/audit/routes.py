"""audit_log_list: the admin audit log, newest first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from panopticon.framework import AdminReq, route
from panopticon.inputs import (
    DEFAULT_LIMIT,
    InvalidCursorError,
    Limit,
    Page,
)
from panopticon.roles import AdminInsufficientRoleError, current_role


@dataclass
class AuditLogListIn:
    admin_id: str | None = None
    """Only this admin's entries (a user id). Support admins may only read their own:
    they get them without asking, and `AdminInsufficientRoleError` for anyone else's."""
    target: str | None = None
    """Only entries about this id (a user, organization, invite...) or email."""
    action: str | None = None
    """Only this action, e.g. `user.disable` (`actions` of the answer lists them)."""
    from_day: datetime.date | None = None
    """Only entries on or after this day (UTC)."""
    to_day: datetime.date | None = None
    """Only entries on or before this day (UTC)."""
    cursor: str | None = None
    limit: Limit = DEFAULT_LIMIT


@dataclass
class AuditEntry:
    id: str
    at: datetime.datetime
    admin_id: str | None
    """The acting admin's user id (null for the command line, or a deleted user)."""
    actor: str
    """The admin's email at the time, or `os:<user>` for the `blossom admin` command."""
    action: str
    target_type: str
    target: str
    target_name: str | None
    """The target user's or organization's name (null for other targets, or once deleted)."""
    target_email: str | None
    """The target user's email (null when the target is not a user)."""
    reason: str
    diff: dict[str, Any]
    """What changed: `{field: {before, after}}` and counts."""
    request_id: str | None
    client: str | None


@dataclass
class AuditLogListOut:
    items: list[AuditEntry]
    next_cursor: str | None
    actions: list[str]
    """Every action the log holds, sorted (the choices of the `action` filter)."""


def _day_start(day: datetime.date | None, days_later: int = 0) -> datetime.datetime | None:
    if day is None:
        return None
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    return start + datetime.timedelta(days=days_later)


@route("audit_log_list", authorization="admin", method="GET", errors=(InvalidCursorError,))
async def audit_log_list(req: AdminReq[AuditLogListIn]) -> AuditLogListOut:
    """The admin audit log, newest first, filtered by admin, target, action or days, with
    each target's name and email where it is a user or an organization. Superadmins read
    every entry; support admins their own. Cursor-paginated."""
    data = req.data
    page = Page.of("audit", data.cursor, data.limit)
    admin_id = data.admin_id
    if await current_role(req.q, req.admin.id) != "superadmin":
        if admin_id is not None and admin_id != req.admin.id:
            raise AdminInsufficientRoleError(role="support", required="superadmin")
        admin_id = req.admin.id
    rows = await req.q.orm.audit_list(
        admin_user_id=admin_id,
        target=data.target,
        action=data.action,
        from_at=_day_start(data.from_day),
        to_at=_day_start(data.to_day, days_later=1),
        before_id=page.before,
        row_limit=page.fetch,
    )
    return AuditLogListOut(
        items=[
            AuditEntry(
                id=r.id,
                at=r.at,
                admin_id=r.admin_user_id,
                actor=r.actor,
                action=r.action,
                target_type=r.target_type,
                target=r.target,
                target_name=r.target_name or None,
                target_email=r.target_email,
                reason=r.reason,
                diff=r.diff if isinstance(r.diff, dict) else {},
                request_id=r.request_extid,
                client=r.client,
            )
            for r in page.shown(rows)
        ],
        next_cursor=page.next(rows),
        actions=await req.q.orm.audit_actions(),
    )


ROUTES = (audit_log_list,)
