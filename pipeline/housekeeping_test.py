"""Housekeeping deletes exactly what it should, in batches, and nothing live."""

from __future__ import annotations

import datetime
import uuid
from typing import cast

import pytest

from database.__codegen__.enums import WebhookDeliveryStatusEnum
from database.testing import harness
from database.xact import xact_admin
from foundation.base.clock import CLOCK
from foundation.db import xact_admin as foundation_xact
from foundation.tenancy.domains import record_name, record_value
from foundation.testing.dns_server import dns_server
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env
from foundation.webhooks.events import OrganizationUpdated, emit
from pipeline.housekeeping import housekeep, recheck_domains
from pipeline.testing import at


async def _session(t: TFix, *, app: str, expires_ago: int, ended_ago: int | None = None) -> str:
    user = await t.factory.user()
    session = await t.factory.session(
        user=user, app="product" if app == "product" else "panopticon"
    )
    now = CLOCK.now()
    async with xact_admin() as q:
        await harness(q).test_session_backdate(
            id=session.id,
            created_at=now - datetime.timedelta(days=90),
            last_seen_at=now - datetime.timedelta(days=80),
            expires_at=now - datetime.timedelta(days=expires_ago),
            expired_at=None if ended_ago is None else now - datetime.timedelta(days=ended_ago),
        )
    return session.id


async def _exists(session_id: str) -> bool:
    async with xact_admin() as q:
        return await harness(q).test_session_exists(id=session_id)


async def test_housekeeping_deletes_exactly_the_old_rows_in_batches(t: TFix) -> None:
    now = CLOCK.now()
    old = await _session(t, app="product", expires_ago=31)
    recent = await _session(t, app="product", expires_ago=29)
    ended_long_ago = await _session(t, app="product", expires_ago=-10, ended_ago=31)
    ended_recently = await _session(t, app="product", expires_ago=-10, ended_ago=2)
    live = await _session(t, app="product", expires_ago=-10)
    panopticon_old = await _session(t, app="panopticon", expires_ago=40)
    email = f"housekeeping-{now.timestamp()}@example.test"
    organization = await t.factory.organization()
    expired_invite = await t.factory.invite(organization=organization)
    fresh_invite = await t.factory.invite(organization=organization)
    async with xact_admin() as q:
        for minutes in (16, 60, 24 * 60):
            await harness(q).test_login_failure_insert(
                email=email,
                app="product",
                client="1.1.1.1",
                failed_at=now - datetime.timedelta(minutes=minutes),
            )
        await harness(q).test_login_failure_insert(
            email=email,
            app="product",
            client="1.1.1.1",
            failed_at=now - datetime.timedelta(minutes=5),
        )
        await harness(q).test_invite_backdate(
            id=expired_invite.id,
            created_at=at(datetime.date(2026, 1, 3), 9),
            expires_at=now - datetime.timedelta(hours=1),
            accepted_at=None,
            revoked_at=None,
        )
    progress: list[tuple[str, int]] = []
    counts = await housekeep(
        batch=1, now=now, progress=lambda kind, done: progress.append((kind, done))
    )
    assert not await _exists(old) and not await _exists(ended_long_ago)
    assert await _exists(recent) and await _exists(ended_recently) and await _exists(live)
    assert await _exists(panopticon_old)  # only product sessions are housekept
    async with xact_admin() as q:
        failures = await harness(q).test_login_failures_of(email=email)
        invites = {
            i.id: i
            for i in (
                await harness(q).test_invites_of_organization(organization_id=organization.id)
            )
        }
    assert [f.failed_at for f in failures] == [now - datetime.timedelta(minutes=5)]
    assert invites[expired_invite.id].expired_at == now
    assert invites[fresh_invite.id].expired_at is None
    assert counts.sessions_deleted >= 2 and counts.login_failures_deleted >= 3
    assert counts.invites_marked_expired >= 1
    # batch=1: one transaction per row, plus the last (short) batch of each kind.
    expected = (
        counts.sessions_deleted
        + counts.login_failures_deleted
        + counts.invites_marked_expired
        + counts.by_kind["rate_limit_hits_deleted"]
        + counts.by_kind["webhook_events_deleted"]
        + counts.by_kind["sso_requests_deleted"]
        + 7
    )
    assert counts.batches == expected
    assert ("login_failures_deleted", counts.login_failures_deleted) in progress
    again = await housekeep(batch=1000, now=now)
    assert (again.sessions_deleted, again.login_failures_deleted, again.invites_marked_expired) == (
        0,
        0,
        0,
    )


