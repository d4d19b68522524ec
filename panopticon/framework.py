"""Panopticon's instance of the session-app framework.

    @route("logout", authorization="admin")
    async def logout(req: AdminReq[None]) -> None: ...

Every call runs in an admin transaction (admins see every tenant). `admin` routes need a
panopticon session of a user who is still an admin, of any role (support or superadmin);
`superadmin` routes need a superadmin. The session lookup reads the role (`admins_only`
refuses non-admins on every request), and each signed-in call re-reads it, share-locked,
in its own transaction before the handler (`confirm_role`): a revoked admin gets 401, an
admin below the route's role `AdminInsufficientRoleError`. Product sessions (impersonated
ones included) never authenticate here: the cookie has another name and signature, and
the session row's app must be `panopticon`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from database.__codegen__.enums import AdminRoleEnum
from foundation.auth.sessions import Auth
from foundation.auth.users import UserSummary
from foundation.session_app import Level, SessionApp, SessionReq, require_session
from panopticon.__codegen__.orm import PanopticonORM
from panopticon.db import DB
from panopticon.roles import (
    AdminInsufficientRoleError,
    admins_only,
    confirm_admin,
    confirm_superadmin,
)

In = TypeVar("In")
AuthorizationEnum = Literal["public", "admin", "superadmin"]


@dataclass(kw_only=True, eq=False)
class PublicReq(SessionReq[In, PanopticonORM]):
    """Anyone; `admin` and `role` are set when a valid admin session came along."""

    session_id: str | None
    admin: UserSummary | None
    role: AdminRoleEnum | None

    @classmethod
    def from_auth(cls, auth: Auth | None) -> dict[str, Any]:
        if auth is None:
            return {"session_id": None, "admin": None, "role": None}
        return {"session_id": auth.session_id, "admin": auth.user, "role": auth.admin_role}


@dataclass(kw_only=True, eq=False)
class AdminReq(SessionReq[In, PanopticonORM]):
    """A signed-in admin (`admin` and `superadmin` routes); `role` as the session was
    loaded (the level's check re-reads it in the transaction)."""

    session_id: str
    admin: UserSummary
    role: AdminRoleEnum

    @classmethod
    def from_auth(cls, auth: Auth | None) -> dict[str, Any]:
        auth = require_session(auth)
        return {"session_id": auth.session_id, "admin": auth.user, "role": auth.admin_role}


PANOPTICON = SessionApp[PanopticonORM, AuthorizationEnum](
    "panopticon",
    cookie="blossom_panopticon_session",
    db=DB,
    levels={
        # Panopticon's transactions bypass RLS (admins see every tenant); its public
        # routes declare it one by one all the same.
        "public": Level(PublicReq, signed_in=False),
        "admin": Level(AdminReq, signed_in=True, transaction="admin", confirm=confirm_admin),
        "superadmin": Level(
            AdminReq, signed_in=True, transaction="admin", confirm=confirm_superadmin
        ),
    },
    policy=admins_only,
    errors=(AdminInsufficientRoleError,),
    same_site="Strict",
)
route = PANOPTICON.route
