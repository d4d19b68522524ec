"""The request id: taken from the client's `X-Request-ID` when well-formed, else a new one.

It is echoed in the `X-Request-ID` response header, bound into every log line of the
request, and is the only thing an `UnknownError` tells the client.
"""

from __future__ import annotations

import re
import uuid

from quart import g, request

REQUEST_ID_HEADER = "X-Request-ID"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,128}")


def accept_request_id(candidate: str | None) -> str:
    """`candidate` if it is a well-formed request id, else a fresh uuid4 hex."""
    if candidate is not None and _WELL_FORMED.fullmatch(candidate):
        return candidate
    return uuid.uuid4().hex


def current_request_id() -> str:
    """The id of the request being handled (decided once per request)."""
    request_id = g.get("request_id")
    if not isinstance(request_id, str):
        request_id = accept_request_id(request.headers.get(REQUEST_ID_HEADER))
        g.request_id = request_id
    return request_id
