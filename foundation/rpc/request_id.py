"""The request id: taken from the client's `X-Request-ID` when well-formed, else a new one.

It is echoed in the `X-Request-ID` response header, bound into every log line of the
request, and is the only thing an `UnknownError` tells the client. The web server's
exchange policy (`foundation.webserver.exchange`) decides it once per request and hands
it down in the ASGI scope under `REQUEST_ID_SCOPE_KEY`.
"""

from __future__ import annotations

import os
import re

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_SCOPE_KEY = "blossom.request_id"
"""The request id in an HTTP request's ASGI scope (a str), put there by the exchange policy."""
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,128}")


def accept_request_id(candidate: str | None) -> str:
    """`candidate` if it is a well-formed request id, else a fresh one (32 random hex
    digits, as a uuid4's hex, without building a UUID; `os.urandom`, which `secrets`
    reads too, without its three calls on the way)."""
    if candidate is not None and _WELL_FORMED.fullmatch(candidate):
        return candidate
    return os.urandom(16).hex()
