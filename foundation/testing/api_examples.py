"""The examples of an app's API description, checked against its routes' own decoding.

    names = await checked_examples(create_product_app())

Each RPC of the app must have an example request (unless it takes no input) and an example
answer in what the app serves at `/openapi.json` (a streamed one: its media types). The request is read the way the RPC
endpoint reads a call (`foundation.rpc.inputs.read_input`: a GET's query string as the
curl snippet sends it, a POST's JSON body) and the answer is decoded by the route's output
type and written back by the server's serializer, which must give it unchanged: an example
can never show what the server would refuse or never send.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from quart import Quart

from foundation.rpc.dispatch import serialize_output
from foundation.rpc.examples import query_pairs
from foundation.rpc.http import HTTPRequest, RequestHeaders
from foundation.rpc.inputs import read_input
from foundation.rpc.responses import OK_BODY
from foundation.rpc.router import RouteInfo, Router, app_routes
from foundation.webserver.app import ROUTERS_EXTENSION
from foundation.webserver.docs import request_example, response_example
from foundation.webserver.openapi import OPENAPI_PATH

_NONE_TYPE = type(None)


async def checked_examples(app: Quart) -> list[str]:
    """The names of the app's RPCs, each of whose examples was checked (see the module
    docstring); an AssertionError or the endpoint's InputValidationError otherwise."""
    response = await app.test_client().get(OPENAPI_PATH)
    document: dict[str, Any] = await response.get_json()
    routers: list[Router] = app.extensions[ROUTERS_EXTENSION]
    names: list[str] = []
    for info in app_routes(routers):
        operation = document["paths"][info.path][info.method.lower()]
        request, answer = request_example(operation), response_example(operation)
        if info.input_type is not _NONE_TYPE:
            assert request is not None, f"{info.name} has no example request"
        await read_input(info.route, _http_request(info, request))
        if info.route.streams:  # a streamed download: its media types, no JSON to show
            content = operation["responses"]["200"]["content"]
            assert sorted(content) == sorted(info.route.streams), info.name
            names.append(info.name)
            continue
        assert answer is not None, f"{info.name} has no example answer"
        if info.output_type is _NONE_TYPE:
            assert answer == OK_BODY, info.name
        else:
            value = info.route.output_adapter.validate_python(answer)
            assert json.loads(serialize_output(info.route, value)) == answer, info.name
        names.append(info.name)
    return names


def _http_request(info: RouteInfo, example: Any) -> HTTPRequest:
    """The call a client makes with `example`: query parameters or a JSON body."""
    body = b"" if info.method == "GET" or example is None else json.dumps(example).encode()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    query = urlencode(query_pairs(example)) if info.method == "GET" else ""
    return HTTPRequest(
        method=info.method,
        path=info.path,
        query_string=query.encode(),
        headers=RequestHeaders([(b"content-type", b"application/json")]),
        remote_addr=None,
        receive=receive,
    )
