"""`OutgoingEmail`: one message as the outbox renders it for the transport."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    message_id: str = ""
    """`<...@...>`: the same for every delivery attempt of one outbox row."""
    html: str | None = None
    """The HTML alternative (sent as multipart/alternative with `text`), if any."""
