"""The durable email outbox: every email is a row written in the transaction of the action
that causes it, and delivered afterwards, at least once.

    await queue_email(q, to=user.email, kind="verify_email", secret=code, user_id=user.id,
                      values={"link": product_link(VERIFY_EMAIL), "code": "{code}", "days": 7})

- **Queued with the action.** `queue_email` renders the kind's templates
  (`foundation.email.render`: subject, text and HTML, in the recipient's language) and
  inserts them into `emails` in the caller's transaction: if the action rolls back, no
  email exists. A code the email carries is kept
  in `secret` (the body says `{code}`) only until the message is sent, then erased; what
  the code unlocks keeps only its hash.
- **Sent by senders.** `send_pending()` claims due rows one at a time with `FOR UPDATE
  SKIP LOCKED` on a connection of its own (never a request's pooled one), delivers, and
  marks the row sent in the same transaction: two senders never send one row at once, and
  a crash between delivering and committing sends it at most once more (the `Message-ID`
  is the same, so a receiving server can de-duplicate). A failed attempt is retried with
  exponential backoff and jitter (`backoff`), up to `MAX_ATTEMPTS`, then the row is
  `failed` (panopticon's `emails_list` shows it). Any exception from rendering or
  delivering a row is a failed attempt of that row (an unexpected one is reported too):
  one bad row never stops the rows behind it.
- **Where senders run.** Each app worker runs `OutboxSender` as a supervised background
  task (`EMAIL_SENDER=background`): woken by `LISTEN blossom_emails` (a trigger notifies on
  insert; the LISTEN is on a connection of its own to DATABASE_DIRECT_URL, and a sender
  that does not hear its own notification at start warns) or every `POLL_SECONDS`;
  operators run `blossom email send-pending`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from database.__codegen__.models import EmailModel
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.base.logs import get_logger
from foundation.base.observability.errors import report_error
from foundation.base.observability.metrics import metric_count
from foundation.base.strict_json import JSON
from foundation.db import DB, FoundationConn, FoundationQ
from foundation.email.render import LOCALES, SOURCE_LOCALE, render_email
from foundation.email.transport import EmailDeliveryError, OutgoingEmail, deliver

MAX_ATTEMPTS = 8
FIRST_RETRY = datetime.timedelta(seconds=30)
MAX_RETRY = datetime.timedelta(hours=2)
POLL_SECONDS = 30.0
PROBE_SECONDS = 2.0
"""How long a starting sender waits to hear its own notification before warning."""
CHANNEL = "blossom_emails"


async def queue_email(
    q: FoundationQ,
    *,
    to: str,
    kind: str,
    values: Mapping[str, Any] | None = None,
    locale: str | None = None,
    user_id: str | None = None,
    secret: str | None = None,
    subject: str | None = None,
    body: str | None = None,
) -> None:
    """Queue an email in `q`'s transaction (admin, or customer for the caller's own emails
    and invitees'): the templates of `kind` (`render.KINDS`) rendered with `values`, in
    `locale`, else the language of `user_id`'s account, else English. `{code}` (the
    `code` value, and in links) is replaced by `secret` when it is sent (the row keeps
    the secret only until then).

    `subject` and `body` instead of `values`: a plain-text email of a kind that has no
    template yet (convert it: CLAUDE.md, "Emails")."""
    if values is not None:
        if locale is None and user_id is not None:
            locale = await q.orm.email_user_locale(user_id=user_id)
        rendered = render_email(kind, values, locale=locale or SOURCE_LOCALE)
        subject, body, html = rendered.subject, rendered.text, rendered.html
    elif subject is None or body is None:
        raise ValueError("an email needs its template's values, or a subject and a body")
    else:
        html = None
    if secret is not None and "{code}" not in body:
        raise ValueError("an email with a secret must say where it goes: {code}")
    await q.orm.email_queue(
        user_id=user_id,
        kind=kind,
        to_address=to,
        subject=subject,
        body=body,
        html=html,
        secret=secret,
        now=CLOCK.now(),
    )


def render_every_locale(kind: str, values: Mapping[str, Any]) -> JSON:
    """`kind` rendered in every language, for a statement that picks the recipient's
    (`{"en": {"subject", "text", "html"}, ...}`, as JSON for a `jsonb` parameter)."""
    renders: dict[str, JSON] = {}
    for locale in LOCALES:
        rendered = render_email(kind, values, locale=locale)
        renders[locale] = {
            "subject": rendered.subject,
            "text": rendered.text,
            "html": rendered.html,
        }
    return renders


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before the next attempt after `attempts` failed ones: doubling from
    FIRST_RETRY, capped at MAX_RETRY, with full jitter over its second half."""
    ceiling = min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), MAX_RETRY)
    return ceiling / 2 + ceiling / 2 * random.random()


def message_id(email_id: str) -> str:
    domain = ENV.email_from.rpartition("@")[2].strip(" >") or "blossom.invalid"
    return f"<{email_id}@{domain}>"


