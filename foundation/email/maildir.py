"""The development mailbox: one Maildir directory that every process of the checkout
delivers to and reads from (EMAIL_BACKEND=maildir; EMAIL_MAILDIR, `.local/mail/` unless
set), so a code sent by either app's outbox sender, or by `blossom email send-pending`,
shows at either app's `/dev/emails`.

    box = dev_mailbox()
    box.put(OutgoingEmail(to=..., subject=..., text=..., message_id=...))
    box.messages("ada@example.com")     # oldest first; no address: every message

Safe with any number of concurrent writers, without locks (the Maildir design): a
message is written whole under `tmp/` with a name no other writer can choose, then
renamed into `new/`, which is atomic, so a reader only ever sees complete messages.
Names start with the delivery's wall-clock nanoseconds, so name order is delivery order
(within a process, exactly; across processes, to the clock's precision).

Each file is an RFC 5322 message (From, To, Subject, Message-ID, Date; the text as UTF-8,
8bit, byte for byte what the outbox rendered; with an HTML alternative, multipart/
alternative of the two), so a mail reader opens the directory too
(`mutt -f .local/mail`); a reader's moving messages to `cur/` keeps them listed.
"""

from __future__ import annotations

import itertools
import os
import time
import uuid
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime
from pathlib import Path

from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.base.paths import REPO_ROOT
from foundation.email.message import OutgoingEmail

_HEADERS = policy.default.clone(linesep="\n")
_COUNTER = itertools.count()
_FOLDERS = ("new", "cur")
DELIVERED_BY = "X-Blossom-Delivered-By"


class Maildir:
    """A Maildir directory (created on the first delivery)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def put(self, message: OutgoingEmail) -> Path:
        """Deliver `message` (atomically); the file it is in. The file says which process
        delivered it (`X-Blossom-Delivered-By: pid N`)."""
        for folder in ("tmp", *_FOLDERS):
            (self.path / folder).mkdir(parents=True, exist_ok=True)
        # Wall-clock nanoseconds (never the frozen CLOCK): they order the deliveries of
        # every process; the process id, a counter and random bits make the name unique.
        name = (
            f"{time.time_ns():020d}.P{os.getpid()}Q{next(_COUNTER)}R{uuid.uuid4().hex[:12]}.blossom"
        )
        draft = self.path / "tmp" / name
        draft.write_bytes(_render(message))
        delivered = self.path / "new" / name
        draft.rename(delivered)
        return delivered

    def messages(self, to: str | None = None) -> list[OutgoingEmail]:
        """The messages to `to` (case-insensitively; every message when None), oldest
        first."""
        return [received.email for received in self.received(to)]

    def received(self, to: str | None = None) -> list[Received]:
        """`messages`, each with the process that delivered it."""
        wanted = to.lower() if to is not None else None
        found: list[tuple[str, Received]] = []
        for folder in _FOLDERS:
            directory = self.path / folder
            if not directory.is_dir():
                continue
            for entry in directory.iterdir():
                if entry.name.startswith("."):
                    continue
                try:
                    raw = entry.read_bytes()
                except FileNotFoundError:  # a mail reader moved it to cur/ meanwhile
                    continue
                received = _parse(raw)
                if wanted is None or received.email.to.lower() == wanted:
                    # `cur/` names carry a reader's flags after a colon: order by the base.
                    found.append((entry.name.split(":", 1)[0], received))
        found.sort(key=lambda pair: pair[0])
        return [received for _, received in found]


@dataclass(frozen=True, slots=True)
class Received:
    email: OutgoingEmail
    delivered_by: str
    """`pid N`: the process whose sender delivered it."""


def maildir_path() -> Path:
    """EMAIL_MAILDIR, relative to the checkout unless absolute."""
    path = Path(ENV.email_maildir)
    return path if path.is_absolute() else REPO_ROOT / path


def dev_mailbox() -> Maildir:
    """The configured development mailbox (EMAIL_MAILDIR)."""
    return Maildir(maildir_path())


def _render(message: OutgoingEmail) -> bytes:
    head = EmailMessage(policy=_HEADERS)
    head["From"] = ENV.email_from
    head["To"] = message.to
    head["Subject"] = message.subject
    if message.message_id:
        head["Message-ID"] = message.message_id
    head["Date"] = format_datetime(CLOCK.now())
    head[DELIVERED_BY] = f"pid {os.getpid()}"
    if message.html is not None:
        head.set_content(message.text, cte="8bit")
        head.add_alternative(message.html, subtype="html", cte="8bit")
        return head.as_bytes()
    head["MIME-Version"] = "1.0"
    head["Content-Type"] = 'text/plain; charset="utf-8"'
    head["Content-Transfer-Encoding"] = "8bit"
    # The headers and their blank line, then the text exactly (the email package would
    # normalize line ends and add a final newline).
    return head.as_bytes() + message.text.encode("utf-8")


def _parse(raw: bytes) -> Received:
    head, _, body = raw.partition(b"\n\n")
    headers = BytesParser(policy=_HEADERS).parsebytes(head + b"\n\n", headersonly=True)
    text, html = body.decode("utf-8", errors="replace"), None
    if headers.get_content_type() == "multipart/alternative":
        whole = BytesParser(policy=_HEADERS).parsebytes(raw)
        assert isinstance(whole, EmailMessage)
        plain, rich = whole.get_body(("plain",)), whole.get_body(("html",))
        text = (
            str(plain.get_content()) if plain is not None else ""
        )  # pyright: ignore[reportUnknownMemberType,reportUnknownArgumentType] (email's untyped get_content)
        html = (
            str(rich.get_content()) if rich is not None else None
        )  # pyright: ignore[reportUnknownMemberType,reportUnknownArgumentType]
    email = OutgoingEmail(
        to=str(headers.get("To", "")),
        subject=str(headers.get("Subject", "")),
        text=text,
        html=html,
        message_id=str(headers.get("Message-ID", "")),
    )
    return Received(email=email, delivered_by=str(headers.get(DELIVERED_BY, "")))
