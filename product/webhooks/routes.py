"""Webhook RPCs (owners and admins, the role re-checked in the transaction of the call):
endpoints (create, list, update, delete, rotate the secret), their deliveries (list,
retry). Events themselves are emitted by the changes (`foundation.webhooks.events`) and
delivered by the sender (`foundation.webhooks.sender`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, StringConstraints

from database.__codegen__.enums import (
    WEBHOOK_EVENT_TYPE_ENUM_VALUES,
    WebhookDeliveryStatusEnum,
    WebhookEventTypeEnum,
)
from database.__codegen__.models import WebhookEndpointModel
from foundation.base.clock import CLOCK
from foundation.rpc.errors import RPCError
from foundation.rpc.pages import DEFAULT_LIMIT, Cursor, InvalidCursorError, Limit, Page, PageIn
from foundation.webhooks.secrets import store_new_secret
from foundation.webhooks.sender import PREVIOUS_SECRET_SIGNS_FOR
from foundation.webhooks.targets import UnsafeTargetError, check_url
from product.framework import OrgReq, route
from product.framework.permissions import permission
from product.organizations.roles import InsufficientRoleError

WebhookUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2048),
    Field(examples=["https://hooks.example.com/blossom"]),
]
WebhookEvents = Annotated[list[WebhookEventTypeEnum], Field(min_length=1, max_length=32)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


WEBHOOKS_MANAGE = permission(
    "webhooks:manage",
    "register, change and delete webhook endpoints; see and retry their deliveries",
)


@dataclass
class WebhookUrlRefusedError(RPCError):
    """Webhooks go only to https URLs of public hosts (no credentials in the URL, no
    private, loopback or link-local address)."""

    reason: str


@dataclass
class WebhookEndpointNotFoundError(RPCError):
    """The current organization has no webhook endpoint with this id."""

    endpoint_id: str


@dataclass
class WebhookDeliveryNotFoundError(RPCError):
    """The current organization has no such delivery, or it is already pending."""

    delivery_id: str


@dataclass
class WebhookEndpointOut:
    id: str
    url: str
    description: str
    events: list[WebhookEventTypeEnum]
    enabled: bool
    disabled_reason: str | None
    """Why deliveries stopped (null while enabled)."""
    created_at: datetime.datetime


@dataclass
class WebhookEndpointSecretOut:
    endpoint: WebhookEndpointOut
    secret: str
    """The signing secret (`whsec_...`, Standard Webhooks): shown only now."""


def _out(row: WebhookEndpointModel) -> WebhookEndpointOut:
    return WebhookEndpointOut(
        id=row.id,
        url=row.url,
        description=row.description,
        events=[v for v in WEBHOOK_EVENT_TYPE_ENUM_VALUES if v in row.events],
        enabled=row.disabled_at is None,
        disabled_reason=row.disabled_reason,
        created_at=row.created_at,
    )


def _checked(url: str) -> str:
    try:
        check_url(url)
    except UnsafeTargetError as e:
        raise WebhookUrlRefusedError(reason=e.message) from e
    return url


@dataclass
class WebhookEndpointCreateIn:
    url: WebhookUrl
    events: WebhookEvents
    """The event types delivered to it."""
    description: Description = ""


@route(
    "webhook_endpoint_create",
    authorization="organization",
    permission=WEBHOOKS_MANAGE,
    errors=(InsufficientRoleError, WebhookUrlRefusedError),
)
async def webhook_endpoint_create(req: OrgReq[WebhookEndpointCreateIn]) -> WebhookEndpointSecretOut:
    """Add a webhook endpoint (owners and admins): the events of the current organization
    of the given types are POSTed to `url`, signed (Standard Webhooks). The signing secret
    is in this answer only; events emitted from now on are delivered."""
    row = await req.q.orm.webhook_endpoint_create(
        organization_id=req.organization.id,
        url=_checked(req.data.url),
        description=req.data.description,
        events=sorted(set(req.data.events)),
        by_user_id=req.user.id,
        now=CLOCK.now(),
    )
    secret = await store_new_secret(req.q, req.organization.id, row.id)
    return WebhookEndpointSecretOut(endpoint=_out(row), secret=secret)


@dataclass
class WebhookEndpointsPage:
    items: list[WebhookEndpointOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route(
    "webhook_endpoints_list",
    authorization="organization",
    permission=WEBHOOKS_MANAGE,
    method="GET",
    errors=(InsufficientRoleError, InvalidCursorError),
)
async def webhook_endpoints_list(req: OrgReq[PageIn]) -> WebhookEndpointsPage:
    """The current organization's webhook endpoints, oldest first (owners and admins;
    secrets are never listed), one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
    previous page's `next_cursor`)."""
    page = Page.of("webhook_endpoints", req.data.cursor, req.data.limit)
    rows = await req.q.orm.webhook_endpoints_list(
        organization_id=req.organization.id, after_id=page.after, row_limit=page.fetch
    )
    return WebhookEndpointsPage(
        items=[_out(row) for row in page.shown(rows)], next_cursor=page.next(rows)
    )


