"""Required two-factor (`organization_security_set {require_mfa}`): while the selected
organization requires it, a member without a second factor reaches none of its routes
(the `organization` level) and gets `MfaRequiredError`; the account's own routes (the
second factor's enrolment among them: `mfa_*`, `passkey_*`), `init` (which says why:
`InitOrganization.mfa_enrolment_required`), signing out and switching organization stay.

Checked on every call from the database, not the session's cookie: the session lookup
(`AuthSessionLookup`, one statement on the framework's connection, which sees tables
customers cannot) reads the organization's policy and whether the caller has a second
factor (a confirmed TOTP or a passkey set as second factor) with the session, as
`Auth.second_factor_missing`: no round trip of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from foundation.auth.sessions import Auth
from foundation.rpc.errors import RPCError
from foundation.rpc.route import Route


@dataclass
class MfaRequiredError(RPCError):
    """The selected organization requires a second factor and the caller has none: enrol
    one (TOTP `mfa_setup_*` or a passkey as second factor), then try again."""

    organization_id: str


def require_second_factor(route: Route[Any, Any], auth: Auth) -> None:
    """Part of the product's guard: `MfaRequiredError` for an `organization` route while
    the organization requires a second factor the caller lacks."""
    access, organization = route.access, auth.organization
    if access is None or access.authorization != "organization" or organization is None:
        return
    if auth.service:  # an organization key is no member: it has no second factor to ask
        return
    if auth.second_factor_missing:
        raise MfaRequiredError(organization_id=organization.id)
