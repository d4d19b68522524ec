"""`SessionApp`'s own rules, on an app of the test's: what the framework guarantees
whatever the levels' request types do."""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import pytest

from database.testing import harness
from database.xact import xact_admin
from foundation.auth.cookies import sign_session
from foundation.auth.sessions import Auth
from foundation.base.env import ENV
from foundation.db import DB, FoundationORM
from foundation.rpc.errors import RouteDefinitionError
from foundation.rpc.http import Stream
from foundation.session_app import Level, SessionApp, SessionReq
from foundation.testing.fixture import TFix
from foundation.testing.rpc_client import RPCClient
from foundation.testing.settings import override_env
from foundation.webserver.app import create_app

In = TypeVar("In")


@dataclass(kw_only=True, eq=False)
class LaxReq(SessionReq[In, FoundationORM]):
    """A request type that takes a missing session for an answer (both apps' signed-in
    types refuse it themselves, with `require_session`)."""

    user_id: str | None

    @classmethod
    def from_auth(cls, auth: Auth | None) -> dict[str, Any]:
        return {"user_id": auth.user.id if auth is not None else None}


LAX = SessionApp[FoundationORM, Literal["signed_in"]](
    "product",
    cookie="framework_test_session",
    db=DB,
    levels={"signed_in": Level(LaxReq, signed_in=True, transaction="none")},
)


@LAX.route("lax_whoami", authorization="signed_in")
async def lax_whoami(req: LaxReq[None]) -> str | None:
    return req.user_id


async def test_a_signed_in_level_refuses_a_caller_without_a_session() -> None:
    """The framework itself answers 401 on a signed-in level without a valid session,
    even when the level's request type would let the handler run."""
    client = RPCClient(create_app("framework_test", [LAX.router(lax_whoami)]))
    for cookies in (None, {LAX.cookie: "ses_forged.signature"}):
        res = await client.call("lax_whoami", cookies=cookies)
        assert (res.status, res.error) == (401, "UnauthorizedError"), res.body


async def test_a_cookie_no_key_verifies_is_kept_and_a_verified_dead_one_cleared(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mid-rotation, a node may meet a cookie signed with a key it does not know yet: 401,
    but the cookie stays (README "Session key rotation"). A cookie the node verifies
    whose session is over is cleared. (Two real nodes: `product/auth/key_rotation_test.py`.)"""
    client = RPCClient(create_app("framework_test", [LAX.router(lax_whoami)]))
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user)
    cookie = {LAX.cookie: sign_session("product", session.id)}  # the suite's key
    suite_key, newer_key = ENV.session_secret, secrets.token_urlsafe(48)
    override_env(monkeypatch, session_secret=newer_key)  # a node that lacks the suite's key
    unknown = await client.call("lax_whoami", cookies=cookie)
    assert (unknown.status, unknown.cookies) == (401, {}), unknown.headers
    override_env(monkeypatch, session_secret=f"{newer_key},{suite_key}")
    assert (await client.call("lax_whoami", cookies=cookie)).data == c.user.id
    async with xact_admin() as q:
        await harness(q).test_user_disable(id=c.user.id)
    ended = await client.call("lax_whoami", cookies=cookie)
    assert (ended.status, ended.cookies) == (401, {LAX.cookie: ""})


async def _confirm(q: Any, auth: Auth) -> None:
    return None


READS = SessionApp[FoundationORM, Literal["public", "checked"]](
    "product",
    cookie="framework_test_reads",
    db=DB,
    levels={
        "public": Level(LaxReq, signed_in=False, transaction="admin"),
        "checked": Level(LaxReq, signed_in=True, transaction="admin", confirm=_confirm),
    },
)


def test_get_routes_may_read_on_a_replica_unless_their_level_rechecks_on_fresh_data() -> None:
    async def handler(req: LaxReq[None]) -> None:
        return None

    def declared(authorization: Literal["public", "checked"], **options: Any) -> bool:
        route = READS.route("reads_test", authorization=authorization, **options)(handler)
        assert route.access is not None
        return route.access.replica

    assert declared("public", method="GET") is True
    assert declared("public") is False  # POST: may write
    assert declared("public", method="GET", replica=False) is False
    assert declared("public", method="GET", transaction="none") is False
    assert declared("checked", method="GET") is False  # its confirm locks fresh rows
    with pytest.raises(RouteDefinitionError):
        declared("public", replica=True)
    with pytest.raises(RouteDefinitionError):
        declared("checked", method="GET", replica=True)
    with pytest.raises(RouteDefinitionError):
        declared("public", method="GET", transaction="none", replica=True)


def test_a_streamed_route_holds_no_transaction_while_the_client_reads() -> None:
    async def handler(req: LaxReq[None]) -> Stream:
        raise AssertionError

    declare = functools.partial(READS.route, "streams_test", streams=("text/csv",))
    with pytest.raises(RouteDefinitionError, match="hold=False"):
        declare(authorization="public", transaction="admin")(handler)
    assert declare(authorization="public", transaction="admin", hold=False)(handler).streams
    assert declare(authorization="public", transaction="none")(handler).streams
