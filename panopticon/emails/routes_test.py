"""emails_list: what support sees of the outbox."""

from __future__ import annotations

import uuid

import pytest

from database.__codegen__.models import UserModel as User
from foundation.base.clock import CLOCK
from foundation.email.outbox import queue_email
from foundation.testing.fixture import TFix
from foundation.testing.outbox import delivered_to
from foundation.testing.settings import override_env
from foundation.testing.smtp_server import smtp_server
from panopticon.audit.routes import AuditLogListIn, audit_log_list
from panopticon.db import xact_admin
from panopticon.emails.routes import (
    EmailCodeGoneError,
    EmailNotFailedError,
    EmailNotFoundError,
    EmailResendIn,
    EmailsListIn,
    email_resend,
    emails_list,
)
from panopticon.inputs import InvalidCursorError
from panopticon.testing import make_admin


async def test_support_sees_deliveries_by_status_and_recipient_without_codes(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = await make_admin(t, "support")
    sent_to = f"ok-{uuid.uuid4().hex[:8]}@example.test"
    failing_to = f"ko-{uuid.uuid4().hex[:8]}@example.test"
    async with xact_admin() as q:
        await queue_email(q, to=sent_to, subject="Hi", kind="test", body="x")
    await delivered_to(sent_to)
    async with smtp_server(refuse_first=1000) as server:
        override_env(
            monkeypatch,
            email_backend="smtp",
            smtp_host="127.0.0.1",
            smtp_port=server.port,
            smtp_starttls=False,
        )
        async with xact_admin() as q:
            await queue_email(
                q, to=failing_to, subject="Code", kind="test", body="code {code}", secret="SECRET"
            )
        await delivered_to(failing_to)
    sent = await t.rpc.call(emails_list, EmailsListIn(to=sent_to.upper()), as_=admin)
    [entry] = sent.output.items
    assert (entry.status, entry.to, entry.attempts) == ("sent", sent_to, 1)
    pending = await t.rpc.call(
        emails_list, EmailsListIn(to=failing_to, status="pending"), as_=admin
    )
    [retrying] = pending.output.items
    assert retrying.attempts == 1 and "451" in (retrying.last_error or "")
    assert "SECRET" not in str(pending.response.body)
    none = await t.rpc.call(emails_list, EmailsListIn(to=failing_to, status="sent"), as_=admin)
    assert none.output.items == []
    bad = await t.rpc.call(emails_list, EmailsListIn(cursor="???"), as_=admin)
    bad.expect_error(InvalidCursorError)


async def _failed_email(t: TFix, admin: User, body: str, secret: str | None) -> str:
    """An email whose delivery was given up (the sender's own query marks it); its id."""
    to = f"gone-{uuid.uuid4().hex[:8]}@example.test"
    async with xact_admin() as q:
        await queue_email(q, to=to, subject="Hi", kind="test", body=body, secret=secret)
    [entry] = (await t.rpc.call(emails_list, EmailsListIn(to=to), as_=admin)).output.items
    async with xact_admin() as q:
        await q.orm.email_mark_attempt_failed(
            id=entry.id, last_error="550 no such mailbox", next_attempt_at=CLOCK.now(), give_up=True
        )
    return entry.id


async def test_a_failed_email_is_resent_audited(t: TFix) -> None:
    admin = await make_admin(t, "support")
    email_id = await _failed_email(t, admin, "hello", None)
    reason = "the mailbox exists now"
    res = await t.rpc.call(email_resend, EmailResendIn(email_id=email_id, reason=reason), as_=admin)
    assert res.output.changed
    [entry] = (
        await t.rpc.call(audit_log_list, AuditLogListIn(target=email_id), as_=admin)
    ).output.items
    assert (entry.action, entry.reason) == ("email.resend", reason)
    [again] = (
        await t.rpc.call(emails_list, EmailsListIn(to=entry.diff["to"]), as_=admin)
    ).output.items
    assert (again.status, again.attempts) == ("pending", 0)
    # Now pending: a second resend is refused.
    twice = await t.rpc.call(
        email_resend, EmailResendIn(email_id=email_id, reason=reason), as_=admin
    )
    assert twice.expect_error(EmailNotFailedError).email_status == "pending"


async def test_a_failed_email_with_a_code_or_no_email_cannot_be_resent(t: TFix) -> None:
    admin = await make_admin(t, "support")
    email_id = await _failed_email(t, admin, "code {code}", "SECRET")
    data = EmailResendIn(email_id=email_id, reason="try again")
    (await t.rpc.call(email_resend, data, as_=admin)).expect_error(EmailCodeGoneError)
    missing = EmailResendIn(email_id="eml_missing", reason="try again")
    (await t.rpc.call(email_resend, missing, as_=admin)).expect_error(EmailNotFoundError)
