"""user_delete: an admin deletes an account, as the user could (`account_delete`)."""

from __future__ import annotations

from dataclasses import dataclass

from foundation.base.clock import CLOCK
from foundation.email.outbox import queue_email
from foundation.webhooks.events import emit_user_deleted
from panopticon.audit.audit import audit
from panopticon.framework import AdminReq, route
from panopticon.inputs import Reason
from panopticon.organizations.routes import LastOwnerError
from panopticon.outputs import Done
from panopticon.users.routes import UserNotFoundError


@dataclass
class UserDeleteIn:
    user_id: str
    reason: Reason


@route("user_delete", authorization="superadmin", errors=(UserNotFoundError, LastOwnerError))
async def user_delete(req: AdminReq[UserDeleteIn]) -> Done:
    """Delete an account (superadmin), with the rules the user has: `LastOwnerError` while
    they are the only owner of an organization with other members; otherwise their
    organizations without other members are deleted, they leave the others, their
    sessions end and their personal data is anonymized. The user is emailed. Audited."""
    q, data = req.q, req.data
    email = await q.orm.account_email(user_id=data.user_id)
    if email is None:
        raise UserNotFoundError(user_id=data.user_id)
    locale = await q.orm.email_user_locale(user_id=data.user_id)
    await emit_user_deleted(q, data.user_id)
    outcome = await q.orm.account_delete(
        user_id=data.user_id, by_user_id=req.admin.id, now=CLOCK.now()
    )
    if outcome == "last_owner":
        raise LastOwnerError()
    if outcome != "deleted":
        raise UserNotFoundError(user_id=data.user_id)
    await audit(req, "user.delete", target=data.user_id, reason=data.reason, diff={"deleted": True})
    await queue_email(
        q,
        to=email,
        kind="account_deleted",
        values={"by_admin": True},
        locale=locale,
    )
    return Done(changed=True, count=1)


ROUTES = (user_delete,)
