"""Panopticon's init, login and logout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from database.__codegen__.enums import AdminRoleEnum
from foundation.auth import funnel
from foundation.auth.errors import (
    SECOND_FACTOR_ERRORS,
    SIGN_IN_ERRORS,
    InvalidCredentialsError,
    MFAEnrollmentRequiredError,
    MFARequiredError,
)
from foundation.auth.funnel import SignedIn
from foundation.auth.second_factor import LoginMfaIn
from foundation.auth.users import UserSummary
from foundation.base.env import ENV
from foundation.base.types import Email, Password
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
    """Who is calling: `admin` null when signed out."""

    admin: SignedInAdmin | None


@dataclass(slots=True)
class PanopticonSignedIn:
    """What a sign-in answers: the admin, never null."""

    admin: SignedInAdmin


def _signed_in(user: UserSummary, role: AdminRoleEnum) -> SignedInAdmin:
    return SignedInAdmin(id=user.id, name=user.name, email=user.email, role=role)


@route("init", authorization="public", transaction="admin", method="GET")
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
    transaction="admin",
    errors=(*SIGN_IN_ERRORS, MFAEnrollmentRequiredError),
    hold=False,
)
async def login(req: PublicReq[PanopticonLoginIn]) -> PanopticonSignedIn:
    """Sign in as an admin (a user listed in `admins`); a new session every time. An admin
    with two-factor authentication on gets `MFARequiredError {challenge}`: finish with
    `login_mfa`. Where admins must have it (ADMIN_REQUIRE_MFA, on in production), an admin
    without it gets `MFAEnrollmentRequiredError` (turn it on in the product first)."""
    passed = await funnel.password(
        PANOPTICON.name, req.data.email, req.data.password, client=req.client, allowed=is_admin
    )
    return await _sign_in(req, passed)


@route(
    "login_mfa",
    authorization="public",
    transaction="admin",
    errors=SECOND_FACTOR_ERRORS,
    hold=False,
)
async def login_mfa(req: PublicReq[LoginMfaIn]) -> PanopticonSignedIn:
    """Finish an admin sign-in that answered `MFARequiredError`: the challenge and a code
    from the authenticator app (`code`) or a recovery code (`recovery_code`). A challenge
    lasts 5 minutes and allows 5 codes; wrong authenticator codes are counted per user
    across every client (recovery codes keep working when they lock)."""
    data = req.data
    done = await funnel.challenge(
        PANOPTICON.name,
        data.challenge,
        client=req.client,
        code=data.code,
        recovery_code=data.recovery_code,
    )
    return await _sign_in(req, done.passed)


async def _sign_in(req: PublicReq[Any], passed: funnel.Passed) -> PanopticonSignedIn:
    """The funnel's last steps for an admin: the role re-read under lock (revoked since
    the password was checked: refused), the second factor, the session."""
    async with req.transaction() as q:
        role = await q.orm.admin_role_lock(user_id=passed.user_id)
        if role is None:
            raise InvalidCredentialsError()
        outcome = await PANOPTICON.sign_in(
            q,
            req,
            passed,
            organization_id=None,
            permanent=False,
            require_second_factor=ENV.admins_need_mfa,
        )
    if not isinstance(outcome, SignedIn):
        raise MFARequiredError(challenge=outcome.challenge)  # after the commit: it is stored
    return PanopticonSignedIn(admin=_signed_in(outcome.user, role))


@route("logout", authorization="admin")
async def logout(req: AdminReq[None]) -> None:
    """End this panopticon session and clear its cookie."""
    await PANOPTICON.end_session(req.q, req, req.session_id)


ROUTES = (init, login, login_mfa, logout)
