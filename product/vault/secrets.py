"""Reading and rotating vaulted secrets (server code only; values never leave by RPC).

value = await vault_fetch(q, secret_id)   # in the organization's (RLS) transaction
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from foundation.base.errors import NotFoundError
from foundation.crypto.rotation import Rotation, SealedRow, rotate_sealed
from foundation.crypto.vault import Sealed, open_sealed
from product.db import ProductQ, xact_admin

ROTATION_BATCH = 100

__all__ = ["ROTATION_BATCH", "Rotation", "vault_fetch", "vault_rotate"]


async def vault_fetch(q: ProductQ, secret_id: str) -> str:
    """The plaintext of a secret visible in `q` (RLS: the current organization's only)."""
    row = await q.orm.vault_secret_sealed(id=secret_id)
    if row is None:
        raise NotFoundError("vaulted secret not found", secret_id=secret_id)
    return open_sealed(row.organization_id, secret_id, row.key_name, row.ciphertext)


async def vault_rotate(
    *, batch: int = ROTATION_BATCH, progress: Callable[[int, int], None] = lambda _d, _t: None
) -> Rotation:
    """Re-encrypt every secret under the newest key, one committed batch at a time, so an
    interrupted run loses nothing and a rerun continues with what is left. A secret that
    does not decrypt is reported and skipped, never lost. `progress(done, total)` runs
    after each batch."""

    async def remaining(q: ProductQ, key_id: str) -> int:
        return await q.orm.vault_rotation_remaining(key_name=key_id)

    async def batch_of(q: ProductQ, key_id: str, after: str) -> Sequence[SealedRow]:
        return await q.orm.vault_rotation_batch(key_name=key_id, after_id=after, batch=batch)

    async def reseal(q: ProductQ, secret_id: str, sealed: Sealed) -> None:
        await q.orm.vault_secret_reseal(
            ciphertext=sealed.blob, key_name=sealed.key_id, id=secret_id
        )

    return await rotate_sealed(
        xact_admin, remaining=remaining, batch_of=batch_of, reseal=reseal, progress=progress
    )
