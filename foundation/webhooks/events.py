"""Webhook events: what each type's `data` carries, and `emit`, which writes an event in
the transaction of the change that causes it.

    await emit(q, organization_id, "member.added", MemberAdded(user_id=..., role="member"))

- **In the transaction.** `emit` inserts the event and one pending delivery per enabled
  endpoint of the organization subscribed to the type, in `q`'s transaction (admin, or a
  customer one of that organization: RLS refuses another's): a change that rolls back
  emits nothing, a committed one is never lost (like the email outbox).
- **Types.** Every type is a row of `webhook_event_type_enum` (`WebhookEventTypeEnum`)
  and a dataclass in `EVENTS` (its `data`: generated into the OpenAPI `webhooks` section
  and the TypeScript client's types). A new type: a migration adding the enum value, its
  dataclass here, `uv run just codegen-db` and `uv run just codegen-rpc`.
- **The body** each endpoint gets (Standard Webhooks): `{"type", "timestamp", "data"}`,
  `data` always carrying `organization_id`.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any, cast

from pydantic import TypeAdapter

from database.__codegen__.enums import OrganizationRoleEnum, WebhookEventTypeEnum
from foundation.base.clock import CLOCK
from foundation.base.strict_json import JSON
from foundation.db import FoundationQ


@dataclass(frozen=True)
class MemberAdded:
    """A user joined the organization (an accepted invite, or an admin's addition)."""

    user_id: str
    role: OrganizationRoleEnum


@dataclass(frozen=True)
class MemberRemoved:
    """A member left or was removed."""

    user_id: str
    removed_by_user_id: str | None
    """Who removed them (null: they left, or an admin of Blossom removed them)."""


@dataclass(frozen=True)
class MemberRoleChanged:
    """A member got another role."""

    user_id: str
    role: OrganizationRoleEnum
    previous_role: OrganizationRoleEnum


@dataclass(frozen=True)
class InviteCreated:
    """Someone was invited (the code is never in the event)."""

    invite_id: str
    email: str
    role: OrganizationRoleEnum
    expires_at: datetime.datetime


@dataclass(frozen=True)
class InviteAccepted:
    """An invite was accepted (a `member.added` follows in the same transaction)."""

    invite_id: str
    user_id: str


@dataclass(frozen=True)
class OrganizationUpdated:
    """The organization's settings changed."""

    name: str


@dataclass(frozen=True)
class UserDeleted:
    """A member deleted their account (sent to each organization they were in)."""

    user_id: str


@dataclass(frozen=True)
class ApiKeyCreated:
    """An API key of the organization was created (the key itself is never in it)."""

    api_key_id: str
    name: str
    created_by_user_id: str | None


@dataclass(frozen=True)
class SsoConnectionChanged:
    """The organization's single sign-on connection was created, changed or removed."""

    connection_id: str
    change: str
    """What happened: created, updated or deleted."""


EVENTS: dict[str, type[Any]] = {
    "member.added": MemberAdded,
    "member.removed": MemberRemoved,
    "member.role_changed": MemberRoleChanged,
    "invite.created": InviteCreated,
    "invite.accepted": InviteAccepted,
    "organization.updated": OrganizationUpdated,
    "user.deleted": UserDeleted,
    "api_key.created": ApiKeyCreated,
    "sso.connection_changed": SsoConnectionChanged,
}
"""Each event type's `data` (besides `organization_id`, which every event carries)."""


def event_data(organization_id: str, data: object) -> JSON:
    """The `data` of an event: the dataclass's fields as JSON, and `organization_id`."""
    dumped = cast("dict[str, JSON]", TypeAdapter(type(data)).dump_python(data, mode="json"))
    return {"organization_id": organization_id, **dumped}


async def emit(
    q: FoundationQ, organization_id: str, type: WebhookEventTypeEnum, data: object
) -> None:
    """Write event `type` of the organization, with `data` (an instance of
    `EVENTS[type]`), in `q`'s transaction: delivered to the subscribed endpoints only if
    the transaction commits."""
    expected = EVENTS[type]  # every enum value has one: events_test
    if not (dataclasses.is_dataclass(data) and isinstance(data, expected)):
        raise TypeError(f"{type} carries a {expected.__name__}")
    await q.orm.webhook_emit(
        now=CLOCK.now(),
        organization_id=organization_id,
        type=type,
        data=event_data(organization_id, data),
    )
    await q.orm.webhook_notify()


async def emit_user_deleted(q: FoundationQ, user_id: str) -> None:
    """`user.deleted` to every organization the user is an active member of (call it in
    the deletion's transaction, before the memberships end)."""
    for organization_id in await q.orm.webhook_user_organizations(user_id=user_id):
        await emit(q, organization_id, "user.deleted", UserDeleted(user_id=user_id))
