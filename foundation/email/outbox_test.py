"""Both backends; the SMTP one against a minimal SMTP server on a real socket."""

import asyncio
from collections.abc import AsyncIterator

import pytest

from foundation.email import outbox
from foundation.email.outbox import EmailDeliveryError, OutgoingEmail, send_email, sent_to
from foundation.env import ENV, get_env


async def test_memory_backend_keeps_messages() -> None:
    await send_email(OutgoingEmail(to="Mem@Example.test", subject="Hi", text="body"))
    assert sent_to("mem@example.test")[-1].subject == "Hi"


@pytest.fixture
async def smtp_server() -> AsyncIterator[tuple[int, list[bytes]]]:
    received: list[bytes] = []

    async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 test ESMTP\r\n")
        while line := await reader.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                writer.write(b"250 test\r\n")
            elif command == b"DATA":
                writer.write(b"354 go on\r\n")
                data = b""
                while (chunk := await reader.readline()) != b".\r\n":
                    data += chunk
                received.append(data)
                writer.write(b"250 queued\r\n")
            elif command == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:
                writer.write(b"250 ok\r\n")
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(session, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1], received
    server.close()
    await server.wait_closed()


def _smtp_env(monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    env = get_env().model_copy(
        update={
            "email_backend": "smtp",
            "smtp_port": port,
            "smtp_host": "127.0.0.1",
            "smtp_starttls": False,
        }
    )
    monkeypatch.setattr("foundation.env._env", env)


async def test_smtp_backend_delivers(
    smtp_server: tuple[int, list[bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, received = smtp_server
    _smtp_env(monkeypatch, port)
    assert ENV.email_backend == "smtp"
    await send_email(OutgoingEmail(to="ada@example.test", subject="Invite", text="code: 42"))
    [message] = received
    assert b"Subject: Invite" in message and b"code: 42" in message
    assert b"To: ada@example.test" in message


async def test_smtp_failure_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _smtp_env(monkeypatch, port)
    with pytest.raises(EmailDeliveryError, match="email delivery failed"):
        await send_email(OutgoingEmail(to="ada@example.test", subject="x", text="y"))
    assert outbox.SENT is not None
