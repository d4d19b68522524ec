"""JSON responses of the RPC protocol (strict JSON: no NaN, string keys only).

`error_answer` and `json_answer` are an RPC call's (`http.HTTPResponse`, sent straight to
ASGI); `error_response` and `json_response` the same bodies as Quart responses, for what
Quart serves (`/ping`, unknown paths, its own HTTP errors).
"""

from __future__ import annotations

from typing import Any

from quart import Response
from werkzeug.http import dump_cookie

from foundation.base import strict_json
from foundation.rpc.errors import MethodNotAllowedError, RPCError, ServiceUnavailableError
from foundation.rpc.http import JSON_MEDIA_TYPE, NO_CONTENT, HTTPResponse
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


def quart_response(answer: HTTPResponse) -> Response:
    """`answer` as a Quart response (for what Quart serves)."""
    no_content = answer.status == NO_CONTENT
    response = Response(
        answer.body, status=answer.status, content_type=None if no_content else JSON_MEDIA_TYPE
    )
    for name, value in answer.headers:
        response.headers.add(name.decode("latin-1"), value.decode("latin-1"))
    return response


def json_response(body: Any, status: int = 200) -> Response:
    """A Quart response holding `body` as JSON."""
    return quart_response(json_answer(body, status))


def error_response(error: RPCError) -> Response:
    """`error_answer` as a Quart response."""
    return quart_response(error_answer(error))


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
