"""emails_list: what support sees of the outbox."""

from __future__ import annotations

import uuid

import pytest

from foundation.email.outbox import queue_email
from foundation.testing.fixture import TFix
from foundation.testing.outbox import delivered_to
from foundation.testing.settings import override_env
from foundation.testing.smtp_server import smtp_server
from panopticon.db import xact_admin
from panopticon.emails.routes import EmailsListIn, emails_list
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
    [entry] = sent.output.emails
    assert (entry.status, entry.to, entry.attempts) == ("sent", sent_to, 1)
    pending = await t.rpc.call(
        emails_list, EmailsListIn(to=failing_to, status="pending"), as_=admin
    )
    [retrying] = pending.output.emails
    assert retrying.attempts == 1 and "451" in (retrying.last_error or "")
    assert "SECRET" not in str(pending.response.body)
    none = await t.rpc.call(emails_list, EmailsListIn(to=failing_to, status="sent"), as_=admin)
    assert none.output.emails == []
    bad = await t.rpc.call(emails_list, EmailsListIn(cursor="???"), as_=admin)
    bad.expect_error(InvalidCursorError)