@dataclass
class WebhookEndpointUpdateIn:
    endpoint_id: str
    url: WebhookUrl | None = None
    events: WebhookEvents | None = None
    description: Description | None = None
    enabled: bool | None = None
    """true: deliveries resume (the ones waiting first, in order); false: they stop."""


@route(
    "webhook_endpoint_update",
    authorization="organization",
    permission=WEBHOOKS_MANAGE,
    errors=(InsufficientRoleError, WebhookUrlRefusedError, WebhookEndpointNotFoundError),
)
async def webhook_endpoint_update(req: OrgReq[WebhookEndpointUpdateIn]) -> WebhookEndpointOut:
    """Change an endpoint (owners and admins): what is given changes, the rest stays.
    Enabling a disabled endpoint resumes its waiting deliveries."""
    data = req.data
    row = await req.q.orm.webhook_endpoint_update(
        url=None if data.url is None else _checked(data.url),
        description=data.description,
        events=None if data.events is None else sorted(set(data.events)),
        enabled=data.enabled,
        now=CLOCK.now(),
        by_user_id=req.user.id,
        id=data.endpoint_id,
        organization_id=req.organization.id,
    )
    if row is None:
        raise WebhookEndpointNotFoundError(endpoint_id=data.endpoint_id)
    return _out(row)


@dataclass
class WebhookEndpointIn:
    endpoint_id: str


@route(
    "webhook_endpoint_delete",
    authorization="organization",
    permission=WEBHOOKS_MANAGE,
    errors=(InsufficientRoleError, WebhookEndpointNotFoundError),
)
async def webhook_endpoint_delete(req: OrgReq[WebhookEndpointIn]) -> None:
    """Delete an endpoint with its deliveries (owners and admins)."""
    gone = await req.q.orm.webhook_endpoint_delete(
        id=req.data.endpoint_id,
        organization_id=req.organization.id,
        by_user_id=req.user.id,
        now=CLOCK.now(),
    )
    if gone is None:
        raise WebhookEndpointNotFoundError(endpoint_id=req.data.endpoint_id)


@route(
    "webhook_endpoint_rotate_secret",
    authorization="organization",
    permission=WEBHOOKS_MANAGE,
    errors=(InsufficientRoleError, WebhookEndpointNotFoundError),
)
async def webhook_endpoint_rotate_secret(
    req: OrgReq[WebhookEndpointIn],
) -> WebhookEndpointSecretOut:
    """A new signing secret for the endpoint (owners and admins), in this answer only. For
    24 hours deliveries carry two signatures, with the new and the old secret, so the
    receiver can switch without losing any."""
    now = CLOCK.now()
    row = await req.q.orm.webhook_endpoint_rotate_secret(
        by_user_id=req.user.id,
        now=now,
        id=req.data.endpoint_id,
        organization_id=req.organization.id,
    )
    if row is None:
        raise WebhookEndpointNotFoundError(endpoint_id=req.data.endpoint_id)
    await req.q.orm.webhook_secrets_retire(
        endpoint_id=row.id,
        organization_id=req.organization.id,
        previous_until=now + PREVIOUS_SECRET_SIGNS_FOR,
    )
    secret = await store_new_secret(req.q, req.organization.id, row.id)
    return WebhookEndpointSecretOut(endpoint=_out(row), secret=secret)


