"""The registry of external services: `services()` gives the configured clients (None
for a service that is not configured); tests replace them with `override_services`.

    llm = services().llm
    if llm is None:
        raise ExternalServiceNotConfiguredError(service="llm")

    with override_services(slack=FakeSlack()):        # tests
        ...
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from foundation.external.captcha import Captcha, captcha_from_env
from foundation.external.llm import LLM, llm_from_env
from foundation.external.pwned import PwnedPasswords, pwned_passwords_from_env
from foundation.external.sheets import Sheets, sheets_from_env
from foundation.external.slack import Slack, slack_from_env


@dataclass(frozen=True)
class Services:
    llm: LLM | None
    slack: Slack | None
    sheets: Sheets | None
    pwned_passwords: PwnedPasswords | None = None
    captcha: Captcha | None = None


class _Registry:
    current: Services | None = None


def services() -> Services:
    """The clients configured by the environment (read once per process), or a test's."""
    if _Registry.current is None:
        _Registry.current = Services(
            llm=llm_from_env(),
            slack=slack_from_env(),
            sheets=None,
            pwned_passwords=pwned_passwords_from_env(),
            captcha=captcha_from_env(),
        )
    return _Registry.current


def sheets() -> Sheets | None:
    """The Sheets client (its credentials are read when first needed: a CLI command)."""
    current = services()
    return current.sheets if current.sheets is not None else sheets_from_env()


_UNSET = object()


@contextlib.contextmanager
def override_services(
    *,
    llm: object = _UNSET,
    slack: object = _UNSET,
    sheets: object = _UNSET,
    pwned_passwords: object = _UNSET,
    captcha: object = _UNSET,
) -> Iterator[Services]:
    """Replace some clients (a fake, or None for "not configured") for the block."""
    previous = _Registry.current
    changes = {
        name: value
        for name, value in (
            ("llm", llm),
            ("slack", slack),
            ("sheets", sheets),
            ("pwned_passwords", pwned_passwords),
            ("captcha", captcha),
        )
        if value is not _UNSET
    }
    _Registry.current = dataclasses.replace(services(), **changes)
    try:
        yield _Registry.current
    finally:
        _Registry.current = previous
