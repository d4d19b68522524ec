"""The assertions each app's test makes with `hostile.py` (one place, so both apps check
exactly the same)."""

from __future__ import annotations

from quart import Quart

from foundation.testing.hostile import (
    app_routes,
    bad_text_answers,
    field_names,
    malformed_cookie_answers,
)

_NONE_TYPE = type(None)


async def assert_every_route_refuses_non_text(app: Quart) -> None:
    """Every POST route answers 400 `InputValidationError` naming each field holding a
    lone surrogate; no route (GET included) answers 500."""
    answers = await bad_text_answers(app)
    assert answers, "the app has no routes"
    for info in app_routes(app):
        status, body = answers[info.name]
        assert status < 500, (info.name, status, body)
        if info.method == "POST":
            names = field_names(info.input_type) or ["unexpected"]
            assert (status, body["error"]) == (400, "InputValidationError"), (info.name, body)
            assert sorted(body["data"]["fields"]) == sorted(names), (info.name, body)


async def assert_malformed_cookies_sign_out(app: Quart, cookie: str) -> None:
    """A cookie whose signature is not ASCII never makes a 500; every route that reaches
    the session check (those without input) clears it."""
    answers = await malformed_cookie_answers(app, cookie)
    for info in app_routes(app):
        status, cleared = answers[info.name]
        assert status < 500, (info.name, status)
        if info.input_type is _NONE_TYPE:
            assert cleared == "", (info.name, status, cleared)
