"""Sealed webhook signing secrets: a secret moved unsealed by migration 0033 (`key_name`
'') is sealed by the sender's next round and still signs."""

from __future__ import annotations

import pytest
from standardwebhooks import Webhook

from database.testing import harness
from foundation.crypto.vault import current_key_id, open_sealed
from foundation.db import xact_admin
from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env
from foundation.webhooks.events import OrganizationUpdated, emit
from foundation.webhooks.secrets import UNSEALED, new_secret
from foundation.webhooks.sender import send_pending


async def test_secrets_from_before_sealing_are_sealed_and_still_sign(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=True)
    c = await t.factory.customer()
    legacy = new_secret()
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(200))
        async with xact_admin() as q:
            h = harness(q)
            hook = await h.test_webhook_endpoint_create(
                organization_id=c.organization.id,
                url=f"{receiver.url}/hook",
                events=["organization.updated"],
            )
            secret_id = await q.orm.webhook_secret_new_id()
            await h.test_webhook_secret_insert(
                id=secret_id,
                organization_id=c.organization.id,
                endpoint_id=hook.id,
                key_name=UNSEALED,
                ciphertext=legacy.encode(),
                signs_until=None,
            )
            await emit(q, c.organization.id, "organization.updated", OrganizationUpdated("x"))
        try:
            await send_pending()
            [request] = receiver.calls("POST", "/hook")
            assert Webhook(legacy).verify(request.body, request.headers)["data"]["name"] == "x"
            async with xact_admin() as q:
                [row] = await harness(q).test_webhook_secrets(endpoint_id=hook.id)
            assert row.key_name == current_key_id() and legacy.encode() not in row.ciphertext
            assert open_sealed(c.organization.id, row.id, row.key_name, row.ciphertext) == legacy
        finally:
            async with xact_admin() as q:
                await harness(q).test_webhook_endpoint_delete(id=hook.id)