@dataclass
class WebhookDeliveriesListIn:
    endpoint_id: str
    status: WebhookDeliveryStatusEnum | None = None
    cursor: Cursor | None = None
    """The `next_cursor` of the previous page; none for the first page."""
    limit: Limit = DEFAULT_LIMIT
    """Rows per page: 50 by default; larger values are capped at 200."""


@dataclass
class WebhookDeliveryOut:
    id: str
    """The `webhook-id` header of every attempt."""
    event_id: str
    type: WebhookEventTypeEnum
    status: WebhookDeliveryStatusEnum
    attempts: int
    created_at: datetime.datetime
    next_attempt_at: datetime.datetime
    """When a pending delivery is tried next."""
    last_attempt_at: datetime.datetime | None
    last_status_code: int | None
    last_error: str | None
    last_response_body: str | None
    """The start (1 KiB at most) of the last answer."""
    last_latency_ms: int | None


@dataclass
class WebhookDeliveriesPage:
    items: list[WebhookDeliveryOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route(
    "webhook_deliveries_list",
    authorization="organization",
    permission=WEBHOOKS_MANAGE,
    errors=(InsufficientRoleError, InvalidCursorError),
)
async def webhook_deliveries_list(req: OrgReq[WebhookDeliveriesListIn]) -> WebhookDeliveriesPage:
    """The endpoint's deliveries, newest first, optionally only of one status (owners and
    admins), each with its last attempt, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
    previous page's `next_cursor`)."""
    page = Page.of("webhook_deliveries", req.data.cursor, req.data.limit)
    rows = await req.q.orm.webhook_deliveries_list(
        endpoint_id=req.data.endpoint_id,
        organization_id=req.organization.id,
        status=req.data.status,
        before_id=page.before,
        row_limit=page.fetch,
    )
    items = [
        WebhookDeliveryOut(
            id=r.id,
            event_id=r.event_id,
            type=r.type,
            status=r.status,
            attempts=r.attempts,
            created_at=r.created_at,
            next_attempt_at=r.next_attempt_at,
            last_attempt_at=r.last_attempt_at,
            last_status_code=r.last_status_code,
            last_error=r.last_error,
            last_response_body=r.last_response_body,
            last_latency_ms=r.last_latency_ms,
        )
        for r in page.shown(rows)
    ]
    return WebhookDeliveriesPage(items=items, next_cursor=page.next(rows))


@dataclass
class WebhookDeliveryIn:
    delivery_id: str


@route(
    "webhook_delivery_retry",
    authorization="organization",
    permission=WEBHOOKS_MANAGE,
    errors=(InsufficientRoleError, WebhookDeliveryNotFoundError),
)
async def webhook_delivery_retry(req: OrgReq[WebhookDeliveryIn]) -> None:
    """Deliver a delivered or failed delivery again, now (owners and admins); it keeps its
    `webhook-id`, so receivers can tell a repeat."""
    retried = await req.q.orm.webhook_delivery_retry(
        now=CLOCK.now(),
        by_user_id=req.user.id,
        id=req.data.delivery_id,
        organization_id=req.organization.id,
    )
    if retried is None:
        raise WebhookDeliveryNotFoundError(delivery_id=req.data.delivery_id)


ROUTES = (
    webhook_endpoint_create,
    webhook_endpoints_list,
    webhook_endpoint_update,
    webhook_endpoint_delete,
    webhook_endpoint_rotate_secret,
    webhook_deliveries_list,
    webhook_delivery_retry,
)
