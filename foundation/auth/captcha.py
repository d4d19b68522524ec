"""Bot protection: a call that needs a solved captcha makes one call,

    await require_captcha("signup", req.data.captcha_token, client=req.client)

which does nothing while CAPTCHA_PROVIDER=off, and otherwise verifies the token with the
provider's siteverify (`foundation.external.captcha`, with the client's address) and
answers `CaptchaRequiredError {provider, site_key}` when it is missing or refused. Routes
needing it take `captcha_token: CaptchaToken = None` and declare `CaptchaRequiredError`
(signup and password_reset_request always; login after CAPTCHA_LOGIN_AFTER_FAILURES
failures from the client: `login_needs_captcha`, the funnel's rate-limit step).

An unreachable siteverify lets the call through (fail open: a provider's outage must not
close sign-ups; the rate limits still hold), counted in
`captcha_checks_total{outcome="unavailable"}` with a warning at most once a minute.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from pydantic import Field

from database.__codegen__.enums import SessionAppEnum
from foundation.__codegen__.orm import FoundationORM
from foundation.auth.errors import CaptchaRequiredError
from foundation.base.env import ENV
from foundation.base.errors import ImpossibleError
from foundation.base.observability.metrics import metric_count
from foundation.base.observability.throttled import ThrottledWarning
from foundation.external.errors import ExternalServiceError
from foundation.external.registry import services

CaptchaToken = Annotated[
    str | None,
    Field(
        max_length=4096,
        description="The token of the captcha widget, when the call needs one "
        "(`CaptchaRequiredError` says which provider and site key).",
    ),
]


class NoCaptcha:
    """An app that shows no captchas (panopticon's login): `check_login` asks for none."""


NO_CAPTCHA = NoCaptcha()

UNAVAILABLE = ThrottledWarning("captcha siteverify unreachable: calls are let through unchecked")


def captcha_on() -> bool:
    return ENV.captcha_provider != "off"


def captcha_required_error() -> CaptchaRequiredError:
    provider = ENV.captcha_provider
    if provider == "off":
        raise ImpossibleError("a captcha is asked for only while captchas are on")
    return CaptchaRequiredError(provider=provider, site_key=ENV.captcha_site_key)


async def require_captcha(action: str, token: str | None, *, client: str) -> None:
    """`CaptchaRequiredError` unless captchas are off or the provider accepts `token`
    (see the module docstring); `action` labels the metric."""
    if not captcha_on():
        return
    verifier = services().captcha
    if verifier is None:  # configured off for this process (a test's override)
        return
    if not token:
        metric_count("captcha_checks_total", action=action, outcome="missing")
        raise captcha_required_error()
    try:
        accepted = await verifier.verify(token, remote_ip=client)
    except ExternalServiceError as error:
        metric_count("captcha_checks_total", action=action, outcome="unavailable")
        UNAVAILABLE.warn(action=action, error=str(error))
        return
    if not accepted:
        metric_count("captcha_checks_total", action=action, outcome="refused")
        raise captcha_required_error()
    metric_count("captcha_checks_total", action=action, outcome="passed")


async def login_needs_captcha(
    orm: FoundationORM,
    *,
    app: SessionAppEnum,
    client: str,
    now: datetime.datetime,
    window: datetime.timedelta,
) -> bool:
    """Whether `client` has CAPTCHA_LOGIN_AFTER_FAILURES or more failed logins (any email)
    within `window`: from then on its logins need a captcha."""
    if not captcha_on():
        return False
    threshold = ENV.captcha_login_after_failures
    if threshold == 0:
        return True
    failures = await orm.auth_client_login_failures(app=app, client=client, since=now - window)
    return failures >= threshold
