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
from dataclasses import dataclass

from database.__codegen__.enums import SessionAppEnum
from database.xact import connection
from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError
from foundation.auth.passwords import verify_password
from foundation.clock import CLOCK

LOCKOUT_FAILURES = 10
LOCKOUT_WINDOW = datetime.timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class LoggedIn:
    """The user whose credentials were accepted."""

    id: str
    name: str
    email: str


async def check_login(
    app: SessionAppEnum, email: str, password: str, *, admins_only: bool = False
) -> LoggedIn:
    """The user whose credentials these are; `InvalidCredentialsError` for an unknown email,
    a wrong password, an unfinished signup, a disabled user (and, with `admins_only`, a
    user who is not an admin) alike. Two single-statement round trips and one hash; no
    connection is held while hashing."""
    now = CLOCK.now()
    async with connection() as c:
        found = await c.orm.auth_login_lookup(
            email=email, app=app, since=now - LOCKOUT_WINDOW, max_failures=LOCKOUT_FAILURES
        )
    if len(found.recent_failures) >= LOCKOUT_FAILURES:
        lifted_at = found.recent_failures[-1] + LOCKOUT_WINDOW
        raise TooManyAttemptsError(
            retry_after_seconds=max(1, math.ceil((lifted_at - now).total_seconds()))
        )
    matches = await verify_password(password, found.password_hash if found.user_id else None)
    accepted = (
        matches
        and found.signup_step == "complete"
        and bool(found.is_enabled)
        and (found.is_admin or not admins_only)
    )
    async with connection() as c:
        if accepted:
            await c.orm.auth_login_failures_clear(email=email, app=app)
        else:
            await c.orm.auth_login_failure_record(
                email=email, app=app, failed_at=now, since=now - LOCKOUT_WINDOW
            )
    if not accepted or found.user_id is None or found.name is None or found.email is None:
        raise InvalidCredentialsError()
    return LoggedIn(id=found.user_id, name=found.name, email=found.email)
