"""user_activity_summary: an LLM's short summary of a user's recent history (their
storytime and the admin audit entries about them), for support staff.

Needs an LLM (LLM_API_KEY: an OpenAI-compatible API); without one the route answers
`ExternalServiceNotConfiguredError`. No transaction is held while the model answers.
Only what happened, who did it (the user, an admin, the system), the admins' reasons and
how many days ago are sent: no id, email or name (and the same history always makes the
same request, which keeps recorded test responses valid).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from foundation.base.clock import CLOCK
from foundation.base.observability.errors import report_error
from foundation.external.errors import (
    ExternalServiceError,
    ExternalServiceFailedError,
    ExternalServiceNotConfiguredError,
)
from foundation.external.registry import services
from panopticon.framework import AdminReq, route
from panopticon.outputs import story
from panopticon.users.routes import UserNotFoundError

RECENT_EVENTS = 30
"""How many of the newest storytime events and audit entries are summarized (each)."""

INSTRUCTIONS = (
    "You help the support staff of a SaaS product. Summarize the user's recent activity "
    "below in at most five short sentences: what they did, what admins did to their "
    "account and why, and anything unusual a support agent should notice. Do not invent "
    "events."
)


@dataclass
class UserActivitySummaryIn:
    user_id: str


@dataclass
class UserActivitySummaryOut:
    user_id: str
    summary: str
    """The model's summary (plain text)."""
    events: int
    """How many events it was given."""


@route(
    "user_activity_summary",
    authorization="admin",
    method="GET",
    hold=False,
    errors=(UserNotFoundError, ExternalServiceNotConfiguredError, ExternalServiceFailedError),
)
async def user_activity_summary(req: AdminReq[UserActivitySummaryIn]) -> UserActivitySummaryOut:
    """A short summary of a user's recent activity and of what admins did to the account,
    written by the configured LLM for support staff (support role and up). Answers
    `ExternalServiceNotConfiguredError` when no LLM is configured and
    `ExternalServiceFailedError` when it failed after retries. Takes a few seconds."""
    llm = services().llm
    if llm is None:
        raise ExternalServiceNotConfiguredError(service="llm")
    user_id = req.data.user_id
    async with req.transaction() as q:
        user = await q.orm.user_get(user_id=user_id)
        if user is None:
            raise UserNotFoundError(user_id=user_id)
        audits = await q.orm.audit_list(
            admin_user_id=None,
            target=user_id,
            action=None,
            from_at=None,
            to_at=None,
            before_id=None,
            row_limit=RECENT_EVENTS,
        )
    now = CLOCK.now()
    lines = [
        (
            _age(now, datetime.datetime.fromisoformat(e.at)),
            f"user history: {e.did} (actor: {_who(e.by, user_id)})",
        )
        for e in story(user.storytime)[-RECENT_EVENTS:]
    ]
    lines += [(_age(now, a.at), f"admin action {a.action}: {a.reason}") for a in audits]
    lines.sort(key=lambda line: -line[0])  # oldest first, stable within a day
    facts = "\n".join(f"{days} days ago: {text}" for days, text in lines) or "(none)"
    try:
        summary = await llm.chat(
            [
                {"role": "system", "content": INSTRUCTIONS},
                {
                    "role": "user",
                    "content": f"Account created {_age(now, user.created_at)} days ago.\n{facts}",
                },
            ]
        )
    except ExternalServiceError as error:  # the service failed after the client's retries
        report_error(error, "llm call failed", rpc="user_activity_summary", target=user_id)
        raise ExternalServiceFailedError(service="llm") from error
    return UserActivitySummaryOut(user_id=user_id, summary=summary.strip(), events=len(lines))


def _age(now: datetime.datetime, at: datetime.datetime) -> int:
    return max(0, (now - at).days)


def _who(by: str | None, user_id: str) -> str:
    return "the user" if by == user_id else "an admin" if by else "the system"


ROUTES = (user_activity_summary,)
