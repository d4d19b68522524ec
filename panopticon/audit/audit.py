"""The admin audit log: one append-only row per admin mutation, written in the
transaction of the change itself (if the change rolls back, so does its row).

    await audit(req, "user.disable", target=user, reason=req.data.reason,
                diff=changes(before={"is_enabled": True}, after={"is_enabled": False}))

The table refuses UPDATE, DELETE and TRUNCATE (a trigger, migration 0006). Each entry is
copied, in the same transaction, to every organization it touched (the organization, an
active member's user, an invite or membership): `organization_audit_log`, which the
organization reads in the product (`organization_audit_log`).
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from typing import Any

from database.__codegen__.models import AdminAuditLogModel
from database.ids import KINDS
from foundation.base.clock import CLOCK
from foundation.base.strict_json import JSON
from panopticon.db import PanopticonQ
from panopticon.framework import AdminReq


def changes(before: Mapping[str, JSON], after: Mapping[str, JSON]) -> dict[str, Any]:
    """`{field: {"before": b, "after": a}}` for every field whose value differs."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def target_type(target: str) -> str:
    """The kind of thing an id names, from its prefix (`usr_...` -> user)."""
    prefix = target.split("_", 1)[0] if "_" in target else ""
    return KINDS.get(prefix, "email" if "@" in target else "other")


async def audit(
    req: AdminReq[Any],
    action: str,
    *,
    target: str,
    reason: str,
    diff: Mapping[str, Any] | None = None,
    q: PanopticonQ | None = None,
) -> AdminAuditLogModel:
    """Record an admin's mutation in `req.q`, or `q` for a `hold=False` route (the
    transaction making the change)."""
    return await audit_in(
        q if q is not None else req.q,
        action,
        target=target,
        reason=reason,
        diff=diff,
        admin_user_id=req.admin.id,
        actor=req.admin.email,
        request_id=req.request_id,
        client=req.client,
    )


async def audit_in(
    q: PanopticonQ,
    action: str,
    *,
    target: str,
    reason: str,
    diff: Mapping[str, Any] | None = None,
    admin_user_id: str | None = None,
    actor: str | None = None,
    request_id: str | None = None,
    client: str | None = None,
) -> AdminAuditLogModel:
    """Record a mutation in `q`; without an admin, the actor is the operating-system user
    running the command (`os:<name>`)."""
    entry = await q.orm.audit_append(
        admin_user_id=admin_user_id,
        actor=actor or f"os:{operator()}",
        action=action,
        target_type=target_type(target),
        target=target,
        reason=reason,
        diff=dict(diff or {}),
        request_extid=request_id,
        client=client or None,
        at=CLOCK.now(),
    )
    # The organizations it touched see it in their own audit log (organization_audit_log).
    await q.orm.audit_copy_to_organizations(audit_id=entry.id)
    return entry


def operator() -> str:
    """The operating-system user running this process."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
