"""The webhook sender over real HTTP (a local receiver on a real socket): signed so the
`standardwebhooks` library verifies it, retried, given up (endpoint disabled, owners
emailed), never delivered twice by concurrent senders, in order per endpoint; a rolled
back change emits nothing."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import pytest
from standardwebhooks import Webhook

from database.testing import harness
from database.testing.factory import Customer
from foundation.db import DB, xact_admin
from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.fixture import TFix
from foundation.testing.outbox import delivered_to
from foundation.testing.settings import override_env
from foundation.testing.webhooks import endpoint
from foundation.webhooks.events import MemberRemoved, OrganizationUpdated, emit
from foundation.webhooks.sender import (
    MAX_RETRY,
    RESPONSE_CAP,
    RETRY_FOR,
    WebhookSender,
    send_pending,
)

pytestmark = pytest.mark.usefixtures("private_targets")


@pytest.fixture
def private_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The receiver is on loopback, over http: allowed as in development."""
    override_env(monkeypatch, webhooks_allow_private_targets=True)


async def _emit(organization_id: str, name: str) -> None:
    async with xact_admin() as q:
        await emit(q, organization_id, "organization.updated", OrganizationUpdated(name=name))


async def _deliveries(endpoint_id: str) -> list[Any]:
    async with xact_admin() as q:
        return list(await harness(q).test_webhook_deliveries(endpoint_id=endpoint_id))


async def _attempts(delivery_id: str) -> list[Any]:
    async with xact_admin() as q:
        return list(await harness(q).test_webhook_attempts(delivery_id=delivery_id))


async def test_delivered_signed_and_verified_by_standardwebhooks(t: TFix) -> None:
    c = await t.factory.customer()
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(204, ""))
        async with endpoint(c.organization.id, f"{receiver.url}/hook", ["member.removed"]) as hook:
            async with xact_admin() as q:
                await emit(
                    q,
                    c.organization.id,
                    "member.removed",
                    MemberRemoved(user_id=c.user.id, removed_by_user_id=None),
                )
                # Not subscribed: no delivery.
                await emit(q, c.organization.id, "organization.updated", OrganizationUpdated("x"))
            report = await send_pending()
            assert report.delivered >= 1
            [request] = receiver.calls("POST", "/hook")
            payload = Webhook(hook.secret).verify(request.body, request.headers)
            assert payload["type"] == "member.removed"
            assert payload["data"] == {
                "organization_id": c.organization.id,
                "user_id": c.user.id,
                "removed_by_user_id": None,
            }
            [delivery] = await _deliveries(hook.id)
            assert request.headers["webhook-id"] == delivery.id
            assert delivery.status == "delivered" and delivery.attempts == 1
            [attempt] = await _attempts(delivery.id)
            assert attempt.status_code == 204 and attempt.latency_ms >= 0
            # Another secret's signature does not verify.
            other = Webhook("whsec_" + "A" * 43 + "=")
            with pytest.raises(Exception, match="signature"):
                other.verify(request.body, request.headers)


async def test_rolled_back_change_emits_nothing(t: TFix) -> None:
    c = await t.factory.customer()
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(200))
        async with endpoint(c.organization.id, f"{receiver.url}/hook", ["organization.updated"]):
            with pytest.raises(RuntimeError):
                async with xact_admin() as q:
                    await emit(
                        q, c.organization.id, "organization.updated", OrganizationUpdated("x")
                    )
                    raise RuntimeError("the change fails")
            await send_pending()
            assert receiver.calls("POST", "/hook") == []
            async with xact_admin() as q:
                events = await harness(q).test_webhook_events(organization_id=c.organization.id)
            assert events == []


async def test_retried_with_backoff_then_delivered(t: TFix) -> None:
    c = await t.factory.customer()
    t.freeze_time()
    with fake_http() as receiver:
        receiver.respond(
            "POST", "/hook", FakeResponse(500, "down for maintenance"), FakeResponse(200, "ok")
        )
        async with endpoint(
            c.organization.id, f"{receiver.url}/hook", ["organization.updated"]
        ) as hook:
            await _emit(c.organization.id, "a")
            first = await send_pending()
            assert first.retried >= 1  # and other tests' due deliveries: read ours
            [delivery] = await _deliveries(hook.id)
            assert delivery.status == "pending" and delivery.last_status_code == 500
            assert delivery.next_attempt_at > delivery.last_attempt_at
            await send_pending()  # not due yet
            assert len(receiver.calls("POST", "/hook")) == 1
            t.advance_time(MAX_RETRY)
            second = await send_pending()
            assert second.delivered >= 1
            assert (await _deliveries(hook.id))[0].status == "delivered"
            calls = receiver.calls("POST", "/hook")
            assert len(calls) == 2
            assert calls[0].headers["webhook-id"] == calls[1].headers["webhook-id"]
            attempts = await _attempts(delivery.id)
            assert [(a.status_code, a.response_body) for a in attempts] == [
                (500, "down for maintenance"),
                (200, "ok"),
            ]
            assert attempts[0].error == "answered 500"