def render(row: EmailModel) -> OutgoingEmail:
    """The message of an outbox row, its code (if any) in place of `{code}`."""
    text, html = row.body, row.html
    if row.secret is not None:
        text = text.replace("{code}", row.secret)
        html = html.replace("{code}", escape(row.secret)) if html is not None else None
    return OutgoingEmail(
        to=row.to_address,
        subject=row.subject,
        text=text,
        html=html,
        message_id=message_id(row.id),
    )


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    """Attempts that failed and will be tried again."""
    failed: int = 0
    """Emails given up on (MAX_ATTEMPTS reached)."""


async def send_pending(
    *, limit: int | None = None, within: FoundationConn | None = None
) -> SendReport:
    """Deliver the due pending emails (at most `limit`), each in a transaction that holds
    its row; on `within` or a dedicated connection."""
    if within is None:
        async with DB.dedicated() as conn:
            return await send_pending(limit=limit, within=conn)
    report = SendReport()
    log = get_logger(__name__)
    while limit is None or report.sent + report.retried + report.failed < limit:
        async with DB.xact_admin(within=within) as q:
            row = await q.orm.email_claim_next(now=CLOCK.now())
            if row is None:
                break
            try:
                await deliver(render(row))
            except Exception as e:  # any failure is this row's attempt, never a stuck queue
                if not isinstance(e, EmailDeliveryError):
                    report_error(e, "email delivery crashed", email_id=row.id, kind=row.kind)
                attempts = row.attempts + 1
                give_up = attempts >= MAX_ATTEMPTS
                await q.orm.email_mark_attempt_failed(
                    id=row.id,
                    last_error=repr(e.__cause__ or e)[:500],
                    next_attempt_at=CLOCK.now() + backoff(attempts),
                    give_up=give_up,
                )
                if give_up:
                    report.failed += 1
                    metric_count("emails_failed_total", kind=row.kind)
                    log.error(
                        "email failed for good",
                        email_id=row.id,
                        kind=row.kind,
                        user_id=row.user_id,
                        attempts=attempts,
                    )
                else:
                    report.retried += 1
                    log.warning("email attempt failed", email_id=row.id, attempts=attempts)
            else:
                await q.orm.email_mark_sent(id=row.id, now=CLOCK.now())
                report.sent += 1
                metric_count("emails_sent_total", kind=row.kind)
    return report


class OutboxSender:
    """The background sender of one app worker: sends what is due whenever a row is queued
    (LISTEN) or every POLL_SECONDS; restarts itself after any failure (with a pause), and
    stops when cancelled."""

    def __init__(self, poll_seconds: float = POLL_SECONDS) -> None:
        self.poll_seconds = poll_seconds
        self.wake = asyncio.Event()
        self.rounds = 0
        """Completed send rounds (tests wait on it)."""
        self.listening = False
        """Whether the sender heard its own notification at start (its wake-up works)."""

    async def run(self) -> None:
        log = get_logger(__name__)
        while True:
            try:
                await self._serve()
            except asyncio.CancelledError:
                raise
            except Exception as e:  # the sender must outlive any failure
                log.error("email sender failed; restarting", error=repr(e))
                await asyncio.sleep(min(self.poll_seconds, 5.0))

    async def _serve(self) -> None:
        async with DB.dedicated() as conn:
            probe = f"probe-{uuid.uuid4().hex}"
            heard = asyncio.Event()

            def notified(_conn: object, _pid: object, _channel: object, payload: object) -> None:
                if payload == probe:
                    heard.set()
                else:
                    self.wake.set()

            await conn.conn.add_listener(CHANNEL, notified)
            try:
                await self._check_listening(probe, heard)
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

    async def _check_listening(self, probe: str, heard: asyncio.Event) -> None:
        """Notify `probe` the way queued emails do (a pooled transaction, DATABASE_URL)
        and wait for it on the sender's own LISTEN (DATABASE_DIRECT_URL): unheard, the
        wake-up is dead (a transaction pooler between the sender and Postgres) and every
        email waits for the poll, which is logged as a warning."""
        async with DB.xact_admin() as q:
            await q.orm.email_sender_probe(payload=probe)
        try:
            async with asyncio.timeout(PROBE_SECONDS):
                await heard.wait()
        except TimeoutError:
            get_logger(__name__).warning(
                "email sender heard no notification of its own: emails wait for the poll; "
                "DATABASE_DIRECT_URL must reach postgres directly, not through a pooler",
                probe_seconds=PROBE_SECONDS,
                poll_seconds=self.poll_seconds,
            )
        else:
            self.listening = True


def start_background_sender() -> asyncio.Task[None] | None:
    """Start this worker's sender (EMAIL_SENDER=background); None when off."""
    if ENV.email_sender != "background":
        return None
    return asyncio.get_running_loop().create_task(OutboxSender().run(), name="email-sender")
