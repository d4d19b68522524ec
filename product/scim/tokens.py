"""SCIM token RPCs: scim_token_create, scim_tokens_list, scim_token_revoke.

A token is `bst_<id>_<secret>`, answered once by `scim_token_create` (only the secret's
hash is kept). The organization's identity provider sends it as `Authorization: Bearer`
to `/scim/v2/` (`product.scim.endpoint`); it works while its creator still holds
`scim:manage` (owners; a custom role may grant it), until it is revoked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from foundation.auth.scim_tokens import new_scim_token
from foundation.base.clock import CLOCK
from foundation.base.types import Name
from foundation.rpc.errors import RPCError
from foundation.rpc.pages import InvalidCursorError, Page, PageIn
from product.framework import OrgReq, route
from product.framework.permissions import permission
from product.organizations.roles import InsufficientRoleError

SCIM_MANAGE = permission(
    "scim:manage",
    "create and revoke SCIM tokens: the organization's identity provider then adds, changes"
    " and removes members and their roles",
)


@dataclass
class ScimTokenNotFoundError(RPCError):
    """The current organization has no SCIM token with this id."""

    id: str


@dataclass
class ScimTokenCreateIn:
    name: Name
    """What the token is for (the identity provider: "Okta")."""


@dataclass
class ScimTokenOut:
    id: str
    name: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    """When the identity provider last used it (recorded at most once a minute)."""
    revoked_at: datetime.datetime | None


@dataclass
class ScimTokenCreateOut:
    token: str
    """The token (`bst_<id>_<secret>`): shown this once; give it to the identity provider
    with the base URL `/scim/v2` of this server."""
    scim_token: ScimTokenOut


@route(
    "scim_token_create",
    authorization="organization",
    permission=SCIM_MANAGE,
    errors=(InsufficientRoleError,),
)
async def scim_token_create(req: OrgReq[ScimTokenCreateIn]) -> ScimTokenCreateOut:
    """Create a SCIM token for the current organization's identity provider and answer it
    once (`scim:manage`). It provisions members at `/scim/v2/` while you hold
    `scim:manage`, until revoked."""
    token_id = await req.q.orm.scim_token_new_id()
    token, parts = new_scim_token(token_id)
    row = await req.q.orm.scim_token_insert(
        id=token_id,
        organization_id=req.organization.id,
        user_id=req.user.id,
        name=req.data.name,
        secret_hash=parts.secret_hash,
        now=CLOCK.now(),
    )
    return ScimTokenCreateOut(
        token=token,
        scim_token=ScimTokenOut(
            id=row.id, name=row.name, created_at=row.created_at, last_used_at=None, revoked_at=None
        ),
    )


@dataclass
class ScimTokensPage:
    items: list[ScimTokenOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route(
    "scim_tokens_list",
    authorization="organization",
    method="GET",
    permission=SCIM_MANAGE,
    errors=(InvalidCursorError,),
)
async def scim_tokens_list(req: OrgReq[PageIn]) -> ScimTokensPage:
    """The organization's SCIM tokens, newest first: names and last use (never secrets),
    one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
    previous page's `next_cursor`)."""
    page = Page.of("scim_tokens", req.data.cursor, req.data.limit)
    rows = await req.q.orm.scim_tokens_list(
        organization_id=req.organization.id, before_id=page.before, row_limit=page.fetch
    )
    items = [
        ScimTokenOut(
            id=r.id,
            name=r.name,
            created_at=r.created_at,
            last_used_at=r.last_used_at,
            revoked_at=r.revoked_at,
        )
        for r in page.shown(rows)
    ]
    return ScimTokensPage(items=items, next_cursor=page.next(rows))


@dataclass
class ScimTokenRevokeIn:
    id: str


RevokedEnum = Literal["revoked", "already_revoked"]


@route(
    "scim_token_revoke",
    authorization="organization",
    permission=SCIM_MANAGE,
    errors=(InsufficientRoleError, ScimTokenNotFoundError),
)
async def scim_token_revoke(req: OrgReq[ScimTokenRevokeIn]) -> RevokedEnum:
    """Revoke a SCIM token at once (`scim:manage`): its next request is refused."""
    q = req.q
    row = await q.orm.scim_token_for_revoke(id=req.data.id, organization_id=req.organization.id)
    if row is None:
        raise ScimTokenNotFoundError(id=req.data.id)
    if row.revoked_at is not None:
        return "already_revoked"
    await q.orm.scim_token_revoke(
        id=row.id, organization_id=req.organization.id, by_user_id=req.user.id, now=CLOCK.now()
    )
    return "revoked"


ROUTES = (scim_token_create, scim_tokens_list, scim_token_revoke)
