"""Reading and rotating vaulted secrets (server code only; values never leave by RPC).

value = await vault_fetch(q, secret_id)   # in the organization's (RLS) transaction
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from foundation.base.errors import NotFoundError
from foundation.crypto.vault import VaultError, current_key_id, open_sealed, seal
from product.db import ProductQ, xact_admin

ROTATION_BATCH = 100


async def vault_fetch(q: ProductQ, secret_id: str) -> str:
    """The plaintext of a secret visible in `q` (RLS: the current organization's only)."""
    row = await q.orm.vault_secret_sealed(id=secret_id)
    if row is None:
        raise NotFoundError("vaulted secret not found", secret_id=secret_id)
    return open_sealed(row.organization_id, secret_id, row.key_name, row.ciphertext)


@dataclass(frozen=True, slots=True)
class Rotation:
    resealed: int
    failed: list[str]
    """Ids of secrets that no configured key decrypts (left as they were)."""


async def vault_rotate(
    *, batch: int = ROTATION_BATCH, progress: Callable[[int, int], None] = lambda _d, _t: None
) -> Rotation:
    """Re-encrypt every secret under the newest key, one committed batch at a time, so an
    interrupted run loses nothing and a rerun continues with what is left. A secret that
    does not decrypt is reported and skipped, never lost. `progress(done, total)` runs
    after each batch."""
    key_id = current_key_id()
    async with xact_admin() as q:
        total = await q.orm.vault_rotation_remaining(key_name=key_id)
    done, after = 0, ""
    failed: list[str] = []
    while True:
        async with xact_admin() as q:
            rows = await q.orm.vault_rotation_batch(key_name=key_id, after_id=after, batch=batch)
            for row in rows:
                try:
                    plaintext = open_sealed(
                        row.organization_id, row.id, row.key_name, row.ciphertext
                    )
                except VaultError:
                    failed.append(row.id)
                    continue
                sealed = seal(row.organization_id, row.id, plaintext)
                await q.orm.vault_secret_reseal(
                    ciphertext=sealed.blob, key_name=sealed.key_id, id=row.id
                )
                done += 1
        if not rows:
            return Rotation(resealed=done, failed=failed)
        after = rows[-1].id
        progress(done + len(failed), max(total, done + len(failed)))
