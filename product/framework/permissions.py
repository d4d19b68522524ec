"""Permissions: named strings a route declares (`@route(..., permission="members:manage")`)
and roles grant. Each capability declares its own beside its routes with `permission(name,
description)`; `permissions_list` and `just list-permissions` list them.

The built-in roles are permission sets (`BUILT_IN`): owner holds every permission, admin
and member what they could do before roles were configurable. An organization's custom
roles (`organization_roles`) are sets of their own, given to members whose built-in role
stays `member` (ownership, and the last-owner rule, belong to the built-in roles).

The check runs first in every transaction of a route declaring a permission, as the last
statement of its BEGIN script (`PRODUCT_PERMISSIONS.check`, migration 0044's
`membership_permission_require`: no round trip of its own): it takes the organization's
member lock (every membership and role change takes it first) and then reads the caller's
role and its permissions in a new statement, so a role changed a moment ago counts (no
stale-role window). Handlers checking a permission that depends on the request call
`require_permission`, the same function. RLS still keeps every query inside the caller's
organization. `held` (what `init` shows) and the function agree: `permissions_test.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from database.__codegen__.enums import ORGANIZATION_ROLE_ENUM_VALUES, OrganizationRoleEnum
from database.xact import PermissionCheck, PermissionRefused, Q, permission_refused
from foundation.auth.sessions import Auth
from foundation.rpc.errors import RPCError
from foundation.tenancy import memberships
from product.__codegen__.orm import ProductORM
from product.framework.req import NoOrganizationSelectedError

PERMISSIONS: dict[str, str] = {}
"""Every declared permission -> what it allows, in declaration order."""


def permission(name: str, description: str) -> str:
    """Declare a permission (at import, beside the routes needing it); returns `name`."""
    if PERMISSIONS.get(name, description) != description:
        raise ValueError(f"permission {name} declared twice with different descriptions")
    PERMISSIONS[name] = description
    return name


MEMBERS_READ = permission("members:read", "see the organization's members and custom roles")
MEMBERS_MANAGE = permission("members:manage", "remove members (owners only remove owners)")
ROLES_MANAGE = permission(
    "roles:manage", "change members' roles and create, change and delete custom roles"
)
ORGANIZATION_MANAGE = permission("organization:manage", "rename the organization")
SECURITY_MANAGE = permission(
    "security:manage", "set the organization's security policy (required two-factor)"
)
BILLING_MANAGE = permission("billing:manage", "reserved: manage billing (no route yet)")

ADMIN_WITHHELD = frozenset({ROLES_MANAGE, SECURITY_MANAGE, BILLING_MANAGE, "scim:manage"})
"""What owners hold and admins do not (admins could never change roles; a SCIM token
provisions members and their roles: product/scim)."""

MEMBER_HOLDS = frozenset({MEMBERS_READ, "invites:read", "vault:read", "api_keys:personal"})
"""What members hold: reading what every member could always read."""


def built_in(role: OrganizationRoleEnum) -> frozenset[str]:
    """The permissions of a built-in role (read at call time: every capability's
    permissions are declared by then)."""
    if role == "owner":
        return frozenset(PERMISSIONS)
    if role == "admin":
        return frozenset(PERMISSIONS) - ADMIN_WITHHELD
    return MEMBER_HOLDS


def held(role: OrganizationRoleEnum, custom: Iterable[str] | None) -> frozenset[str]:
    """The permissions of a member with `role` and, if any, a custom role's `custom`
    (a custom role replaces member's permissions; names no longer declared are ignored)."""
    if custom is None or role != "member":
        return built_in(role)
    return frozenset(p for p in custom if p in PERMISSIONS)


@dataclass
class InsufficientRoleError(RPCError):
    """The caller's role does not allow this (the route's permission, listed in the
    OpenAPI document and `/docs`, or an owners-only step)."""

    role: OrganizationRoleEnum


def roles_holding(permission: str) -> tuple[str, ...]:
    """The built-in roles that hold `permission`."""
    return tuple(r for r in ORGANIZATION_ROLE_ENUM_VALUES if permission in built_in(r))


def refusal(refused: PermissionRefused) -> RPCError:
    """The typed error of a refused permission check."""
    if refused.role is None:
        return NoOrganizationSelectedError()
    return InsufficientRoleError(role=cast(OrganizationRoleEnum, refused.role))


_CHECKS: dict[tuple[str, bool, int], PermissionCheck] = {}
"""Each route's check, built once (`roles_holding` builds the built-in roles' sets)."""


class ProductPermissions:
    """Product's `foundation.session_app.Permissions`."""

    errors: tuple[type[RPCError], ...] = (InsufficientRoleError,)

    def known(self, name: str) -> bool:
        return name in PERMISSIONS

    def check(self, auth: Auth, permission: str, *, writes: bool) -> PermissionCheck | None:
        """A member's check, folded into the transaction's BEGIN (None: `require` runs);
        under the member lock when the call `writes`."""
        if auth.service or auth.organization is None:
            return None
        key = (permission, writes, len(PERMISSIONS))  # permissions are only ever added
        found = _CHECKS.get(key)
        if found is None:
            found = PermissionCheck(permission, roles_holding(permission), lock_members=writes)
            _CHECKS[key] = found
        return found

    def refused(self, refused: PermissionRefused) -> RPCError:
        return refusal(refused)

    async def require(self, q: Q[Any], auth: Auth, permission: str) -> None:
        organization = auth.organization
        if organization is None:
            raise NoOrganizationSelectedError()
        if auth.service:  # an organization key: its scopes are its permissions
            pq: Q[ProductORM] = q
            await memberships.lock_members(pq, organization.id)
            if permission not in auth.api_key_scopes:
                raise InsufficientRoleError(role="member")
            return
        await require_permission(q, auth.user.id, organization.id, permission)


async def require_permission(
    q: Q[Any], user_id: str, organization_id: str, permission: str
) -> None:
    """In `q`: the organization's member lock, then `InsufficientRoleError` unless the
    user's role as it is now holds `permission` (`NoOrganizationSelectedError` when no
    longer a member). What a route's declared permission runs as its transaction opens;
    handlers call it for a permission that depends on the request (an organization API
    key, not a personal one). One round trip; a refusal aborts `q`'s transaction (the
    error ends the call)."""
    pq: Q[ProductORM] = q
    try:
        await pq.orm.membership_permission_require(
            user_id=user_id,
            organization_id=organization_id,
            permission=permission,
            roles_holding=list(roles_holding(permission)),
        )
    except Exception as e:
        refused = permission_refused(e)
        if refused is None:
            raise
        raise refusal(refused) from None


PRODUCT_PERMISSIONS = ProductPermissions()
