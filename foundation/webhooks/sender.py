"""The webhook sender: delivers pending deliveries (`foundation.webhooks.events.emit`
writes them) with Standard Webhooks signatures, records every attempt, retries.

- **Signed.** Each POST carries `webhook-id` (the delivery's id, the same on every
  retry: receivers de-duplicate by it), `webhook-timestamp` and `webhook-signature`
  (`v1,<base64 HMAC-SHA256>` made by the `standardwebhooks` package with the endpoint's
  secret; for 24 hours after a rotation also a second one with the previous secret,
  space-separated). Secrets are stored sealed (`foundation.webhooks.secrets`) and
  opened here only. The body is `{"type", "timestamp", "data"}`.
- **Once at a time, in order.** `send_pending` claims a due delivery with `FOR UPDATE ...
  SKIP LOCKED` of the delivery AND its endpoint (`WebhookClaimNext`), only if it is the
  oldest pending delivery of that endpoint, delivers, and records the attempt in the
  same transaction: two senders never deliver one delivery at once, and per endpoint
  deliveries are attempted one at a time in the order they were emitted (`seq`). A
  delivery that keeps failing holds the later ones of its endpoint back until it
  succeeds or is given up. A transaction that wrote a delivery holds its foreign key's
  lock on the endpoint row until it ends, which the claim's FOR UPDATE skips: no later
  delivery overtakes an earlier one still uncommitted (order is write order; commit
  order only where writes do not overlap). Pipeline housekeeping deletes events none of
  whose deliveries is pending after WEBHOOK_RETENTION_DAYS. A crash between delivering and committing delivers it at most
  once more (same `webhook-id`).
- **Retries.** A 2xx answer delivers; anything else (another status, a timeout, a refused
  target) is a failed attempt, retried with exponential backoff and jitter (`backoff`)
  until `RETRY_FOR` (3 days) after the event, then the delivery is `failed`, its
  endpoint disabled (its later deliveries wait until it is enabled again) and the
  organization's owners emailed (`webhook_endpoint_disabled`).
- **Safe.** Targets are checked (`foundation.webhooks.targets`: https, public addresses
  after DNS, on the address connected to), no redirect is followed (a 3xx is a failed
  attempt), every attempt has WEBHOOK_TIMEOUT_SECONDS in all, and at most
  `RESPONSE_CAP` bytes of an answer are read and kept.
- **Where senders run.** Like the email outbox's: each app worker runs `WebhookSender`
  (WEBHOOK_SENDER=background; LISTEN blossom_webhooks, or every POLL_SECONDS);
  operators run `blossom webhooks send-pending`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
import random
import time
from dataclasses import dataclass

import httpcore
from standardwebhooks import Webhook

from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.base.logs import get_logger
from foundation.base.observability.errors import report_error
from foundation.base.observability.metrics import metric_count
from foundation.db import DB, FoundationConn, FoundationQ
from foundation.email.outbox import queue_email
from foundation.webhooks.secrets import seal_unsealed, signing_secrets
from foundation.webhooks.targets import (
    SafeNetworkBackend,
    UnsafeTargetError,
    check_url,
    read_capped,
)

FIRST_RETRY = datetime.timedelta(seconds=5)
MAX_RETRY = datetime.timedelta(hours=6)
RETRY_FOR = datetime.timedelta(days=3)
"""How long after its event a delivery is retried before it is given up."""
PREVIOUS_SECRET_SIGNS_FOR = datetime.timedelta(hours=24)
RESPONSE_CAP = 1024
"""Bytes of an answer read and kept (the rest is never read)."""
POLL_SECONDS = 30.0
CHANNEL = "blossom_webhooks"
USER_AGENT = "Blossom-Webhooks/1"


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after `attempts` failed attempts: doubling from FIRST_RETRY, capped at
    MAX_RETRY, with full jitter over its second half."""
    ceiling = min(FIRST_RETRY * (2 ** min(max(attempts - 1, 0), 30)), MAX_RETRY)
    return ceiling / 2 + ceiling / 2 * random.random()


def signature(
    msg_id: str,
    at: datetime.datetime,
    body: bytes,
    secrets: list[str],
) -> str:
    """The `webhook-signature` header: `v1,...` with each of `secrets` (space-separated)."""
    return " ".join(Webhook(s).sign(msg_id, at, body) for s in secrets)


@dataclass
class Attempt:
    status_code: int | None = None
    error: str | None = None
    response_body: str | None = None
    latency_ms: int = 0

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


async def post(url: str, headers: dict[str, str], body: bytes) -> Attempt:
    """POST `body` to `url` once, safely (module docstring); never raises for the
    target's failures: they are the attempt's `error`."""
    attempt = Attempt()
    started = time.monotonic()
    timeout = ENV.webhook_timeout_seconds
    try:
        check_url(url)
        limits = {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}
        async with (
            asyncio.timeout(timeout),
            httpcore.AsyncConnectionPool(
                network_backend=SafeNetworkBackend(), retries=0, max_connections=1
            ) as pool,
            pool.stream(
                "POST",
                url,
                headers=[*headers.items(), ("content-type", "application/json")],
                content=body,
                extensions={"timeout": limits},
            ) as response,
        ):
            attempt.status_code = response.status
            kept = await read_capped(response, RESPONSE_CAP)
            attempt.response_body = kept[:RESPONSE_CAP].decode("utf-8", "replace")
    except UnsafeTargetError as e:
        attempt.error = f"refused target: {e}"
    except TimeoutError:
        attempt.error = f"timed out after {timeout:g} s"
    except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as e:
        attempt.error = f"{type(e).__name__}: {e}"[:500]
    except httpcore.UnsupportedProtocol as e:
        attempt.error = f"unsupported url: {e}"[:500]
    attempt.latency_ms = round((time.monotonic() - started) * 1000)
    if attempt.status_code is not None and not attempt.delivered and attempt.error is None:
        attempt.error = f"answered {attempt.status_code}"
    return attempt


