"""The RPC protocol's JSON answers (`foundation.rpc.responses`) as Quart responses, for
what Quart serves (`/ping`, the docs' JSON, unknown paths, its own HTTP errors)."""

from __future__ import annotations

from typing import Any

from quart import Response

from foundation.rpc.errors import RPCError
from foundation.rpc.http import JSON_MEDIA_TYPE, NO_CONTENT, HTTPResponse
from foundation.rpc.responses import error_answer, json_answer


def quart_response(answer: HTTPResponse) -> Response:
    """`answer` as a Quart response."""
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
