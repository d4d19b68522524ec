import base64
import os

import pytest

from database.testing import harness
from foundation.base.env import ENV
from foundation.crypto import vault as vault_module
from foundation.testing.fixture import TFix
from product.db import xact_admin
from product.vault.routes import VaultSecretCreateIn, vault_secret_create
from product.vault.secrets import vault_fetch, vault_rotate


class Interrupted(Exception):
    pass


async def test_rotation_survives_an_interruption_and_loses_nothing(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = await t.factory.customer()
    values: dict[str, str] = {}
    for i in range(7):
        res = await t.rpc.call(
            vault_secret_create, VaultSecretCreateIn(name=f"s{i}", value=f"v{i}"), as_=c
        )
        values[res.output.id] = f"v{i}"
    new_key = base64.b64encode(os.urandom(32)).decode()
    monkeypatch.setattr(
        vault_module,
        "keyring",
        lambda: vault_module._keyring(  # pyright: ignore[reportPrivateUsage]
            f"{ENV.vault_keys},new:{new_key}"
        ),
    )

    def stop_after_first_batch(done: int, total: int) -> None:
        raise Interrupted

    # Other tests' secrets share the database: rotate everything, interrupted after one batch.
    with pytest.raises(Interrupted):
        await vault_rotate(batch=3, progress=stop_after_first_batch)
    async with xact_admin() as q:
        keys = {
            r.id: r.key_name for r in await harness(q).test_vault_secret_key_names(ids=list(values))
        }
        for secret_id, value in values.items():  # nothing lost mid-way: old and new keys mix
            assert await vault_fetch(q, secret_id) == value
    assert set(keys.values()) <= {"dev", "new"}
    result = await vault_rotate(batch=3)
    async with xact_admin() as q:
        for secret_id, value in values.items():
            assert await vault_fetch(q, secret_id) == value
        keys = {
            r.id: r.key_name for r in await harness(q).test_vault_secret_key_names(ids=list(values))
        }
        remaining = await q.orm.vault_rotation_remaining(key_name="new")
    assert set(keys.values()) == {"new"}
    # Only secrets that no key decrypts stay behind (other tests tamper with some on purpose).
    assert remaining == len(result.failed)
