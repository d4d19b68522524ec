"""Reading an RPC's input from the HTTP request and validating it into the route's type.

POST: `Content-Type: application/json` is required, the body may not exceed
`ENV.rpc_max_body_bytes` (checked on Content-Length and on the bytes actually read,
which are never read past the limit), an empty body means `{}` (or `None` for routes
without input). GET: the query string is the input (repeated keys and list-typed fields
give lists); pydantic's lax mode turns the strings into numbers, dates and so on.

Before any validation, one pass over the decoded input refuses what no route can want
and what would fail deeper down: nesting deeper than MAX_DEPTH (a typed 400 instead of a
recursion error), and strings or keys that are not text Postgres can store (NUL) or that
are not valid Unicode (lone surrogates such as `"\ud800"`, which no encoder accepts).
This holds for every route, now and later, whatever its input types say.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import types
import typing
from collections.abc import Iterable, Sequence
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from foundation.base import strict_json
from foundation.base.env import ENV
from foundation.base.errors import InvalidInputError
from foundation.rpc.errors import (
    InputValidationError,
    RequestTimeoutError,
    RequestTooLargeError,
    ServerJSONDeserializeError,
    UnsupportedMediaTypeError,
)
from foundation.rpc.http import JSON_MEDIA_TYPE, ClientDisconnectedError, HTTPRequest
from foundation.rpc.spec import AnyRoute

ROOT_FIELD = "__root__"
MAX_DEPTH = 32
"""Deepest nesting of arrays and objects an input may have (ours are a few levels)."""
_NONE_TYPE = type(None)
_LIST_ORIGINS = (list, tuple, set, frozenset, Sequence)


async def read_input(route: AnyRoute, request: HTTPRequest) -> Any:
    """The validated input of `route` from `request`; raises the standard RPC errors."""
    raw = _query_input(route, request) if request.method == "GET" else await _body_input(request)
    problems = text_problems(raw)
    if problems:
        raise InputValidationError(fields=problems)
    if route.input_type is _NONE_TYPE:
        # Routes without input accept an empty body, null or {} (and ignore the query).
        if raw in (None, {}):
            return None
    elif raw is None:
        raw = {}
    try:
        return route.input_adapter.validate_python(raw)
    except ValidationError as e:
        raise InputValidationError(fields=field_messages(e)) from None


def text_problems(value: Any) -> dict[str, str]:
    """Dotted path -> problem, for every string (value or key) in decoded JSON `value`
    that holds NUL or is not valid Unicode, and for nesting deeper than MAX_DEPTH.
    Iterative, so no input can exhaust the stack."""
    problems: dict[str, str] = {}
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            problem = _string_problem(item)
            if problem:
                problems[path or ROOT_FIELD] = problem
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                problems[path or ROOT_FIELD] = f"nested deeper than {MAX_DEPTH} levels"
                continue
            pairs: Iterable[tuple[Any, Any]] = (
                cast("dict[Any, Any]", item).items()
                if isinstance(item, dict)
                else enumerate(cast("list[Any]", item))
            )
            for key, child in pairs:
                child_path = f"{path}.{key}" if path else str(key)
                if isinstance(key, str):
                    problem = _string_problem(key)
                    if problem:
                        problems[_printable(child_path)] = problem
                        continue
                stack.append((child, child_path, depth + 1))
    return problems


def _string_problem(text: str) -> str | None:
    if "\x00" in text:
        # Postgres text cannot hold NUL; refuse it here rather than fail in the database.
        return "must not contain NUL characters"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return "must be valid unicode text (no lone surrogates)"
    return None


def _printable(path: str) -> str:
    """A path that can itself be encoded in the error response."""
    return path.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def field_messages(error: ValidationError) -> dict[str, str]:
    """One message per failing field, keyed by dotted path (`items.0.name`)."""
    messages: dict[str, str] = {}
    for detail in error.errors(include_url=False, include_input=False):
        path = ".".join(str(part) for part in detail["loc"]) or ROOT_FIELD
        message = detail["msg"]
        messages.setdefault(path, message[:1].lower() + message[1:])
    return messages


async def _body_input(request: HTTPRequest) -> Any:
    if request.mimetype != JSON_MEDIA_TYPE:
        raise UnsupportedMediaTypeError(expected=JSON_MEDIA_TYPE)
    body = await read_body(request, ENV.rpc_max_body_bytes)
    if not body.strip():
        return None
    try:
        return strict_json.loads(body)
    except (ValueError, InvalidInputError) as e:
        raise ServerJSONDeserializeError(message=_json_problem(e)) from None
    except RecursionError:
        raise ServerJSONDeserializeError(
            message=f"json nested deeper than {MAX_DEPTH} levels"
        ) from None


async def read_body(request: HTTPRequest, max_bytes: int) -> bytes:
    """The request body, refusing (413) anything over `max_bytes` without reading it all,
    and (408) a body still incomplete after RPC_BODY_TIMEOUT_SECONDS: a client trickling
    its body (slowloris) cannot hold a connection and a worker's attention for long.
    `ClientDisconnectedError` when the client leaves before the body is complete."""
    if request.content_length is not None and request.content_length > max_bytes:
        raise RequestTooLargeError(max_bytes=max_bytes)
    chunks: list[bytes] = []
    size = 0
    seconds = ENV.rpc_body_timeout_seconds
    try:
        async with asyncio.timeout(seconds):
            while True:
                message = await request.receive()
                if message["type"] != "http.request":
                    raise ClientDisconnectedError()
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > max_bytes:
                    raise RequestTooLargeError(max_bytes=max_bytes)
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
    except TimeoutError:
        raise RequestTimeoutError(timeout_seconds=seconds) from None
    return b"".join(chunks)


def _json_problem(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "body is not utf-8"
    if isinstance(error, InvalidInputError):
        return error.message
    # json.JSONDecodeError: "Expecting value: line 1 column 2 (char 1)" names no data.
    return "invalid json: " + str(error)


def _query_input(route: AnyRoute, request: HTTPRequest) -> dict[str, Any]:
    """The query string as a dict: repeated keys and list-typed fields become lists."""
    args = request.args()
    if not args:
        return {}
    list_fields = _list_fields(route.input_type)
    return {
        key: values if key in list_fields or len(values) > 1 else values[0]
        for key, values in args.items()
    }


@functools.cache
def _list_fields(input_type: Any) -> frozenset[str]:
    """Names of the input's fields whose type is a list-like (possibly optional)."""
    annotations: dict[str, Any] = {}
    if isinstance(input_type, type) and issubclass(input_type, BaseModel):
        annotations = {n: f.annotation for n, f in input_type.model_fields.items()}
    elif isinstance(input_type, type) and dataclasses.is_dataclass(input_type):
        annotations = typing.get_type_hints(input_type)
    return frozenset(name for name, annotation in annotations.items() if _is_list_like(annotation))


def _is_list_like(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_list_like(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return any(_is_list_like(arg) for arg in typing.get_args(annotation))
    candidate = origin or annotation
    return (
        isinstance(candidate, type)
        and issubclass(candidate, _LIST_ORIGINS)
        and not issubclass(candidate, (str, bytes))
    )
