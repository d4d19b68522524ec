"""Security alerts to Slack for admin actions that matter (a user disabled, an
impersonation started, an admin granted), through the registry's Slack client (its
incoming webhook, SLACK_ALERTS_WEBHOOK_URL; off when unset).

In a route, `alert_after_commit(req, event, text)`: sent once the admin's transaction
committed, in the background (retried by the client; the response never waits). Elsewhere
(the CLI), `await send_alert(event, text)` after the commit. A failure after every retry
is logged (`report_error`) and counted: `blossom_slack_alerts_total{event,outcome}`.
"""

from __future__ import annotations

from typing import Any, Literal

from foundation.base.observability.errors import report_error
from foundation.base.observability.metrics import metric_count
from foundation.external.registry import services
from foundation.rpc.req import Req

AlertEventEnum = Literal["user_disabled", "impersonation_started", "admin_granted"]


async def send_alert(event: AlertEventEnum, text: str) -> None:
    """Post the alert now (no-op without Slack); never raises."""
    slack = services().slack
    if slack is None:
        return
    try:
        await slack.post_webhook(f":rotating_light: {text}")
    except Exception as error:
        metric_count("slack_alerts_total", event=event, outcome="failed")
        report_error(error, "slack alert failed", alert=event)
        return
    metric_count("slack_alerts_total", event=event, outcome="sent")


def alert_after_commit(req: Req[Any], event: AlertEventEnum, text: str) -> None:
    """Send the alert once `req`'s call succeeded (see the module docstring)."""
    if services().slack is None:
        return
    req.after_commit(lambda: send_alert(event, text))
