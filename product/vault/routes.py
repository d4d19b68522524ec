"""Vault RPCs: vault_secret_create, vault_secrets_list, vault_secret_delete."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated

from pydantic import StringConstraints

from foundation.base.types import Name
from foundation.crypto.vault import seal
from foundation.rpc.errors import RPCError
from foundation.rpc.pages import InvalidCursorError, Page, PageIn
from product.auth.verification import EmailNotVerifiedError, require_verified
from product.framework import OrgReq, route
from product.framework.permissions import permission

VAULT_READ = permission("vault:read", "see the names of the organization's secrets")
VAULT_WRITE = permission("vault:write", "store and delete the organization's secrets")

SecretValue = Annotated[str, StringConstraints(min_length=1, max_length=65536)]


@dataclass
class VaultSecretNotFoundError(RPCError):
    """The current organization has no secret with this id."""

    id: str


@dataclass
class VaultSecretCreateIn:
    name: Name
    value: SecretValue


@dataclass
class VaultSecretOut:
    id: str
    name: str
    created_at: datetime.datetime


@route(
    "vault_secret_create",
    authorization="organization",
    api_keys=True,
    permission=VAULT_WRITE,
    errors=(EmailNotVerifiedError,),
)
async def vault_secret_create(req: OrgReq[VaultSecretCreateIn]) -> VaultSecretOut:
    """Store a secret for the current organization, encrypted (`vault:write`, with a
    verified email address). Its value is never returned by any RPC."""
    if not req.service:  # an organization key has no address to verify
        await require_verified(req.q, req.user.id)
    q, organization_id = req.q, req.organization.id
    secret_id = await q.orm.vault_secret_new_id()
    sealed = seal(organization_id, secret_id, req.data.value)
    row = await q.orm.vault_secret_insert(
        id=secret_id,
        organization_id=organization_id,
        name=req.data.name,
        ciphertext=sealed.blob,
        key_name=sealed.key_id,
        by_user_id=req.user.id,
    )
    return VaultSecretOut(id=row.id, name=row.name, created_at=row.created_at)


@dataclass
class VaultSecretsPage:
    items: list[VaultSecretOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route(
    "vault_secrets_list",
    authorization="organization",
    method="GET",
    permission=VAULT_READ,
    api_keys=True,
    errors=(InvalidCursorError,),
)
async def vault_secrets_list(req: OrgReq[PageIn]) -> VaultSecretsPage:
    """The current organization's secrets (names only), oldest first, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
    previous page's `next_cursor`)."""
    page = Page.of("vault_secrets", req.data.cursor, req.data.limit)
    rows = await req.q.orm.vault_secrets_list(
        organization_id=req.organization.id, after_id=page.after, row_limit=page.fetch
    )
    return VaultSecretsPage(
        items=[
            VaultSecretOut(id=r.id, name=r.name, created_at=r.created_at) for r in page.shown(rows)
        ],
        next_cursor=page.next(rows),
    )


@dataclass
class VaultSecretDeleteIn:
    id: str


@route(
    "vault_secret_delete",
    authorization="organization",
    api_keys=True,
    permission=VAULT_WRITE,
    errors=(VaultSecretNotFoundError,),
)
async def vault_secret_delete(req: OrgReq[VaultSecretDeleteIn]) -> None:
    """Delete a secret of the current organization (`vault:write`)."""
    deleted = await req.q.orm.vault_secret_delete(
        id=req.data.id, organization_id=req.organization.id, by_user_id=req.user.id
    )
    if deleted is None:
        raise VaultSecretNotFoundError(id=req.data.id)


ROUTES = (vault_secret_create, vault_secrets_list, vault_secret_delete)
