"""The request id: taken from the client's `X-Request-ID` when well-formed, else a new one.

It is echoed in the `X-Request-ID` response header, bound into every log line of the
request, and is the only thing an `UnknownError` tells the client. RPC calls decide it in
`endpoint.py`; what Quart serves, in `foundation.webserver.request_id`.
"""

from __future__ import annotations

import re
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,128}")


def accept_request_id(candidate: str | None) -> str:
    """`candidate` if it is a well-formed request id, else a fresh uuid4 hex."""
    if candidate is not None and _WELL_FORMED.fullmatch(candidate):
        return candidate
    return uuid.uuid4().hex
