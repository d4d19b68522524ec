"""The breached-password policy: a new password (signup, password change, reset, an
invite's new account) is looked up in Have I Been Pwned's Pwned Passwords
(`foundation.external.pwned`, k-anonymity: 5 hex characters of its SHA-1 leave the
machine). PWNED_PASSWORDS:

- `off`: no lookup;
- `check`: looked up; a hit is counted (`pwned_passwords_checks_total{outcome="breached"}`)
  and logged, and the password accepted;
- `enforce`: a password seen at least PWNED_PASSWORDS_MIN_COUNT times answers
  `WeakPasswordError {reason: BREACHED_REASON}`.

The service unreachable never blocks anyone: the password is accepted (fail open), counted
in `pwned_passwords_checks_total{outcome="unavailable"}`, with a warning at most once a
minute per process. This is a policy on new passwords, not a sign-in check: the funnel
never asks it.
"""

from __future__ import annotations

from foundation.auth.errors import WeakPasswordError
from foundation.base.env import ENV
from foundation.base.logs import get_logger
from foundation.base.observability.metrics import metric_count
from foundation.base.observability.throttled import ThrottledWarning
from foundation.external.errors import ExternalServiceError
from foundation.external.registry import services

BREACHED_REASON = "this password appeared in a data breach"

UNAVAILABLE = ThrottledWarning(
    "pwned passwords unreachable: new passwords are accepted without the breach check"
)


async def require_unbreached_password(password: str) -> None:
    """`WeakPasswordError` when PWNED_PASSWORDS=enforce and the password is known from a
    breach (at least PWNED_PASSWORDS_MIN_COUNT times); see the module docstring."""
    mode = ENV.pwned_passwords
    client = services().pwned_passwords
    if mode == "off" or client is None:
        return
    try:
        count = await client.breach_count(password)
    except ExternalServiceError as error:
        metric_count("pwned_passwords_checks_total", outcome="unavailable")
        UNAVAILABLE.warn(error=str(error))
        return
    if count < ENV.pwned_passwords_min_count:
        metric_count("pwned_passwords_checks_total", outcome="clean")
        return
    metric_count("pwned_passwords_checks_total", outcome="breached")
    if mode == "enforce":
        raise WeakPasswordError(reason=BREACHED_REASON)
    get_logger(__name__).info("new password appeared in a data breach; accepted (check mode)")
