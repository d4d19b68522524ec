"""Server-side sessions behind signed cookies.

    auth = await authenticate(c, "product", req.cookies.get(cookie_name("product")))
    session = await start_session(q, req, "product", user_id=..., organization_id=..., permanent=False)
    await end_session(q, req, "product", auth.session_id)

A session authenticates only while it is unexpired, not ended, belongs to the app that
asks, and its user is enabled. Every login gets a new session id (no fixation).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from database.__codegen__.enums import OrganizationRoleEnum, SessionAppEnum
from database.__codegen__.models import SessionModel
from database.xact import Q
from foundation.auth.cookies import COOKIE_NAMES, PERMANENT_SECONDS, sign_session, unsign_session
from foundation.clock import CLOCK
from foundation.errors import NotFoundError
from foundation.rpc.req import Req

BROWSER_SESSION_LIFETIME = datetime.timedelta(days=1)
"""Server-side lifetime of a non-permanent session (its cookie ends with the browser)."""


@dataclass(frozen=True, slots=True)
class AuthUser:
    id: str
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class AuthOrganization:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Auth:
    """Who is calling: the session, its user and the selected organization with its role."""

    session_id: str
    user: AuthUser
    organization: AuthOrganization | None
    role: OrganizationRoleEnum | None


def cookie_name(app: SessionAppEnum) -> str:
    return COOKIE_NAMES[app]


async def authenticate(q: Q, app: SessionAppEnum, cookie: str | None) -> Auth | None:
    """The caller behind `cookie`, or None (no cookie, bad signature, ended or expired
    session, another app's session, disabled user). One round trip."""
    session_id = unsign_session(app, cookie)
    if session_id is None:
        return None
    try:
        row = await q.orm.auth_session_lookup(session_id=session_id, app=app, now=CLOCK.now())
    except NotFoundError:
        return None
    if not row.user_is_enabled:
        return None
    organization = (
        AuthOrganization(id=row.organization_id, name=row.organization_name)
        if row.organization_id is not None and row.organization_name is not None
        else None
    )
    return Auth(
        session_id=row.session_id,
        user=AuthUser(id=row.user_id, name=row.user_name, email=row.user_email),
        organization=organization,
        role=row.role if organization is not None else None,
    )


async def start_session(
    q: Q,
    req: Req[Any],
    app: SessionAppEnum,
    *,
    user_id: str,
    organization_id: str | None,
    permanent: bool,
) -> SessionModel:
    """A new session (new id) for the user, and its cookie on the response. The session
    the request came with, if any, is ended."""
    now = CLOCK.now()
    previous = unsign_session(app, req.cookies.get(cookie_name(app)))
    if previous is not None:
        await q.orm.auth_session_expire(session_id=previous, app=app, now=now)
    lifetime = (
        datetime.timedelta(seconds=PERMANENT_SECONDS) if permanent else BROWSER_SESSION_LIFETIME
    )
    session = await q.orm.auth_session_create(
        user_id=user_id,
        organization_id=organization_id,
        app=app,
        expires_at=now + lifetime,
        now=now,
    )
    req.set_cookie(
        cookie_name(app),
        sign_session(app, session.id),
        max_age=PERMANENT_SECONDS if permanent else None,
    )
    return session


async def end_session(q: Q, req: Req[Any], app: SessionAppEnum, session_id: str) -> None:
    """End the session server-side and clear its cookie."""
    await q.orm.auth_session_expire(session_id=session_id, app=app, now=CLOCK.now())
    req.delete_cookie(cookie_name(app))
