"""Panopticon's init, login and logout."""

from __future__ import annotations

from dataclasses import dataclass

from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError
from foundation.auth.login import check_login
from foundation.auth.sessions import AuthUser, end_session, start_session
from foundation.types import Email, Password
from panopticon.framework import APP, AdminReq, PublicReq, route


@dataclass(slots=True)
class AdminOut:
    id: str
    name: str
    email: str


@dataclass(slots=True)
class PanopticonInitOut:
    admin: AdminOut | None


def _init(admin: AuthUser | None) -> PanopticonInitOut:
    if admin is None:
        return PanopticonInitOut(admin=None)
    return PanopticonInitOut(admin=AdminOut(id=admin.id, name=admin.name, email=admin.email))


@route("init", authorization="public", method="GET")
async def init(req: PublicReq[None]) -> PanopticonInitOut:
    """The signed-in admin, or null."""
    return _init(req.admin)


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
    user = await check_login(APP, req.data.email, req.data.password, admins_only=True)
    async with req.transaction() as q:
        await start_session(q, req, APP, user_id=user.id, organization_id=None, permanent=False)
    return _init(AuthUser(id=user.id, name=user.name, email=user.email))


@route("logout", authorization="admin")
async def logout(req: AdminReq[None]) -> None:
    """End this panopticon session and clear its cookie."""
    await end_session(req.q, req, APP, req.session_id)


ROUTES = (init, login, logout)
