"""Organizations' single sign-on connections (product `sso_connection_set`):
organization_sso_get, organization_sso_remove."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from foundation.rpc.errors import RPCError
from foundation.webhooks.events import SsoConnectionChanged, emit
from panopticon.audit.audit import audit
from panopticon.framework import AdminReq, route
from panopticon.inputs import Reason
from panopticon.outputs import Done


@dataclass
class SsoConnectionNotFoundError(RPCError):
    """The organization has no single sign-on connection."""

    organization_id: str


@dataclass
class OrganizationSsoIn:
    organization_id: str


@dataclass
class OrganizationSso:
    """An organization's single sign-on connection (its client secret is never shown)."""

    connection_id: str
    protocol: str
    """oidc or saml."""
    oidc_issuer: str | None
    oidc_client_id: str | None
    saml_idp_entity_id: str | None
    default_role: str
    enforce: bool
    owners_break_glass: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime


@route("organization_sso_get", authorization="admin", method="GET")
async def organization_sso_get(req: AdminReq[OrganizationSsoIn]) -> OrganizationSso | None:
    """The organization's single sign-on connection, or null (no secret)."""
    row = await req.q.orm.organization_sso_connection(organization_id=req.data.organization_id)
    if row is None:
        return None
    return OrganizationSso(
        connection_id=row.id,
        protocol=row.protocol,
        oidc_issuer=row.oidc_issuer,
        oidc_client_id=row.oidc_client_extid,
        saml_idp_entity_id=row.saml_idp_entity_extid,
        default_role=row.default_role,
        enforce=row.enforce,
        owners_break_glass=row.owners_break_glass,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@dataclass
class OrganizationSsoRemoveIn:
    organization_id: str
    reason: Reason


@route("organization_sso_remove", authorization="superadmin", errors=(SsoConnectionNotFoundError,))
async def organization_sso_remove(req: AdminReq[OrganizationSsoRemoveIn]) -> Done:
    """Remove an organization's single sign-on connection (superadmin: an identity
    provider locking the organization out, say). Its enforcement ends with it; members
    stay. Audited; noted on the organization; emits `sso.connection_changed`."""
    q, data = req.q, req.data
    removed = await q.orm.organization_sso_remove_by_admin(
        organization_id=data.organization_id, by_user_id=req.admin.id
    )
    if removed is None:
        raise SsoConnectionNotFoundError(organization_id=data.organization_id)
    await audit(
        req,
        "organization_sso.remove",
        target=data.organization_id,
        reason=data.reason,
        diff={
            "connection_id": removed.id,
            "protocol": removed.protocol,
            "enforce": removed.enforce,
        },
    )
    await emit(
        q,
        data.organization_id,
        "sso.connection_changed",
        SsoConnectionChanged(connection_id=removed.id, change="deleted"),
    )
    return Done(changed=True, count=1)


ROUTES = (organization_sso_get, organization_sso_remove)
