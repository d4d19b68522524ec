"""Server-side sessions behind signed cookies.

    auth = await authenticate(c, "product", req.cookies.get("blossom_session"))
    await end_session(q, req, "product", "blossom_session", auth.session_id)

Sessions start only through the authentication funnel (`foundation.auth.funnel.sign_in`).

Apps call these through their `SessionApp` (`foundation.session_app`), which knows its
app name and cookie.

A session authenticates only while it is unexpired, not ended, belongs to the app that
asks, its user is enabled, and (impersonated sessions) its admin is still an enabled
superadmin. Every sign-in gets a new session id (no fixation).
"""

from __future__ import annotations

import asyncio
import datetime
from dataclasses import dataclass
from typing import Any

from database.__codegen__.enums import AdminRoleEnum, OrganizationRoleEnum, SessionAppEnum
from database.records import quick_init
from foundation.__codegen__.queries import AuthSessionLookupRow, AuthSessionReadRow
from foundation.auth.cookies import unsign_session
from foundation.auth.users import UserSummary
from foundation.base.clock import CLOCK
from foundation.db import FoundationConn, FoundationQ, xact_admin
from foundation.rpc.req import Req

BROWSER_SESSION_LIFETIME = datetime.timedelta(days=1)
"""Server-side lifetime of a non-permanent session (its cookie ends with the browser)."""


@quick_init
@dataclass(frozen=True, slots=True)
class AuthOrganization:
    id: str
    name: str


@quick_init
@dataclass(frozen=True, slots=True)
class Auth:
    """Who is calling: the session, its user and the selected organization with its role,
    the user's admin role (None for non-admins), and the admin impersonating the user in
    this session (None unless it is an impersonated session)."""

    session_id: str
    user: UserSummary
    organization: AuthOrganization | None
    role: OrganizationRoleEnum | None
    admin_role: AdminRoleEnum | None = None
    impersonator: UserSummary | None = None
    email_verified: bool = False
    """Whether the user's address is proven (read with the session, no extra round trip)."""
    visit_due: bool = False
    """Read on a replica, the visit is not recorded yet and is due (`record_visit`)."""
    api_key_id: str | None = None
    """The API key the call came with (`session_id` is then `api_key:<id>`, no session)."""
    api_key_scopes: frozenset[str] = frozenset()
    """The permissions that key may use (each route it calls declares one of them)."""
    service: bool = False
    """An organization API key, the organization's service identity: `user` is the key
    (its id and name; no person, no email), `role` is `member`, and its transactions are
    the organization's with no user (`xact_service`); its scopes alone grant permissions."""
    second_factor_missing: bool = False
    """The selected organization requires a second factor and the user has none (read with
    the session; product's `MfaRequiredError`)."""


async def authenticate(
    c: FoundationConn, app: SessionAppEnum, cookie: str | None, *, replica: bool = False
) -> Auth | None:
    """The caller behind `cookie`, or None (no cookie, bad signature, ended or expired
    session, another app's session, disabled user). One round trip. It records the visit
    (at most once a minute) in the same statement; on a read replica (`replica`: `c` is a
    replica's, which refuses writes) it only reads, and `Auth.visit_due` says to record
    it with `record_visit` on the primary, off the request path."""
    session_id = unsign_session(app, cookie)
    if session_id is None:
        return None
    now = CLOCK.now()
    row: AuthSessionLookupRow | AuthSessionReadRow | None
    if replica:
        row = await c.orm.auth_session_read(session_id=session_id, app=app, now=now)
    else:
        row = await c.orm.auth_session_lookup(session_id=session_id, app=app, now=now)
    if row is None or not row.user_is_enabled:
        return None
    organization = (
        AuthOrganization(id=row.organization_id, name=row.organization_name)
        if row.organization_id is not None and row.organization_name is not None
        else None
    )
    return Auth(
        session_id=row.session_id,
        user=UserSummary(id=row.user_id, name=row.user_name, email=row.user_email),
        organization=organization,
        role=row.role if organization is not None else None,
        admin_role=row.admin_role,
        email_verified=bool(row.user_email_verified),
        impersonator=(
            UserSummary(
                id=row.impersonator_id,
                name=row.impersonator_name,
                email=row.impersonator_email,
            )
            if row.impersonator_id is not None
            and row.impersonator_name is not None
            and row.impersonator_email is not None
            else None
        ),
        visit_due=isinstance(row, AuthSessionReadRow) and bool(row.visit_due),
        second_factor_missing=bool(row.second_factor_missing),
    )


VISIT_INTERVAL_SECONDS = 60.0
"""A session's visits are recorded at most once a minute (`last_seen_at`)."""

_visits: dict[str, float] = {}
"""Session id -> loop time this process last recorded a visit read on a replica."""
VISITS_REMEMBERED = 10_000
"""Beyond this many sessions in `_visits`, it starts over (memory stays bounded)."""


async def record_visit(auth: Auth) -> None:
    """Record the visit of a session read on a replica (`Auth.visit_due`) on the primary,
    unless this process did within VISIT_INTERVAL_SECONDS (the replica may not show it
    yet): background work, never on the request path."""
    now = asyncio.get_running_loop().time()
    if len(_visits) >= VISITS_REMEMBERED:
        _visits.clear()
    last = _visits.get(auth.session_id)
    if last is not None and now - last < VISIT_INTERVAL_SECONDS:
        return
    _visits[auth.session_id] = now
    async with xact_admin() as q:
        await q.orm.auth_session_touch(
            session_id=auth.session_id, user_id=auth.user.id, now=CLOCK.now()
        )


async def end_session(
    q: FoundationQ, req: Req[Any], app: SessionAppEnum, cookie: str, session_id: str
) -> None:
    """End the session server-side and clear its cookie."""
    await q.orm.auth_session_expire(session_id=session_id, app=app, now=CLOCK.now())
    req.delete_cookie(cookie)