@dataclass
class SendReport:
    delivered: int = 0
    retried: int = 0
    failed: int = 0
    """Deliveries given up on (their endpoints disabled)."""


async def send_pending(
    *, limit: int | None = None, within: FoundationConn | None = None
) -> SendReport:
    """Deliver the due pending deliveries (at most `limit`), each in a transaction that
    holds it and its endpoint; on `within` or a dedicated connection."""
    if within is None:
        async with DB.dedicated() as conn:
            return await send_pending(limit=limit, within=conn)
    report = SendReport()
    async with DB.xact_admin(within=within) as q:
        await seal_unsealed(q)
    while limit is None or report.delivered + report.retried + report.failed < limit:
        async with DB.xact_admin(within=within) as q:
            if not await send_one(q, report):
                break
    return report


async def send_one(q: FoundationQ, report: SendReport) -> bool:
    """Claim, deliver and record one due delivery in `q`; False when none is due."""
    row = await q.orm.webhook_claim_next(now=CLOCK.now())
    if row is None:
        return False
    now = CLOCK.now()
    body = json.dumps(
        {"type": row.type, "timestamp": row.event_created_at.isoformat(), "data": row.data},
        separators=(",", ":"),
    ).encode()
    try:
        secrets = await signing_secrets(q, row.endpoint_id, now)
        headers = {
            "user-agent": USER_AGENT,
            "webhook-id": row.id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signature(row.id, now, body, secrets),
        }
        attempt = await post(row.url, headers, body)
    except Exception as e:  # one bad delivery never stops the ones behind it
        report_error(e, "webhook delivery crashed", delivery_id=row.id)
        attempt = Attempt(error=f"internal error: {type(e).__name__}")
    give_up = not attempt.delivered and now >= row.created_at + RETRY_FOR
    await q.orm.webhook_attempt_record(
        now=now,
        status_code=attempt.status_code,
        status="delivered" if attempt.delivered else "failed" if give_up else "pending",
        next_attempt_at=now + backoff(row.attempts + 1),
        delivery_id=row.id,
        organization_id=row.organization_id,
        latency_ms=attempt.latency_ms,
        error=attempt.error,
        response_body=attempt.response_body,
    )
    log = get_logger(__name__)
    if attempt.delivered:
        report.delivered += 1
        metric_count("webhooks_delivered_total", type=row.type)
    elif give_up:
        report.failed += 1
        metric_count("webhooks_failed_total", type=row.type)
        log.warning("webhook delivery given up", delivery_id=row.id, endpoint_id=row.endpoint_id)
        await disable_endpoint(q, row.organization_id, row.endpoint_id, row.url, attempt)
    else:
        report.retried += 1
        log.info("webhook attempt failed", delivery_id=row.id, error=attempt.error)
    return True


async def disable_endpoint(
    q: FoundationQ, organization_id: str, endpoint_id: str, url: str, attempt: Attempt
) -> None:
    """Disable the endpoint whose delivery was given up, and email the owners."""
    reason = f"deliveries failed for {RETRY_FOR.days} days (last: {attempt.error})"
    await q.orm.webhook_endpoint_disable(now=CLOCK.now(), reason=reason, id=endpoint_id)
    for owner in await q.orm.webhook_organization_owners(organization_id=organization_id):
        await queue_email(
            q,
            to=owner.email,
            kind="webhook_endpoint_disabled",
            values={
                "organization": owner.organization_name,
                "url": url,
                "error": attempt.error or "",
                "days": RETRY_FOR.days,
            },
            user_id=owner.id,
        )


class WebhookSender:
    """The background sender of one app worker (like the email outbox's `OutboxSender`):
    sends what is due when a delivery is queued (LISTEN) or every POLL_SECONDS; restarts
    after any failure, stops when cancelled."""

    def __init__(self, poll_seconds: float = POLL_SECONDS) -> None:
        self.poll_seconds = poll_seconds
        self.wake = asyncio.Event()
        self.rounds = 0

    async def run(self) -> None:
        log = get_logger(__name__)
        while True:
            try:
                await self._serve()
            except asyncio.CancelledError:
                raise
            except Exception as e:  # the sender must outlive any failure
                log.error("webhook sender failed; restarting", error=repr(e))
                await asyncio.sleep(min(self.poll_seconds, 5.0))

    async def _serve(self) -> None:
        async with DB.dedicated() as conn:

            def notified(_conn: object, _pid: object, _channel: object, _payload: object) -> None:
                self.wake.set()

            await conn.conn.add_listener(CHANNEL, notified)
            try:
                while True:
                    self.wake.clear()
                    await send_pending(within=conn)
                    self.rounds += 1
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(self.poll_seconds):
                            await self.wake.wait()
            finally:
                with contextlib.suppress(Exception):
                    await conn.conn.remove_listener(CHANNEL, notified)


def start_background_sender() -> asyncio.Task[None] | None:
    """Start this worker's webhook sender (WEBHOOK_SENDER=background); None when off."""
    if ENV.webhook_sender != "background":
        return None
    return asyncio.get_running_loop().create_task(WebhookSender().run(), name="webhook-sender")
