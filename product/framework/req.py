"""What product handlers receive, one type per authorization level.

- `PublicReq`: anyone; `session_id`/`user`/`organization`/`role` are set when a valid
  session came along.
- `UserReq`: a signed-in user; `organization`/`role` when one is selected.
- `OrgReq`: a signed-in user with a selected organization and their role in it.

`req.q` is the transaction the framework opened for the call: admin for public routes,
customer (RLS: the caller's user and selected organization) otherwise. Routes declared
with `hold=False` get none (`req.q` raises) and open short ones of the same kind
with `req.transaction()`, so slow work such as password hashing holds no connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from database.__codegen__.enums import OrganizationRoleEnum
from foundation.auth.sessions import Auth, AuthOrganization
from foundation.auth.users import UserSummary
from foundation.rpc.errors import RPCError
from foundation.session_app import SessionReq, require_session
from product.__codegen__.orm import ProductORM

In = TypeVar("In")


@dataclass
class NoOrganizationSelectedError(RPCError):
    """The route works on an organization, and the session has none selected."""


@dataclass(kw_only=True, eq=False)
class ProductReq(SessionReq[In, ProductORM]):
    """Common to every product request; handlers annotate one of the subclasses.
    `impersonator` is the admin when the session is an impersonated one (read-only)."""

    impersonator: UserSummary | None
    email_verified: bool
    """The caller's address is proven (as of the session lookup; checks that gate an
    action read it fresh: `product.auth.verification.require_verified`)."""
    api_key_id: str | None
    """The API key the call came with (None: a session)."""
    service: bool
    """The caller is an organization API key (the organization's service identity):
    `user` is the key (`user.id` its id, `user.name` its name, no email), no person."""


def _caller(auth: Auth) -> dict[str, Any]:
    return {
        "session_id": auth.session_id,
        "user": auth.user,
        "organization": auth.organization,
        "role": auth.role,
        "impersonator": auth.impersonator,
        "email_verified": auth.email_verified,
        "api_key_id": auth.api_key_id,
        "service": auth.service,
    }


@dataclass(kw_only=True, eq=False)
class PublicReq(ProductReq[In]):
    session_id: str | None
    user: UserSummary | None
    organization: AuthOrganization | None
    role: OrganizationRoleEnum | None

    @classmethod
    def from_auth(cls, auth: Auth | None) -> dict[str, Any]:
        if auth is None:
            return {
                "session_id": None,
                "user": None,
                "organization": None,
                "role": None,
                "impersonator": None,
                "email_verified": False,
                "api_key_id": None,
                "service": False,
            }
        return _caller(auth)


@dataclass(kw_only=True, eq=False)
class UserReq(ProductReq[In]):
    session_id: str
    user: UserSummary
    organization: AuthOrganization | None
    role: OrganizationRoleEnum | None

    @classmethod
    def from_auth(cls, auth: Auth | None) -> dict[str, Any]:
        return _caller(require_session(auth))


@dataclass(kw_only=True, eq=False)
class OrgReq(ProductReq[In]):
    session_id: str
    user: UserSummary
    organization: AuthOrganization
    role: OrganizationRoleEnum

    @classmethod
    def from_auth(cls, auth: Auth | None) -> dict[str, Any]:
        auth = require_session(auth)
        if auth.organization is None or auth.role is None:
            raise NoOrganizationSelectedError()
        return _caller(auth)
