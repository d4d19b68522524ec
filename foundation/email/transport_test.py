"""Both backends; the SMTP one against a minimal SMTP server on a real socket."""

from collections.abc import AsyncIterator

import pytest

from foundation.base.env import ENV
from foundation.email import transport
from foundation.email.transport import EmailDeliveryError, OutgoingEmail, deliver, sent_to
from foundation.testing.smtp_server import SMTPServer, smtp_server, use_smtp


async def test_memory_backend_keeps_messages() -> None:
    await deliver(OutgoingEmail(to="Mem@Example.test", subject="Hi", text="body"))
    assert sent_to("mem@example.test")[-1].subject == "Hi"


@pytest.fixture
async def smtp() -> AsyncIterator[SMTPServer]:
    async with smtp_server() as server:
        yield server


async def test_smtp_backend_delivers(smtp: SMTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    received = smtp.received
    use_smtp(monkeypatch, smtp.port)
    assert ENV.email_backend == "smtp"
    await deliver(
        OutgoingEmail(
            to="ada@example.test", subject="Invite", text="code: 42", message_id="<eml_1@x.test>"
        )
    )
    [message] = received
    assert b"Subject: Invite" in message and b"code: 42" in message
    assert b"Message-ID: <eml_1@x.test>" in message
    assert b"To: ada@example.test" in message


async def test_smtp_failure_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    use_smtp(monkeypatch, port)
    with pytest.raises(EmailDeliveryError, match="email delivery failed"):
        await deliver(OutgoingEmail(to="ada@example.test", subject="x", text="y"))
    assert transport.SENT is not None


@pytest.mark.parametrize("subject", ["Ada\r\nBcc: mallory@example.test", "a\nb", "a\u2028b"])
async def test_a_header_with_a_line_break_is_a_delivery_error(
    subject: str, smtp: SMTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The email package raises ValueError on such a header; the outbox must see a failed
    # delivery (retried, then given up), not a crash that blocks every later email.
    message = OutgoingEmail(to="ada@example.test", subject=subject, text="y")
    with pytest.raises(EmailDeliveryError, match="email header has a line break"):
        await deliver(message)  # the memory backend refuses it too
    assert message not in transport.SENT
    use_smtp(monkeypatch, smtp.port)
    with pytest.raises(EmailDeliveryError, match="email header has a line break"):
        await deliver(message)
    with pytest.raises(EmailDeliveryError, match="email header has a line break"):
        await deliver(OutgoingEmail(to="ada@example.test\r\nBcc: x@y.test", subject="x", text="y"))
    assert smtp.received == []
