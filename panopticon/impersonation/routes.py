"""impersonation_start: a superadmin's one-time token to see the product as a user.

The product app's public `impersonation_accept {token}` exchanges the token, once and
within `ACCEPT_WINDOW`, for a product session of the user marked with the admin, which
lasts `minutes` and is read-only (every product mutation answers
`ImpersonationReadOnlyError`). Such sessions never authenticate panopticon.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

from foundation.base.clock import CLOCK
from foundation.crypto.codes import new_code
from foundation.email.links import impersonation_accept_url
from foundation.rpc.errors import RPCError
from panopticon.alerts import alert_after_commit
from panopticon.audit.audit import audit
from panopticon.framework import AdminReq, route
from panopticon.inputs import Reason
from panopticon.users.routes import UserNotFoundError

ACCEPT_WINDOW = datetime.timedelta(minutes=2)
"""The token must be exchanged within this long."""

Minutes = Annotated[int, Field(ge=1, le=60)]


@dataclass
class UserDisabledError(RPCError):
    """The user is disabled: there is no session to impersonate."""

    user_id: str


@dataclass
class ImpersonationStartIn:
    user_id: str
    reason: Reason
    minutes: Minutes = 15
    """How long the impersonated product session lasts (1 to 60)."""


@dataclass
class ImpersonationStartOut:
    impersonation_id: str
    token: str
    """One-time token for the product RPC `impersonation_accept`."""
    accept_by: datetime.datetime
    """The token stops working after this instant (2 minutes)."""
    minutes: int
    accept_url: str | None
    """The product frontend's page that accepts the token (IMPERSONATION_ACCEPT_URL, with
    the token); when that is not set: outside production, the development product
    server's `/impersonate` page; in production null (show the token to paste)."""


@route(
    "impersonation_start",
    authorization="superadmin",
    errors=(UserNotFoundError, UserDisabledError),
)
async def impersonation_start(req: AdminReq[ImpersonationStartIn]) -> ImpersonationStartOut:
    """Start impersonating a user (superadmin): a one-time token that the product app's
    `impersonation_accept` exchanges, within 2 minutes, for a read-only product session of
    the user lasting `minutes`. The user's `init` then shows you as `impersonator`.
    Audited, and announced on the security Slack channel when configured."""
    q, data, now = req.q, req.data, CLOCK.now()
    user = await q.orm.user_get(user_id=data.user_id)
    if user is None:
        raise UserNotFoundError(user_id=data.user_id)
    if not user.is_enabled:
        raise UserDisabledError(user_id=user.id)
    token, token_hash = new_code()
    impersonation = await q.orm.impersonation_create(
        admin_user_id=req.admin.id,
        user_id=user.id,
        token_hash=token_hash,
        reason=data.reason,
        minutes=data.minutes,
        accept_by=now + ACCEPT_WINDOW,
        now=now,
    )
    await audit(
        req,
        "user.impersonate",
        target=user.id,
        reason=data.reason,
        diff={"impersonation_id": impersonation.id, "minutes": data.minutes},
    )
    alert_after_commit(
        req,
        "impersonation_started",
        f"panopticon: admin {req.admin.id} started impersonating user {user.id}"
        f" for {data.minutes} min: {data.reason}",
    )
    return ImpersonationStartOut(
        impersonation_id=impersonation.id,
        token=token,
        accept_by=impersonation.accept_by,
        minutes=impersonation.minutes,
        accept_url=impersonation_accept_url(token),
    )


ROUTES = (impersonation_start,)
