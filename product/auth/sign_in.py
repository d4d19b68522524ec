"""The product's one `sign_in`: every product route that starts a session (signup, login,
login_mfa, password reset, invite accept, impersonation) ends here, with a credential
that passed the authentication funnel (`foundation.auth.funnel`).

    async with req.transaction() as q:
        answer = await sign_in(q, req, passed, organization_id=..., permanent=...)
    return answered(answer)  # after the commit: a second-factor challenge is stored
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from foundation.auth import funnel
from foundation.auth.devices import describe, same_device
from foundation.auth.errors import MFARequiredError
from foundation.auth.funnel import Passed
from foundation.auth.users import UserSummary
from foundation.email.links import SESSIONS, product_page
from foundation.email.outbox import queue_email
from foundation.rpc.errors import RPCError
from foundation.rpc.req import Req
from product.auth.init import (
    SignedIn,
    init_from_memberships,
    read_init,
    second_factor_matters,
)
from product.db import ProductQ
from product.framework import PRODUCT


@dataclass
class AuthOrganizationNotFoundError(RPCError):
    """The user is not an active member of the requested organization."""

    organization_id: str


async def sign_in(
    q: ProductQ,
    req: Req[Any],
    passed: Passed,
    *,
    organization_id: str | None = None,
    permanent: bool = False,
    lifetime: datetime.timedelta | None = None,
    impersonator: UserSummary | None = None,
) -> Answer:
    """Start the product session for `passed` in `q` (an admin transaction: it reads every
    membership) with `organization_id` selected (None: the one used most recently, else
    the oldest membership): the `init` answer and the session, or the `MFARequiredError`
    to raise once `q` committed (two-factor authentication is on: no session yet).

    A user signing in for themselves first joins the organizations that verified their
    address's domain with automatic enrollment (`product.domains`)."""
    if passed.impersonator_user_id is None:
        await q.orm.domain_automatic_join(user_id=passed.user_id)
    read = await read_init(q, passed.user_id)
    rows = read.memberships
    memberships = [o.id for o in rows]
    if organization_id is None:
        last = await q.orm.user_last_used_organization(user_id=passed.user_id)
        organization_id = last or (memberships[0] if memberships else None)
    elif organization_id not in memberships:
        raise AuthOrganizationNotFoundError(organization_id=organization_id)
    outcome = await PRODUCT.sign_in(
        q, req, passed, organization_id=organization_id, permanent=permanent, lifetime=lifetime
    )
    if not isinstance(outcome, funnel.SignedIn):
        return Answer(MFARequiredError(challenge=outcome.challenge))
    if passed.impersonator_user_id is None:
        await _notice_new_device(q, outcome)
    init = init_from_memberships(
        outcome.user,
        rows,
        organization_id,
        impersonator,
        email_verified=outcome.email_verified,
        second_factor=await second_factor_matters(q, outcome.user.id, rows),
        suggested=read.suggested,
    )
    return Answer(init, session_id=outcome.session.id)


async def _notice_new_device(q: ProductQ, outcome: funnel.SignedIn) -> None:
    """Email the user when this sign-in comes from a device (browser, system and device,
    whatever their versions) none of their earlier recorded sessions came from; a first
    sign-in is no news."""
    session, user = outcome.session, outcome.user
    earlier = await q.orm.user_earlier_user_agents(user_id=user.id, session_id=session.id)
    if not earlier or any(same_device(session.user_agent, e.user_agent) for e in earlier):
        return
    device = describe(session.user_agent)
    await queue_email(
        q,
        to=user.email,
        kind="new_sign_in",
        values={
            "device": f"{device.label} ({device.device})",
            "address": session.client_address or "",
            "signed_in_at": session.created_at,
            "link": product_page(SESSIONS),
        },
        user_id=user.id,
    )


@dataclass(frozen=True, slots=True)
class Answer:
    """What a sign-in answers: `init` (with the new session's id), or a second-factor
    challenge to raise after the commit."""

    outcome: SignedIn | MFARequiredError
    session_id: str | None = None


def answered(answer: Answer) -> SignedIn:
    """The route's answer: `SignedIn`, or `MFARequiredError` raised (after the commit)."""
    if isinstance(answer.outcome, MFARequiredError):
        raise answer.outcome
    return answer.outcome
