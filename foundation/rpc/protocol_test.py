"""Every rule of the RPC protocol, through the sample app and Quart's in-process client."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from quart import Quart
from structlog.typing import EventDict

from foundation.base import strict_json
from foundation.base.env import ENV
from foundation.rpc.inputs import MAX_DEPTH
from foundation.testing.rpc_client import RPCClient
from foundation.testing.sample_app import SAMPLE_TOKEN, sample_app

ORDER = {
    "placed_at": "2030-01-02T03:04:05+02:00",
    "price": "12.50",
    "items": [{"name": "atlas", "quantity": 2}, {"name": "quill", "quantity": 3, "kind": "pen"}],
}


@pytest.fixture(scope="module")
def app() -> Quart:
    return sample_app()


@pytest.fixture(scope="module")
def client(app: Quart) -> RPCClient:
    return RPCClient(app)


JSON = "application/json"


async def _post_raw(app: Quart, name: str, body: bytes, **headers: str) -> tuple[int, Any]:
    response = await app.test_client().post(f"/rpc/{name}", data=body, headers=headers)
    return response.status_code, strict_json.loads(await response.get_data())


async def test_success_serializes_datetimes_decimals_and_nested_items(client: RPCClient) -> None:
    res = await client.call("order_echo", ORDER)
    assert res.status == 200
    assert res.body == {
        "placed_at": "2030-01-02T03:04:05+02:00",
        "price": "12.50",
        "items": [
            {"name": "atlas", "quantity": 2, "kind": "book"},
            {"name": "quill", "quantity": 3, "kind": "pen"},
        ],
        "total_quantity": 5,
        "note": None,
    }


async def test_utc_datetimes_keep_their_offset(client: RPCClient) -> None:
    res = await client.call("order_echo", {**ORDER, "placed_at": "2030-01-02T03:04:05+00:00"})
    placed_at = datetime.datetime.fromisoformat(res.body["placed_at"])
    assert placed_at == datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    assert placed_at.utcoffset() == datetime.timedelta(0)


async def test_none_output_is_ok_true(client: RPCClient) -> None:
    res = await client.call("nothing")
    assert (res.status, res.body) == (200, {"ok": True})


async def test_empty_body_null_and_empty_object_mean_no_input(app: Quart) -> None:
    for body in (b"", b"null", b"{}", b"  "):
        assert await _post_raw(app, "nothing", body, **{"Content-Type": "application/json"}) == (
            200,
            {"ok": True},
        )


async def test_empty_body_means_empty_object(app: Quart) -> None:
    status, body = await _post_raw(app, "order_echo", b"", **{"Content-Type": "application/json"})
    assert status == 400
    assert body == {
        "error": "InputValidationError",
        "data": {
            "fields": {
                "placed_at": "field required",
                "price": "field required",
                "items": "field required",
            }
        },
    }


async def test_non_object_inputs_and_outputs(client: RPCClient) -> None:
    res = await client.call("tally", ["a", "b", "a"])
    assert (res.status, res.body) == (200, {"a": 2, "b": 1})


async def test_invalid_input_gets_one_message_per_field(client: RPCClient) -> None:
    res = await client.call(
        "order_echo",
        {
            "placed_at": "yesterday",
            "price": "cheap",
            "items": [{"quantity": "many"}, {"name": "ok", "quantity": 1, "kind": "sword"}],
        },
    )
    assert res.status == 400 and res.error == "InputValidationError"
    fields = res.data["fields"]
    assert set(fields) == {"placed_at", "price", "items.0.name", "items.0.quantity", "items.1.kind"}
    assert fields["items.0.name"] == "field required"
    assert "valid integer" in fields["items.0.quantity"]
    assert "'book' or 'pen'" in fields["items.1.kind"]
    assert all(message[0].islower() for message in fields.values())


async def test_nul_characters_are_refused_before_the_handler(client: RPCClient) -> None:
    res = await client.call(
        "order_echo",
        {
            "placed_at": "2026-01-01T00:00:00Z",
            "price": "1",
            "items": [{"name": "a\x00b", "quantity": 1}],
        },
    )
    assert res.error == "InputValidationError"
    assert res.data["fields"] == {"items.0.name": "must not contain NUL characters"}


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 975, 976, 100_000])
async def test_deep_nesting_is_a_typed_400_at_any_depth(app: Quart, depth: int) -> None:
    """Too deep for the limit, or for Python's JSON decoder itself: never a 500."""
    body = b"[" * depth + b"]" * depth
    status, answer = await _post_raw(app, "order_echo", body, **{"Content-Type": JSON})
    assert status == 400, answer
    assert answer["error"] in ("InputValidationError", "ServerJSONDeserializeError"), answer
    if answer["error"] == "InputValidationError":
        assert f"nested deeper than {MAX_DEPTH} levels" in str(answer["data"]["fields"])


