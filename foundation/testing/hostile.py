"""Hostile requests against every route of an app, for each app's tests: strings that
are not text, and malformed session cookies. Nothing of them may produce a 500."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, cast

from pydantic import BaseModel
from quart import Quart
from quart.testing import QuartClient

from foundation.rpc.router import RouteInfo, Router
from foundation.webserver.app import ROUTERS_EXTENSION

LONE_SURROGATE = "\ud800"
NON_ASCII_SIGNATURE = "ses_2EYXkgJRdy2.\xe9\xe9\xe9"
"""A session cookie whose signature holds non-ASCII bytes (sent as latin-1)."""


def app_routes(app: Quart) -> list[RouteInfo]:
    routers: list[Router] = app.extensions[ROUTERS_EXTENSION]
    return [info for router in routers for info in router.routes()]


def field_names(input_type: Any) -> list[str]:
    """The top-level field names of a route's input type (none for other types)."""
    if dataclasses.is_dataclass(input_type):
        return [f.name for f in dataclasses.fields(input_type)]
    if isinstance(input_type, type) and issubclass(input_type, BaseModel):
        return list(input_type.model_fields)
    return []


def _client(app: Quart) -> QuartClient:
    return cast(QuartClient, app.test_client(use_cookies=False))


async def bad_text_answers(app: Quart) -> dict[str, tuple[int, Any]]:
    """Route name -> (status, body) for a POST body whose every field is a lone surrogate
    (GET routes: a query string of invalid UTF-8)."""
    answers: dict[str, tuple[int, Any]] = {}
    for info in app_routes(app):
        if info.method == "GET":
            response = await _client(app).get(info.path + "?q=%ED%A0%80")
        else:
            names = field_names(info.input_type) or ["unexpected"]
            # ensure_ascii: the surrogate travels as the escape `\ud800`, as an attacker sends it.
            body = json.dumps(dict.fromkeys(names, LONE_SURROGATE), ensure_ascii=True)
            response = await _client(app).post(
                info.path, data=body, headers={"Content-Type": "application/json"}
            )
        answers[info.name] = (response.status_code, await response.get_json())
    return answers


async def malformed_cookie_answers(app: Quart, cookie: str) -> dict[str, tuple[int, str | None]]:
    """Route name -> (status, the cookie's Set-Cookie value or None) for a call with an
    empty input and a session cookie whose signature is not ASCII."""
    answers: dict[str, tuple[int, str | None]] = {}
    for info in app_routes(app):
        headers = {"Cookie": f"{cookie}={NON_ASCII_SIGNATURE}"}
        if info.method == "GET":
            response = await _client(app).get(info.path, headers=headers)
        else:
            headers["Content-Type"] = "application/json"
            response = await _client(app).post(info.path, data=b"", headers=headers)
        cleared = next(
            (
                value.split(";", 1)[0].split("=", 1)[1]
                for value in response.headers.getlist("Set-Cookie")
                if value.startswith(f"{cookie}=")
            ),
            None,
        )
        answers[info.name] = (response.status_code, cleared)
    return answers
