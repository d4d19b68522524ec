"""The exchange policy as an ASGI middleware, driven with raw messages around small ASGI
apps (the whole apps' behaviour through it is in `app_test.py`)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import pytest
from structlog.typing import EventDict

from foundation.base import strict_json
from foundation.base.logs import get_logger
from foundation.rpc.http import Receive, Send
from foundation.rpc.request_id import REQUEST_ID_SCOPE_KEY
from foundation.testing.asgi import exchange, http_scope
from foundation.webserver.exchange import ExchangePolicy

ORIGIN = "https://app.example.com"
REQUEST = [{"type": "http.request", "body": b"", "more_body": False}]


class Inner:
    """An app answering with `headers`, or failing (`fail_after`: 0 before it answers, 1
    after its start message); it records the scopes it saw and logs one line."""

    def __init__(
        self, headers: list[tuple[bytes, bytes]] | None = None, fail_after: int = -1
    ) -> None:
        self.headers = headers or []
        self.fail_after = fail_after
        self.scopes: list[MutableMapping[str, Any]] = []

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        self.scopes.append(scope)
        get_logger(__name__).info("inside")
        if self.fail_after == 0:
            raise RuntimeError("before the answer")
        await send({"type": "http.response.start", "status": 201, "headers": self.headers})
        if self.fail_after == 1:
            raise RuntimeError("mid answer")
        await send({"type": "http.response.body", "body": b"made", "more_body": False})


def _headers(message: MutableMapping[str, Any]) -> dict[str, str]:
    return {name.decode(): value.decode() for name, value in message["headers"]}


async def test_the_request_id_goes_down_in_the_scope_into_the_logs_and_back() -> None:
    inner = Inner()
    policy = ExchangePolicy(inner, [ORIGIN])
    scope = http_scope("GET", "/x", [(b"X-Request-ID", b"the-client-id")])
    sent = await exchange(policy, scope, REQUEST)
    assert inner.scopes[0][REQUEST_ID_SCOPE_KEY] == "the-client-id"
    assert _headers(sent[0])["x-request-id"] == "the-client-id"
    sent = await exchange(policy, http_scope("GET", "/x", [(b"x-request-id", b"bad")]), REQUEST)
    assert len(_headers(sent[0])["x-request-id"]) == 32  # ill-formed: a fresh one


async def test_logs_inside_carry_the_request_id_and_one_access_line(
    logs: list[EventDict],
) -> None:
    policy = ExchangePolicy(Inner(), [])
    await exchange(policy, http_scope("POST", "/y", [(b"x-request-id", b"log-req-01")]), REQUEST)
    assert [(e["event"], e["request_id"]) for e in logs] == [
        ("inside", "log-req-01"),
        ("request", "log-req-01"),
    ]
    assert (logs[1]["method"], logs[1]["path"], logs[1]["status"]) == ("POST", "/y", 201)


async def test_the_apps_own_policy_headers_are_replaced_and_its_vary_kept() -> None:
    own = [
        (b"X-Content-Type-Options", b"sniff-away"),
        (b"x-request-id", b"spoofed-by-the-app"),
        (b"Vary", b"Accept-Encoding"),
        (b"content-type", b"text/plain"),
    ]
    policy = ExchangePolicy(Inner(own), [ORIGIN])
    scope = http_scope("GET", "/z", [(b"origin", ORIGIN.encode())])
    [start, _] = await exchange(policy, scope, REQUEST)
    names = [name.lower() for name, _ in start["headers"]]
    assert names.count(b"x-content-type-options") == names.count(b"x-request-id") == 1
    headers = _headers(start)
    assert headers["cache-control"] == "no-store"
    assert headers["x-request-id"] != "spoofed-by-the-app"
    assert headers["vary"] == "Accept-Encoding, Origin"
    assert headers["content-type"] == "text/plain"
    assert headers["access-control-allow-origin"] == ORIGIN
    assert headers["x-content-type-options"] == "nosniff"


async def test_no_store_unless_the_app_set_a_caching_policy() -> None:
    policy = ExchangePolicy(Inner([(b"Cache-Control", b"public, max-age=600")]), [])
    [start, _] = await exchange(policy, http_scope("GET", "/asset.js", []), REQUEST)
    assert [v for n, v in start["headers"] if n.lower() == b"cache-control"] == [
        b"public, max-age=600"
    ]
    [start, _] = await exchange(ExchangePolicy(Inner(), []), http_scope("GET", "/", []), REQUEST)
    assert _headers(start)["cache-control"] == "no-store"


async def test_a_preflight_is_answered_before_the_app_on_any_path() -> None:
    inner = Inner()
    policy = ExchangePolicy(inner, [ORIGIN])
    asks = [(b"origin", ORIGIN.encode()), (b"access-control-request-method", b"POST")]
    [start, body] = await exchange(policy, http_scope("OPTIONS", "/anything", asks), REQUEST)
    assert start["status"] == 204 and body["body"] == b"" and inner.scopes == []
    assert _headers(start)["access-control-allow-methods"] == "GET, POST"
    asks[0] = (b"origin", b"https://evil.example.net")
    [start, body] = await exchange(policy, http_scope("OPTIONS", "/rpc/x", asks), REQUEST)
    assert start["status"] == 403 and inner.scopes == []
    assert strict_json.loads(body["body"]) == {
        "error": "OriginNotAllowedError",
        "data": {"origin": "https://evil.example.net"},
    }


async def test_a_crash_before_the_answer_is_a_json_unknown_error_with_the_headers(
    logs: list[EventDict],
) -> None:
    policy = ExchangePolicy(Inner(fail_after=0), [])
    [start, body] = await exchange(policy, http_scope("GET", "/boom", []), REQUEST)
    request_id = _headers(start)["x-request-id"]
    assert start["status"] == 500 and _headers(start)["cache-control"] == "no-store"
    assert strict_json.loads(body["body"]) == {
        "error": "UnknownError",
        "data": {"request_id": request_id},
    }
    [failed] = [e for e in logs if e["event"] == "request failed"]
    assert failed["request_id"] == request_id and failed["path"] == "/boom"


async def test_a_crash_mid_answer_is_reported_and_breaks_the_exchange(
    logs: list[EventDict],
) -> None:
    policy = ExchangePolicy(Inner(fail_after=1), [])
    with pytest.raises(RuntimeError, match="mid answer"):
        await exchange(policy, http_scope("GET", "/half", []), REQUEST)
    assert [e["path"] for e in logs if e["event"] == "request failed"] == ["/half"]


async def test_other_scopes_pass_through_untouched() -> None:
    seen: list[MutableMapping[str, Any]] = []

    async def lifespan(scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        seen.append(scope)

    scope: dict[str, Any] = {"type": "lifespan", "asgi": {"version": "3.0"}}
    await exchange(ExchangePolicy(lifespan, []), scope, [])
    assert seen == [{"type": "lifespan", "asgi": {"version": "3.0"}}]
