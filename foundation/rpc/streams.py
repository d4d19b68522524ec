"""Streamed answers: a route whose handler returns a `Stream` (a download: CSV, JSON lines).

    @route("report_export", streams=("text/csv",), ...)
    async def report_export(req: Req[ReportIn]) -> Stream:
        ...                                  # checks: errors here are typed, as usual
        return Stream("text/csv", rows_as_csv(), filename="report.csv")

Everything up to the handler's return is an ordinary call: the method, the input, the
around hook (authentication, permission), the handler's own checks, each failure a typed
error answer with its status. Then the answer starts (200, `Content-Type` the stream's
media type, no `Content-Length`: chunked) and each chunk goes out as it is made; the
route's timeout no longer applies (it bounds the handler), but each chunk must reach the
client's connection within `STREAM_SEND_SECONDS` (a client that stops reading is dropped:
the stream's generator is closed, so whatever it holds is released).

After the first byte the status cannot change: an error while making the chunks (the
database away, a permission revoked in the middle) ends the answer without its last
chunk, the HTTP/1.1 chunked terminator: the server closes the connection, so the client
sees an incomplete body (a failed read, never a short file that looks complete). It is
logged (a typed error as a warning, anything else reported as a failure).

OpenAPI documents such a route's 200 with its media types (a string body, no JSON
Schema); the TypeScript client's call answers an `RPCStream` (`typescript/rpc/src/client.ts`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

from database.trouble import database_trouble
from foundation.base.logs import get_logger
from foundation.base.observability.errors import report_error
from foundation.rpc.errors import RPCError
from foundation.rpc.http import HTTPResponse, Send, Stream

STREAM_SEND_SECONDS = 30.0
"""How long one chunk may wait for the client's connection to take it (flow control:
a client that stops reading) before the answer is abandoned."""


class StreamBrokenError(Exception):
    """A streamed answer could not be finished (raised to the server after the first
    byte, so it closes the connection without the chunked terminator)."""


async def send_stream(
    send: Send, response: HTTPResponse, stream: Stream, *, rpc: str, request_id: str
) -> None:
    """Send `response` (200 and its headers) with `stream`'s chunks as its body."""
    headers = [(b"content-type", stream.media_type.encode("latin-1"))]
    if stream.filename is not None:
        disposition = f'attachment; filename="{stream.filename}"'
        headers.append((b"content-disposition", disposition.encode("latin-1")))
    headers += response.headers
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    try:
        async for chunk in stream.chunks:
            if not chunk:
                continue
            async with asyncio.timeout(STREAM_SEND_SECONDS):
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
    except TimeoutError:
        get_logger(__name__).warning(
            "streamed answer abandoned: the client stopped reading",
            rpc=rpc,
            request_id=request_id,
            timeout_seconds=STREAM_SEND_SECONDS,
        )
        raise StreamBrokenError("the client stopped reading") from None
    except Exception as error:
        _log_break(error, rpc=rpc, request_id=request_id)
        raise StreamBrokenError("the stream failed after its first byte") from error
    finally:
        await _close(stream)
    await send({"type": "http.response.body", "body": b"", "more_body": False})


def _log_break(error: Exception, *, rpc: str, request_id: str) -> None:
    trouble = database_trouble(error)
    if isinstance(error, RPCError) or trouble is not None:
        get_logger(__name__).warning(
            "streamed answer cut short",
            rpc=rpc,
            request_id=request_id,
            error=type(error).__name__,
            trouble=trouble,
        )
    else:
        report_error(error, "streamed answer failed", rpc=rpc, request_id=request_id)


async def _close(stream: Stream) -> None:
    """Close the stream's generator (its `finally` blocks run: transactions end)."""
    chunks: Any = stream.chunks
    if isinstance(chunks, AsyncGenerator):
        await chunks.aclose()  # pyright: ignore[reportUnknownMemberType]  (any generator)
