"""Profile RPCs: user_update, user_password_change."""

from __future__ import annotations

from dataclasses import dataclass

from database.__codegen__.enums import UserLocaleEnum
from foundation.auth import funnel
from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError, WeakPasswordError
from foundation.auth.passwords import hash_password, require_strong_password
from foundation.base.clock import CLOCK
from foundation.base.types import Name, Password
from product.framework import PRODUCT, UserReq, route


@dataclass
class UserUpdateIn:
    name: Name | None = None
    """The display name (unchanged when left out)."""
    locale: UserLocaleEnum | None = None
    """The language of the emails the user gets (unchanged when left out; set at signup
    from the browser's Accept-Language)."""


@dataclass
class UserUpdateOut:
    id: str
    name: str
    email: str
    locale: UserLocaleEnum
    """The language of the user's emails."""


@route("user_update", authorization="user")
async def user_update(req: UserReq[UserUpdateIn]) -> UserUpdateOut:
    """Change the caller's display name and/or the language of their emails (both left
    out: nothing changes, and the answer says what they are)."""
    row = await req.q.orm.user_rename(name=req.data.name, locale=req.data.locale, id=req.user.id)
    return UserUpdateOut(id=row.id, name=row.name, email=row.email, locale=row.locale)


@dataclass
class PasswordChangeIn:
    current_password: Password
    new_password: Password


@route(
    "user_password_change",
    authorization="user",
    errors=(InvalidCredentialsError, WeakPasswordError, TooManyAttemptsError),
    hold=False,
)
async def user_password_change(req: UserReq[PasswordChangeIn]) -> None:
    """Change the caller's password; every other session of theirs ends. Wrong current
    passwords count toward a lockout of this user from this client
    (`TooManyAttemptsError`)."""
    await funnel.reauthenticate(
        PRODUCT.name, req.user.id, req.data.current_password, client=req.client
    )
    await require_strong_password(req.data.new_password, req.user.email)
    new_hash = await hash_password(req.data.new_password)
    async with req.transaction() as q:
        await q.orm.user_password_set(password_hash=new_hash, id=req.user.id)
        await q.orm.user_other_sessions_expire(
            now=CLOCK.now(), user_id=req.user.id, keep_session_id=req.session_id
        )


ROUTES = (user_update, user_password_change)
