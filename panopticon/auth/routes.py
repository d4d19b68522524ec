"""Panopticon's init, login and logout."""

from __future__ import annotations

from dataclasses import dataclass

from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError
from foundation.auth.login import check_login
from foundation.auth.users import UserSummary
from foundation.types import Email, Password
from panopticon.admins.admins import is_admin
from panopticon.framework import PANOPTICON, AdminReq, PublicReq, route


@dataclass(slots=True)
class PanopticonInitOut:
    admin: UserSummary | None


@route("init", authorization="public", method="GET")
async def init(req: PublicReq[None]) -> PanopticonInitOut:
    """The signed-in admin, or null."""
    return PanopticonInitOut(admin=req.admin)


@dataclass
class PanopticonLoginIn:
    email: Email
    password: Password


@route(
    "login",
    authorization="public",
    errors=(InvalidCredentialsError, TooManyAttemptsError),
    transaction=False,
)
async def login(req: PublicReq[PanopticonLoginIn]) -> PanopticonInitOut:
    """Sign in as an admin (a user listed in `admins`); a new session every time."""
    user = await check_login(
        PANOPTICON.name, req.data.email, req.data.password, client=req.client, allowed=is_admin
    )
    async with req.transaction() as q:
        await PANOPTICON.start_session(
            q, req, user_id=user.id, organization_id=None, permanent=False
        )
    return PanopticonInitOut(admin=user)


@route("logout", authorization="admin")
async def logout(req: AdminReq[None]) -> None:
    """End this panopticon session and clear its cookie."""
    await PANOPTICON.end_session(req.q, req, req.session_id)


ROUTES = (init, login, logout)
