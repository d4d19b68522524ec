"""Webhook signing secrets, sealed with the vault's keys (`foundation.crypto.vault`).

    secret = await store_new_secret(q, organization_id, endpoint_id)   # answer it once
    secrets = await signing_secrets(q, endpoint_id, now)               # sender only

A secret is a row of `webhook_secrets`: AES-256-GCM under the vault's newest key, bound
to the organization and the row's id (a ciphertext copied to another row or organization
does not open). The customer role may insert one (creating an endpoint, rotating its
secret) but has no SELECT on `key_name` or `ciphertext`: only the sender, in admin
transactions, opens them. Rows from before sealing (`key_name` '', moved by migration
0033) are sealed by `seal_unsealed`, which every send round runs first. `blossom vault
rotate` re-seals every secret under the newest key (`rotate_secrets`), so an old key can
leave VAULT_KEYS afterwards.
"""

from __future__ import annotations

import base64
import datetime
import secrets
from collections.abc import Callable, Sequence

from foundation.crypto.rotation import Rotation, SealedRow, rotate_sealed
from foundation.crypto.vault import Sealed, open_sealed, seal
from foundation.db import FoundationQ, xact_admin

UNSEALED = ""
"""`key_name` of a secret moved from before sealing (its ciphertext is the plaintext)."""
SEAL_BATCH = 100


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


async def store_new_secret(q: FoundationQ, organization_id: str, endpoint_id: str) -> str:
    """A fresh secret for the endpoint, stored sealed in `q` (the caller's transaction);
    returns the plaintext, to be answered once."""
    secret = new_secret()
    secret_id = await q.orm.webhook_secret_new_id()
    sealed = seal(organization_id, secret_id, secret)
    await q.orm.webhook_secret_insert(
        id=secret_id,
        organization_id=organization_id,
        endpoint_id=endpoint_id,
        key_name=sealed.key_id,
        ciphertext=sealed.blob,
    )
    return secret


def _open(organization_id: str, secret_id: str, key_name: str, ciphertext: bytes) -> str:
    if key_name == UNSEALED:
        return ciphertext.decode()
    return open_sealed(organization_id, secret_id, key_name, ciphertext)


async def signing_secrets(q: FoundationQ, endpoint_id: str, now: datetime.datetime) -> list[str]:
    """The secrets that sign the endpoint's deliveries at `now`: the current one, then a
    rotated-out one during its last day."""
    rows = await q.orm.webhook_signing_secrets(endpoint_id=endpoint_id, now=now)
    return [_open(r.organization_id, r.id, r.key_name, r.ciphertext) for r in rows]


async def seal_unsealed(q: FoundationQ, *, batch: int = SEAL_BATCH) -> int:
    """Seal up to `batch` secrets stored before sealing (admin transaction); how many."""
    rows = await q.orm.webhook_secrets_unsealed(batch=batch)
    for row in rows:
        sealed = seal(row.organization_id, row.id, row.ciphertext.decode())
        await q.orm.webhook_secret_reseal(key_name=sealed.key_id, ciphertext=sealed.blob, id=row.id)
    return len(rows)


async def rotate_secrets(
    *, batch: int = SEAL_BATCH, progress: Callable[[int, int], None] = lambda _d, _t: None
) -> Rotation:
    """Re-seal every webhook signing secret under the vault's newest key (`blossom vault
    rotate`), one committed batch at a time: an interrupted run loses nothing and a rerun
    goes on with what is left. A secret no key opens is reported and skipped, never lost
    (`foundation.crypto.rotation`). `progress(done, total)` runs after each batch."""

    async def remaining(q: FoundationQ, key_id: str) -> int:
        return await q.orm.webhook_secrets_rotation_remaining(key_name=key_id)

    async def batch_of(q: FoundationQ, key_id: str, after: str) -> Sequence[SealedRow]:
        return await q.orm.webhook_secrets_rotation_batch(
            key_name=key_id, after_id=after, batch=batch
        )

    async def reseal(q: FoundationQ, secret_id: str, sealed: Sealed) -> None:
        await q.orm.webhook_secret_reseal(
            key_name=sealed.key_id, ciphertext=sealed.blob, id=secret_id
        )

    def opener(row: SealedRow) -> str:
        return _open(row.organization_id, row.id, row.key_name, row.ciphertext)

    return await rotate_sealed(
        xact_admin,
        remaining=remaining,
        batch_of=batch_of,
        reseal=reseal,
        opener=opener,
        progress=progress,
    )
