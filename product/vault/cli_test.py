import asyncio
import base64
import os
import subprocess
import sys

import pytest

from database.testing import harness
from foundation.base.env import ENV
from foundation.base.paths import REPO_ROOT
from foundation.crypto.vault import open_sealed
from foundation.db import xact_admin
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env, process_env
from foundation.testing.timeouts import STARTS_PROCESSES
from foundation.webhooks.secrets import rotate_secrets, store_new_secret
from product.vault.routes import VaultSecretCreateIn, vault_secret_create
from product.vault.secrets import vault_rotate

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py


async def test_vault_rotate_prints_progress(t: TFix) -> None:
    c = await t.factory.customer()
    created = await t.rpc.call(vault_secret_create, VaultSecretCreateIn(name="k", value="v"), as_=c)
    assert created.output.name == "k"
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "cli.main", "vault", "rotate", "--batch", "2"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    # Everything is already under the newest (only) key, except secrets other tests corrupt.
    assert "re-encrypting under key 'dev'" in result.stdout + result.stderr
    assert "re-sealing webhook signing secrets under key 'dev'" in result.stdout + result.stderr
    assert "done: 0 secrets and 0 webhook signing secrets re-encrypted" in (
        result.stdout + result.stderr
    )


async def test_vault_rotate_reseals_the_webhook_signing_secrets(t: TFix) -> None:
    c = await t.factory.customer()
    old_keys = ENV.vault_keys
    rotated = f"rotated:{base64.b64encode(os.urandom(32)).decode()}"
    async with xact_admin() as q:
        hook = await harness(q).test_webhook_endpoint_create(
            organization_id=c.organization.id, url="https://hooks.example/x", events=[]
        )
        secret = await store_new_secret(q, c.organization.id, hook.id)
    try:
        await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "cli.main", "vault", "rotate"],
            cwd=REPO_ROOT,
            env=process_env({"VAULT_KEYS": f"{old_keys},{rotated}"}),
            capture_output=True,
            text=True,
        )
        async with xact_admin() as q:
            [row] = await harness(q).test_webhook_secrets(endpoint_id=hook.id)
        assert row.key_name == "rotated"
        with pytest.MonkeyPatch.context() as monkeypatch:  # the old key gone: it still opens
            override_env(monkeypatch, vault_keys=rotated)
            assert open_sealed(c.organization.id, row.id, row.key_name, row.ciphertext) == secret
    finally:
        async with xact_admin() as q:
            await harness(q).test_webhook_endpoint_delete(id=hook.id)
        # Every test's secrets went under the test's key: back under the suite's.
        with pytest.MonkeyPatch.context() as monkeypatch:
            override_env(monkeypatch, vault_keys=f"{rotated},{old_keys}")
            await rotate_secrets()
            await vault_rotate()
