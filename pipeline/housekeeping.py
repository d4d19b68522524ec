"""Housekeeping, hourly: delete product sessions expired (or ended) more than 30 days
ago, delete failed logins older than the lockout window, mark pending invites whose
expiry passed, delete rate-limit hits older than a day, delete webhook events (with
their deliveries and attempts) older than WEBHOOK_RETENTION_DAYS none of whose
deliveries is pending. Each kind goes in batches of
`batch` rows, one committed transaction per batch, so a run can be interrupted at any
point and simply run again. Then it looks the TXT record of every verified domain up
again (`recheck_domains`, once DOMAIN_RECHECK_HOURS passed since its last look):
DOMAIN_RECHECK_FAILURES misses in a row make the domain unverified.
"""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from foundation.auth.login import LOCKOUT_WINDOW
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.tenancy import domains
from pipeline.db import PipelineQ, pipeline_transaction

SESSION_RETENTION = datetime.timedelta(days=30)
RATE_LIMIT_RETENTION = datetime.timedelta(days=1)
"""Longer than any rate-limit window (RATE_LIMITS)."""
SSO_REQUEST_RETENTION = datetime.timedelta(days=1)
"""Expired single sign-on requests are kept a day (a failed sign-in can be looked into)."""
BATCH = 5000
BEGINNING = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class Batch(Protocol):
    """One batch's outcome: rows affected, and where the next batch starts."""

    @property
    def affected(self) -> int: ...
    @property
    def last(self) -> datetime.datetime | None: ...


@dataclass
class HousekeepingCounts:
    sessions_deleted: int = 0
    login_failures_deleted: int = 0
    invites_marked_expired: int = 0
    batches: int = 0
    """Transactions committed."""
    by_kind: dict[str, int] = field(default_factory=dict[str, int])


async def housekeep(
    *,
    batch: int = BATCH,
    now: datetime.datetime | None = None,
    progress: Callable[[str, int], None] = lambda _kind, _done: None,
) -> HousekeepingCounts:
    """Run every kind of housekeeping to the end; `progress(kind, done)` after each batch."""
    now = now or CLOCK.now()
    counts = HousekeepingCounts()
    kinds: dict[str, Callable[[PipelineQ, datetime.datetime], Awaitable[Batch]]] = {
        "sessions_deleted": lambda q, after: q.orm.housekeeping_sessions_expired_delete(
            after=after, now=now, keep=SESSION_RETENTION, batch=batch
        ),
        "ended_sessions_deleted": lambda q, after: q.orm.housekeeping_sessions_ended_delete(
            after=after, now=now, keep=SESSION_RETENTION, batch=batch
        ),
        "login_failures_deleted": lambda q, after: q.orm.housekeeping_login_failures_delete(
            after=after, now=now, lockout_window=LOCKOUT_WINDOW, batch=batch
        ),
        "invites_marked_expired": lambda q, after: q.orm.housekeeping_invites_expire(
            after=after, now=now, batch=batch
        ),
        "rate_limit_hits_deleted": lambda q, after: q.orm.housekeeping_rate_limit_hits_delete(
            after=after, now=now, keep=RATE_LIMIT_RETENTION, batch=batch
        ),
        "sso_requests_deleted": lambda q, after: q.orm.housekeeping_sso_requests_delete(
            after=after, now=now, keep=SSO_REQUEST_RETENTION, batch=batch
        ),
        "webhook_events_deleted": lambda q, after: q.orm.housekeeping_webhook_events_delete(
            after=after,
            now=now,
            keep=datetime.timedelta(days=ENV.webhook_retention_days),
            batch=batch,
        ),
    }
    for kind, run_batch in kinds.items():
        done, after = 0, BEGINNING
        while True:
            async with pipeline_transaction() as q:
                result = await run_batch(q, after)
            counts.batches += 1
            done += result.affected
            after = result.last or after
            progress(kind, done)
            if result.affected < batch:
                break
        counts.by_kind[kind] = done
    counts.sessions_deleted = (
        counts.by_kind["sessions_deleted"] + counts.by_kind["ended_sessions_deleted"]
    )
    counts.login_failures_deleted = counts.by_kind["login_failures_deleted"]
    counts.invites_marked_expired = counts.by_kind["invites_marked_expired"]
    counts.by_kind["domains_unverified"] = await recheck_domains(now=now, batch=batch)
    progress("domains_unverified", counts.by_kind["domains_unverified"])
    return counts


async def recheck_domains(*, now: datetime.datetime, batch: int = BATCH) -> int:
    """Look up again the TXT record of every verified domain whose last look is older than
    DOMAIN_RECHECK_HOURS (the lookups outside any transaction); returns how many domains
    this made unverified (their DOMAIN_RECHECK_FAILURES-th miss in a row)."""
    before = now - datetime.timedelta(hours=ENV.domain_recheck_hours)
    unverified = 0
    while True:
        async with pipeline_transaction() as q:
            due = await q.orm.housekeeping_domains_to_recheck(before=before, batch=batch)
        for row in due:
            found = await domains.published(row.domain, row.verification_token)
            async with pipeline_transaction() as q:
                rechecked = await q.orm.housekeeping_domain_rechecked(
                    id=row.id,
                    found=found,
                    now=now,
                    max_failures=ENV.domain_recheck_failures,
                )
            # None: the domain was removed meanwhile.
            unverified += rechecked is not None and rechecked.verified_at is None
        if len(due) < batch:
            return unverified
