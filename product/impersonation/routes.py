"""Impersonation on the product side: `impersonation_accept` (public) exchanges a
superadmin's one-time token from panopticon's `impersonation_start` for a product
session of the user, marked with the admin; `impersonation_end` ends it.

Impersonated sessions are read-only: `product.framework.impersonation`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from foundation.auth.users import UserSummary
from foundation.clock import CLOCK
from foundation.crypto.codes import hash_code
from foundation.rpc.errors import RPCError
from product.auth.init import InitOut, init_from_memberships
from product.framework import PRODUCT, PublicReq, UserReq, route


@dataclass
class ImpersonationTokenInvalidError(RPCError):
    """The token is unknown, used, older than 2 minutes, its admin is no longer a
    superadmin, or the user is disabled."""


@dataclass
class ImpersonationAcceptIn:
    token: str


@route(
    "impersonation_accept",
    authorization="public",
    errors=(ImpersonationTokenInvalidError,),
)
async def impersonation_accept(req: PublicReq[ImpersonationAcceptIn]) -> InitOut:
    """Exchange an admin's impersonation token (from panopticon) for a product session of
    the user: read-only, lasting the minutes the admin chose, with `init.impersonator`
    set. The token works once, within 2 minutes. Any session the request came with ends."""
    q, now = req.q, CLOCK.now()
    impersonation = await q.orm.impersonation_redeem(token_hash=hash_code(req.data.token), now=now)
    if impersonation is None:
        raise ImpersonationTokenInvalidError()
    user = await q.orm.user_fetch(id=impersonation.user_id)
    admin = await q.orm.user_fetch(id=impersonation.admin_user_id)
    rows = await q.orm.user_organizations(user_id=user.id)
    organization_id = await q.orm.user_last_used_organization(user_id=user.id)
    if organization_id is None and rows:
        organization_id = rows[0].id
    session = await PRODUCT.start_session(
        q,
        req,
        user_id=user.id,
        organization_id=organization_id,
        permanent=False,
        lifetime=datetime.timedelta(minutes=impersonation.minutes),
        impersonator_user_id=admin.id,
    )
    await q.orm.impersonation_session_link(id=impersonation.id, session_id=session.id)
    summary = UserSummary(id=user.id, name=user.name, email=user.email)
    impersonator = UserSummary(id=admin.id, name=admin.name, email=admin.email)
    return init_from_memberships(
        summary,
        rows,
        organization_id,
        impersonator,
        email_verified=user.email_verified_at is not None,
    )


@dataclass
class NotImpersonatingError(RPCError):
    """This session is not an impersonated one (use `logout`)."""


@route("impersonation_end", authorization="user", errors=(NotImpersonatingError,))
async def impersonation_end(req: UserReq[None]) -> None:
    """End this impersonated session and clear its cookie."""
    if req.impersonator is None:
        raise NotImpersonatingError()
    await PRODUCT.end_session(req.q, req, req.session_id)


ROUTES = (impersonation_accept, impersonation_end)
