"""The organization's audit log: organization_audit_log, organization_audit_log_export.

Every change in the organization, from the history its own rows keep (storytime: the
organization, memberships, invites, vault secrets, API keys, SCIM tokens), plus every action Blossom
staff took on the organization or its members (impersonation included) with the reason
they gave, copied by panopticon's audit log into `organization_audit_log` (RLS: the
organization may only read it). Staff appear as "Blossom support" and an id unless
ORGANIZATION_AUDIT_ADMIN_NAMES is on. Owners and admins only.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, cast

from pydantic import Field

from foundation.base import strict_json
from foundation.base.env import ENV
from foundation.rpc.errors import RPCError
from foundation.rpc.http import Stream
from product.__codegen__.queries import OrganizationAuditEventsRow
from product.db import ProductQ
from product.framework import OrgReq, route
from product.framework.permissions import ORGANIZATION_MANAGE
from product.organizations.roles import InsufficientRoleError

PAGE = 100
EXPORT_PAGE = 1000
"""Events per page (and chunk) of the streamed export; the export has no cap."""
CSV_MEDIA_TYPE = "text/csv"
JSONL_MEDIA_TYPE = "application/x-ndjson"
SUPPORT = "Blossom support"

ActorKindEnum = Literal["member", "api_key", "support"]
ExportFormatEnum = Literal["csv", "jsonl"]
Filter = Annotated[str, Field(min_length=1, max_length=200)]


@dataclass
class AuditCursorInvalidError(RPCError):
    """The cursor is not one this log answered (`next_cursor`)."""


@dataclass
class AuditActor:
    kind: ActorKindEnum
    """`member`: someone of the organization (or the system: no id); `api_key`: an
    organization API key (its id and name); `support`: Blossom staff."""
    id: str | None
    name: str | None


@dataclass
class AuditEvent:
    id: str
    at: datetime.datetime
    action: str
    subject_type: str
    """What changed: organization, membership, invite, vault_secret, api_key, scim_token,
    support."""
    subject: str
    actor: AuditActor
    reason: str | None
    """The reason Blossom staff gave (support actions only)."""
    client: str | None
    """The address the change came from (support actions, member role changes and
    removals; null otherwise)."""
    diff: dict[str, Any]
    """Fields changed, `{field: {before, after}}` (support actions, member role changes and
    removals: `{"role": {"before", "after"}}`; `{}` otherwise)."""


@dataclass
class AuditLogIn:
    cursor: Filter | None = None
    actor: Filter | None = None
    """A user id: their actions (a member's, an organization API key's id, or a support
    admin's id as shown)."""
    action: Filter | None = None
    from_at: datetime.datetime | None = None
    """Events at or after this time."""
    to_at: datetime.datetime | None = None
    """Events before this time."""


@dataclass
class AuditLogOut:
    events: list[AuditEvent]
    next_cursor: str | None
    """Pass as `cursor` for the older events; null at the end."""


@dataclass
class AuditExportIn:
    format: ExportFormatEnum
    actor: Filter | None = None
    action: Filter | None = None
    from_at: datetime.datetime | None = None
    """Events at or after this time."""
    to_at: datetime.datetime | None = None
    """Events before this time."""


def _event(row: OrganizationAuditEventsRow) -> AuditEvent:
    if row.subject_type == "support":
        actor = AuditActor(
            kind="support",
            id=row.admin_user_id,
            name=(
                f"{SUPPORT} ({row.admin_actor})"
                if ENV.organization_audit_admin_names and row.admin_actor
                else SUPPORT
            ),
        )
    else:
        kind: ActorKindEnum = "api_key" if row.actor_is_api_key else "member"
        actor = AuditActor(kind=kind, id=row.actor_user_id, name=row.actor_name)
    return AuditEvent(
        id=row.event_key or "",
        at=row.at,
        action=row.action or "",
        subject_type=row.subject_type,
        subject=row.subject,
        actor=actor,
        reason=row.reason,
        client=row.client,
        diff=cast(dict[str, Any], row.diff) if isinstance(row.diff, dict) else {},
    )


def _cursor(event: AuditEvent) -> str:
    return f"{event.at.isoformat()}|{event.id}"


def _parse_cursor(cursor: str | None) -> tuple[datetime.datetime | None, str | None]:
    if cursor is None:
        return None, None
    at, _, key = cursor.partition("|")
    try:
        parsed = datetime.datetime.fromisoformat(at)
    except ValueError:
        raise AuditCursorInvalidError() from None
    if not key or parsed.tzinfo is None:
        raise AuditCursorInvalidError()
    return parsed, key


async def _events(
    q: ProductQ,
    organization_id: str,
    *,
    actor: str | None,
    action: str | None,
    from_: datetime.datetime | None,
    to: datetime.datetime | None,
    cursor: str | None,
    limit: int,
) -> list[AuditEvent]:
    cursor_at, cursor_key = _parse_cursor(cursor)
    rows = await q.orm.organization_audit_events(
        organization_id=organization_id,
        actor=actor,
        action=action,
        from_at=from_,
        to_at=to,
        cursor_at=cursor_at,
        cursor_key=cursor_key,
        row_limit=limit,
    )
    return [_event(r) for r in rows]


@route(
    "organization_audit_log",
    authorization="organization",
    permission=ORGANIZATION_MANAGE,
    method="GET",
    replica=False,
    api_keys=True,
    errors=(InsufficientRoleError, AuditCursorInvalidError),
)
async def organization_audit_log(req: OrgReq[AuditLogIn]) -> AuditLogOut:
    """The current organization's audit log, newest first, 100 at a time (owners and
    admins): every change its members made, and every action Blossom support took on the
    organization or its members (impersonation included) with the reason they gave.
    Filter by `actor` (a user id), `action`, and `from_at` (inclusive) / `to_at` (exclusive)."""
    d = req.data
    events = await _events(
        req.q,
        req.organization.id,
        actor=d.actor,
        action=d.action,
        from_=d.from_at,
        to=d.to_at,
        cursor=d.cursor,
        limit=PAGE + 1,
    )
    more = len(events) > PAGE
    events = events[:PAGE]
    return AuditLogOut(events=events, next_cursor=_cursor(events[-1]) if more else None)


CSV_COLUMNS = (
    "id",
    "at",
    "action",
    "subject_type",
    "subject",
    "actor_kind",
    "actor_id",
    "actor_name",
    "reason",
    "client",
    "diff",
)


def _csv_row(e: AuditEvent) -> list[str]:
    return [
        e.id,
        e.at.isoformat(),
        e.action,
        e.subject_type,
        e.subject,
        e.actor.kind,
        e.actor.id or "",
        e.actor.name or "",
        e.reason or "",
        e.client or "",
        strict_json.dumps(e.diff),
    ]


def _jsonl_row(e: AuditEvent) -> str:
    return strict_json.dumps(
        {
            "id": e.id,
            "at": e.at.isoformat(),
            "action": e.action,
            "subject_type": e.subject_type,
            "subject": e.subject,
            "actor": {"kind": e.actor.kind, "id": e.actor.id, "name": e.actor.name},
            "reason": e.reason,
            "client": e.client,
            "diff": e.diff,
        }
    )


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


async def _export_chunks(
    req: OrgReq[AuditExportIn], until: datetime.datetime
) -> AsyncIterator[bytes]:
    """The export's body: the CSV header, then one chunk per page of EXPORT_PAGE events
    (newest first), each page read in its own short customer transaction (the route's:
    RLS of the organization, `organization:manage` re-checked) after the last one's
    (at, key), so no connection is held while the client reads."""
    d = req.data
    if d.format == "csv":
        yield _csv_text([list(CSV_COLUMNS)]).encode()
    cursor: str | None = None
    while True:
        async with req.transaction() as q:
            events = await _events(
                q,
                req.organization.id,
                actor=d.actor,
                action=d.action,
                from_=d.from_at,
                to=until,
                cursor=cursor,
                limit=EXPORT_PAGE,
            )
        if d.format == "csv":
            text = _csv_text([_csv_row(e) for e in events])
        else:
            text = "".join(_jsonl_row(e) + "\n" for e in events)
        yield text.encode()
        if len(events) < EXPORT_PAGE:
            return
        cursor = _cursor(events[-1])


@route(
    "organization_audit_log_export",
    authorization="organization",
    permission=ORGANIZATION_MANAGE,
    hold=False,
    replica=False,
    api_keys=True,
    errors=(InsufficientRoleError,),
    streams=(CSV_MEDIA_TYPE, JSONL_MEDIA_TYPE),
)
async def organization_audit_log_export(req: OrgReq[AuditExportIn]) -> Stream:
    """The current organization's audit log as a streamed CSV or JSON lines download,
    newest first (owners and admins).

    With the filters of `organization_audit_log`; `format` `csv` (`text/csv`, a header
    row first) or `jsonl` (`application/x-ndjson`, one event per line). No limit
    on its size: the server reads and sends it page by page, so read the body as it
    arrives. The events are those before the moment the export started (or `to_at`, if
    earlier). An error before the answer starts is a typed error as usual; after it
    started (a permission revoked meanwhile, the database away) the connection closes
    without the body's end, so the download fails rather than ends short."""
    d = req.data
    async with req.transaction() as q:  # the permission, checked before the first byte
        started = await q.orm.audit_export_started_at()
    until = started if d.to_at is None else min(d.to_at, started)
    extension = "csv" if d.format == "csv" else "jsonl"
    return Stream(
        CSV_MEDIA_TYPE if d.format == "csv" else JSONL_MEDIA_TYPE,
        _export_chunks(req, until),
        filename=f"audit-log-{req.organization.id}.{extension}",
    )


ROUTES = (organization_audit_log, organization_audit_log_export)
