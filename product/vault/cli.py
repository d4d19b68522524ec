"""`blossom vault rotate`: re-encrypt every secret under the newest VAULT_KEYS key: the
vault's secrets, then the webhook signing secrets."""

from __future__ import annotations

import click

from foundation.base.progress import step


@click.group()
def vault() -> None:
    """The secrets vault."""


@vault.command()
@click.option("--batch", default=100, show_default=True, help="Secrets per committed batch.")
def rotate(batch: int) -> None:
    """Re-encrypt every secret under the newest key: the vault's and the webhook signing
    secrets (resumable: rerun after an interruption)."""
    import asyncio

    asyncio.run(_rotate(batch))


async def _rotate(batch: int) -> None:
    from database.locks import pg_advisory_lock
    from database.pool import close_pool
    from database.xact import dedicated
    from foundation.crypto.vault import current_key_id
    from foundation.webhooks.secrets import rotate_secrets
    from product.vault.secrets import vault_rotate

    try:
        # A session lock: on a connection of its own to DATABASE_DIRECT_URL (through a
        # transaction pooler it would exclude nobody and stay held on a server connection).
        async with dedicated() as c, pg_advisory_lock(c.conn, "vault-rotate"):
            step(f"re-encrypting under key {current_key_id()!r}")
            result = await vault_rotate(
                batch=batch, progress=lambda d, t: step(f"processed {d}/{t}")
            )
            step(f"re-sealing webhook signing secrets under key {current_key_id()!r}")
            webhooks = await rotate_secrets(
                batch=batch, progress=lambda d, t: step(f"processed {d}/{t} webhook secrets")
            )
    finally:
        await close_pool()
    step(
        f"done: {result.resealed} secrets and {webhooks.resealed} webhook signing secrets"
        " re-encrypted"
    )
    failed = result.failed + webhooks.failed
    if failed:
        raise click.ClickException(
            f"{len(failed)} secrets do not decrypt with any configured key and were left"
            f" as they were: {', '.join(failed[:20])}"
        )
