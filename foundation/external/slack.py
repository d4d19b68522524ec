"""Slack: an incoming webhook (`post_webhook`) and the Web API's `chat.postMessage`.

`SlackClient` posts through `ExternalHTTP` (timeouts, retries, metrics); `FakeSlack`
keeps what was posted. Configured by SLACK_ALERTS_WEBHOOK_URL and SLACK_BOT_TOKEN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from foundation.base.env import ENV
from foundation.external.errors import ExternalServiceError
from foundation.external.http import ExternalHTTP


class Slack(Protocol):
    async def post_webhook(self, text: str, *, blocks: list[dict[str, Any]] | None = None) -> None:
        """Post `text` to the webhook's channel."""
        ...

    async def post_message(self, channel: str, text: str) -> None:
        """`chat.postMessage` to `channel` with the bot token."""
        ...


class SlackAPIError(ExternalServiceError):
    """Slack answered `ok: false` (a refusal: not retried)."""


class SlackClient:
    def __init__(self, *, webhook_url: str, bot_token: str, api_url: str) -> None:
        self.webhook_url = webhook_url
        self.bot_token = bot_token
        self.http = ExternalHTTP("slack", base_url=api_url)

    async def post_webhook(self, text: str, *, blocks: list[dict[str, Any]] | None = None) -> None:
        if not self.webhook_url:
            raise ValueError("slack webhook is not configured")
        body: dict[str, Any] = {"text": text, **({"blocks": blocks} if blocks else {})}
        await self.http.request("webhook", "POST", self.webhook_url, json=body)

    async def post_message(self, channel: str, text: str) -> None:
        if not self.bot_token:
            raise ValueError("slack bot token is not configured")
        response = await self.http.request(
            "chat.postMessage",
            "POST",
            "/chat.postMessage",
            json={"channel": channel, "text": text},
            headers={"Authorization": f"Bearer {self.bot_token}"},
        )
        answer = response.json()
        if not answer.get("ok"):
            raise SlackAPIError("slack refused the message", error=str(answer.get("error")))


def slack_from_env() -> Slack | None:
    if not (ENV.slack_alerts_webhook_url or ENV.slack_bot_token):
        return None
    return SlackClient(
        webhook_url=ENV.slack_alerts_webhook_url,
        bot_token=ENV.slack_bot_token,
        api_url=ENV.slack_api_url,
    )


@dataclass
class FakeSlack:
    webhooks: list[dict[str, Any]] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)

    async def post_webhook(self, text: str, *, blocks: list[dict[str, Any]] | None = None) -> None:
        self.webhooks.append({"text": text, "blocks": blocks})

    async def post_message(self, channel: str, text: str) -> None:
        self.messages.append((channel, text))
