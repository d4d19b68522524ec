"""Re-sealing stored secrets under the vault's newest key (`blossom vault rotate`), one
committed batch at a time, for any table of sealed secrets: the vault's
(`product.vault.secrets.vault_rotate`) and the webhook signing secrets
(`foundation.webhooks.secrets.rotate_secrets`).

An interrupted run loses nothing and a rerun goes on with what is left; a secret no
configured key opens is reported and skipped, never lost.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol, TypeVar

from foundation.crypto.vault import Sealed, VaultError, current_key_id, open_sealed, seal

QT = TypeVar("QT")


class SealedRow(Protocol):
    """A stored secret: its row, organization and sealing."""

    @property
    def id(self) -> str: ...

    @property
    def organization_id(self) -> str: ...

    @property
    def key_name(self) -> str: ...

    @property
    def ciphertext(self) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Rotation:
    resealed: int
    failed: list[str]
    """Ids of secrets that no configured key decrypts (left as they were)."""


def open_row(row: SealedRow) -> str:
    """The plaintext of a sealed row (VaultError when no key opens it)."""
    return open_sealed(row.organization_id, row.id, row.key_name, row.ciphertext)


async def rotate_sealed(
    transaction: Callable[[], AbstractAsyncContextManager[QT]],
    *,
    remaining: Callable[[QT, str], Awaitable[int]],
    batch_of: Callable[[QT, str, str], Awaitable[Sequence[SealedRow]]],
    reseal: Callable[[QT, str, Sealed], Awaitable[None]],
    opener: Callable[[SealedRow], str] = open_row,
    progress: Callable[[int, int], None] = lambda _d, _t: None,
) -> Rotation:
    """Re-seal every row not under the newest key: `remaining(q, key)` counts them,
    `batch_of(q, key, after_id)` locks the next batch (ordered by id, SKIP LOCKED),
    `reseal(q, id, sealed)` stores one; each batch in its own `transaction()`.
    `progress(done, total)` runs after each batch."""
    key_id = current_key_id()
    async with transaction() as q:
        total = await remaining(q, key_id)
    done, after = 0, ""
    failed: list[str] = []
    while True:
        async with transaction() as q:
            rows = await batch_of(q, key_id, after)
            for row in rows:
                try:
                    plaintext = opener(row)
                except VaultError:
                    failed.append(row.id)
                    continue
                await reseal(q, row.id, seal(row.organization_id, row.id, plaintext))
                done += 1
        if not rows:
            return Rotation(resealed=done, failed=failed)
        after = rows[-1].id
        progress(done + len(failed), max(total, done + len(failed)))
