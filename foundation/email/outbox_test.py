"""The outbox: written with the action, delivered at least once, retried, never twice at
once, codes erased once sent."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import os
import re
import socket
import sys
import uuid
from collections.abc import AsyncIterator

import pytest
from structlog.typing import EventDict

from database.testing import harness
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.base.observability.metrics import metrics_text
from foundation.base.paths import REPO_ROOT
from foundation.db import DB, xact_admin
from foundation.email import outbox
from foundation.email.outbox import (
    MAX_ATTEMPTS,
    MAX_RETRY,
    OutboxSender,
    backoff,
    queue_email,
    render,
    send_pending,
)
from foundation.email.transport import OutgoingEmail, deliver, sent_to
from foundation.testing.fixture import TFix
from foundation.testing.pooler import through_pgbouncer
from foundation.testing.settings import override_env
from foundation.testing.smtp_server import SMTPServer, smtp_server, use_smtp


class Crash(Exception):
    pass


def _address() -> str:
    return f"outbox-{uuid.uuid4().hex[:10]}@example.test"


async def _queue(to: str, *, secret: str | None = None) -> None:
    async with xact_admin() as q:
        await queue_email(
            q,
            to=to,
            subject="Hello",
            kind="test",
            body="code: {code}\n" if secret else "no code\n",
            secret=secret,
        )


def _received_by(server: SMTPServer, to: str) -> list[bytes]:
    return [m for m in server.received if f"To: {to}".encode() in m]


async def _row(to: str):
    async with xact_admin() as q:
        [row] = await harness(q).test_emails_to(to_address=to)
        return row


async def test_an_action_that_rolls_back_sends_nothing(t: TFix) -> None:
    to = _address()
    with pytest.raises(Crash):
        async with xact_admin() as q:
            await queue_email(q, to=to, subject="x", kind="test", body="y")
            raise Crash
    await send_pending()
    assert sent_to(to) == []


async def test_sent_once_with_its_code_then_the_code_is_erased(t: TFix) -> None:
    to = _address()
    await _queue(to, secret="S3CRET")
    assert (await _row(to)).secret == "S3CRET"
    report = await send_pending()
    assert report.sent >= 1
    [message] = sent_to(to)
    assert message.text == "code: S3CRET\n" and message.message_id.startswith("<eml_")
    row = await _row(to)
    assert (row.status, row.secret, row.attempts) == ("sent", None, 1)
    await send_pending()
    assert len(sent_to(to)) == 1


async def test_a_failed_send_is_retried_later_and_then_succeeds(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    to = _address()
    now = t.freeze_time()
    # Each attempt tries twice (one quick retry): the first attempt fails, the next succeeds.
    async with smtp_server(refuse_first=2) as server:
        use_smtp(monkeypatch, server.port)
        await _queue(to, secret="42")
        first = await send_pending()
        assert first.retried >= 1 and server.received == []
        row = await _row(to)
        assert row.status == "pending" and row.attempts == 1 and row.secret == "42"
        assert row.next_attempt_at > now and "451" in (row.last_error or "")
        await send_pending()  # not due yet
        assert server.received == []
        t.advance_time(MAX_RETRY)
        await send_pending()
        [message] = server.received
        assert b"code: 42" in message
    row = await _row(to)
    assert (row.status, row.attempts, row.secret) == ("sent", 2, None)


async def test_an_email_that_keeps_failing_gives_up(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    to = _address()
    t.freeze_time()
    async with smtp_server(refuse_first=1000) as server:
        use_smtp(monkeypatch, server.port)
        await _queue(to, secret="77")
        for _ in range(MAX_ATTEMPTS + 2):
            await send_pending()
            t.advance_time(MAX_RETRY)
    row = await _row(to)
    assert (row.status, row.attempts, row.secret) == ("failed", MAX_ATTEMPTS, None)


def test_backoff_doubles_with_jitter_and_a_cap() -> None:
    for attempts in range(1, 12):
        wait = backoff(attempts)
        ceiling = min(datetime.timedelta(seconds=30) * 2 ** (attempts - 1), MAX_RETRY)
        assert ceiling / 2 <= wait <= ceiling


async def test_two_senders_never_send_one_email_twice(t: TFix) -> None:
    addresses = [_address() for _ in range(40)]
    for to in addresses:
        await _queue(to)
    reports = await asyncio.gather(send_pending(), send_pending(), send_pending())
    assert sum(r.sent for r in reports) >= len(addresses)
    assert [len(sent_to(to)) for to in addresses] == [1] * len(addresses)


async def test_a_crash_between_sending_and_marking_resends_once_more(t: TFix) -> None:
    to = _address()
    await _queue(to, secret="99")
    with pytest.raises(Crash):
        async with DB.dedicated() as conn, DB.xact_admin(within=conn) as q:
            row = await q.orm.email_claim_next(now=CLOCK.now())
            while row is not None and row.to_address != to:  # another test's email
                row = await q.orm.email_claim_next(now=CLOCK.now())
            assert row is not None
            await deliver(render(row))
            raise Crash  # the worker died before it could mark the row sent
    await send_pending()
    first, second = sent_to(to)
    assert first == second  # the same message, the same Message-ID: de-duplicable
    await send_pending()
    assert len(sent_to(to)) == 2


@contextlib.asynccontextmanager
async def _started(sender: OutboxSender) -> AsyncIterator[None]:
    """`sender` running, past its first round (its start-up check included); cancelled
    at exit."""
    task = asyncio.get_running_loop().create_task(sender.run())
    try:
        async with asyncio.timeout(30):
            while sender.rounds == 0:  # noqa: ASYNC110 - waiting on another task's progress
                await asyncio.sleep(0.01)
        yield
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def _delivered(to: str) -> None:
    async with asyncio.timeout(30):
        while not sent_to(to):  # noqa: ASYNC110 - waiting for the sender's delivery
            await asyncio.sleep(0.01)


async def test_the_background_sender_wakes_on_a_new_email(t: TFix) -> None:
    sender = OutboxSender(poll_seconds=3600)  # only NOTIFY can wake it in time
    async with _started(sender):
        to = _address()
        await _queue(to)
        await _delivered(to)
    assert len(sent_to(to)) == 1


async def test_behind_pgbouncer_the_sender_is_woken_by_notify(
    t: TFix, monkeypatch: pytest.MonkeyPatch, logs: list[EventDict]
) -> None:
    """DATABASE_URL through PgBouncer (transaction mode), DATABASE_DIRECT_URL direct: the
    sender LISTENs on its own direct connection, so an email queued through the pooler
    wakes it at once (the poll is an hour away)."""
    sender = OutboxSender(poll_seconds=3600)
    async with through_pgbouncer(monkeypatch, database_pooler="pgbouncer"), _started(sender):
        assert sender.listening
        to = _address()
        await _queue(to)
        await _delivered(to)
    assert len(sent_to(to)) == 1
    assert not [e for e in logs if e["log_level"] == "warning"], logs


async def test_a_sender_that_hears_nothing_of_its_own_warns(
    t: TFix, monkeypatch: pytest.MonkeyPatch, logs: list[EventDict]
) -> None:
    """DATABASE_DIRECT_URL through the pooler too (the mistake): its LISTEN is dead, which
    the sender says at start instead of silently waiting for the poll."""
    monkeypatch.setattr(outbox, "PROBE_SECONDS", 0.5)
    sender = OutboxSender(poll_seconds=3600)
    bouncer = through_pgbouncer(  # one told to drop the direct connection's timeouts
        monkeypatch,
        database_pooler="pgbouncer",
        direct_through_pgbouncer=True,
        ignore=("statement_timeout", "lock_timeout"),
    )
    async with bouncer, _started(sender):
        assert not sender.listening
    warning = next(e for e in logs if e["event"].startswith("email sender heard no"))
    assert warning["log_level"] == "warning" and "DATABASE_DIRECT_URL" in warning["event"]


def _restarts(logs: list[EventDict]) -> int:
    return sum(e["event"] == "email sender failed; restarting" for e in logs)


async def test_the_background_sender_restarts_after_postgres_was_unreachable(
    t: TFix, monkeypatch: pytest.MonkeyPatch, logs: list[EventDict]
) -> None:
    """The sender outlives a failure: while Postgres is unreachable each start fails and
    is logged, and once it is back the sender connects and delivers."""
    with socket.socket() as s:  # a port nothing listens on: connections are refused
        s.bind(("127.0.0.1", 0))
        dead = f"postgresql://blossom@127.0.0.1:{s.getsockname()[1]}/blossom"
    sender = OutboxSender(poll_seconds=0.05)
    task: asyncio.Task[None] | None = None
    try:
        with monkeypatch.context() as down:
            override_env(down, database_url=dead, database_acquire_timeout_seconds=1)
            task = asyncio.get_running_loop().create_task(sender.run())
            async with asyncio.timeout(30):
                while _restarts(logs) < 2:  # noqa: ASYNC110 - waiting for the sender's log
                    await asyncio.sleep(0.01)
            assert sender.rounds == 0
        to = _address()  # Postgres is back
        await _queue(to)
        async with asyncio.timeout(30):
            while not sent_to(to) or sender.rounds == 0:  # noqa: ASYNC110 - its delivery
                await asyncio.sleep(0.01)
    finally:
        if task is not None:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
    assert len(sent_to(to)) == 1
    failure = next(e for e in logs if e["event"] == "email sender failed; restarting")
    assert failure["log_level"] == "error" and "DatabaseUnavailableError" in failure["error"]


async def test_a_secret_needs_its_placeholder(t: TFix) -> None:
    with pytest.raises(ValueError, match=r"\{code\}"):
        async with xact_admin() as q:
            await queue_email(q, to=_address(), subject="x", kind="test", body="no", secret="1")


async def test_operators_send_pending_from_the_command_line(t: TFix) -> None:
    to = _address()
    await _queue(to)
    done = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cli.main",
        "email",
        "send-pending",
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "EMAIL_MAILDIR": ENV.email_maildir},  # this test's mailbox
    )
    out, err = await done.communicate()
    assert done.returncode == 0, err
    assert out.decode().startswith("sent ")
    assert (await _row(to)).status == "sent"
    [message] = sent_to(to)  # delivered by another process into the mailbox we read
    assert message.text == "no code\n"


def _counter(name: str, kind: str) -> float:
    pattern = rf'^blossom_{name}(?:_total)?{{kind="{kind}"}} ([0-9.e+]+)$'
    found = re.search(pattern, metrics_text(), re.M)
    return float(found.group(1)) if found else 0.0


async def test_sent_and_given_up_emails_are_counted(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind = "metric_" + "".join(chr(97 + int(c, 16) % 26) for c in uuid.uuid4().hex[:8])
    async with xact_admin() as q:
        await queue_email(q, to=_address(), subject="m", kind=kind, body="b")
    await send_pending()
    assert _counter("emails_sent", kind) == 1
    t.freeze_time()
    async with smtp_server(refuse_first=10_000) as server:
        use_smtp(monkeypatch, server.port)
        async with xact_admin() as q:
            await queue_email(q, to=_address(), subject="m", kind=kind, body="b")
        for _ in range(MAX_ATTEMPTS):
            await send_pending()
            t.advance_time(MAX_RETRY)
    assert _counter("emails_failed", kind) == 1


async def test_a_subject_with_a_line_break_never_blocks_the_queue(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The outside attack: a display name with CR/LF made an invite's subject a header the
    # email package refuses (ValueError); the sender rolled back and claimed that row first
    # again, forever, and no later email went out. Rows queued before names were checked
    # may still carry such a subject: each is a failed attempt, never a stuck queue.
    bad, good = _address(), _address()
    t.freeze_time()
    async with smtp_server() as server:
        use_smtp(monkeypatch, server.port)
        async with xact_admin() as q:
            await queue_email(
                q,
                to=bad,
                subject="Mallory\r\nBcc: victim@example.test\r\n invites you to Acme",
                kind="invite",
                body="code: {code}\n",
                secret="13",
            )
        t.advance_time(datetime.timedelta(seconds=1))  # the bad row is claimed first
        await _queue(good)
        report = await send_pending()
        assert report.retried >= 1 and report.sent >= 1
        [message] = _received_by(server, good)
        assert b"Subject: Hello" in message
        row = await _row(bad)
        assert (row.status, row.attempts, row.secret) == ("pending", 1, "13")
        assert "line break" in (row.last_error or "")
        for _ in range(MAX_ATTEMPTS):
            t.advance_time(MAX_RETRY)
            await send_pending()
        assert _received_by(server, bad) == []
        assert not any(b"victim@example.test" in m for m in server.received)
    row = await _row(bad)
    assert (row.status, row.attempts, row.secret) == ("failed", MAX_ATTEMPTS, None)


async def test_any_exception_delivering_a_row_is_a_failed_attempt_and_reported(
    t: TFix, monkeypatch: pytest.MonkeyPatch, logs: list[EventDict]
) -> None:
    broken, good = _address(), _address()

    async def deliver_or_crash(message: OutgoingEmail) -> None:
        if message.to == broken:
            raise RuntimeError("a bug in the transport")
        await deliver(message)

    monkeypatch.setattr("foundation.email.outbox.deliver", deliver_or_crash)
    t.freeze_time()
    await _queue(broken)
    t.advance_time(datetime.timedelta(seconds=1))
    await _queue(good)
    report = await send_pending()
    assert report.retried >= 1 and len(sent_to(good)) == 1
    row = await _row(broken)
    assert (row.status, row.attempts) == ("pending", 1)
    assert "RuntimeError('a bug in the transport')" in (row.last_error or "")
    [entry] = [e for e in logs if e["event"] == "email delivery crashed"]
    assert entry["email_id"] == row.id and "RuntimeError" in str(entry["exception"])
    for _ in range(MAX_ATTEMPTS):
        t.advance_time(MAX_RETRY)
        await send_pending()
    row = await _row(broken)
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)


async def test_a_templated_email_goes_in_the_users_language_with_its_code_in_both_parts(
    t: TFix,
) -> None:
    user = await t.factory.user()
    async with xact_admin() as q:
        await harness(q).test_user_set_locale(id=user.id, locale="de")
        await queue_email(
            q,
            to=user.email,
            kind="reset_password",
            values={"link": "https://app.example/reset#code={code}", "code": "{code}"},
            secret="S3CRET-<&>",
            user_id=user.id,
        )
    await send_pending()
    [message] = sent_to(user.email)
    assert message.subject == "Setzen Sie Ihr Passwort zurück"
    assert "\nS3CRET-<&>\n" in message.text and "#code=S3CRET-<&>" in message.text
    assert message.html is not None and "{code}" not in message.html
    assert "S3CRET-&lt;&amp;&gt;" in message.html and "<&>" not in message.html
