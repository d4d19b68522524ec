"""Both backends: the development mailbox (a Maildir), and SMTP against a minimal SMTP
server on a real socket."""

from collections.abc import AsyncIterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from foundation.base.env import ENV
from foundation.email.maildir import dev_mailbox
from foundation.email.transport import EmailDeliveryError, OutgoingEmail, deliver, sent_to
from foundation.testing.smtp_server import SMTPServer, smtp_server, use_smtp


async def test_the_maildir_backend_delivers_into_the_development_mailbox() -> None:
    await deliver(OutgoingEmail(to="Mem@Example.test", subject="Hi", text="body"))
    assert sent_to("mem@example.test")[-1].subject == "Hi"
    [file] = (dev_mailbox().path / "new").iterdir()
    assert b"\nSubject: Hi\n" in file.read_bytes()


async def test_an_unwritable_mailbox_is_a_delivery_error() -> None:
    blocker = dev_mailbox().path
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the mailbox directory should be")
    with pytest.raises(EmailDeliveryError, match="email delivery failed"):
        await deliver(OutgoingEmail(to="ada@example.test", subject="x", text="y"))


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


@pytest.mark.parametrize("subject", ["Ada\r\nBcc: mallory@example.test", "a\nb", "a\u2028b"])
async def test_a_header_with_a_line_break_is_a_delivery_error(
    subject: str, smtp: SMTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The email package raises ValueError on such a header; the outbox must see a failed
    # delivery (retried, then given up), not a crash that blocks every later email.
    message = OutgoingEmail(to="ada@example.test", subject=subject, text="y")
    with pytest.raises(EmailDeliveryError, match="email header has a line break"):
        await deliver(message)  # the maildir backend refuses it too
    assert dev_mailbox().messages() == []
    use_smtp(monkeypatch, smtp.port)
    with pytest.raises(EmailDeliveryError, match="email header has a line break"):
        await deliver(message)
    with pytest.raises(EmailDeliveryError, match="email header has a line break"):
        await deliver(OutgoingEmail(to="ada@example.test\r\nBcc: x@y.test", subject="x", text="y"))
    assert smtp.received == []


HTML = '<!DOCTYPE html>\n<html lang="de"><head><title>Grüße</title></head><body><p>Grüße &amp; code</p></body></html>\n'


async def test_smtp_sends_text_and_html_as_multipart_alternative(
    smtp: SMTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_smtp(monkeypatch, smtp.port)
    text = "Grüße, your code:\n\nabc123\n"
    await deliver(
        OutgoingEmail(
            to="ada@example.test", subject="Grüße", text=text, html=HTML, message_id="<m@x>"
        )
    )
    [raw] = smtp.received
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    assert message.get_content_type() == "multipart/alternative"
    assert str(message["Subject"]) == "Grüße"
    parts = list(message.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    assert (
        parts[0].get_content().replace("\r\n", "\n") == text
    )  # pyright: ignore[reportAttributeAccessIssue]
    assert (
        parts[1].get_content().replace("\r\n", "\n") == HTML
    )  # pyright: ignore[reportAttributeAccessIssue]


async def test_the_development_mailbox_keeps_both_parts() -> None:
    text = "Grüße\n\nline two\n"
    await deliver(OutgoingEmail(to="both@example.test", subject="S", text=text, html=HTML))
    [kept] = sent_to("both@example.test")
    assert (kept.text, kept.html) == (text, HTML)