async def test_nesting_up_to_the_limit_reaches_validation(app: Quart) -> None:
    body = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    status, answer = await _post_raw(app, "order_echo", body, **{"Content-Type": JSON})
    assert (status, list(answer["data"]["fields"])) == (400, ["__root__"]), answer
    assert "nested" not in answer["data"]["fields"]["__root__"]


async def test_lone_surrogates_in_values_and_keys_are_refused(app: Quart) -> None:
    body = b'{"placed_at": "\\ud800", "items": [{"name": "ok", "\\udfff": 1}]}'
    status, answer = await _post_raw(app, "order_echo", body, **{"Content-Type": JSON})
    assert (status, answer["error"]) == (400, "InputValidationError")
    assert answer["data"]["fields"] == {
        "placed_at": "must be valid unicode text (no lone surrogates)",
        "items.0.\\udfff": "must be valid unicode text (no lone surrogates)",
    }


async def test_wrong_input_shape_is_a_root_error(client: RPCClient) -> None:
    res = await client.call("order_echo", [1, 2])
    assert res.status == 400
    assert list(res.data["fields"]) == ["__root__"]


async def test_post_needs_json_content_type(app: Quart) -> None:
    for headers in (
        {},
        {"Content-Type": "text/plain"},
        {"Content-Type": "application/x-www-form-urlencoded"},
    ):
        status, body = await _post_raw(app, "nothing", b"{}", **headers)
        assert status == 415
        assert body == {
            "error": "UnsupportedMediaTypeError",
            "data": {"expected": "application/json"},
        }


async def test_content_type_may_carry_a_charset(app: Quart) -> None:
    status, _ = await _post_raw(
        app, "nothing", b"{}", **{"Content-Type": "application/json; charset=utf-8"}
    )
    assert status == 200


async def test_malformed_json_is_400(app: Quart) -> None:
    for body in (b"{", b"{'single': 'quotes'}", b'{"price": NaN}', b"\xff\xfe"):
        status, answer = await _post_raw(
            app, "order_echo", body, **{"Content-Type": "application/json"}
        )
        assert status == 400
        assert isinstance(answer, dict) and answer["error"] == "ServerJSONDeserializeError"


async def test_body_over_the_limit_by_content_length_is_413(app: Quart) -> None:
    headers = {
        "Content-Type": "application/json",
        "Content-Length": str(ENV.rpc_max_body_bytes + 1),
    }
    status, body = await _post_raw(app, "nothing", b"{}", **headers)
    assert status == 413
    assert body == {"error": "RequestTooLargeError", "data": {"max_bytes": ENV.rpc_max_body_bytes}}


async def test_body_over_the_limit_without_content_length_is_413(app: Quart) -> None:
    big = b'"' + b"x" * ENV.rpc_max_body_bytes + b'"'
    status, body = await _post_raw(app, "nothing", big, **{"Content-Type": "application/json"})
    assert (status, body) == (
        413,
        {"error": "RequestTooLargeError", "data": {"max_bytes": ENV.rpc_max_body_bytes}},
    )


async def test_unknown_rpc_is_404(client: RPCClient) -> None:
    res = await client.call("no_such_rpc")
    assert (res.status, res.body) == (
        404,
        {"error": "RPCNotFoundError", "data": {"name": "no_such_rpc"}},
    )


async def test_wrong_method_is_405_with_allow(client: RPCClient) -> None:
    res = await client.call("item_search", {"query": "x"}, method="POST")
    assert res.status == 405 and res.headers["Allow"] == "GET"
    assert res.body == {"error": "MethodNotAllowedError", "data": {"allowed": ["GET"]}}
    for method in ("GET", "PUT", "DELETE", "OPTIONS"):
        res = await client.call("nothing", method=method)
        assert res.status == 405 and res.headers["Allow"] == "POST", method


async def test_get_builds_input_from_the_query_string(client: RPCClient) -> None:
    res = await client.call(
        "item_search", {"query": "pens", "limit": 3, "active": True, "tags": ["a", "b"]}
    )
    assert res.status == 200
    assert res.body == {"query": "pens", "limit": 3, "active": True, "tags": ["a", "b"]}