async def test_domain_rechecks_unverify_after_consecutive_misses(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, domain_recheck_hours=24, domain_recheck_failures=2)
    organization = await t.factory.organization()
    start = CLOCK.now() + datetime.timedelta(days=400)  # after every other test's domains
    long_ago = start - datetime.timedelta(days=2)
    suffix = uuid.uuid4().hex[:10]
    async with xact_admin() as q:
        h = harness(q)
        kept = await h.test_domain_create(
            organization_id=organization.id,
            domain=f"kept-{suffix}.test",
            verification_token="kept",
            verified_at=long_ago,
            checked_at=None,
        )
        removed = await h.test_domain_create(
            organization_id=organization.id,
            domain=f"removed-{suffix}.test",
            verification_token="removed",
            verified_at=long_ago,
            checked_at=long_ago,
        )
        recent = await h.test_domain_create(
            organization_id=organization.id,
            domain=f"recent-{suffix}.test",
            verification_token="recent",
            verified_at=long_ago,
            checked_at=start - datetime.timedelta(hours=1),
        )

    async def state(domain_id: str) -> tuple[bool, int]:
        async with xact_admin() as q:
            row = await harness(q).test_domain_fetch(id=domain_id)
        return row.verified_at is not None, row.check_failures

    with dns_server(monkeypatch) as records:
        records[record_name(kept.domain)] = [record_value("kept")]
        records[record_name(removed.domain)] = ["blossom-verification=other"]
        await recheck_domains(now=start, batch=1)
        assert await state(kept.id) == (True, 0)
        assert await state(removed.id) == (True, 1)  # one miss: still verified
        assert await state(recent.id) == (True, 0)  # not due: not looked up
        # The record comes back before the second miss: the count starts over.
        records[record_name(removed.domain)] = [record_value("removed")]
        await recheck_domains(now=start + datetime.timedelta(days=1, hours=1))
        assert await state(removed.id) == (True, 0)
        del records[record_name(removed.domain)]
        del records[record_name(kept.domain)]
        later = start + datetime.timedelta(days=3)
        await recheck_domains(now=later)
        assert await state(removed.id) == (True, 1)
        assert await state(kept.id) == (True, 1)
        unverified = await recheck_domains(now=later + datetime.timedelta(days=1, hours=1))
        assert await state(removed.id) == (False, 2)
        assert await state(kept.id) == (False, 2)
        assert unverified >= 2
        # Unverified domains are not looked up any more.
        records[record_name(kept.domain)] = [record_value("kept")]
        await recheck_domains(now=later + datetime.timedelta(days=5))
        assert await state(kept.id) == (False, 2)


async def test_webhook_events_are_kept_while_pending_and_for_the_retention(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events older than WEBHOOK_RETENTION_DAYS go (deliveries and attempts with them)
    once delivered or failed; a pending one stays however old, a recent one stays."""
    override_env(monkeypatch, webhook_retention_days=30)
    organization = await t.factory.organization()
    now = CLOCK.now()
    old = now - datetime.timedelta(days=31)
    async with xact_admin() as q:
        hook = await harness(q).test_webhook_endpoint_create(
            organization_id=organization.id,
            url="https://hooks.example.com/h",
            events=["organization.updated"],
        )
    statuses: list[WebhookDeliveryStatusEnum] = ["delivered", "failed", "pending", "delivered"]
    for n, (status, at_) in enumerate(zip(statuses, [old, old, old, now], strict=True)):
        t.freeze_time(at_)
        async with foundation_xact() as q:
            await emit(q, organization.id, "organization.updated", OrganizationUpdated(name=str(n)))
        async with foundation_xact() as q:
            delivery = (await harness(q).test_webhook_deliveries(endpoint_id=hook.id))[-1]
            await q.orm.webhook_attempt_record(
                now=at_,
                status_code=200,
                status=status,
                next_attempt_at=at_,
                delivery_id=delivery.id,
                organization_id=organization.id,
                latency_ms=1,
                error=None,
                response_body=None,
            )
    try:
        counts = await housekeep(batch=1000, now=now)
        async with xact_admin() as q:
            events = await harness(q).test_webhook_events(organization_id=organization.id)
        assert [cast(dict[str, str], e.data)["name"] for e in events] == ["2", "3"]
        assert counts.by_kind["webhook_events_deleted"] >= 2
    finally:
        async with xact_admin() as q:
            await harness(q).test_webhook_endpoint_delete(id=hook.id)


async def test_expired_sso_requests_go_after_a_day(t: TFix) -> None:
    now = CLOCK.now()
    organization = await t.factory.organization()
    async with xact_admin() as q:
        connection = await harness(q).test_sso_connection_create(organization_id=organization.id)
        requests = {
            hours: await harness(q).test_sso_request_create(
                connection_id=connection.id, expires_at=now - datetime.timedelta(hours=hours)
            )
            for hours in (25, 23, -1)  # expired over a day ago, expired recently, pending
        }
    counts = await housekeep(batch=1, now=now)
    assert counts.by_kind["sso_requests_deleted"] >= 1
    async with xact_admin() as q:
        kept = {h: await harness(q).test_sso_request_exists(id=i) for h, i in requests.items()}
    assert kept == {25: False, 23: True, -1: True}
