import asyncio
import subprocess
import sys

from foundation.base.paths import REPO_ROOT
from foundation.testing.fixture import TFix
from foundation.testing.timeouts import STARTS_PROCESSES
from product.vault.routes import VaultSecretCreateIn, vault_secret_create

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
