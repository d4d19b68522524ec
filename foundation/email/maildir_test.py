"""The development mailbox: messages kept byte for byte and in delivery order, concurrent
writers in several processes, and both apps (real servers, real Postgres) showing at
`/dev/emails` what either app's outbox sender delivered."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import uuid
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from foundation.base.paths import REPO_ROOT
from foundation.db import xact_admin
from foundation.email.maildir import Maildir, maildir_path
from foundation.email.outbox import queue_email
from foundation.email.transport import OutgoingEmail
from foundation.testing.fixture import TFix
from foundation.testing.live_server import live_server
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts writer processes and app servers


def test_a_message_comes_back_exactly_and_reads_as_an_email(tmp_path: Path) -> None:
    box = Maildir(tmp_path / "mail")
    texts = ["no final newline", "héllo 🌸\r\nline two\n\n", "x" * 2000, ""]
    for n, text in enumerate(texts):
        box.put(OutgoingEmail(to=f"Ada{n}@Example.test", subject=f"Grüße {n}", text=text))
    assert [m.text for m in box.messages()] == texts
    assert [m.subject for m in box.messages("ADA1@example.TEST")] == ["Grüße 1"]
    assert box.messages("nobody@example.test") == []
    first = sorted((tmp_path / "mail" / "new").iterdir())[0]
    parsed = BytesParser(policy=policy.default).parsebytes(first.read_bytes())
    assert (parsed["To"], parsed["Subject"]) == ("Ada0@Example.test", "Grüße 0")
    assert parsed.get_content() == "no final newline"  # a mail reader shows the text


def test_messages_a_mail_reader_moved_to_cur_stay_listed_in_order(tmp_path: Path) -> None:
    box = Maildir(tmp_path)
    first = box.put(OutgoingEmail(to="a@example.test", subject="1", text="one"))
    box.put(OutgoingEmail(to="a@example.test", subject="2", text="two"))
    first.rename(tmp_path / "cur" / f"{first.name}:2,S")  # read and flagged "seen"
    assert [m.subject for m in box.messages("a@example.test")] == ["1", "2"]
    assert Maildir(tmp_path / "never-delivered-to").messages() == []


WRITER = """
import sys
from pathlib import Path
from foundation.email.maildir import Maildir, maildir_path
from foundation.email.transport import OutgoingEmail

box, writer = Maildir(Path(sys.argv[1])), sys.argv[2]
for n in range(int(sys.argv[3])):
    box.put(OutgoingEmail(to=f"{writer}@example.test", subject=str(n), text="x" * 20000 + "."))
"""


def test_concurrent_writers_in_several_processes_lose_nothing_and_tear_nothing(
    tmp_path: Path,
) -> None:
    per_writer, writers = 40, ["w1", "w2", "w3"]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), writer, str(per_writer)], cwd=REPO_ROOT
        )
        for writer in writers
    ]
    box = Maildir(tmp_path)
    seen_while_writing = 0
    while any(p.poll() is None for p in processes):  # read while they write
        messages = box.messages()
        assert all(m.text == "x" * 20000 + "." for m in messages)  # never a partial one
        seen_while_writing = max(seen_while_writing, len(messages))
        time.sleep(0.01)
    assert [p.returncode for p in processes] == [0, 0, 0]
    for writer in writers:  # every message, each writer's in its order
        subjects = [m.subject for m in box.messages(f"{writer}@example.test")]
        assert subjects == [str(n) for n in range(per_writer)]
    assert list((tmp_path / "tmp").iterdir()) == []


SERVE = {app: ["-m", "cli.main", app, "serve"] for app in ("product", "panopticon")}


async def _queue(to: str) -> None:
    async with xact_admin() as q:
        await queue_email(q, to=to, subject="Shared", kind="test", body=f"for {to}\n")


async def _listed(base_url: str, to: str) -> list[dict[str, Any]]:
    """The app's `/dev/emails` for `to`, once it lists something (30 s at most)."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        for _ in range(300):
            emails: list[dict[str, Any]] = (
                await http.get("/dev/emails", params={"to": to})
            ).json()["emails"]
            if emails:
                return emails
            await asyncio.sleep(0.1)
    raise AssertionError(f"{base_url}/dev/emails never listed {to}")


async def test_each_app_shows_what_the_other_apps_sender_delivered(t: TFix, tmp_path: Path) -> None:
    """Product's sender delivers one message, panopticon's another (each the only sender
    running at the time, so who delivered is known); both apps list both."""

    def env(sender: str) -> dict[str, str]:
        return {"EMAIL_MAILDIR": str(tmp_path / "mail"), "EMAIL_SENDER": sender}

    first, second = (f"shared-{uuid.uuid4().hex[:10]}@example.test" for _ in range(2))
    with live_server(SERVE["product"], env("background")) as product:
        await _queue(first)
        [by_product] = await _listed(product.url, first)
    assert by_product["delivered_by"] == f"pid {product.process.pid}"
    with live_server(SERVE["panopticon"], env("background")) as panopticon:
        await _queue(second)
        [by_panopticon] = await _listed(panopticon.url, second)
        assert by_panopticon["delivered_by"] == f"pid {panopticon.process.pid}"
        assert await _listed(panopticon.url, first) == [by_product]
        with live_server(SERVE["product"], env("off")) as reader:
            assert await _listed(reader.url, first) == [by_product]
            assert await _listed(reader.url, second) == [by_panopticon]
    assert by_product["text"] == f"for {first}\n"


def test_a_relative_maildir_is_under_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    override_env(monkeypatch, email_maildir=".local/mail")
    assert maildir_path() == REPO_ROOT / ".local" / "mail"
    override_env(monkeypatch, email_maildir="/var/mail/blossom")
    assert maildir_path() == Path("/var/mail/blossom")
