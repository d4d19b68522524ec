"""Tests read email as a user would get it: `await delivered_to(address)` delivers the
outbox's pending emails (the memory backend) and returns what reached `address`."""

from __future__ import annotations

import re

from foundation.email.outbox import send_pending
from foundation.email.transport import OutgoingEmail, sent_to


async def delivered_to(address: str) -> list[OutgoingEmail]:
    """Send every due email now, then the messages `address` received, oldest first."""
    await send_pending()
    return sent_to(address)


_CODE = re.compile(r"code: ([A-Za-z0-9_-]{20,})|^([A-Za-z0-9_-]{20,})$", re.M)


def code_in(message: OutgoingEmail) -> str:
    """The one-time code an email carries (`... code: <code>`, or a line of its own); fails
    the test without one."""
    found = _CODE.search(message.text)
    assert found, message.text
    return found.group(1) or found.group(2)
