"""Test helpers for webhooks: an endpoint of an organization aimed at a local receiver
(deleted at the end, so no later send round of the worker tries it again)."""

from __future__ import annotations

import base64
import contextlib
import secrets
from collections.abc import AsyncIterator

from database.__codegen__.enums import WebhookEventTypeEnum
from database.__codegen__.models import WebhookEndpointModel
from database.testing import harness
from foundation.db import xact_admin


def random_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


@contextlib.asynccontextmanager
async def endpoint(
    organization_id: str, url: str, events: list[WebhookEventTypeEnum]
) -> AsyncIterator[WebhookEndpointModel]:
    """An enabled endpoint of the organization for `events` at `url`."""
    async with xact_admin() as q:
        row = await harness(q).test_webhook_endpoint_create(
            organization_id=organization_id, url=url, events=list(events), secret=random_secret()
        )
    try:
        yield row
    finally:
        async with xact_admin() as q:
            await harness(q).test_webhook_endpoint_delete(id=row.id)
