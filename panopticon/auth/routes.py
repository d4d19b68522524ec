"""Panopticon's init, login and logout."""

from __future__ import annotations

from dataclasses import dataclass

from database.__codegen__.enums import AdminRoleEnum
from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError
from foundation.auth.login import check_login
from foundation.auth.users import UserSummary
from foundation.types import Email, Password
from panopticon.admins.admins import is_admin
from panopticon.framework import PANOPTICON, AdminReq, PublicReq, route


@dataclass(slots=True)
class SignedInAdmin:
    id: str
    name: str
    email: str
    role: AdminRoleEnum
    """`support` or `superadmin`: what the console may offer."""


@dataclass(slots=True)
class PanopticonInitOut:
    admin: SignedInAdmin | None


def _signed_in(user: UserSummary, role: AdminRoleEnum) -> SignedInAdmin:
    return SignedInAdmin(id=user.id, name=user.name, email=user.email, role=role)


@route("init", authorization="public", method="GET")
async def init(req: PublicReq[None]) -> PanopticonInitOut:
    """The signed-in admin with their role, or null."""
    if req.admin is None or req.role is None:
        return PanopticonInitOut(admin=None)
    return PanopticonInitOut(admin=_signed_in(req.admin, req.role))


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
        role = await q.orm.admin_role_lock(user_id=user.id)
        if role is None:  # revoked since the password was checked
            raise InvalidCredentialsError()
        await PANOPTICON.start_session(
            q, req, user_id=user.id, organization_id=None, permanent=False
        )
    return PanopticonInitOut(admin=_signed_in(user, role))


@route("logout", authorization="admin")
async def logout(req: AdminReq[None]) -> None:
    """End this panopticon session and clear its cookie."""
    await PANOPTICON.end_session(req.q, req, req.session_id)


ROUTES = (init, login, logout)
