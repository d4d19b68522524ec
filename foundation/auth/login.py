"""Checking an email and password, with a lockout counted in Postgres.

Every failure path costs one argon2id verification (a dummy hash when there is no user
or no password), so the answer time does not tell whether an email is registered.

The lockout, per app (`login_failures`, so it holds across workers and processes):

- Every attempt is *reserved* before its password is hashed, atomically (one statement
  under a per-email lock), and forgiven once the password was right. A burst of
  concurrent guesses therefore gets at most the limit evaluated, never more.
- One client (address) gets LOCKOUT_FAILURES attempts per email within LOCKOUT_WINDOW;
  then `TooManyAttemptsError` until its oldest counted attempt leaves the window. Only
  that client is locked: the owner of the account still signs in from elsewhere.
- All clients together get EMAIL_CEILING attempts per email within the window; past it,
  one attempt per EMAIL_INTERVAL for the whole email. Many clients slow guessing down to
  that pace but can never lock the owner out for good.

An app narrows who may sign in with `allowed(user_id)` (panopticon: admins only); it is
asked only once the password matched, and a refusal counts as a failure like any other.
"""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from typing import cast

from database.__codegen__.enums import SessionAppEnum
from foundation.__codegen__.orm import FoundationORM
from foundation.__codegen__.queries import AuthLoginLookupRow
from foundation.auth.captcha import NO_CAPTCHA, NoCaptcha, login_needs_captcha, require_captcha
from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError
from foundation.auth.passwords import verify_password
from foundation.auth.ratelimit import rate_limit, seconds_until
from foundation.auth.users import UserSummary
from foundation.base.clock import CLOCK
from foundation.base.observability.metrics import metric_count
from foundation.db import connection

LOCKOUT_FAILURES = 10
LOCKOUT_WINDOW = datetime.timedelta(minutes=15)
EMAIL_CEILING = 100
EMAIL_INTERVAL = datetime.timedelta(seconds=10)

Allowed = Callable[[str], Awaitable[bool]]
"""`async def allowed(user_id) -> bool`: an app's extra condition for signing in."""


async def reserve_attempt(
    orm: FoundationORM,
    *,
    key: str,
    app: SessionAppEnum,
    client: str,
    now: datetime.datetime,
    client_limit: int | None = None,
    window: datetime.timedelta | None = None,
) -> TooManyAttemptsError | None:
    """Count one attempt on `key` (an email, or another secret's own key such as a user's
    second factor) by `client` against the lockout (`client_limit` attempts per `window`,
    LOCKOUT_FAILURES per LOCKOUT_WINDOW unless given); the error to answer when it is
    locked. Forgive the attempt with `auth_login_succeeded` once it turned out right."""
    window = window or LOCKOUT_WINDOW
    reserved = await orm.auth_login_attempt_reserve(
        email=key,
        app=app,
        client=client,
        now=now,
        lockout_window=window,
        client_limit=client_limit or LOCKOUT_FAILURES,
        email_limit=EMAIL_CEILING,
        email_interval=EMAIL_INTERVAL,
    )
    if reserved.attempt_id is not None:
        return None
    retry_at = reserved.retry_at or now + window
    return TooManyAttemptsError(retry_after_seconds=seconds_until(retry_at, now))


async def check_login(
    app: SessionAppEnum,
    email: str,
    password: str,
    *,
    client: str,
    allowed: Allowed | None = None,
    action: str = "login",
    captcha_token: str | NoCaptcha | None = NO_CAPTCHA,
) -> UserSummary:
    """The user whose credentials these are; `InvalidCredentialsError` for an unknown email,
    a wrong password, an unfinished signup, a disabled user (and a user `allowed` refuses)
    alike; `TooManyAttemptsError` past the lockout (see the module docstring). `client` is
    the caller's address. The rate limit of `action` (per client and client+email) comes
    first, with the captcha of a client past CAPTCHA_LOGIN_AFTER_FAILURES failures (an app
    that shows captchas passes `captcha_token`, None when the call had none;
    `CaptchaRequiredError`). Single-statement round trips and one hash; no connection is
    held while hashing or verifying a captcha."""
    async with connection() as c:
        await rate_limit(c, action, client=client, identifier=email)
        needs_captcha = not isinstance(captcha_token, NoCaptcha) and await login_needs_captcha(
            c.orm, app=app, client=client, now=CLOCK.now(), window=LOCKOUT_WINDOW
        )
        found = (
            None
            if needs_captcha
            else await _reserve_and_look_up(c.orm, app=app, email=email, client=client)
        )
    if found is None:
        await require_captcha(action, cast(str | None, captcha_token), client=client)
        async with connection() as c:
            found = await _reserve_and_look_up(c.orm, app=app, email=email, client=client)
    matches = await verify_password(password, found.password_hash if found.user_id else None)
    accepted = matches and found.signup_step == "complete" and bool(found.is_enabled)
    if accepted and allowed is not None and found.user_id is not None:
        accepted = await allowed(found.user_id)
    if not accepted or found.user_id is None or found.name is None or found.email is None:
        metric_count("login_failures_total", app=app)
        raise InvalidCredentialsError()  # the reserved attempt stays: a failure
    async with connection() as c:
        await c.orm.auth_login_succeeded(email=email, app=app, client=client)
    return UserSummary(id=found.user_id, name=found.name, email=found.email)


async def _reserve_and_look_up(
    orm: FoundationORM, *, app: SessionAppEnum, email: str, client: str
) -> AuthLoginLookupRow:
    """Steps 2 and the lookup of 3: the attempt reserved (or the lockout raised), then the
    user of `email`."""
    locked = await reserve_attempt(orm, key=email, app=app, client=client, now=CLOCK.now())
    if locked is not None:
        metric_count("login_lockouts_total", app=app)
        raise locked
    return await orm.auth_login_lookup(email=email)
