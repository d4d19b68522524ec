"""Product's instance of the session-app framework: its cookie, levels and errors.

    @route("organization_update", authorization="organization", permission="organization:manage")
    async def organization_update(req: OrgReq[OrganizationUpdateIn]) -> OrganizationOut: ...

The handler's request type must match the authorization (`PublicReq`, `UserReq`,
`OrgReq`); a mismatch fails at import. `api_keys=True` lets an API key whose scopes
name the route call it (README "For developers integrating with Blossom"); every other
route refuses keys.
"""

from __future__ import annotations

from typing import Any, Literal

from foundation.auth.sessions import Auth
from foundation.rpc.route import Route
from foundation.session_app import Level, SessionApp
from product.__codegen__.orm import ProductORM
from product.db import DB
from product.framework.impersonation import (
    ImpersonationReadOnlyError,
    read_only_while_impersonated,
)
from product.framework.mfa_policy import MfaRequiredError, require_second_factor
from product.framework.permissions import PRODUCT_PERMISSIONS
from product.framework.req import (
    NoOrganizationSelectedError,
    OrgReq,
    PublicReq,
    UserReq,
)

AuthorizationEnum = Literal["public", "user", "organization"]


def _guard(route: Route[Any, Any], auth: Auth) -> None:
    """Impersonated sessions are read-only; then required two-factor (both read with the
    session: no round trip of their own)."""
    read_only_while_impersonated(route, auth)
    require_second_factor(route, auth)


PRODUCT = SessionApp[ProductORM, AuthorizationEnum](
    "product",
    cookie="blossom_session",
    db=DB,
    levels={
        "public": Level(PublicReq, signed_in=False),  # each public route declares its kind
        "user": Level(UserReq, signed_in=True, transaction="customer"),
        "organization": Level(OrgReq, signed_in=True, transaction="customer"),
    },
    errors=(NoOrganizationSelectedError, ImpersonationReadOnlyError, MfaRequiredError),
    guard=_guard,
    permissions=PRODUCT_PERMISSIONS,
    api_keys=True,
)
route = PRODUCT.route
