"""The app around the RPCs: request ids, headers, CORS, /ping, JSON errors, access log."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from quart import Quart
from structlog.typing import EventDict

from foundation.base import strict_json
from foundation.base.env import reload_env
from foundation.rpc.errors import RouteDefinitionError
from foundation.testing.rpc_client import RPCClient
from foundation.testing.sample_app import (
    SAMPLE_ORIGIN,
    SAMPLE_VERSION,
    clashing_router,
    sample_app,
    sample_router,
)
from foundation.webserver import app as app_module
from foundation.webserver import ping as ping_module
from foundation.webserver.app import create_app, package_version

OTHER_ORIGIN = "https://evil.example.net"


@pytest.fixture(scope="module")
def app() -> Quart:
    return sample_app()


@pytest.fixture(scope="module")
def client(app: Quart) -> RPCClient:
    return RPCClient(app)


async def _get(app: Quart, path: str, **headers: str) -> tuple[int, Any, Any]:
    response = await app.test_client().get(path, headers=headers)
    raw = await response.get_data()
    return response.status_code, strict_json.loads(raw) if raw else None, response.headers


async def test_well_formed_request_ids_are_echoed(client: RPCClient) -> None:
    for request_id in ("abcdefgh", "frontend.req-42_x", "A" * 128):
        res = await client.call("nothing", headers={"X-Request-ID": request_id})
        assert res.headers["X-Request-ID"] == request_id


async def test_malformed_request_ids_are_replaced(client: RPCClient) -> None:
    for request_id in ("short", "has space in it", "A" * 129, "semi;colon!", "ünïcode-id"):
        res = await client.call("nothing", headers={"X-Request-ID": request_id})
        assert re.fullmatch(r"[0-9a-f]{32}", res.headers["X-Request-ID"]), request_id
    first = await client.call("nothing")
    second = await client.call("nothing")
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


@pytest.mark.handler_failures_expected
async def test_unknown_error_names_the_response_request_id(client: RPCClient) -> None:
    res = await client.call("crash")
    assert res.data == {"request_id": res.headers["X-Request-ID"]}


@pytest.mark.handler_failures_expected
async def test_security_headers_on_every_response(app: Quart, client: RPCClient) -> None:
    responses = [
        (await client.call("nothing")).headers,
        (await client.call("crash")).headers,
        (await _get(app, "/ping"))[2],
        (await _get(app, "/nowhere"))[2],
    ]
    for headers in responses:
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["Cache-Control"] == "no-store"
        assert "X-Request-ID" in headers


async def test_cors_allowed_origin_is_echoed_with_credentials(client: RPCClient) -> None:
    res = await client.call("nothing", headers={"Origin": SAMPLE_ORIGIN})
    assert res.headers["Access-Control-Allow-Origin"] == SAMPLE_ORIGIN
    assert res.headers["Access-Control-Allow-Credentials"] == "true"
    assert res.headers["Access-Control-Expose-Headers"] == "X-Request-ID"
    assert "Origin" in res.headers["Vary"]


async def test_cors_other_origins_get_no_cors_headers(client: RPCClient) -> None:
    for headers in ({"Origin": OTHER_ORIGIN}, {}, {"Origin": SAMPLE_ORIGIN + "/"}):
        res = await client.call("nothing", headers=headers)
        assert res.status == 200
        assert not [h for h, _ in res.headers if h.lower().startswith("access-control-")]


async def test_preflight_from_allowed_origin(app: Quart) -> None:
    response = await app.test_client().options(
        "/rpc/order_echo",
        headers={
            "Origin": SAMPLE_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 204
    headers = response.headers
    assert headers["Access-Control-Allow-Origin"] == SAMPLE_ORIGIN
    assert headers["Access-Control-Allow-Credentials"] == "true"
    assert headers["Access-Control-Allow-Methods"] == "GET, POST"
    assert headers["Access-Control-Allow-Headers"] == "Content-Type, X-Request-ID"
    assert int(headers["Access-Control-Max-Age"]) > 0


async def test_preflight_from_other_origin_is_403_without_cors_headers(app: Quart) -> None:
    response = await app.test_client().options(
        "/rpc/order_echo",
        headers={"Origin": OTHER_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 403
    assert strict_json.loads(await response.get_data()) == {
        "error": "OriginNotAllowedError",
        "data": {"origin": OTHER_ORIGIN},
    }
    assert not [h for h, _ in response.headers if h.lower().startswith("access-control-")]


async def test_cors_origins_default_to_the_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", f"{SAMPLE_ORIGIN}, https://admin.example.com")
    reload_env()
    try:
        app = create_app("configured", [])
    finally:
        monkeypatch.undo()
        reload_env()
    _, _, headers = await _get(app, "/ping", Origin="https://admin.example.com")
    assert headers["Access-Control-Allow-Origin"] == "https://admin.example.com"


async def test_ping_reports_version_and_database(app: Quart) -> None:
    status, body, _ = await _get(app, "/ping")
    assert (status, body) == (200, {"ok": True, "version": SAMPLE_VERSION, "database": "ok"})


async def test_ping_reports_an_unavailable_database(
    app: Quart, monkeypatch: pytest.MonkeyPatch
) -> None:
    @asynccontextmanager
    async def unreachable() -> AsyncGenerator[Any]:
        # A real connection attempt to a port where nothing listens.
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        yield await asyncpg.connect(host="127.0.0.1", port=port, user="x", timeout=1)

    monkeypatch.setattr(ping_module, "connection", unreachable)
    status, body, _ = await _get(app, "/ping")
    assert (status, body["database"], body["ok"]) == (200, "unavailable", True)


def test_version_defaults_to_the_package_version() -> None:
    assert package_version() not in ("", None)


async def test_unknown_paths_get_json_404(app: Quart) -> None:
    status, body, _ = await _get(app, "/nowhere/at/all")
    assert (status, body) == (
        404,
        {"error": "PathNotFoundError", "data": {"path": "/nowhere/at/all"}},
    )
    status, body, _ = await _get(app, "/rpc/")
    assert (status, body) == (404, {"error": "RPCNotFoundError", "data": {"name": ""}})


async def test_wrong_method_outside_rpc_gets_json_405(app: Quart) -> None:
    response = await app.test_client().post("/ping")
    assert response.status_code == 405
    body: Any = strict_json.loads(await response.get_data())
    assert body["error"] == "MethodNotAllowedError"
    assert "GET" in body["data"]["allowed"] and "GET" in response.headers["Allow"]


async def test_unexpected_errors_outside_rpc_are_json_500(
    app: Quart, monkeypatch: pytest.MonkeyPatch, logs: list[EventDict]
) -> None:
    async def explode(version: str) -> dict[str, Any]:
        raise RuntimeError("ping internals")

    monkeypatch.setattr(app_module, "ping_body", explode)
    status, body, headers = await _get(app, "/ping")
    assert (status, body) == (
        500,
        {"error": "UnknownError", "data": {"request_id": headers["X-Request-ID"]}},
    )
    assert [e["request_id"] for e in logs if e["event"] == "request failed"] == [
        headers["X-Request-ID"]
    ]


async def test_one_access_log_line_per_request(client: RPCClient, logs: list[EventDict]) -> None:
    res = await client.call("withdraw", {"amount": "3"}, headers={"X-Request-ID": "access-log-1"})
    [line] = [e for e in logs if e["event"] == "request"]
    assert line["request_id"] == "access-log-1" == res.headers["X-Request-ID"]
    assert (line["method"], line["path"], line["status"]) == ("POST", "/rpc/withdraw", 400)
    assert line["log_level"] == "info" and isinstance(line["duration_ms"], float)


async def test_no_access_log_line_below_the_log_level(
    client: RPCClient, logs: list[EventDict], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("foundation.base.logs._level", logging.WARNING)  # LOG_LEVEL=warning
    res = await client.call("withdraw", {"amount": "3"})
    assert res.status == 400 and not [e for e in logs if e["event"] == "request"]


async def test_logs_inside_a_request_carry_its_request_id(
    client: RPCClient, logs: list[EventDict]
) -> None:
    await client.call("login", {"name": "ada"}, headers={"X-Request-ID": "bound-req-01"})
    [line] = [e for e in logs if e["event"] == "signed in"]
    assert line["request_id"] == "bound-req-01"


def test_an_app_whose_errors_share_a_name_does_not_start() -> None:
    # On the wire an error is its class name: refused at start, not at the first request.
    with pytest.raises(RouteDefinitionError, match="share a name"):
        create_app("sample", [sample_router(), clashing_router()])


async def test_the_dev_outbox_shows_delivered_email_outside_production(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from foundation.email.transport import OutgoingEmail, deliver
    from foundation.testing.settings import override_env

    await deliver(OutgoingEmail(to="dev-outbox@example.test", subject="S", text="code: x"))
    await deliver(OutgoingEmail(to="other@example.test", subject="T", text="hello"))
    served = create_app("sample", []).test_client()
    res = await served.get("/dev/emails?to=DEV-OUTBOX@example.test")
    body = strict_json.loads(await res.get_data())
    assert res.status_code == 200 and isinstance(body, dict)
    assert body["emails"] == [
        {
            "to": "dev-outbox@example.test",
            "subject": "S",
            "text": "code: x",
            "message_id": "",
            "delivered_by": f"pid {os.getpid()}",
        }
    ]
    every = strict_json.loads(await (await served.get("/dev/emails")).get_data())
    assert isinstance(every, dict) and isinstance(every["emails"], list)
    assert [e["subject"] for e in every["emails"] if isinstance(e, dict)] == ["S", "T"]
    override_env(monkeypatch, environment="production")
    hidden = await create_app("sample", []).test_client().get("/dev/emails?to=x@example.test")
    assert hidden.status_code == 404


async def test_a_browser_gets_the_dev_mailbox_as_a_page_with_clickable_links() -> None:
    from foundation.email.transport import OutgoingEmail, deliver

    link = "http://localhost:40811/verify-email#code=abc_123"
    text = f"Your code: abc_123\nor open {link}\nnot a link: javascript:alert(1)\n"
    await deliver(OutgoingEmail(to="page@example.test", subject="<b>Verify</b>", text=text))
    served = create_app("sample", []).test_client()
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    res = await served.get("/dev/emails?to=page@example.test", headers=browser)
    page = await res.get_data(as_text=True)
    assert res.content_type == "text/html; charset=utf-8"
    assert "default-src 'none'" in res.headers["Content-Security-Policy"]
    assert f'<a href="{link}">{link}</a>' in page
    assert "&lt;b&gt;Verify&lt;/b&gt;" in page and "<b>" not in page
    assert page.count("<a ") == 1  # only http(s) URLs become links
    as_json = await served.get("/dev/emails?to=page@example.test", headers={"Accept": "*/*"})
    assert as_json.content_type == "application/json"


async def test_the_dev_server_previews_every_email_template(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from foundation.email.render import KINDS, LOCALES, PREVIEW_CODE
    from foundation.testing.settings import override_env

    served = create_app("sample", []).test_client()
    index = await served.get("/dev/emails/preview")
    page = await index.get_data(as_text=True)
    assert (
        index.status_code == 200
        and "default-src 'none'" in index.headers["Content-Security-Policy"]
    )
    for kind in KINDS:
        for locale in LOCALES:
            assert f'href="/dev/emails/preview?kind={kind}&amp;locale={locale}"' in page
    html = await served.get("/dev/emails/preview?kind=invite&locale=de")
    body = await html.get_data(as_text=True)
    assert html.content_type == "text/html; charset=utf-8"
    assert "Einladung annehmen" in body and PREVIEW_CODE in body and "{code}" not in body
    assert "img-src https:" in html.headers["Content-Security-Policy"]
    text = await served.get("/dev/emails/preview?kind=invite&locale=en&part=text")
    assert text.content_type == "text/plain; charset=utf-8"
    assert "Ada Lovelace invited you" in await text.get_data(as_text=True)
    assert (await served.get("/dev/emails/preview?kind=nope")).status_code == 404
    assert (await served.get("/dev/emails/preview?kind=invite&locale=xx")).status_code == 404
    override_env(monkeypatch, environment="production")
    hidden = await create_app("sample", []).test_client().get("/dev/emails/preview")
    assert hidden.status_code == 404


async def test_an_email_template_override_using_an_unknown_variable_stops_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from foundation.email.render import EmailTemplateError
    from foundation.testing.settings import override_env

    (tmp_path / "mfa_reset.txt").write_text(
        '{% extends "_layout.txt" %}{% block subject %}Hi {{ nickname }}{% endblock %}'
    )
    override_env(monkeypatch, email_templates_dir=str(tmp_path))
    with pytest.raises(EmailTemplateError, match="nickname"):
        create_app("sample", [])


async def test_rpc_answers_and_quart_answers_carry_the_same_headers(
    app: Quart, client: RPCClient
) -> None:
    """RPCs are answered in front of Quart (`foundation.rpc.endpoint`), everything else by
    Quart's hooks: one policy, the same headers either way."""
    rpc = (await client.call("nothing", headers={"Origin": SAMPLE_ORIGIN})).headers
    _, _, ping = await _get(app, "/ping", Origin=SAMPLE_ORIGIN)
    wanted = [
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cache-Control",
        "Vary",
        "Access-Control-Allow-Origin",
        "Access-Control-Allow-Credentials",
        "Access-Control-Expose-Headers",
    ]
    assert [rpc.get(name) for name in wanted] == [ping.get(name) for name in wanted]
    assert rpc["Access-Control-Allow-Origin"] == SAMPLE_ORIGIN
    assert rpc["Content-Type"] == ping["Content-Type"] == "application/json"


async def test_a_background_task_that_swallows_its_cancellation_still_stops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Python 3.11's asyncio.wait_for loses a cancellation that lands as its awaitable
    # finishes; a sender that lived on after its worker stopped took later tests' emails.
    monkeypatch.setattr(app_module, "STOP_GRACE_SECONDS", 0.05)
    cancellations = 0

    async def stubborn() -> None:
        nonlocal cancellations
        while True:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                cancellations += 1
                if cancellations == 1:
                    continue  # swallowed, as wait_for did
                raise

    task = asyncio.get_running_loop().create_task(stubborn())
    await asyncio.sleep(0)
    async with asyncio.timeout(10):
        await app_module.stop_task(task)
    assert task.cancelled() and cancellations == 2
