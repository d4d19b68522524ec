"""The email outbox: one client, two backends chosen by EMAIL_BACKEND.

    await send_email(OutgoingEmail(to="ada@example.com", subject="...", text="..."))

- `memory` (development and tests): messages are kept in `SENT` (newest last) and logged;
  tests read them with `sent_to(address)`.
- `smtp`: delivered through SMTP_HOST:SMTP_PORT (STARTTLS and login when configured), on a
  worker thread so the event loop never waits on the network.

Callers send after their transaction committed, so a message never refers to something
that was rolled back; a failed delivery is logged and raised as `EmailDeliveryError`.
"""

from __future__ import annotations

import asyncio
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from foundation.env import ENV
from foundation.errors import BaseError
from foundation.logs import get_logger

SMTP_TIMEOUT_SECONDS = 15


class EmailDeliveryError(BaseError):
    """The SMTP server could not be reached or refused the message."""


@dataclass(frozen=True, slots=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str


SENT: list[OutgoingEmail] = []
"""What the memory backend sent, in order (this process only)."""


def sent_to(address: str) -> list[OutgoingEmail]:
    """Messages the memory backend sent to `address` (case-insensitively), oldest first."""
    return [m for m in SENT if m.to.lower() == address.lower()]


async def send_email(message: OutgoingEmail) -> None:
    log = get_logger(__name__)
    if ENV.email_backend == "memory":
        SENT.append(message)
        log.info("email kept in memory", to=message.to, subject=message.subject)
        return
    try:
        await asyncio.get_running_loop().run_in_executor(None, _deliver_smtp, message)
    except (OSError, smtplib.SMTPException) as e:
        log.error("email delivery failed", to=message.to, subject=message.subject, error=repr(e))
        raise EmailDeliveryError("email delivery failed", to=message.to) from e
    log.info("email sent", to=message.to, subject=message.subject)


def _deliver_smtp(message: OutgoingEmail) -> None:
    email = EmailMessage()
    email["From"] = ENV.email_from
    email["To"] = message.to
    email["Subject"] = message.subject
    email.set_content(message.text)
    with smtplib.SMTP(ENV.smtp_host, ENV.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if ENV.smtp_starttls:
            smtp.starttls()
        if ENV.smtp_username:
            smtp.login(ENV.smtp_username, ENV.smtp_password)
        smtp.send_message(email)
