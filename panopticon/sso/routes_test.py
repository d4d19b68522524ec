from __future__ import annotations

from database.testing import harness
from database.xact import xact_admin
from foundation.testing.fixture import TFix
from panopticon.audit.routes import AuditLogListIn, audit_log_list
from panopticon.roles import AdminInsufficientRoleError
from panopticon.sso.routes import (
    OrganizationSsoIn,
    OrganizationSsoRemoveIn,
    SsoConnectionNotFoundError,
    organization_sso_get,
    organization_sso_remove,
)
from panopticon.testing import make_admin


async def test_admins_see_the_connection_and_superadmins_remove_it_audited(t: TFix) -> None:
    superadmin = await make_admin(t, "superadmin")
    support = await make_admin(t, "support")
    organization = await t.factory.organization()
    async with xact_admin() as q:
        connection = await harness(q).test_sso_connection_create(organization_id=organization.id)
    get = OrganizationSsoIn(organization_id=organization.id)
    seen = (await t.rpc.call(organization_sso_get, get, as_=support)).output
    assert seen is not None
    assert (seen.connection_id, seen.protocol, seen.saml_idp_entity_id) == (
        connection.id,
        "saml",
        "https://idp.example.test",
    )
    assert "secret" not in str(seen).lower()
    remove = OrganizationSsoRemoveIn(organization_id=organization.id, reason="locked out")
    res = await t.rpc.call(organization_sso_remove, remove, as_=support)
    res.expect_error(AdminInsufficientRoleError)
    assert (await t.rpc.call(organization_sso_remove, remove, as_=superadmin)).output.changed
    again = await t.rpc.call(organization_sso_remove, remove, as_=superadmin)
    again.expect_error(SsoConnectionNotFoundError)
    assert (await t.rpc.call(organization_sso_get, get, as_=support)).output is None
    query = AuditLogListIn(target=organization.id, action="organization_sso.remove")
    [entry] = (await t.rpc.call(audit_log_list, query, as_=superadmin)).output.items
    assert (entry.target, entry.reason) == (organization.id, "locked out")
    async with xact_admin() as q:
        org = await harness(q).test_organization_fetch(id=organization.id)
        events = await harness(q).test_webhook_events(organization_id=organization.id)
    assert "sso connection removed by an admin" in str(org.storytime)
    assert [e.type for e in events] == ["sso.connection_changed"]
