"""`RPCClient`: methods, query strings, cookies and the response helpers."""

from __future__ import annotations

import pytest
from quart import Quart
from werkzeug.datastructures import Headers

from foundation.base.errors import InvalidInputError
from foundation.testing.rpc_client import RPCClient, RPCResponse
from foundation.testing.sample_app import SearchIn, sample_app


@pytest.fixture(scope="module")
def app() -> Quart:
    return sample_app()


async def test_method_defaults_to_the_routes_own(app: Quart) -> None:
    client = RPCClient(app)
    res = await client.call("item_search", SearchIn(query="ink", tags=["a"], active=True))
    assert res.status == 200
    assert res.data == {"query": "ink", "limit": 10, "active": True, "tags": ["a"]}
    assert (await client.call("nothing")).status == 200


async def test_get_inputs_must_be_flat(app: Quart) -> None:
    with pytest.raises(InvalidInputError):
        await RPCClient(app).call("item_search", ["not", "flat"])


async def test_cookies_are_sent_and_read_without_a_jar(app: Quart) -> None:
    client = RPCClient(app)
    login = await client.call("login", {"name": "grace"})
    assert login.cookies == {"session": "session-of-grace"}
    # No jar: the next call carries no cookie unless given one.
    assert (await client.call("cookie_read")).body == {}
    assert (await client.call("cookie_read", cookies=login.cookies)).body == login.cookies


def test_response_helpers() -> None:
    ok = RPCResponse(status=200, body={"error_count": 1}, headers=Headers())
    assert ok.error is None and ok.data == {"error_count": 1}
    failed = RPCResponse(status=400, body={"error": "XError", "data": {"a": 1}}, headers=Headers())
    assert failed.error == "XError" and failed.data == {"a": 1}
    listed = RPCResponse(status=200, body=[1], headers=Headers())
    assert listed.error is None and listed.data == [1]
