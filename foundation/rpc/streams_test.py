"""Streamed answers (`foundation/rpc/streams.py`), driven with raw ASGI messages: chunks
as they come after the start, errors before it typed, after it a cut (no last message),
a client that stops reading dropped, and definitions checked at import."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, MutableMapping
from typing import Any

import pytest

from foundation.base import strict_json
from foundation.rpc import Req, RouteDefinitionError, Router, route
from foundation.rpc import streams as streams_module
from foundation.rpc.endpoint import RPCEndpoint
from foundation.rpc.errors import RPCError
from foundation.rpc.http import Stream
from foundation.rpc.spec import AnyRoute
from foundation.rpc.streams import StreamBrokenError
from foundation.testing.asgi import JSON_HEADERS, exchange, http_scope

CLOSED: list[str] = []


@dataclasses.dataclass
class LinesIn:
    count: int
    fail_after: int | None = None
    media_type: str = "text/plain"


@dataclasses.dataclass
class TooManyLinesError(RPCError):
    """More lines than the route makes."""


async def _lines(data: LinesIn) -> AsyncIterator[bytes]:
    try:
        for n in range(data.count):
            if data.fail_after is not None and n == data.fail_after:
                raise ValueError("broken mid-way")
            yield f"line {n}\n".encode()
            yield b""  # nothing to send: skipped
    finally:
        CLOSED.append("closed")


@route("lines", errors=(TooManyLinesError,), streams=("text/plain",))
async def lines(req: Req[LinesIn]) -> Stream:
    if req.data.count > 100:
        raise TooManyLinesError()
    return Stream(req.data.media_type, _lines(req.data), filename="lines.txt")


def _app() -> RPCEndpoint:
    endpoint = RPCEndpoint("t", _nothing)
    endpoint.mount(Router("t").include(lines))
    return endpoint


async def _nothing(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
    raise AssertionError("only RPCs here")


def _request(**data: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    body = strict_json.dumps(data).encode()
    scope = http_scope("POST", "/rpc/lines", JSON_HEADERS)
    return scope, [{"type": "http.request", "body": body, "more_body": False}]


async def test_chunks_follow_the_start_as_they_come() -> None:
    sent = await exchange(_app(), *_request(count=3))
    start, *bodies = sent
    assert start["status"] == 200
    headers = dict(start["headers"])
    assert headers[b"content-type"] == b"text/plain"
    assert headers[b"content-disposition"] == b'attachment; filename="lines.txt"'
    assert b"content-length" not in headers
    assert [(b["body"], b["more_body"]) for b in bodies] == [
        (b"line 0\n", True),
        (b"line 1\n", True),
        (b"line 2\n", True),
        (b"", False),
    ]


async def test_an_error_before_the_first_byte_is_typed() -> None:
    start, body = await exchange(_app(), *_request(count=101))
    assert start["status"] == TooManyLinesError.status
    assert strict_json.loads(body["body"]) == {"error": "TooManyLinesError", "data": {}}


async def test_a_stream_of_an_undeclared_media_type_is_a_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from foundation.rpc import dispatch

    failures: list[BaseException] = []

    def observe(_route: AnyRoute, error: BaseException) -> None:
        failures.append(error)

    monkeypatch.setattr(dispatch, "FAILURE_OBSERVERS", [observe])
    start, body = await exchange(_app(), *_request(count=1, media_type="text/csv"))
    assert start["status"] == 500
    answer = strict_json.loads(body["body"])
    assert isinstance(answer, dict) and answer.get("error") == "UnknownError"
    assert len(failures) == 1


async def test_an_error_after_the_first_byte_cuts_the_answer() -> None:
    CLOSED.clear()
    sent: list[MutableMapping[str, Any]] = []

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope, messages = _request(count=5, fail_after=2)
    inbox = list(messages)

    async def receive() -> dict[str, Any]:
        return inbox.pop(0)

    with pytest.raises(StreamBrokenError):
        await _app()(scope, receive, send)
    assert [m.get("more_body") for m in sent[1:]] == [True, True]  # no last message
    assert CLOSED == ["closed"]


async def test_a_client_that_stops_reading_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    CLOSED.clear()
    monkeypatch.setattr(streams_module, "STREAM_SEND_SECONDS", 0.05)
    stalled = asyncio.Event()
    scope, messages = _request(count=5)
    inbox = list(messages)

    async def receive() -> dict[str, Any]:
        return inbox.pop(0)

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.body":
            await stalled.wait()  # the connection never takes the chunk

    with pytest.raises(StreamBrokenError):
        await _app()(scope, receive, send)
    assert CLOSED == ["closed"]  # the generator was closed: what it held is released


def test_definitions_are_checked_at_import() -> None:
    async def handler(req: Req[LinesIn]) -> Stream:
        raise AssertionError

    async def json_handler(req: Req[LinesIn]) -> str:
        raise AssertionError

    with pytest.raises(RouteDefinitionError, match="declares its media types"):
        route("no_media_types")(handler)
    with pytest.raises(RouteDefinitionError, match="declares its media types"):
        route("not_a_stream", streams=("text/csv",))(json_handler)
    for media_type in ("application/json", "csv", "Text/CSV"):
        with pytest.raises(RouteDefinitionError, match="media types"):
            route("bad_media_type", streams=(media_type,))
