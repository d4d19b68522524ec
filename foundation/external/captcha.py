"""Captcha verification: Cloudflare Turnstile or hCaptcha, both through their siteverify
API (a form POST of `secret`, `response` (the token the widget gave the browser),
`remoteip` and, for hCaptcha, `sitekey`; the answer is JSON with `success`).

`SiteverifyClient` calls it through `ExternalHTTP` (CAPTCHA_TIMEOUT_SECONDS per attempt,
two attempts: a user waits on it); `FakeCaptcha` accepts the tokens a test gives it.
Configured by CAPTCHA_PROVIDER (turnstile|hcaptcha|off), CAPTCHA_SECRET, CAPTCHA_SITE_KEY
and CAPTCHA_VERIFY_URL (empty: the provider's own); the policy using it is
`foundation.auth.captcha`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from foundation.base.env import ENV
from foundation.external.errors import ExternalServiceError
from foundation.external.http import ExternalHTTP

CaptchaProviderEnum = Literal["turnstile", "hcaptcha"]

VERIFY_URLS: dict[CaptchaProviderEnum, str] = {
    "turnstile": "https://challenges.cloudflare.com/turnstile/v0/siteverify",
    "hcaptcha": "https://api.hcaptcha.com/siteverify",
}
ATTEMPTS = 2


class Captcha(Protocol):
    provider: CaptchaProviderEnum

    async def verify(self, token: str, *, remote_ip: str) -> bool:
        """Whether the provider accepts `token` (solved, unused, for this site).
        `ExternalServiceError` when it cannot answer."""
        ...


class SiteverifyClient:
    def __init__(
        self,
        *,
        provider: CaptchaProviderEnum,
        secret: str,
        site_key: str,
        verify_url: str,
        timeout_seconds: float = 5.0,
    ) -> None:
        self.provider: CaptchaProviderEnum = provider
        self.secret = secret
        self.site_key = site_key
        self.verify_url = verify_url
        self.http = ExternalHTTP(
            f"captcha_{provider}",
            base_url=verify_url,
            timeout_seconds=timeout_seconds,
            attempts=ATTEMPTS,
        )

    async def verify(self, token: str, *, remote_ip: str) -> bool:
        form = {"secret": self.secret, "response": token}
        if remote_ip:
            form["remoteip"] = remote_ip
        if self.provider == "hcaptcha" and self.site_key:
            form["sitekey"] = self.site_key
        # A token is good once: the provider answers a repeat with success false, so a
        # retried call that reached it cannot pass twice.
        response = await self.http.request("siteverify", "POST", self.verify_url, data=form)
        try:
            answer = response.json()
        except ValueError as error:
            raise ExternalServiceError("siteverify answer is not JSON") from error
        if not isinstance(answer, dict) or not isinstance(
            answer.get("success"), bool
        ):  # pyright: ignore[reportUnknownMemberType] (JSON)
            raise ExternalServiceError("siteverify answer has no success field")
        return bool(answer["success"])  # pyright: ignore[reportUnknownArgumentType] (checked above)


def captcha_from_env() -> Captcha | None:
    provider = ENV.captcha_provider
    if provider == "off":
        return None
    return SiteverifyClient(
        provider=provider,
        secret=ENV.captcha_secret,
        site_key=ENV.captcha_site_key,
        verify_url=ENV.captcha_verify_url or VERIFY_URLS[provider],
        timeout_seconds=ENV.captcha_timeout_seconds,
    )


@dataclass
class FakeCaptcha:
    """Accepts the tokens in `valid` (each as often as asked); `unreachable` makes every
    call fail the way a dead service does."""

    provider: CaptchaProviderEnum = "turnstile"
    valid: set[str] = field(default_factory=lambda: {"captcha-ok"})
    unreachable: bool = False
    verified: list[tuple[str, str]] = field(default_factory=list[tuple[str, str]])
    """(token, remote_ip) of every call."""

    async def verify(self, token: str, *, remote_ip: str) -> bool:
        self.verified.append((token, remote_ip))
        if self.unreachable:
            raise ExternalServiceError("captcha call failed", operation="siteverify")
        return token in self.valid
