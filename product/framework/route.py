"""`route(name, authorization=...)`: a foundation route plus product's authorization.

    @route("organization_update", authorization="organization", errors=(InsufficientRoleError,))
    async def organization_update(req: OrgReq[OrganizationUpdateIn]) -> OrganizationOut: ...

The handler's request type must match the authorization (`PublicReq`, `UserReq`,
`OrgReq`); a mismatch fails at import. `authorization` and `transaction` are kept in the
route's `meta` for the around hook and for codegen.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from foundation.rpc.errors import RouteDefinitionError, RPCError
from foundation.rpc.route import Handler, MethodEnum, Route
from foundation.rpc.route import route as foundation_route
from product.framework.req import OrgReq, PublicReq, UserReq

AuthorizationEnum = Literal["public", "user", "organization"]

REQ_TYPES: dict[str, type] = {"public": PublicReq, "user": UserReq, "organization": OrgReq}


@dataclass
class NoOrganizationSelectedError(RPCError):
    """The route works on an organization, and the session has none selected."""


def route(
    name: str,
    *,
    authorization: AuthorizationEnum,
    errors: tuple[type[RPCError], ...] | list[type[RPCError]] = (),
    method: MethodEnum = "POST",
    timeout: float | None = None,
    transaction: bool = True,
) -> Callable[[Handler], Route]:
    """Declare a product RPC; see the module docstring."""
    if authorization not in REQ_TYPES:
        raise RouteDefinitionError(
            "authorization must be public, user or organization",
            route=name,
            authorization=authorization,
        )
    declare = foundation_route(
        name,
        errors=errors,
        method=method,
        timeout=timeout,
        authorization=authorization,
        transaction=transaction,
    )

    def decorate(handler: Handler) -> Route:
        declared = declare(handler)
        expected = REQ_TYPES[authorization]
        if _req_class(handler) is not expected:
            raise RouteDefinitionError(
                f"a {authorization} route's handler takes req: {expected.__name__}[In]",
                route=name,
            )
        return declared

    return decorate


def _req_class(handler: Handler) -> Any:
    parameter = next(iter(inspect.signature(handler).parameters))
    annotation = typing.get_type_hints(handler)[parameter]
    return typing.get_origin(annotation) or annotation
