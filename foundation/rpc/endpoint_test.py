"""`RPCEndpoint`: mounted RPCs answered in front of the app, the rest passed to the inner
ASGI app, driven with raw ASGI messages (what hypercorn sends and receives)."""

from __future__ import annotations

import dataclasses
from collections.abc import MutableMapping
from typing import Any

import pytest

from foundation.base import strict_json
from foundation.base.env import ENV
from foundation.rpc import Req, RouteDefinitionError, Router, route
from foundation.rpc.endpoint import RPCEndpoint
from foundation.rpc.errors import RequestTooLargeError
from foundation.rpc.http import HTTPRequest, Receive, RequestHeaders, Send
from foundation.testing.asgi import JSON_HEADERS, exchange, http_scope
from foundation.testing.sample_app import nothing, order_echo

CALLS: list[str] = []


@dataclasses.dataclass
class NoteIn:
    text: str


@route("note_take")
async def note_take(req: Req[NoteIn]) -> None:
    CALLS.append(req.data.text)


class Inner:
    """The app behind the endpoint: records the paths it sees, serves `/plain`, else 404."""

    def __init__(self) -> None:
        self.saw: list[str] = []

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        self.saw.append(scope["path"])
        status = 200 if scope["path"] == "/plain" else 404
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b"plain", "more_body": False})


def _app() -> RPCEndpoint:
    endpoint = RPCEndpoint("t", Inner())
    endpoint.mount(Router("t").include(order_echo, note_take))
    return endpoint


def _saw(endpoint: RPCEndpoint) -> list[str]:
    assert isinstance(endpoint.inner, Inner)
    return endpoint.inner.saw


async def test_an_rpc_is_one_start_and_one_body_message_without_quart() -> None:
    app = _app()
    body = strict_json.dumps({"placed_at": "2030-01-02T03:04:05Z", "price": "1", "items": []})
    sent = await exchange(
        app,
        http_scope("POST", "/rpc/order_echo", JSON_HEADERS),
        [{"type": "http.request", "body": body.encode(), "more_body": False}],
    )
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    start, answer = sent
    assert start["status"] == 200 and answer["more_body"] is False
    headers = dict(start["headers"])
    assert headers[b"content-type"] == b"application/json"
    assert int(headers[b"content-length"]) == len(answer["body"])
    output: Any = strict_json.loads(answer["body"])
    assert output["total_quantity"] == 0
    assert _saw(app) == []  # the app behind never ran


async def test_a_body_in_pieces_is_joined() -> None:
    CALLS.clear()
    app = _app()
    pieces = [b'{"te', b'xt": "in ', b'pieces"}']
    messages = [{"type": "http.request", "body": p, "more_body": True} for p in pieces]
    messages.append({"type": "http.request", "body": b"", "more_body": False})
    sent = await exchange(app, http_scope("POST", "/rpc/note_take", JSON_HEADERS), messages)
    assert sent[0]["status"] == 200 and CALLS == ["in pieces"]


async def test_a_client_leaving_mid_body_is_dropped_unanswered_and_unrun() -> None:
    CALLS.clear()
    app = _app()
    messages = [
        {"type": "http.request", "body": b'{"text": "half', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent = await exchange(app, http_scope("POST", "/rpc/note_take", JSON_HEADERS), messages)
    assert sent == [] and CALLS == []


async def test_other_paths_and_unknown_rpcs_go_to_the_app_behind() -> None:
    app = _app()
    sent = await exchange(app, http_scope("GET", "/plain", []), [{"type": "http.request"}])
    assert sent[0]["status"] == 200
    sent = await exchange(app, http_scope("GET", "/rpc/no_such", []), [{"type": "http.request"}])
    assert sent[0]["status"] == 404
    assert _saw(app) == ["/plain", "/rpc/no_such"]


async def test_the_request_id_comes_from_the_scope_else_the_header() -> None:
    note = {"type": "http.request", "body": b'{"text": "id"}', "more_body": False}
    app = _app()
    calls: list[str] = []

    async def around(_route: Any, req: Req[Any], call: Any) -> Any:
        calls.append(req.request_id)
        return await call(req)

    app.routes.clear()
    app.mount(Router("t", around=around).include(note_take))
    header = [(b"x-request-id", b"from-the-header"), *JSON_HEADERS]
    await exchange(app, http_scope("POST", "/rpc/note_take", header), [note])
    scope = http_scope("POST", "/rpc/note_take", header, **{"blossom.request_id": "from-the-scope"})
    await exchange(app, scope, [note])
    assert calls == ["from-the-header", "from-the-scope"]


def test_duplicate_names_across_routers_are_rejected_when_mounting() -> None:
    endpoint = RPCEndpoint("t", Inner())
    endpoint.mount(Router("a").include(nothing))
    with pytest.raises(RouteDefinitionError, match="two routes share a name"):
        endpoint.mount(Router("b").include(nothing))


async def test_the_body_limit_holds_without_any_server_limit() -> None:
    endpoint = RPCEndpoint("t", Inner())
    endpoint.mount(Router("bare").include(nothing))
    big = b" " * (ENV.rpc_max_body_bytes + 1)
    sent = await exchange(
        endpoint,
        http_scope("POST", "/rpc/nothing", JSON_HEADERS),
        [{"type": "http.request", "body": big, "more_body": False}],
    )
    assert sent[0]["status"] == RequestTooLargeError.status
    body: Any = strict_json.loads(sent[1]["body"])
    assert body["error"] == "RequestTooLargeError"


async def test_the_root_path_is_not_part_of_the_rpc_name() -> None:
    CALLS.clear()
    app = _app()
    scope = http_scope("POST", "/api/rpc/note_take", JSON_HEADERS, root_path="/api")
    body = {"type": "http.request", "body": b'{"text": "rooted"}', "more_body": False}
    sent = await exchange(app, scope, [body])
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
        http_scope("GET", "/rpc/x", [(b"cookie", b"a=1; b=2"), (b"cookie", b"a=3; c=4")]),
        _no_receive,
    )
    assert http_request.cookies() == {"a": "1", "b": "2", "c": "4"}
    assert http_request.remote_addr == "10.1.2.3"


def test_query_arguments_keep_every_value_and_mark_bytes_that_are_not_utf8() -> None:
    scope = http_scope("GET", "/rpc/x", [])
    scope["query_string"] = b"tag=a&tag=b&q=caf%C3%A9&empty=&bad=%FF&raw=\xff"
    args = HTTPRequest.from_scope(scope, _no_receive).args()
    assert args["tag"] == ["a", "b"] and args["q"] == ["café"] and args["empty"] == [""]
    assert args["bad"] == ["%FF"]  # an invalid escape stays as it is
    assert args["raw"] == ["\udcff"]  # a lone surrogate: refused by input validation


async def _no_receive() -> dict[str, Any]:
    raise AssertionError("no body expected")
