"""Impersonation on the product side: `impersonation_accept` (public) exchanges a
superadmin's one-time token from panopticon's `impersonation_start` for a product
session of the user, marked with the admin; `impersonation_end` ends it.

Impersonated sessions are read-only: `product.framework.impersonation`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from foundation.auth import funnel
from foundation.auth.errors import TooManyAttemptsError
from foundation.auth.users import UserSummary
from foundation.base.clock import CLOCK
from foundation.crypto.codes import hash_code
from foundation.rpc.errors import RPCError
from product.auth.init import SignedIn
from product.auth.sign_in import answered, sign_in
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
    transaction="admin",
    errors=(ImpersonationTokenInvalidError, TooManyAttemptsError),
    hold=False,
)
async def impersonation_accept(req: PublicReq[ImpersonationAcceptIn]) -> SignedIn:
    """Exchange an admin's impersonation token (from panopticon) for a product session of
    the user: read-only, lasting the minutes the admin chose, with `init.impersonator`
    set, and ending as soon as the admin is no longer a superadmin. The token works once,
    within 2 minutes. Any session the request came with ends. Rate-limited per client."""
    token_hash = hash_code(req.data.token)
    await funnel.limit("impersonation_accept", client=req.client, target=token_hash)
    async with req.transaction() as q:
        impersonation = await q.orm.impersonation_redeem(token_hash=token_hash, now=CLOCK.now())
        passed = funnel.code(
            "impersonation",
            impersonation.user_id if impersonation else None,
            ImpersonationTokenInvalidError(),
            asks_second_factor=False,  # the admin passed their own to reach panopticon
            impersonator_user_id=impersonation.admin_user_id if impersonation else None,
        )
        assert impersonation is not None  # funnel.code raised otherwise
        admin = await q.orm.user_fetch(id=impersonation.admin_user_id)
        impersonator = UserSummary(id=admin.id, name=admin.name, email=admin.email)
        answer = await sign_in(
            q,
            req,
            passed,
            lifetime=datetime.timedelta(minutes=impersonation.minutes),
            impersonator=impersonator,
        )
        if answer.session_id is not None:
            await q.orm.impersonation_session_link(
                id=impersonation.id, session_id=answer.session_id
            )
        return answered(answer)


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
