"""Panopticon's instance of the session-app framework.

    @route("logout", authorization="admin")
    async def logout(req: AdminReq[None]) -> None: ...

Every call runs in an admin transaction (admins see every tenant). `admin` routes need a
panopticon session of a user who is still an admin (`admins_only`, checked on every
request). Product sessions never authenticate here: the cookie has another name and
signature, and the session row's app must be `panopticon`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from foundation.auth.sessions import Auth
from foundation.auth.users import UserSummary
from foundation.session_app import Level, SessionApp, SessionReq, require_session
from panopticon.__codegen__.orm import PanopticonORM
from panopticon.admins.admins import admins_only
from panopticon.db import DB

In = TypeVar("In")
AuthorizationEnum = Literal["public", "admin"]


@dataclass(kw_only=True, eq=False)
class PublicReq(SessionReq[In, PanopticonORM]):
    """Anyone; `admin` is set when a valid admin session came along."""

    session_id: str | None
    admin: UserSummary | None

    @classmethod
    def from_auth(cls, auth: Auth | None) -> dict[str, Any]:
        if auth is None:
            return {"session_id": None, "admin": None}
        return {"session_id": auth.session_id, "admin": auth.user}


@dataclass(kw_only=True, eq=False)
class AdminReq(SessionReq[In, PanopticonORM]):
    """A signed-in admin."""

    session_id: str
    admin: UserSummary

    @classmethod
    def from_auth(cls, auth: Auth | None) -> dict[str, Any]:
        auth = require_session(auth)
        return {"session_id": auth.session_id, "admin": auth.user}


PANOPTICON = SessionApp[PanopticonORM, AuthorizationEnum](
    "panopticon",
    cookie="blossom_panopticon_session",
    db=DB,
    levels={
        "public": Level(PublicReq, signed_in=False, customer=False),
        "admin": Level(AdminReq, signed_in=True, customer=False),
    },
    policy=admins_only,
)
route = PANOPTICON.route
