"""JSON responses of the RPC protocol (strict JSON: no NaN, string keys only)."""

from __future__ import annotations

from typing import Any

from quart import Response

from foundation import strict_json
from foundation.rpc.errors import MethodNotAllowedError, RPCError, ServiceUnavailableError
from foundation.rpc.req import CookieChange

OK_BODY: dict[str, Any] = {"ok": True}


def json_response(body: Any, status: int = 200) -> Response:
    """A response holding `body` as JSON."""
    return Response(strict_json.dumps(body), status=status, content_type="application/json")


def error_response(error: RPCError) -> Response:
    """`{"error": "<ClassName>", "data": {...}}` with the error's status (and `Allow` on 405)."""
    response = json_response(error.to_json(), error.status)
    if isinstance(error, MethodNotAllowedError):
        response.headers["Allow"] = ", ".join(error.allowed)
    elif isinstance(error, ServiceUnavailableError):
        response.headers["Retry-After"] = str(error.retry_after_seconds)
    return response


def apply_cookie_changes(response: Response, changes: list[CookieChange]) -> None:
    """Write the cookies a handler set or deleted onto `response`; of several changes to
    one cookie (name and path), the last wins (e.g. a cleared cookie, then a new session)."""
    last = {(change.name, change.path): change for change in changes}
    for change in last.values():
        if change.delete:
            response.delete_cookie(
                change.name,
                path=change.path,
                secure=change.secure,
                httponly=change.http_only,
                samesite=change.same_site,
            )
        else:
            response.set_cookie(
                change.name,
                change.value,
                max_age=change.max_age,
                expires=change.expires,
                path=change.path,
                secure=change.secure,
                httponly=change.http_only,
                samesite=change.same_site,
            )
