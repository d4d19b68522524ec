"""Every event type of the database has its payload type, and `emit` checks the data."""

from __future__ import annotations

import pytest

from database.__codegen__.enums import WEBHOOK_EVENT_TYPE_ENUM_VALUES
from foundation.db import xact_admin
from foundation.testing.fixture import TFix
from foundation.webhooks.events import EVENTS, OrganizationUpdated, UserDeleted, emit


def test_every_event_type_has_its_payload() -> None:
    assert set(EVENTS) == set(WEBHOOK_EVENT_TYPE_ENUM_VALUES)


async def test_emit_refuses_another_types_data(t: TFix) -> None:
    c = await t.factory.customer()
    with pytest.raises(TypeError, match="OrganizationUpdated"):
        async with xact_admin() as q:
            await emit(q, c.organization.id, "organization.updated", UserDeleted(user_id="x"))
    async with xact_admin() as q:
        await emit(q, c.organization.id, "organization.updated", OrganizationUpdated(name="ok"))
