"""Users in the admin console: users_search, user_get, user_set_enabled,
user_sessions_expire, login_lockout_clear, user_mfa_reset."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Literal, Protocol, TypedDict, cast

from pydantic import StringConstraints

from database.__codegen__.enums import (
    OrganizationRoleEnum,
    SecondFactorEnum,
    SessionAppEnum,
    SignInMethodEnum,
    UserSignupStepEnum,
)
from database.__codegen__.models import UserModel
from foundation.auth.devices import describe
from foundation.base.clock import CLOCK
from foundation.base.types import Email, Name
from foundation.crypto.codes import new_code
from foundation.email.links import RESET_PASSWORD, VERIFY_EMAIL, product_link
from foundation.email.outbox import queue_email
from foundation.rpc.errors import RPCError
from panopticon.alerts import alert_after_commit
from panopticon.audit.audit import audit, changes
from panopticon.framework import AdminReq, route
from panopticon.inputs import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    InvalidCursorError,
    Limit,
    Page,
    Reason,
    SearchQuery,
    decode_cursor,
    encode_cursor,
)
from panopticon.outputs import Done, StoryEvent, named_story


@dataclass
class UserNotFoundError(RPCError):
    """No user has this id."""

    user_id: str


UsersSortEnum = Literal["newest", "oldest", "email", "email_desc"]
"""The orders an index serves: creation (the primary key, both ways) and email (byte
order: `users_email_prefix_idx`, both ways)."""

TotalKindEnum = Literal["exact", "at_least", "estimate"]

COUNT_CAP = 10_000
"""Totals are counted exactly up to this many rows; beyond it they are `at_least` (with
a search or filters) or the planner's `estimate` (the whole table)."""

WALK_ROWS_PER_ROW = 20
"""A search matching more than `COUNT_CAP` users first walks the users in page order,
this many per row of the page, testing each against the search and filters: when the
matches are that dense (one user in 20 or more), that walk is the page, at a cost that
does not grow with the table, where the branches would read and sort every match. A
search matching fewer, or whose walk finds less than a page, gets its page from the
branches' indexes."""


def walk_rows(total: int, limit: int) -> int:
    """How many users a search's page query walks, given its capped count: none when it
    matches at most `COUNT_CAP` users (its branches sort at most that many matches, and
    the walk would cost every such search about a millisecond and a half)."""
    return WALK_ROWS_PER_ROW * (limit + 1) if total > COUNT_CAP else 0


UsersCursor = Annotated[str, StringConstraints(max_length=600)]
"""The `next_cursor` of the previous page (opaque); none for the first page."""

EMAIL_KEY = re.compile(r"^[^\x00-\x1f]{1,320}$")
"""What an email sort's cursor holds: a lowercased email (any printable text: a position
in the order, not an address to trust)."""
_LAST_EMAIL = "\U0010ffff"
"""Sorts after every email in byte order: `email < _LAST_EMAIL` is every row, for the
first page of the list Z to A (`""` is before every email, for A to Z)."""


@dataclass
class UsersSearchIn:
    query: SearchQuery = ""
    """A user id, the start of an email (any case), `@example.com` (every user at that
    email domain; `example.com` finds them too) or words of a name (any case; each a whole
    word of the name but the last, which may be its start: "ann le" finds "Ann Lee";
    punctuation separates words); empty lists all."""
    is_enabled: bool | None = None
    """Only enabled (true) or disabled (false) users; null: both."""
    verified: bool | None = None
    """Only users whose email is verified (true) or not (false); null: both."""
    has_mfa: bool | None = None
    """Only users with (true) or without (false) a second factor; null: both."""
    organization_id: str | None = None
    """Only active members of this organization (the organization's members, paginated:
    each item then has its `role`)."""
    created_from: datetime.date | None = None
    """Only users created on or after this day (UTC)."""
    created_to: datetime.date | None = None
    """Only users created on or before this day (UTC)."""
    sort: UsersSortEnum = "newest"
    cursor: UsersCursor | None = None
    """The `next_cursor` of the previous page (of the same sort); none for the first page."""
    limit: Limit = DEFAULT_LIMIT
    """Rows per page: 50 by default; larger values are capped at 200."""


