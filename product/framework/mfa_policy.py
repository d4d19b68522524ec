"""Required two-factor (`organization_security_set {require_mfa}`): while the selected
organization requires it, a member without a second factor reaches none of its routes
(the `organization` level) and gets `MfaRequiredError`; the account's own routes (the
second factor's enrolment among them: `mfa_*`, `passkey_*`), `init` (which says why:
`InitOrganization.mfa_enrolment_required`), signing out and switching organization stay.

Checked on every call from the database, not the session: the organization's policy and
the caller's second factor (`MfaEnabled`: a confirmed TOTP or a passkey set as second
factor) are read on the call's connection just before its transaction opens. The
connection is the framework's (no RLS: `MfaEnabled` reads tables customers cannot).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from database.xact import Conn
from foundation.auth.sessions import Auth
from foundation.rpc.errors import RPCError
from foundation.rpc.route import Route
from product.__codegen__.orm import ProductORM


@dataclass
class MfaRequiredError(RPCError):
    """The selected organization requires a second factor and the caller has none: enrol
    one (TOTP `mfa_setup_*` or a passkey as second factor), then try again."""

    organization_id: str


async def require_second_factor(c: Conn[Any], route: Route[Any, Any], auth: Auth) -> None:
    """The product's gate: `MfaRequiredError` for an `organization` route while the
    organization requires a second factor the caller lacks."""
    access, organization = route.access, auth.organization
    if access is None or access.authorization != "organization" or organization is None:
        return
    if auth.service:  # an organization key is no member: it has no second factor to ask
        return
    pc: Conn[ProductORM] = c
    if not await pc.orm.organization_requires_mfa(id=organization.id):
        return
    if not await pc.orm.mfa_enabled(user_id=auth.user.id):
        raise MfaRequiredError(organization_id=organization.id)
