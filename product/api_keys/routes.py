"""API key RPCs: api_key_create, api_keys_list, api_key_revoke.

A key is `bsk_<id>_<secret>`, answered once by `api_key_create` (only the secret's hash
is kept). A personal key acts as its creator within the current organization; an
organization key (`api_keys:manage`) is the organization's service identity (no person:
`Auth.service`, `xact_service`), whoever made it. Either calls only the routes declared
`api_keys=True` whose permission is one of its scopes; these three refuse keys (a key
never makes or revokes keys).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field

from database.__codegen__.enums import ApiKeyKindEnum
from foundation.auth.api_keys import new_api_key
from foundation.base.clock import CLOCK
from foundation.base.types import Name
from foundation.rpc.errors import RPCError
from foundation.rpc.pages import InvalidCursorError, Page, PageIn
from foundation.webhooks.events import ApiKeyCreated, emit
from product.framework import PRODUCT, OrgReq, route
from product.framework.permissions import permission, require_permission
from product.organizations.roles import InsufficientRoleError

Scope = Annotated[str, Field(min_length=1, max_length=100, examples=["vault:read"])]


API_KEYS_PERSONAL = permission("api_keys:personal", "create and revoke one's own API keys")
API_KEYS_MANAGE = permission(
    "api_keys:manage", "create and revoke the organization's own API keys (organization keys)"
)


@dataclass
class ApiKeyScopeUnknownError(RPCError):
    """A scope is not a permission of any RPC that accepts API keys (`scopes`: those)."""

    scopes: list[str]


@dataclass
class ApiKeyNotFoundError(RPCError):
    """The current organization has no key with this id that the caller may see."""

    id: str


@dataclass
class ApiKeyCreateIn:
    name: Name
    scopes: Annotated[list[Scope], Field(min_length=1, max_length=100)]
    """The permissions the key may use (`permissions_list`): it calls the RPCs that accept
    API keys and declare one of them. You must hold each one yourself."""
    kind: ApiKeyKindEnum = "personal"
    """`personal` (acts as you, with your role) or `organization` (`api_keys:manage`: the
    organization's own service identity, independent of you)."""
    expires_in_days: Annotated[int, Field(ge=1, le=3650)] | None = None
    """The key stops working after this many days; null: it does not expire."""


@dataclass
class ApiKeyOut:
    id: str
    name: str
    kind: ApiKeyKindEnum
    prefix: str
    """What identifies the key where it is used (`bsk_<id>`): the secret is never shown again."""
    scopes: list[str]
    created_at: datetime.datetime
    expires_at: datetime.datetime | None
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    mine: bool
    """Whether you created it."""


@dataclass
class ApiKeyCreateOut:
    key: str
    """The key (`bsk_<id>_<secret>`): shown this once; send it as `Authorization: Bearer`."""
    api_key: ApiKeyOut


@route(
    "api_key_create",
    authorization="organization",
    permission=API_KEYS_PERSONAL,
    errors=(InsufficientRoleError, ApiKeyScopeUnknownError),
)
async def api_key_create(req: OrgReq[ApiKeyCreateIn]) -> ApiKeyCreateOut:
    """Create an API key for the current organization and answer it once. A personal key
    acts as you (your role, while you stay a member); an organization key
    (`api_keys:manage`) is the organization's own service identity: its calls and the
    changes they make are the key's (audit log, webhooks), and it keeps working when you
    leave. `scopes` are permissions you hold; the key calls the RPCs that accept API keys
    and need one of them."""
    unknown = sorted({s for s in req.data.scopes if s not in PRODUCT.key_permissions})
    if unknown:
        raise ApiKeyScopeUnknownError(scopes=unknown)
    if req.data.kind == "organization":
        await require_permission(req.q, req.user.id, req.organization.id, API_KEYS_MANAGE)
    for scope in sorted(set(req.data.scopes)):  # nobody hands a key more than they hold
        await require_permission(req.q, req.user.id, req.organization.id, scope)
    now = CLOCK.now()
    days = req.data.expires_in_days
    key_id = await req.q.orm.api_key_new_id()
    key, parts = new_api_key(key_id)
    row = await req.q.orm.api_key_insert(
        id=key_id,
        organization_id=req.organization.id,
        user_id=req.user.id,
        kind=req.data.kind,
        name=req.data.name,
        secret_hash=parts.secret_hash,
        scopes=sorted(set(req.data.scopes)),
        expires_at=now + datetime.timedelta(days=days) if days is not None else None,
        now=now,
    )
    await emit(
        req.q,
        req.organization.id,
        "api_key.created",
        ApiKeyCreated(api_key_id=row.id, name=row.name, created_by_user_id=req.user.id),
    )
    return ApiKeyCreateOut(
        key=key,
        api_key=ApiKeyOut(
            id=row.id,
            name=row.name,
            kind=row.kind,
            prefix=f"bsk_{row.id}",
            scopes=row.scopes,
            created_at=row.created_at,
            expires_at=row.expires_at,
            last_used_at=None,
            revoked_at=None,
            mine=True,
        ),
    )


@dataclass
class ApiKeysPage:
    items: list[ApiKeyOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route(
    "api_keys_list",
    authorization="organization",
    method="GET",
    permission=API_KEYS_PERSONAL,
    errors=(InvalidCursorError,),
)
async def api_keys_list(req: OrgReq[PageIn]) -> ApiKeysPage:
    """Your personal keys and the organization's keys in the current organization, newest
    first (never their secrets), one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
    previous page's `next_cursor`)."""
    page = Page.of("api_keys", req.data.cursor, req.data.limit)
    rows = await req.q.orm.api_keys_list(
        organization_id=req.organization.id,
        user_id=req.user.id,
        before_id=page.before,
        row_limit=page.fetch,
    )
    items = [
        ApiKeyOut(
            id=r.id,
            name=r.name,
            kind=r.kind,
            prefix=f"bsk_{r.id}",
            scopes=r.scopes,
            created_at=r.created_at,
            expires_at=r.expires_at,
            last_used_at=r.last_used_at,
            revoked_at=r.revoked_at,
            mine=r.user_id == req.user.id,
        )
        for r in page.shown(rows)
    ]
    return ApiKeysPage(items=items, next_cursor=page.next(rows))


@dataclass
class ApiKeyRevokeIn:
    id: str


RevokedEnum = Literal["revoked", "already_revoked"]


@route(
    "api_key_revoke",
    authorization="organization",
    permission=API_KEYS_PERSONAL,
    errors=(InsufficientRoleError, ApiKeyNotFoundError),
)
async def api_key_revoke(req: OrgReq[ApiKeyRevokeIn]) -> RevokedEnum:
    """Revoke a key at once: your own personal key, or (owners and admins) an
    organization key."""
    q = req.q
    row = await q.orm.api_key_for_revoke(id=req.data.id, organization_id=req.organization.id)
    if row is None or (row.kind == "personal" and row.user_id != req.user.id):
        raise ApiKeyNotFoundError(id=req.data.id)
    if row.kind == "organization":
        await require_permission(q, req.user.id, req.organization.id, API_KEYS_MANAGE)
    if row.revoked_at is not None:
        return "already_revoked"
    await q.orm.api_key_revoke(id=row.id, by_user_id=req.user.id, now=CLOCK.now())
    return "revoked"


ROUTES = (api_key_create, api_keys_list, api_key_revoke)
