"""What product handlers receive, one type per authorization level.

- `PublicReq`: anyone; `user`/`organization`/`role` are set when a valid session came along.
- `UserReq`: a signed-in user; `organization`/`role` when one is selected.
- `OrgReq`: a signed-in user with a selected organization and their role in it.

`req.q` is the transaction the framework opened for the call: admin for public routes,
customer (RLS: `xact(user=..., organization=...)`) otherwise. Routes declared with
`transaction=False` get none (`req.q` raises) and open short ones with
`req.transaction()`, so slow work such as password hashing holds no connection.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import TypeVar

from database.__codegen__.enums import OrganizationRoleEnum
from database.xact import Q, xact
from foundation.auth.sessions import AuthOrganization, AuthUser
from foundation.errors import ImpossibleError
from foundation.rpc.req import Req

In = TypeVar("In")


@dataclass(kw_only=True, eq=False)
class ProductReq(Req[In]):
    """Common to every product request; handlers annotate one of the subclasses."""

    session_id: str | None
    tx: Q | None
    """The framework's transaction (None for `transaction=False` routes); use `q`."""

    @property
    def q(self) -> Q:
        if self.tx is None:
            raise ImpossibleError(
                "this route runs without a transaction; use `async with req.transaction()`",
                route=self.route.name,
            )
        return self.tx

    def _context(self) -> tuple[str | None, str | None]:
        return None, None

    def transaction(self) -> AbstractAsyncContextManager[Q]:
        """A new transaction with this request's context (customer for signed-in routes)."""
        user_id, organization_id = self._context()
        return xact(user=user_id, organization=organization_id)


@dataclass(kw_only=True, eq=False)
class PublicReq(ProductReq[In]):
    user: AuthUser | None
    organization: AuthOrganization | None
    role: OrganizationRoleEnum | None


@dataclass(kw_only=True, eq=False)
class UserReq(ProductReq[In]):
    user: AuthUser
    organization: AuthOrganization | None
    role: OrganizationRoleEnum | None

    def _context(self) -> tuple[str | None, str | None]:
        return self.user.id, self.organization.id if self.organization else None


@dataclass(kw_only=True, eq=False)
class OrgReq(ProductReq[In]):
    user: AuthUser
    organization: AuthOrganization
    role: OrganizationRoleEnum

    def _context(self) -> tuple[str | None, str | None]:
        return self.user.id, self.organization.id