async def test_given_up_after_three_days_disables_and_emails_owners(t: TFix) -> None:
    c: Customer = await t.factory.customer()
    t.freeze_time()
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(503))
        async with endpoint(
            c.organization.id, f"{receiver.url}/hook", ["organization.updated"]
        ) as hook:
            await _emit(c.organization.id, "a")
            await _emit(c.organization.id, "b")
            # Reports count every test's due deliveries (the clock jumps days): read ours.
            await send_pending()
            t.advance_time(RETRY_FOR - datetime.timedelta(seconds=1))
            await send_pending()
            first, _ = await _deliveries(hook.id)
            assert (first.status, first.attempts) == ("pending", 2)
            t.advance_time(MAX_RETRY)
            await send_pending()
            first, second = await _deliveries(hook.id)
            assert first.status == "failed" and second.status == "pending"
            async with xact_admin() as q:
                disabled = await harness(q).test_webhook_endpoint_fetch(id=hook.id)
            assert disabled.disabled_at is not None
            assert disabled.disabled_reason and "answered 503" in disabled.disabled_reason
            # The endpoint is disabled: its later delivery waits, untried.
            t.advance_time(RETRY_FOR)
            await send_pending()
            assert (await _deliveries(hook.id))[1].attempts == 0
            # Only event a was tried (3 attempts), never b.
            assert len(receiver.calls("POST", "/hook")) == 3
    [message] = await delivered_to(c.user.email)
    assert "disabled" in message.subject and "/hook" in message.text


async def test_two_senders_never_deliver_one_event_twice(t: TFix) -> None:
    organizations = [await t.factory.customer() for _ in range(2)]
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(200, delay=0.15))
        async with (
            endpoint(
                organizations[0].organization.id, f"{receiver.url}/hook", ["organization.updated"]
            ),
            endpoint(
                organizations[1].organization.id, f"{receiver.url}/hook", ["organization.updated"]
            ),
        ):
            for c in organizations:
                for name in ("a", "b", "c"):
                    await _emit(c.organization.id, name)

            async def sender() -> int:
                async with DB.dedicated() as conn:
                    return (await send_pending(within=conn)).delivered

            counts = await asyncio.gather(sender(), sender())
            ids = [r.headers["webhook-id"] for r in receiver.calls("POST", "/hook")]
            assert len(ids) == 6 and len(set(ids)) == 6
            assert sum(counts) == 6


async def test_delivered_in_order_per_endpoint(t: TFix) -> None:
    """Per endpoint, deliveries go one at a time in the order they were emitted: a
    failing one holds the later ones back until it is delivered."""
    c = await t.factory.customer()
    t.freeze_time()
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(500), FakeResponse(200))
        async with endpoint(c.organization.id, f"{receiver.url}/hook", ["organization.updated"]):
            for name in ("first", "second", "third"):
                await _emit(c.organization.id, name)
            await send_pending()
            assert len(receiver.calls("POST", "/hook")) == 1  # the rest wait for "first"
            t.advance_time(MAX_RETRY)
            await send_pending()
            names = [r.json()["data"]["name"] for r in receiver.calls("POST", "/hook")]
            assert names == ["first", "first", "second", "third"]


async def test_a_later_event_never_overtakes_an_earlier_uncommitted_one(t: TFix) -> None:
    """What the order guarantees: per endpoint, strictly `seq` order, the order the
    events were written. While a transaction that wrote an earlier delivery is open, its
    foreign key lock on the endpoint row keeps senders off the endpoint (the claim's
    FOR UPDATE ... SKIP LOCKED), so a later, already committed event waits for it."""
    c = await t.factory.customer()
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(200))
        async with endpoint(c.organization.id, f"{receiver.url}/hook", ["organization.updated"]):
            async with xact_admin() as slow:  # written first, committed last
                await emit(
                    slow, c.organization.id, "organization.updated", OrganizationUpdated("a")
                )
                await _emit(c.organization.id, "b")
                await send_pending()
                assert receiver.calls("POST", "/hook") == []
            await _emit(c.organization.id, "c")
            await send_pending()
            names = [r.json()["data"]["name"] for r in receiver.calls("POST", "/hook")]
            assert names == ["a", "b", "c"]


async def test_no_redirect_followed_and_answer_capped(t: TFix) -> None:
    c = await t.factory.customer()
    with fake_http() as receiver:
        receiver.respond(
            "POST", "/moved", FakeResponse(307, "", headers={"Location": f"{receiver.url}/hook"})
        )
        receiver.respond("POST", "/big", FakeResponse(200, "x" * (RESPONSE_CAP * 8)))
        async with (
            endpoint(c.organization.id, f"{receiver.url}/moved", ["organization.updated"]) as moved,
            endpoint(c.organization.id, f"{receiver.url}/big", ["organization.updated"]) as big,
        ):
            await _emit(c.organization.id, "a")
            await send_pending()
            assert receiver.calls("POST", "/hook") == []
            [redirected] = await _deliveries(moved.id)
            assert redirected.status == "pending" and redirected.last_status_code == 307
            [answered] = await _deliveries(big.id)
            [attempt] = await _attempts(answered.id)
            assert attempt.response_body == "x" * RESPONSE_CAP


async def test_the_background_sender_delivers_when_woken_and_stops_when_cancelled(
    t: TFix,
) -> None:
    """What each app worker runs with WEBHOOK_SENDER=background: an emitted event (its
    NOTIFY) wakes the loop, long before its poll interval; cancelling stops it."""
    c = await t.factory.customer()
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(204, ""))
        async with endpoint(c.organization.id, f"{receiver.url}/hook", ["organization.updated"]):
            sender = WebhookSender(poll_seconds=3600)
            task = asyncio.get_running_loop().create_task(sender.run())
            try:
                for _ in range(1000):  # until listening, the queue drained once
                    if sender.rounds >= 1:
                        break
                    await asyncio.sleep(0.01)
                await _emit(c.organization.id, "Woken")
                for _ in range(1000):
                    if receiver.calls("POST", "/hook"):
                        break
                    await asyncio.sleep(0.01)
                [request] = receiver.calls("POST", "/hook")
                assert b"Woken" in request.body
            finally:
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
