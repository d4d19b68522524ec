"""Fakes by default: no test reaches a real external service unless it is marked
`@pytest.mark.live` (run only with LIVE_TESTS=1).

Three fences, installed by the test plugin (`foundation.testing.plugin`):

- `FAKE_ENV`: the variables that switch a real service on are blanked in the test
  process's environment before anything reads the configuration (the process
  environment beats `.env.local`), so a developer's real Slack webhook, LLM key, Sentry
  DSN, SMTP server... never reach a test, nor the CLI and servers the tests start.
- Every test gets fresh fakes in the registry (`fake_services()`: `FakeLLM`,
  `FakeSlack`, `FakeSheets`, `FakePwnedPasswords`, `FakeCaptcha`; PWNED_PASSWORDS and
  CAPTCHA_PROVIDER are off unless a test turns them on with `override_env`); a test wanting "not configured" overrides with None.
- `RealClientGuard`: the constructors of the real clients (`REAL_CLIENTS`) are watched;
  one aimed at anything but this machine (a loopback address or a Unix socket: the
  tests' `fake_http()` and `smtp_server` are fine) is refused and recorded, and fails the
  test (and the run). A live test may construct them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import ipaddress
import smtplib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from foundation.external.registry import Services

# Nothing of ours is imported at module level: the plugin reads FAKE_ENV before the
# configuration may be built.

LIVE_MARK = "live"

FAKE_ENV: dict[str, str] = {
    "EMAIL_BACKEND": "maildir",
    "SMTP_HOST": "127.0.0.1",
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "LLM_API_KEY": "",
    "SLACK_ALERTS_WEBHOOK_URL": "",
    "SLACK_BOT_TOKEN": "",
    "GOOGLE_SERVICE_ACCOUNT_FILE": "",
    "GOOGLE_SHEETS_TOKEN": "",
    "SENTRY_DSN": "",
    "OTEL_EXPORTER_OTLP_ENDPOINT": "",
    "DAGSTER_POSTGRES_URL": "",
    "PWNED_PASSWORDS": "off",
    "CAPTCHA_PROVIDER": "off",
}
"""What every test run sets in its environment: each service off, or its local fake."""


class RealClientError(AssertionError):
    """A test constructed a client of a real external service."""


def _openai() -> type:
    from foundation.external.llm import OpenAIClient

    return OpenAIClient


def _slack() -> type:
    from foundation.external.slack import SlackClient

    return SlackClient


def _sheets() -> type:
    from foundation.external.sheets import SheetsClient

    return SheetsClient


def _oauth() -> type:
    from foundation.external.oauth import OAuthHTTPClient

    return OAuthHTTPClient


def _pwned() -> type:
    from foundation.external.pwned import PwnedPasswordsClient

    return PwnedPasswordsClient


def _siteverify() -> type:
    from foundation.external.captcha import SiteverifyClient

    return SiteverifyClient


def _otlp_exporter() -> type:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter


def _sentry() -> Any:
    import sentry_sdk

    return sentry_sdk


def _is_real(arguments: dict[str, Any], endpoints: tuple[str, ...]) -> str | None:
    """The first endpoint argument that is not on this machine, or None."""
    for name in endpoints:
        value = arguments.get(name)
        if isinstance(value, str) and value and not is_local(value):
            return f"{name}={value!r}"
    return None


def is_local(endpoint: str) -> bool:
    """Whether `endpoint` (a URL, a DSN or a bare host) is this machine."""
    host = urlsplit(endpoint).hostname if "//" in endpoint else endpoint
    if not host or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclasses.dataclass(frozen=True)
class Watched:
    """A real client: where its constructor is (`owner.attribute`), the endpoint
    arguments that say where it connects, and (optionally) when it is not real after all."""

    name: str
    owner: Callable[[], Any]
    attribute: str
    endpoints: tuple[str, ...]
    harmless: Callable[[dict[str, Any]], bool] = lambda _: False


REAL_CLIENTS: tuple[Watched, ...] = (
    Watched("OpenAIClient", _openai, "__init__", ("base_url",)),
    Watched("SlackClient", _slack, "__init__", ("webhook_url", "api_url")),
    Watched("SheetsClient", _sheets, "__init__", ("api_url", "token_url")),
    Watched("OAuthHTTPClient", _oauth, "__init__", ("base_url",)),
    Watched("PwnedPasswordsClient", _pwned, "__init__", ("api_url",)),
    Watched("SiteverifyClient", _siteverify, "__init__", ("verify_url",)),
    Watched("smtplib.SMTP", lambda: smtplib.SMTP, "__init__", ("host",)),
    # A DSN with an in-memory transport sends nothing.
    Watched(
        "sentry_sdk.init",
        _sentry,
        "init",
        ("dsn",),
        harmless=lambda arguments: arguments.get("transport") is not None,
    ),
    Watched("OTLPSpanExporter", _otlp_exporter, "__init__", ("endpoint",)),
)


class RealClientGuard:
    """Wraps the constructors of `REAL_CLIENTS` for the whole run. `allowed` (a live test)
    lets them through; otherwise a real one raises `RealClientError` and is recorded in
    `constructed`, which the plugin turns into a failed test or run."""

    def __init__(self) -> None:
        self.allowed = False
        self.constructed: list[str] = []
        self._originals: list[tuple[Any, str, Any]] = []

    def install(self) -> None:
        for watched in REAL_CLIENTS:
            owner = watched.owner()
            original = getattr(owner, watched.attribute)
            setattr(owner, watched.attribute, self._wrap(watched, original))
            self._originals.append((owner, watched.attribute, original))

    def uninstall(self) -> None:
        for owner, attribute, original in reversed(self._originals):
            setattr(owner, attribute, original)
        self._originals.clear()

    def _wrap(self, watched: Watched, original: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(original)
        guard = self

        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not guard.allowed:
                try:
                    arguments = signature.bind(*args, **kwargs).arguments
                except TypeError:
                    arguments = {}
                real = _is_real(arguments, watched.endpoints)
                if real and not watched.harmless(arguments):
                    what = f"{watched.name}({real})"
                    guard.constructed.append(what)
                    raise RealClientError(
                        f"a real external client was constructed in a test: {what}; use its "
                        f"fake (foundation.testing.fakes) or mark the test "
                        f"@pytest.mark.{LIVE_MARK} (runs only with LIVE_TESTS=1)"
                    )
            return original(*args, **kwargs)

        return guarded

    def take(self) -> list[str]:
        """What was constructed since the last call."""
        taken, self.constructed = self.constructed, []
        return taken

    @contextlib.contextmanager
    def allow(self) -> Iterator[None]:
        previous, self.allowed = self.allowed, True
        try:
            yield
        finally:
            self.allowed = previous


@contextlib.contextmanager
def fake_services() -> Iterator[Services]:
    """Fresh fakes for every external service in the registry, for the block."""
    from foundation.external.captcha import FakeCaptcha
    from foundation.external.llm import FakeLLM
    from foundation.external.pwned import FakePwnedPasswords
    from foundation.external.registry import override_services
    from foundation.external.sheets import FakeSheets
    from foundation.external.slack import FakeSlack

    with override_services(
        llm=FakeLLM(),
        slack=FakeSlack(),
        sheets=FakeSheets(),
        pwned_passwords=FakePwnedPasswords(),
        captcha=FakeCaptcha(),
    ) as services:
        yield services
