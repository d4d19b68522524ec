"""Checking an email and password, with a lockout counted in Postgres.

Every failure path costs one argon2id verification (a dummy hash when there is no user
or no password), so the answer time does not tell whether an email is registered. After
LOCKOUT_FAILURES failures for one email within LOCKOUT_WINDOW, attempts are refused with
`TooManyAttemptsError` until enough of them leave the window; the count lives in the
`login_failures` table, so it holds across workers and processes.

An app narrows who may sign in with `allowed(user_id)` (panopticon: admins only); it is
asked only once the password matched, and a refusal counts as a failure like any other.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Awaitable, Callable

from database.__codegen__.enums import SessionAppEnum
from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError
from foundation.auth.passwords import verify_password
from foundation.auth.users import UserSummary
from foundation.clock import CLOCK
from foundation.db import connection

LOCKOUT_FAILURES = 10
LOCKOUT_WINDOW = datetime.timedelta(minutes=15)

Allowed = Callable[[str], Awaitable[bool]]
"""`async def allowed(user_id) -> bool`: an app's extra condition for signing in."""


async def check_login(
    app: SessionAppEnum, email: str, password: str, *, allowed: Allowed | None = None
) -> UserSummary:
    """The user whose credentials these are; `InvalidCredentialsError` for an unknown email,
    a wrong password, an unfinished signup, a disabled user (and a user `allowed` refuses)
    alike. Two single-statement round trips and one hash; no connection is held while
    hashing."""
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
    accepted = matches and found.signup_step == "complete" and bool(found.is_enabled)
    if accepted and allowed is not None and found.user_id is not None:
        accepted = await allowed(found.user_id)
    async with connection() as c:
        if accepted:
            await c.orm.auth_login_failures_clear(email=email, app=app)
        else:
            await c.orm.auth_login_failure_record(
                email=email, app=app, failed_at=now, since=now - LOCKOUT_WINDOW
            )
    if not accepted or found.user_id is None or found.name is None or found.email is None:
        raise InvalidCredentialsError()
    return UserSummary(id=found.user_id, name=found.name, email=found.email)
