"""`RPCEndpoint`: mounted RPCs answered in front of Quart, the rest passed to Quart,
driven with raw ASGI messages (what hypercorn sends and receives)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import MutableMapping
from typing import Any

from quart import Quart

from foundation.base import strict_json
from foundation.rpc import Req, Router, route
from foundation.rpc.endpoint import ENDPOINT_EXTENSION, RPCEndpoint
from foundation.rpc.http import HTTPRequest, RequestHeaders
from foundation.testing.sample_app import order_echo

CALLS: list[str] = []


@dataclasses.dataclass
class NoteIn:
    text: str


@route("note_take")
async def note_take(req: Req[NoteIn]) -> None:
    CALLS.append(req.data.text)


def _app() -> Quart:
    app = Quart(__name__)
    quart_saw: list[str] = []
    app.extensions["quart_saw"] = quart_saw

    @app.before_request
    async def seen() -> None:
        from quart import request

        quart_saw.append(request.path)

    @app.route("/plain")
    async def plain() -> str:
        return "plain"

    Router("t").include(order_echo, note_take).mount(app)
    return app


def _scope(method: str, path: str, headers: list[tuple[bytes, bytes]], **extra: Any) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("10.1.2.3", 5000),
        "server": ("127.0.0.1", 80),
        **extra,
    }


async def _exchange(
    app: Quart, scope: dict, messages: list[dict]
) -> list[MutableMapping[str, Any]]:
    """Run one request through the app's ASGI callable; the messages it sent."""
    inbox = list(messages)
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict:
        if inbox:
            return inbox.pop(0)
        await asyncio.sleep(3600)  # like a server: nothing more until the client speaks
        raise AssertionError("unreachable")

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    asgi: Any = app  # driven with plain dicts, as a server would
    await asyncio.wait_for(asgi(scope, receive, send), timeout=10)
    return sent


JSON_HEADERS = [(b"content-type", b"application/json")]


async def test_an_rpc_is_one_start_and_one_body_message_without_quart() -> None:
    app = _app()
    body = strict_json.dumps({"placed_at": "2030-01-02T03:04:05Z", "price": "1", "items": []})
    sent = await _exchange(
        app,
        _scope("POST", "/rpc/order_echo", JSON_HEADERS),
        [{"type": "http.request", "body": body.encode(), "more_body": False}],
    )
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    start, answer = sent
    assert start["status"] == 200 and answer["more_body"] is False
    headers = dict(start["headers"])
    assert headers[b"content-type"] == b"application/json"
    assert int(headers[b"content-length"]) == len(answer["body"])
    assert len(headers[b"x-request-id"]) == 32
    output: Any = strict_json.loads(answer["body"])
    assert output["total_quantity"] == 0
    assert app.extensions["quart_saw"] == []  # Quart's request machinery never ran
    assert isinstance(app.extensions[ENDPOINT_EXTENSION], RPCEndpoint)


async def test_a_body_in_pieces_is_joined() -> None:
    CALLS.clear()
    app = _app()
    pieces = [b'{"te', b'xt": "in ', b'pieces"}']
    messages = [{"type": "http.request", "body": p, "more_body": True} for p in pieces]
    messages.append({"type": "http.request", "body": b"", "more_body": False})
    sent = await _exchange(app, _scope("POST", "/rpc/note_take", JSON_HEADERS), messages)
    assert sent[0]["status"] == 200 and CALLS == ["in pieces"]


async def test_a_client_leaving_mid_body_is_dropped_unanswered_and_unrun() -> None:
    CALLS.clear()
    app = _app()
    messages = [
        {"type": "http.request", "body": b'{"text": "half', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent = await _exchange(app, _scope("POST", "/rpc/note_take", JSON_HEADERS), messages)
    assert sent == [] and CALLS == []


async def test_other_paths_and_unknown_rpcs_go_to_quart() -> None:
    app = _app()
    sent = await _exchange(app, _scope("GET", "/plain", []), [{"type": "http.request"}])
    assert sent[0]["status"] == 200
    sent = await _exchange(app, _scope("GET", "/rpc/no_such", []), [{"type": "http.request"}])
    assert sent[0]["status"] == 404
    assert app.extensions["quart_saw"] == ["/plain", "/rpc/no_such"]


async def test_the_root_path_is_not_part_of_the_rpc_name() -> None:
    CALLS.clear()
    app = _app()
    scope = _scope("POST", "/api/rpc/note_take", JSON_HEADERS, root_path="/api")
    body = {"type": "http.request", "body": b'{"text": "rooted"}', "more_body": False}
    sent = await _exchange(app, scope, [body])
    assert sent[0]["status"] == 200 and CALLS == ["rooted"]


def test_request_headers_are_case_insensitive_and_keep_repeats() -> None:
    headers = RequestHeaders(
        [(b"x-forwarded-for", b"1.1.1.1"), (b"Cookie", b"a=1"), (b"x-forwarded-for", b"2.2.2.2")]
    )
    assert headers.get("X-Forwarded-For") == "1.1.1.1"
    assert headers.getlist("X-FORWARDED-FOR") == ["1.1.1.1", "2.2.2.2"]
    assert headers["cookie"] == "a=1" and "COOKIE" in headers and "origin" not in headers
    assert headers.get("origin", "none") == "none" and len(headers) == 3


def test_cookies_join_every_cookie_header_and_keep_the_first_of_a_name() -> None:
    http_request = HTTPRequest.from_scope(
        _scope("GET", "/rpc/x", [(b"cookie", b"a=1; b=2"), (b"cookie", b"a=3; c=4")]),
        _no_receive,
    )
    assert http_request.cookies() == {"a": "1", "b": "2", "c": "4"}
    assert http_request.remote_addr == "10.1.2.3"


def test_query_arguments_keep_every_value_and_mark_bytes_that_are_not_utf8() -> None:
    scope = _scope("GET", "/rpc/x", [])
    scope["query_string"] = b"tag=a&tag=b&q=caf%C3%A9&empty=&bad=%FF&raw=\xff"
    args = HTTPRequest.from_scope(scope, _no_receive).args()
    assert args["tag"] == ["a", "b"] and args["q"] == ["café"] and args["empty"] == [""]
    assert args["bad"] == ["%FF"]  # an invalid escape stays as it is
    assert args["raw"] == ["\udcff"]  # a lone surrogate: refused by input validation


async def _no_receive() -> dict:
    raise AssertionError("no body expected")
