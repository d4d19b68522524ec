"""Test helpers for webhooks: an endpoint of an organization aimed at a local receiver
(deleted at the end, so no later send round of the worker tries it again)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from database.__codegen__.enums import WebhookEventTypeEnum
from database.testing import harness
from foundation.db import xact_admin
from foundation.webhooks.secrets import store_new_secret


@dataclass(frozen=True)
class HookEndpoint:
    id: str
    organization_id: str
    url: str
    secret: str
    """Its signing secret (stored sealed, as the routes store it)."""


@contextlib.asynccontextmanager
async def endpoint(
    organization_id: str, url: str, events: list[WebhookEventTypeEnum]
) -> AsyncIterator[HookEndpoint]:
    """An enabled endpoint of the organization for `events` at `url`."""
    async with xact_admin() as q:
        row = await harness(q).test_webhook_endpoint_create(
            organization_id=organization_id, url=url, events=list(events)
        )
        secret = await store_new_secret(q, organization_id, row.id)
    try:
        yield HookEndpoint(id=row.id, organization_id=organization_id, url=url, secret=secret)
    finally:
        async with xact_admin() as q:
            await harness(q).test_webhook_endpoint_delete(id=row.id)