@dataclass
class UserListItem:
    id: str
    name: str
    email: str
    is_enabled: bool
    verified: bool
    """Whether the user proved they own the email."""
    signup_step: UserSignupStepEnum
    created_at: datetime.datetime
    last_visited_at: datetime.datetime | None
    organizations_count: int
    """Organizations the user is an active member of."""
    role: OrganizationRoleEnum | None
    """The role in the organization of the `organization_id` filter (null without it)."""


@dataclass
class UsersSearchPage:
    items: list[UserListItem]
    next_cursor: str | None
    """Pass it as `cursor` for the next page (same search, filters and sort); null on the
    last page."""
    total: int
    """How many users the search and filters keep (see `total_kind`)."""
    total_kind: TotalKindEnum
    """`exact`; `at_least` (counting stopped at 10,000); `estimate` (the whole table, from
    the planner's statistics: counting every row would be slow)."""


class _UserRow(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def email_key(self) -> str: ...
    @property
    def is_enabled(self) -> bool: ...
    @property
    def verified(self) -> bool | None: ...
    @property
    def signup_step(self) -> str:
        """A `UserSignupStepEnum` (a search's rows come through a UNION: sqlc types it `str`)."""
        ...

    @property
    def created_at(self) -> datetime.datetime: ...
    @property
    def last_visited_at(self) -> datetime.datetime | None: ...
    @property
    def organizations_count(self) -> int: ...
    @property
    def role(self) -> OrganizationRoleEnum | None: ...


class _Filters(TypedDict):
    is_enabled: bool | None
    verified: bool | None
    has_mfa: bool | None
    organization_id: str | None
    created_from: datetime.datetime | None
    created_before: datetime.datetime | None


class _Walk(TypedDict):
    row_limit: int
    walk_rows: int


class _Search(TypedDict):
    id: str
    email_prefix: str
    domain: str
    name_query: str


def _day_start(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


def _position(sort: UsersSortEnum, cursor: str | None) -> str:
    """Where the page starts: the last row of the previous one (its id, or its lowercased
    email for the email sorts), or the start of the order. `InvalidCursorError` for a
    cursor this list did not hand out, or handed out for another sort."""
    if sort in ("newest", "oldest"):
        page = Page.of(f"users-{sort}", cursor, MAX_LIMIT)
        return page.before if sort == "newest" else page.after
    email = decode_cursor(f"users-{sort}", cursor, EMAIL_KEY)
    if email is None:
        return "" if sort == "email" else _LAST_EMAIL
    return email


def _next_cursor(sort: UsersSortEnum, rows: Sequence[_UserRow], limit: int) -> str | None:
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    return encode_cursor(
        f"users-{sort}", last.id if sort in ("newest", "oldest") else last.email_key
    )


@route("users_search", authorization="admin", method="GET", errors=(InvalidCursorError,))
async def users_search(req: AdminReq[UsersSearchIn]) -> UsersSearchPage:
    """Find users: by id, by email prefix (case-insensitive), by email domain
    (`@example.com`) or by the words of the name, narrowed by the filters (each null filter is
    off), sorted by creation or email (byte order). Keyset-paginated (`limit` rows, at
    most 200; pass `next_cursor` back as `cursor`, with the same search, filters and sort):
    users added or removed between two pages neither repeat nor skip the others. With a
    total: exact up to 10,000, else `at_least` or (nothing to filter) the planner's
    `estimate`."""
    q, data = req.q, req.data
    limit = min(data.limit, MAX_LIMIT)
    position = _position(data.sort, data.cursor)
    filters: _Filters = {
        "is_enabled": data.is_enabled,
        "verified": data.verified,
        "has_mfa": data.has_mfa,
        "organization_id": data.organization_id or None,
        "created_from": _day_start(data.created_from),
        "created_before": _day_start(
            data.created_to + datetime.timedelta(days=1) if data.created_to else None
        ),
    }
    query = data.query
    rows: Sequence[_UserRow]
    if query:
        search: _Search = {
            "id": query,
            "email_prefix": query.lower(),
            "domain": query.lower().removeprefix("@"),
            "name_query": query,
        }
        total = await q.orm.users_search_count(**filters, **search, cap=COUNT_CAP + 1)
        walk: _Walk = {"row_limit": limit + 1, "walk_rows": walk_rows(total, limit)}
        if data.sort == "newest":
            rows = await q.orm.users_search_newest(**filters, **search, before_id=position, **walk)
        elif data.sort == "oldest":
            rows = await q.orm.users_search_oldest(**filters, **search, after_id=position, **walk)
        elif data.sort == "email":
            rows = await q.orm.users_search_email_asc(
                **filters, **search, after_email=position, **walk
            )
        else:
            rows = await q.orm.users_search_email_desc(
                **filters, **search, before_email=position, **walk
            )
    else:
        if data.sort == "newest":
            rows = await q.orm.users_list_newest(**filters, before_id=position, row_limit=limit + 1)
        elif data.sort == "oldest":
            rows = await q.orm.users_list_oldest(**filters, after_id=position, row_limit=limit + 1)
        elif data.sort == "email":
            rows = await q.orm.users_list_email_asc(
                **filters, after_email=position, row_limit=limit + 1
            )
        else:
            rows = await q.orm.users_list_email_desc(
                **filters, before_email=position, row_limit=limit + 1
            )
        total = await q.orm.users_count(**filters, cap=COUNT_CAP + 1)
    kind: TotalKindEnum = "exact"
    if total > COUNT_CAP:
        kind = "at_least"
        total = COUNT_CAP
        if not query and all(value is None for value in filters.values()):
            kind = "estimate"
            total = max(COUNT_CAP, await q.orm.users_estimate() or 0)
    items = [
        UserListItem(
            id=r.id,
            name=r.name,
            email=r.email,
            is_enabled=r.is_enabled,
            verified=bool(r.verified),
            signup_step=cast(UserSignupStepEnum, r.signup_step),
            created_at=r.created_at,
            last_visited_at=r.last_visited_at,
            organizations_count=r.organizations_count,
            role=r.role,
        )
        for r in rows[:limit]
    ]
    return UsersSearchPage(
        items=items,
        next_cursor=_next_cursor(data.sort, rows, limit),
        total=total,
        total_kind=kind,
    )


@dataclass
class UserGetIn:
    user_id: str


@dataclass
class UserDetail:
    id: str
    name: str
    email: str
    is_enabled: bool
    signup_step: UserSignupStepEnum
    has_password: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    last_visited_at: datetime.datetime | None
    mfa_enabled: bool
    """Whether two-factor authentication (TOTP) is on."""
    email_verified_at: datetime.datetime | None
    """When the user proved they own the email; null: not verified."""


@dataclass
class UserMembership:
    membership_id: str
    organization_id: str
    organization_name: str
    role: OrganizationRoleEnum
    joined_at: datetime.datetime
    removed_at: datetime.datetime | None
    """When the membership ended; null while active."""
    removed_by: str | None
    """The remover's user id (null if the user left, or the remover was deleted)."""
    removed_by_name: str | None


SessionStateEnum = Literal["active", "ended", "expired"]


@dataclass
class UserSession:
    """A product session of the user."""

    session_id: str
    created_at: datetime.datetime
    last_seen_at: datetime.datetime
    expires_at: datetime.datetime
    ended_at: datetime.datetime | None
    state: SessionStateEnum
    """`active`, `ended` (logged out or revoked) or `expired`."""
    organization_id: str | None
    impersonator_id: str | None
    """The admin impersonating the user in this session, if it is an impersonated one."""
    browser: str
    """The browser and its major version, from the user agent ("Chrome 120"; "Unknown")."""
    os: str
    """The operating system ("Mac OS X 10.15", "iOS 17.1"; "Unknown")."""
    device: str
    """The device ("iPhone", "Mac"; "Computer" for other desktops and laptops; "Unknown")."""
    client_address: str | None
    """The address it was signed in from (null: unknown, or not recorded)."""
    sign_in_method: SignInMethodEnum | None
    """How it was signed in (password, passkey, impersonation...; null: not recorded)."""
    second_factor: SecondFactorEnum | None
    """The second factor it passed, if one was asked."""


@dataclass
class LoginFailure:
    app: SessionAppEnum
    client: str
    failed_at: datetime.datetime


@dataclass
class UserGetOut:
    user: UserDetail
    memberships: list[UserMembership]
    """Every membership, active or ended, newest first."""
    sessions: list[UserSession]
    """The newest 100 product sessions."""
    login_failures: list[LoginFailure]
    """The newest 50 failed logins for the user's email (any app)."""
    storytime: list[StoryEvent]


@route("user_get", authorization="admin", method="GET", errors=(UserNotFoundError,))
async def user_get(req: AdminReq[UserGetIn]) -> UserGetOut:
    """Everything about one user: memberships, product sessions, recent failed logins and
    the user's history."""
    q, user_id = req.q, req.data.user_id
    row = await q.orm.user_get(user_id=user_id)
    if row is None:
        raise UserNotFoundError(user_id=user_id)
    now = CLOCK.now()
    memberships = await q.orm.user_memberships(user_id=user_id)
    sessions = await q.orm.user_product_sessions(user_id=user_id)
    failures = await q.orm.user_login_failures(email=row.email)
    return UserGetOut(
        user=UserDetail(
            id=row.id,
            name=row.name,
            email=row.email,
            is_enabled=row.is_enabled,
            signup_step=row.signup_step,
            has_password=bool(row.has_password),
            created_at=row.created_at,
            updated_at=row.updated_at,
            last_visited_at=row.last_visited_at,
            mfa_enabled=bool(row.mfa_enabled),
            email_verified_at=row.email_verified_at,
        ),
        memberships=[
            UserMembership(
                membership_id=m.id,
                organization_id=m.organization_id,
                organization_name=m.organization_name,
                role=m.role,
                joined_at=m.joined_at,
                removed_at=m.removed_at,
                removed_by=m.removed_by_user_id,
                removed_by_name=m.removed_by_name,
            )
            for m in memberships
        ],
        sessions=[
            UserSession(
                session_id=s.id,
                created_at=s.created_at,
                last_seen_at=s.last_seen_at,
                expires_at=s.expires_at,
                ended_at=s.expired_at,
                state=(
                    "ended"
                    if s.expired_at is not None
                    else "expired" if s.expires_at <= now else "active"
                ),
                organization_id=s.organization_id,
                impersonator_id=s.impersonator_user_id,
                browser=describe(s.user_agent).browser,
                os=describe(s.user_agent).os,
                device=describe(s.user_agent).device,
                client_address=s.client_address or None,
                sign_in_method=s.sign_in_method,
                second_factor=s.second_factor,
            )
            for s in sessions
        ],
        login_failures=[
            LoginFailure(app=f.app, client=f.client, failed_at=f.failed_at) for f in failures
        ],
        storytime=await named_story(q.orm, row.storytime),
    )


@dataclass
class UserSetEnabledIn:
    user_id: str
    enabled: bool
    reason: Reason


@route("user_set_enabled", authorization="superadmin", errors=(UserNotFoundError,))
async def user_set_enabled(req: AdminReq[UserSetEnabledIn]) -> Done:
    """Enable or disable a user (superadmin). Disabling ends every product session of the
    user at once (their next request gets 401) and refuses their logins like a wrong
    password. Audited (a disabling is announced on the security Slack channel when
    configured); `changed` is false when the user already was in that state."""
    q, data, now = req.q, req.data, CLOCK.now()
    user = await q.orm.user_lock_for_update(user_id=data.user_id)
    if user is None:
        raise UserNotFoundError(user_id=data.user_id)
    ended = 0
    if not data.enabled:
        ended = await q.orm.user_product_sessions_expire(user_id=user.id, now=now)
    if user.is_enabled == data.enabled:
        return Done(changed=False, count=ended)
    await q.orm.user_set_enabled(
        user_id=user.id,
        is_enabled=data.enabled,
        did="enabled by an admin" if data.enabled else "disabled by an admin",
        by_user_id=req.admin.id,
        now=now,
    )
    await audit(
        req,
        "user.enable" if data.enabled else "user.disable",
        target=user.id,
        reason=data.reason,
        diff={
            **changes({"is_enabled": user.is_enabled}, {"is_enabled": data.enabled}),
            **({"sessions_ended": ended} if ended else {}),
        },
    )
    if not data.enabled:
        alert_after_commit(
            req,
            "user_disabled",
            f"panopticon: admin {req.admin.id} disabled user {user.id}"
            f" ({ended} sessions ended): {data.reason}",
        )
    return Done(changed=True, count=ended)


@dataclass
class UserSessionsExpireIn:
    user_id: str
    reason: Reason


@route("user_sessions_expire", authorization="admin", errors=(UserNotFoundError,))
async def user_sessions_expire(req: AdminReq[UserSessionsExpireIn]) -> Done:
    """End every live product session of a user now (signs them out everywhere); `count`
    is how many. Audited."""
    q, data = req.q, req.data
    user = await q.orm.user_lock_for_update(user_id=data.user_id)
    if user is None:
        raise UserNotFoundError(user_id=data.user_id)
    ended = await q.orm.user_product_sessions_expire(user_id=user.id, now=CLOCK.now())
    await audit(
        req, "user.sessions_expire", target=user.id, reason=data.reason, diff={"ended": ended}
    )
    return Done(changed=ended > 0, count=ended)


@dataclass
class LoginLockoutClearIn:
    email: Email
    reason: Reason


@route("login_lockout_clear", authorization="admin")
async def login_lockout_clear(req: AdminReq[LoginLockoutClearIn]) -> Done:
    """Forget the failed logins of an email (every app and client address), lifting any
    lockout at once; `count` is how many failures were forgotten. Audited."""
    cleared = await req.q.orm.login_lockout_clear(email=req.data.email)
    await audit(
        req,
        "login.lockout_clear",
        target=req.data.email.lower(),
        reason=req.data.reason,
        diff={"failures_cleared": cleared},
    )
    return Done(changed=cleared > 0, count=cleared)


@dataclass
class UserMfaResetIn:
    user_id: str
    reason: Reason


@route("user_mfa_reset", authorization="superadmin", errors=(UserNotFoundError,))
async def user_mfa_reset(req: AdminReq[UserMfaResetIn]) -> Done:
    """Turn a user's two-factor authentication off (superadmin), for a user who lost both
    the authenticator and the recovery codes: the secret, recovery codes and pending login
    challenges are deleted, and the user is emailed. Audited; `changed` is false (and
    nothing is sent) when MFA was off."""
    q, data = req.q, req.data
    user = await q.orm.user_lock_for_update(user_id=data.user_id)
    if user is None:
        raise UserNotFoundError(user_id=data.user_id)
    was_enabled = await q.orm.user_mfa_reset(
        user_id=user.id, by_user_id=req.admin.id, now=CLOCK.now()
    )
    if not was_enabled:
        return Done(changed=False)
    await audit(
        req,
        "user.mfa_reset",
        target=user.id,
        reason=data.reason,
        diff=changes({"mfa_enabled": True}, {"mfa_enabled": False}),
    )
    await queue_email(
        q,
        to=user.email,
        kind="mfa_reset",
        values={"name": user.name},
        locale=user.locale,
        user_id=user.id,
    )
    return Done(changed=True)


RESET_LIFETIME = datetime.timedelta(hours=1)
"""As long as a reset code the user asks for themselves (product's `password_reset_request`)."""
VERIFY_LIFETIME = datetime.timedelta(days=7)
"""As long as a verification code sent at sign-up."""


@dataclass
class UserNotActiveError(RPCError):
    """The user is disabled (or deleted): enable them first."""

    user_id: str


@dataclass
class UserEmailSendIn:
    user_id: str
    reason: Reason


async def _active_user(req: AdminReq[UserEmailSendIn]) -> UserModel:
    user = await req.q.orm.user_lock_for_update(user_id=req.data.user_id)
    if user is None:
        raise UserNotFoundError(user_id=req.data.user_id)
    if not user.is_enabled or user.deleted_at is not None:
        raise UserNotActiveError(user_id=user.id)
    return user


@route(
    "user_password_reset_send",
    authorization="admin",
    errors=(UserNotFoundError, UserNotActiveError),
)
async def user_password_reset_send(req: AdminReq[UserEmailSendIn]) -> Done:
    """Email the user a password reset code (valid 1 hour), as if they had asked on the
    sign-in page: its link lets them choose a new password. Their older open reset codes
    stop working. Sent through the email outbox; audited. `UserNotActiveError` for a
    disabled or deleted user."""
    user = await _active_user(req)
    code, code_hash = new_code()
    now = CLOCK.now()
    await req.q.orm.admin_user_code_issue(
        user_id=user.id,
        purpose="reset_password",
        code_hash=code_hash,
        expires_at=now + RESET_LIFETIME,
        did="password reset sent by an admin",
        by_user_id=req.admin.id,
        now=now,
    )
    await queue_email(
        req.q,
        to=user.email,
        kind="reset_password",
        values={"link": product_link(RESET_PASSWORD), "code": "{code}"},
        secret=code,
        user_id=user.id,
    )
    await audit(req, "user.password_reset_send", target=user.id, reason=req.data.reason, diff={})
    return Done(changed=True, count=1)


@route(
    "user_verification_resend",
    authorization="admin",
    errors=(UserNotFoundError, UserNotActiveError),
)
async def user_verification_resend(req: AdminReq[UserEmailSendIn]) -> Done:
    """Email the user a new verification code for their address (valid 7 days; older ones
    stop working), through the email outbox; audited. `changed` is false (and nothing is
    sent) when the address is already verified. `UserNotActiveError` for a disabled or
    deleted user."""
    user = await _active_user(req)
    if user.email_verified_at is not None:
        return Done(changed=False)
    code, code_hash = new_code()
    now = CLOCK.now()
    await req.q.orm.admin_user_code_issue(
        user_id=user.id,
        purpose="verify_email",
        code_hash=code_hash,
        expires_at=now + VERIFY_LIFETIME,
        did="verification email sent by an admin",
        by_user_id=req.admin.id,
        now=now,
    )
    await queue_email(
        req.q,
        to=user.email,
        kind="verify_email",
        values={"link": product_link(VERIFY_EMAIL), "code": "{code}", "days": VERIFY_LIFETIME.days},
        secret=code,
        user_id=user.id,
    )
    await audit(req, "user.verification_resend", target=user.id, reason=req.data.reason, diff={})
    return Done(changed=True, count=1)


@dataclass
class EmailTakenError(RPCError):
    """Another user has this email (in any case)."""

    email: str


@dataclass
class UserUpdateIn:
    user_id: str
    name: Name
    email: Email
    reason: Reason


@route(
    "user_update",
    authorization="superadmin",
    errors=(UserNotFoundError, EmailTakenError),
)
async def user_update(req: AdminReq[UserUpdateIn]) -> Done:
    """Change a user's name and email (superadmin). A new email is unverified until the
    user proves it: the old address is told of the change and the new one gets a
    verification email (valid 7 days), both through the outbox. Audited (`diff` has what
    changed); `changed` is false (and nothing is sent) when both were already so. A change
    of the name alone (or of the email's case) sends no email: the history and audit log
    keep it.
    `EmailTakenError` when another user has the email."""
    q, data, now = req.q, req.data, CLOCK.now()
    user = await q.orm.user_lock_for_update(user_id=data.user_id)
    if user is None or user.deleted_at is not None:
        raise UserNotFoundError(user_id=data.user_id)
    before = {"name": user.name, "email": user.email}
    after = {"name": data.name, "email": data.email}
    if before == after:
        return Done(changed=False)
    if await q.orm.admin_email_taken(email=data.email, user_id=user.id):
        raise EmailTakenError(email=data.email)
    await q.orm.admin_user_update(
        user_id=user.id, name=data.name, email=data.email, by_user_id=req.admin.id, now=now
    )
    await audit(req, "user.update", target=user.id, reason=data.reason, diff=changes(before, after))
    if user.email.lower() == data.email.lower():
        return Done(changed=True)  # the same address (in another case): still verified
    await queue_email(
        q,
        to=user.email,
        kind="email_changed",
        values={"new_email": data.email},
        locale=user.locale,
        user_id=user.id,
    )
    code, code_hash = new_code()
    await q.orm.admin_user_code_issue(
        user_id=user.id,
        purpose="verify_email",
        code_hash=code_hash,
        expires_at=now + VERIFY_LIFETIME,
        did="verification email sent for the new address",
        by_user_id=req.admin.id,
        now=now,
    )
    await queue_email(
        q,
        to=data.email,
        kind="verify_email",
        values={
            "link": product_link(VERIFY_EMAIL),
            "code": "{code}",
            "days": VERIFY_LIFETIME.days,
        },
        secret=code,
        locale=user.locale,
        user_id=user.id,
    )
    return Done(changed=True)


ROUTES = (
    users_search,
    user_get,
    user_set_enabled,
    user_sessions_expire,
    login_lockout_clear,
    user_mfa_reset,
    user_password_reset_send,
    user_verification_resend,
    user_update,
)