async def test_get_list_fields_take_a_single_value_and_defaults_apply(app: Quart) -> None:
    response = await app.test_client().get("/rpc/item_search?query=q&tags=only")
    assert strict_json.loads(await response.get_data()) == {
        "query": "q",
        "limit": 10,
        "active": False,
        "tags": ["only"],
    }


async def test_get_query_is_validated(app: Quart) -> None:
    response = await app.test_client().get("/rpc/item_search?limit=many")
    body: Any = strict_json.loads(await response.get_data())
    assert response.status_code == 400
    assert body["data"]["fields"].keys() == {"query", "limit"}


async def test_declared_error_has_its_status_shape_and_cookies(client: RPCClient) -> None:
    res = await client.call("withdraw", {"amount": "5.00"})
    assert res.status == 400
    assert res.body == {
        "error": "InsufficientFundsError",
        "data": {"balance": "1.00", "requested": "5.00"},
    }
    assert res.cookies == {"attempted": "1"}


async def test_around_hook_can_refuse_with_401(client: RPCClient) -> None:
    res = await client.call("whoami")
    assert (res.status, res.body) == (401, {"error": "UnauthorizedError", "data": {}})


async def test_around_hook_substitutes_its_req(client: RPCClient) -> None:
    res = await client.call("whoami", headers={"Authorization": SAMPLE_TOKEN})
    assert (res.status, res.body) == (200, {"user": "sample-user"})
    assert res.cookies == {"seen": "yes"}  # set on the derived req, applied to the response


async def test_handler_over_its_timeout_is_504(client: RPCClient) -> None:
    res = await client.call("slow")
    assert (res.status, res.body) == (
        504,
        {"error": "RPCTimeoutError", "data": {"timeout_seconds": 0.01}},
    )


@pytest.mark.handler_failures_expected
async def test_crash_is_500_without_internals_and_logged_with_request_id(
    app: Quart, logs: list[EventDict]
) -> None:
    response = await app.test_client().post(
        "/rpc/crash",
        data=b"",
        headers={"Content-Type": "application/json", "X-Request-ID": "crash-req-0001"},
    )
    raw = await response.get_data(as_text=True)
    assert response.status_code == 500
    assert strict_json.loads(raw) == {
        "error": "UnknownError",
        "data": {"request_id": "crash-req-0001"},
    }
    assert "hunter2" not in raw and "RuntimeError" not in raw
    [failure] = [e for e in logs if e["event"] == "rpc failed"]
    assert failure["request_id"] == "crash-req-0001" and failure["rpc"] == "crash"
    assert failure["log_level"] == "error"
    assert "Traceback" in str(failure["exception"]) and "hunter2" in str(failure["exception"])


@pytest.mark.handler_failures_expected
async def test_undeclared_rpc_error_is_a_logged_500(
    client: RPCClient, logs: list[EventDict]
) -> None:
    res = await client.call("undeclared")
    assert res.status == 500 and res.error == "UnknownError"
    assert "InsufficientFunds" not in strict_json.dumps(res.body)
    [entry] = [e for e in logs if e["event"] == "rpc raised an undeclared error"]
    assert (
        entry["error"] == "InsufficientFundsError" and entry["request_id"] == res.data["request_id"]
    )


@pytest.mark.handler_failures_expected
async def test_output_of_the_wrong_type_is_a_500(client: RPCClient) -> None:
    res = await client.call("wrong_output")
    assert res.status == 500 and res.error == "UnknownError"


async def test_cookies_in_and_out(client: RPCClient) -> None:
    res = await client.call("login", {"name": "ada"})
    assert res.cookies == {"session": "session-of-ada"}
    [set_cookie] = res.headers.getlist("Set-Cookie")
    assert (
        "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie and "Max-Age=3600" in set_cookie
    )
    assert "Secure" in set_cookie  # outside development
    res = await client.call("cookie_read", cookies={"session": "abc", "theme": "dark"})
    assert res.body == {"session": "abc", "theme": "dark"}
    res = await client.call("logout")
    assert res.cookies == {"session": ""}
    assert "Max-Age=0" in res.headers["Set-Cookie"]


async def test_decimal_inputs_accept_numbers_and_strings(client: RPCClient) -> None:
    for amount in ("2.50", 2.5, 2):
        res = await client.call("withdraw", {"amount": amount})
        assert Decimal(res.data["requested"]) == Decimal(str(amount))
