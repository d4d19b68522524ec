"""`SessionApp`'s own rules, on an app of the test's: what the framework guarantees
whatever the levels' request types do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from foundation.auth.sessions import Auth
from foundation.db import DB, FoundationORM
from foundation.session_app import Level, SessionApp, SessionReq
from foundation.testing.rpc_client import RPCClient
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
