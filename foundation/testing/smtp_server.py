"""A minimal SMTP server on a real socket, for tests of the SMTP transport and the
outbox's retries.

    async with smtp_server(refuse_first=2) as server:
        ...  # point the SMTP settings at 127.0.0.1:server.port
        server.received                # raw messages accepted, in order
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from foundation.base.env import get_env


@dataclass
class SMTPServer:
    port: int = 0
    received: list[bytes] = field(default_factory=list)
    refused: int = 0
    refuse_first: int = 0
    """Answer DATA with a temporary failure this many times before accepting."""


@contextlib.asynccontextmanager
async def smtp_server(refuse_first: int = 0) -> AsyncIterator[SMTPServer]:
    state = SMTPServer(refuse_first=refuse_first)

    async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 test ESMTP\r\n")
        while line := await reader.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                writer.write(b"250 test\r\n")
            elif command == b"DATA":
                writer.write(b"354 go on\r\n")
                await writer.drain()
                data = b""
                while (chunk := await reader.readline()) != b".\r\n":
                    data += chunk
                if state.refused < state.refuse_first:
                    state.refused += 1
                    writer.write(b"451 try again later\r\n")
                else:
                    state.received.append(data)
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
    state.port = server.sockets[0].getsockname()[1]
    try:
        yield state
    finally:
        server.close()
        await server.wait_closed()


def use_smtp(monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    """Point EMAIL_BACKEND at a local SMTP server for this test."""
    env = get_env().model_copy(
        update={
            "email_backend": "smtp",
            "smtp_port": port,
            "smtp_host": "127.0.0.1",
            "smtp_starttls": False,
        }
    )
    monkeypatch.setattr("foundation.base.env._env", env)
