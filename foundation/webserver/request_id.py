"""The request id of what Quart serves (everything but RPCs, whose endpoint decides its
own): `foundation.rpc.request_id`'s rule, decided once per request and kept in `g`."""

from __future__ import annotations

from quart import g, request

from foundation.rpc.request_id import REQUEST_ID_HEADER, accept_request_id


def current_request_id() -> str:
    """The id of the request Quart is handling (decided once per request)."""
    request_id = g.get("request_id")
    if not isinstance(request_id, str):
        request_id = accept_request_id(request.headers.get(REQUEST_ID_HEADER))
        g.request_id = request_id
    return request_id
