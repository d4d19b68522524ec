"""Sealed webhook signing secrets: a secret moved unsealed by migration 0033 (`key_name`
'') is sealed by the sender's next round and still signs; `blossom vault rotate`
re-seals every secret under the newest key, so the old key can go."""

from __future__ import annotations

import base64
import os

import pytest
from standardwebhooks import Webhook

from database.testing import harness
from foundation.base.env import ENV
from foundation.crypto.vault import current_key_id, open_sealed
from foundation.db import xact_admin
from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env
from foundation.webhooks.events import OrganizationUpdated, emit
from foundation.webhooks.secrets import UNSEALED, new_secret, rotate_secrets, store_new_secret
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


async def test_rotation_reseals_under_the_newest_key_so_the_old_one_can_go(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=True)
    old_keys = ENV.vault_keys
    old_key = current_key_id()
    rotated = f"rotated:{base64.b64encode(os.urandom(32)).decode()}"
    c = await t.factory.customer()
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(200))
        async with xact_admin() as q:
            hook = await harness(q).test_webhook_endpoint_create(
                organization_id=c.organization.id,
                url=f"{receiver.url}/hook",
                events=["organization.updated"],
            )
            secret = await store_new_secret(q, c.organization.id, hook.id)
        try:
            override_env(monkeypatch, vault_keys=f"{old_keys},{rotated}")  # newest last
            rotation = await rotate_secrets(batch=2)
            assert rotation.resealed >= 1
            async with xact_admin() as q:
                [row] = await harness(q).test_webhook_secrets(endpoint_id=hook.id)
            assert row.key_name == "rotated"
            # The old key leaves VAULT_KEYS: the secret still opens and still signs.
            override_env(monkeypatch, vault_keys=rotated)
            assert open_sealed(c.organization.id, row.id, row.key_name, row.ciphertext) == secret
            async with xact_admin() as q:
                await emit(q, c.organization.id, "organization.updated", OrganizationUpdated("y"))
            await send_pending()
            [request] = receiver.calls("POST", "/hook")
            assert Webhook(secret).verify(request.body, request.headers)["data"]["name"] == "y"
        finally:
            async with xact_admin() as q:
                await harness(q).test_webhook_endpoint_delete(id=hook.id)
            # Every test's secrets went under the test's key: back under the suite's.
            override_env(monkeypatch, vault_keys=f"{rotated},{old_keys}")
            await rotate_secrets()
    assert current_key_id() == old_key
