"""Rolling session-key rotation across real nodes: `blossom product serve` processes on
the test database, each with its own SESSION_SECRET (README "Session key rotation").

A node that cannot verify a cookie answers 401 and leaves the cookie alone (it may be
another node's newer key); a cookie it verifies whose session is over is cleared."""

from __future__ import annotations

import contextlib
import secrets
import uuid
from collections.abc import Generator

import httpx
import pytest

from foundation.testing.live_server import LiveServer, live_server
from foundation.testing.timeouts import STARTS_PROCESSES
from product.framework import PRODUCT

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

SERVE = ["-m", "cli.main", "product", "serve"]
PASSWORD = "a long enough password"
OLD, NEW = secrets.token_urlsafe(48), secrets.token_urlsafe(48)


@contextlib.contextmanager
def _nodes(*key_lists: str) -> Generator[list[LiveServer]]:
    """One server per SESSION_SECRET, all on the test database."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(live_server(SERVE, {"SESSION_SECRET": k})) for k in key_lists]


def _sessions(node: LiveServer, cookie: str) -> httpx.Response:
    return httpx.get(node.url + "/rpc/sessions_list", cookies={PRODUCT.cookie: cookie}, timeout=30)


def _clears(res: httpx.Response) -> bool:
    return any(
        h.startswith(f"{PRODUCT.cookie}=") and "Max-Age=0" in h
        for h in res.headers.get_list("set-cookie")
    )


def _signup(node: LiveServer) -> str:
    """A new account's cookie, signed by `node`."""
    body = {
        "name": "Ada",
        "email": f"rotation-{uuid.uuid4().hex[:12]}@example.com",
        "password": PASSWORD,
        "organization_name": "Co",
    }
    res = httpx.post(node.url + "/rpc/signup", json=body, timeout=60)
    assert res.status_code == 200, res.text
    return res.cookies[PRODUCT.cookie]


@pytest.mark.timeout(240)  # starts four servers, one at a time (each imports the app)
def test_a_cookie_of_a_newer_key_is_refused_but_kept_and_phase_one_verifies_it() -> None:
    # Mid-deploy: `new` signs with NEW (keeping OLD to verify), `old` knows only OLD.
    with _nodes(OLD, f"{NEW},{OLD}") as (old, new):
        cookie = _signup(new)
        assert _sessions(new, cookie).status_code == 200
        refused = _sessions(old, cookie)
        assert refused.status_code == 401, refused.text
        assert not _clears(refused), refused.headers  # the user stays signed in
        assert "set-cookie" not in refused.headers
        assert _sessions(new, cookie).status_code == 200  # back on a new node: still in
        older = _signup(old)  # cookies of the old key keep working on both
        assert _sessions(new, older).status_code == 200
    # Phase 1 (NEW verify-only everywhere), then phase 2 (NEW signs, OLD verify-only).
    with _nodes(f"{OLD},{NEW}", f"{NEW},{OLD}") as (phase_one, phase_two):
        assert _sessions(phase_one, cookie).status_code == 200
        assert _sessions(phase_two, _signup(phase_one)).status_code == 200
        # A cookie a node verifies whose session has ended is cleared (signed out).
        logout = httpx.post(
            phase_two.url + "/rpc/logout",
            content=b"null",
            headers={"content-type": "application/json"},
            cookies={PRODUCT.cookie: cookie},
            timeout=30,
        )
        assert logout.status_code == 200, logout.text
        ended = _sessions(phase_one, cookie)
        assert ended.status_code == 401 and _clears(ended), ended.headers
