"""Delivering one message: the transport behind the outbox, chosen by EMAIL_BACKEND.

    await deliver(OutgoingEmail(to=..., subject=..., text=..., message_id=...))

- `maildir` (development and tests): messages are delivered into the development mailbox
  (`foundation.email.maildir`: EMAIL_MAILDIR, shared by every process of the checkout, so
  either app's `/dev/emails` shows what any sender delivered) and logged whole (the codes
  they carry are readable there too); tests read them with `sent_to(address)` (each test
  has a mailbox of its own).
A message with HTML goes as multipart/alternative: the text first, then the HTML (mail
readers show the last part they can).

- `smtp`: delivered through SMTP_HOST:SMTP_PORT (STARTTLS and login when configured), on a
  worker thread so the event loop never waits on the network. Every message carries a
  stable `Message-ID` (from the outbox row), so a receiving server can de-duplicate a
  message delivered twice (the outbox is at-least-once).

Either backend refuses a header (To, Subject, Message-ID, From) with a line break as an
`EmailDeliveryError` before sending anything: the email package would raise `ValueError`
on it, and such a header could inject others.

Application code never calls this: it queues rows with `outbox.queue_email`.
"""

from __future__ import annotations

import asyncio
import smtplib
from email.message import EmailMessage

from foundation.base.env import ENV
from foundation.base.errors import BaseError
from foundation.base.logs import get_logger
from foundation.base.retry import retrying
from foundation.email.maildir import dev_mailbox
from foundation.email.message import OutgoingEmail

__all__ = ["EmailDeliveryError", "OutgoingEmail", "deliver", "sent_to"]

SMTP_TIMEOUT_SECONDS = 15
SMTP_ATTEMPTS = 2


LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""What `str.splitlines` splits on: the email package refuses each in a header."""


class EmailDeliveryError(BaseError):
    """The SMTP server could not be reached or refused the message, or the message cannot
    be sent as it is (a header with a line break)."""


def sent_to(address: str) -> list[OutgoingEmail]:
    """Messages the development mailbox holds for `address` (case-insensitively), oldest
    first."""
    return dev_mailbox().messages(address)


async def deliver(message: OutgoingEmail) -> None:
    """Hand `message` to the backend; `EmailDeliveryError` when it could not."""
    log = get_logger(__name__)
    _refuse_line_breaks(message)
    if ENV.email_backend == "maildir":
        box = dev_mailbox()
        try:
            path = await asyncio.to_thread(box.put, message)
        except OSError as e:  # a full disk, a directory that is not writable
            log.error("email delivery failed", to=message.to, mailbox=str(box.path), error=repr(e))
            raise EmailDeliveryError("email delivery failed", to=message.to) from e
        log.info(
            "email delivered to the development mailbox",
            path=str(path),
            to=message.to,
            subject=message.subject,
            message_id=message.message_id,
            text=message.text,
        )
        return
    loop = asyncio.get_running_loop()
    try:
        # A transient failure (a dropped connection, a 4xx answer) gets one quick retry
        # here; the outbox retries later attempts with its own, persisted backoff.
        await retrying(
            "email.smtp",
            lambda: loop.run_in_executor(None, _deliver_smtp, message),
            attempts=SMTP_ATTEMPTS,
            within_seconds=SMTP_TIMEOUT_SECONDS * SMTP_ATTEMPTS,
        )
    except (OSError, smtplib.SMTPException) as e:
        log.error("email delivery failed", to=message.to, subject=message.subject, error=repr(e))
        raise EmailDeliveryError("email delivery failed", to=message.to) from e
    log.info("email sent", to=message.to, subject=message.subject)


def _refuse_line_breaks(message: OutgoingEmail) -> None:
    headers = {
        "from": ENV.email_from,
        "to": message.to,
        "subject": message.subject,
        "message_id": message.message_id,
    }
    for header, value in headers.items():
        if not LINE_BREAKS.isdisjoint(value):
            get_logger(__name__).error(
                "email header has a line break", header=header, to=message.to, value=value
            )
            raise EmailDeliveryError("email header has a line break", header=header)


def _deliver_smtp(message: OutgoingEmail) -> None:
    email = EmailMessage()
    email["From"] = ENV.email_from
    email["To"] = message.to
    email["Subject"] = message.subject
    if message.message_id:
        email["Message-ID"] = message.message_id
    email.set_content(message.text)
    if message.html is not None:
        email.add_alternative(message.html, subtype="html")
    with smtplib.SMTP(ENV.smtp_host, ENV.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if ENV.smtp_starttls:
            smtp.starttls()
        if ENV.smtp_username:
            smtp.login(ENV.smtp_username, ENV.smtp_password)
        smtp.send_message(email)
