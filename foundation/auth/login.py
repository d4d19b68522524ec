"""Checking an email and password, with a lockout counted in Postgres.

Every failure path costs one argon2id verification (a dummy hash when there is no user
or no password), so the answer time does not tell whether an email is registered. After
LOCKOUT_FAILURES failures for one email within LOCKOUT_WINDOW, attempts are refused with
`TooManyAttemptsError` until enough of them leave the window; the count lives in the
`login_failures` table, so it holds across workers and processes.
"""

from __future__ import annotations

import datetime
import math

from database.__codegen__.enums import SessionAppEnum
from database.__codegen__.models import UserModel
from database.xact import xact
from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError
from foundation.auth.passwords import verify_password
from foundation.clock import CLOCK

LOCKOUT_FAILURES = 10
LOCKOUT_WINDOW = datetime.timedelta(minutes=15)


async def check_login(
    app: SessionAppEnum, email: str, password: str, *, admins_only: bool = False
) -> UserModel:
    """The user whose credentials these are; `InvalidCredentialsError` for an unknown email,
    a wrong password, an unfinished signup, a disabled user (and, with `admins_only`, a
    user who is not an admin) alike."""
    now = CLOCK.now()
    async with xact() as q:
        recent = await q.orm.auth_recent_login_failures(
            email=email, app=app, since=now - LOCKOUT_WINDOW, max_failures=LOCKOUT_FAILURES
        )
        if len(recent) >= LOCKOUT_FAILURES:
            lifted_at = recent[-1] + LOCKOUT_WINDOW
            retry = max(1, math.ceil((lifted_at - now).total_seconds()))
            raise TooManyAttemptsError(retry_after_seconds=retry)
        users = await q.orm.auth_user_by_email(email=email)
        user = users[0] if users else None
        is_admin = user is not None and await q.orm.auth_is_admin(user_id=user.id)
    # Outside the transaction: no connection is held while hashing.
    matches = await verify_password(password, user.password_hash if user else None)
    accepted = (
        user is not None
        and matches
        and user.signup_step == "complete"
        and user.is_enabled
        and (is_admin or not admins_only)
    )
    async with xact() as q:
        if accepted:
            await q.orm.auth_login_failures_clear(email=email, app=app)
        else:
            await q.orm.auth_login_failure_record(
                email=email, app=app, failed_at=now, since=now - LOCKOUT_WINDOW
            )
    if not accepted or user is None:
        raise InvalidCredentialsError()
    return user
