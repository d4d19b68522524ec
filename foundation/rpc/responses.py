"""JSON answers of the RPC protocol (strict JSON: no NaN, string keys only), as
`http.HTTPResponse`s sent straight to ASGI. `foundation.webserver.responses` makes the
same bodies into Quart responses for what Quart serves."""

from __future__ import annotations

from typing import Any

from werkzeug.http import dump_cookie

from foundation.base import strict_json
from foundation.rpc.errors import MethodNotAllowedError, RPCError, ServiceUnavailableError
from foundation.rpc.http import HTTPResponse
from foundation.rpc.req import CookieChange

OK_BODY: dict[str, Any] = {"ok": True}


def json_answer(body: Any, status: int = 200) -> HTTPResponse:
    """An RPC answer holding `body` as JSON."""
    return HTTPResponse(status, strict_json.dumps(body).encode())


def error_answer(error: RPCError) -> HTTPResponse:
    """`{"error": "<ClassName>", "data": {...}}` with the error's status (and `Allow` on
    405, `Retry-After` on 503)."""
    answer = json_answer(error.to_json(), error.status)
    if isinstance(error, MethodNotAllowedError):
        answer.add_header("Allow", ", ".join(error.allowed))
    elif isinstance(error, ServiceUnavailableError):
        answer.add_header("Retry-After", str(error.retry_after_seconds))
    return answer


def apply_cookie_changes(answer: HTTPResponse, changes: list[CookieChange]) -> None:
    """Write the cookies a handler set or deleted onto `answer` as Set-Cookie headers; of
    several changes to one cookie (name and path), the last wins (e.g. a cleared cookie,
    then a new session)."""
    last = {(change.name, change.path): change for change in changes}
    for change in last.values():
        if change.delete:
            header = dump_cookie(
                change.name,
                expires=0,
                max_age=0,
                path=change.path,
                secure=change.secure,
                httponly=change.http_only,
                samesite=change.same_site,
            )
        else:
            header = dump_cookie(
                change.name,
                change.value,
                max_age=change.max_age,
                expires=change.expires,
                path=change.path,
                secure=change.secure,
                httponly=change.http_only,
                samesite=change.same_site,
            )
        answer.add_header("Set-Cookie", header)
