"""`/scim/v2/`: the SCIM 2.0 service (RFC 7644) of the organization whose SCIM token
the request carries (`Authorization: Bearer bst_...`).

    GET  /scim/v2/ServiceProviderConfig | /ResourceTypes[/id] | /Schemas[/id]
    GET  /scim/v2/Users?filter=userName eq "x"&startIndex=1&count=100   POST /Users
    GET|PUT|PATCH|DELETE /scim/v2/Users/<user id>
    GET  /scim/v2/Groups?filter=displayName eq "x"                      POST /Groups
    GET|PUT|PATCH|DELETE /scim/v2/Groups/<owner | admin | member | custom role id>

Every request: the token through the funnel (`funnel.scim_token`: its rate limit, the
live token, its creator still a member), then each transaction is the organization's
customer transaction as the token's creator, which first checks that they still hold
`scim:manage` (fresh, under the member lock). Finding or creating the account a new user
is provisioned as, which RLS keeps from a customer, is a SECURITY DEFINER function
(`scim_provision_user`, migration 0050) called in the transaction that adds the
membership: the two commit together, so a failure between them leaves no account behind
(which would have refused the provider's retry). Ending a deprovisioned user's sessions in
this organization (`ScimSessionsEnd`) runs in a short admin transaction scoped here by
the token's organization.

Users: creating one provisions a member (an existing account joins when its address is
at one of the organization's verified domains; otherwise a new account without a
password, whose address counts as verified only at such a domain; an address of an
account outside them is refused). `active: false` or DELETE removes the membership (its
history says so; `member.removed`) and ends the user's sessions in the organization;
after `active: false` the provider still sees the user, inactive, and `active: true`
brings them back; after DELETE the user is gone from SCIM. The provider's attributes
(userName, displayName, emails, externalId) are kept on the membership: the account's
own name and address are the user's.

Groups are roles: putting a member in a group gives them that role (only a token of an
owner touches the owner group; the last owner stays), taking them out makes them a plain
member. Creating a group creates a custom role without permissions (an owner gives it
some with `role_update`); deleting one makes its members plain members.

Errors are SCIM's error JSON (`urn:ietf:params:scim:api:messages:2.0:Error`) with the
status and `scimType` of RFC 7644 §3.12; no input makes a 500.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import Any, cast

from pydantic import ValidationError
from quart import Response, request
from scim2_models import (
    ConflictException,
    Context,
    Error,
    InvalidFilterException,
    InvalidSyntaxException,
    InvalidValueException,
    ListResponse,
    Meta,
    MutabilityException,
    NotFoundException,
    NotImplementedException,
    PatchOp,
    Resource,
    ResponseParameters,
    SCIMException,
    UniquenessException,
)

from database.__codegen__.enums import OrganizationRoleEnum
from database.xact import Conn
from foundation.auth import funnel
from foundation.auth.api_keys import bearer_token
from foundation.auth.errors import ScimTokenRateLimitedError
from foundation.base import strict_json
from foundation.base.clock import CLOCK
from foundation.base.errors import InvalidInputError
from foundation.rpc.inputs import text_problems
from foundation.tenancy import memberships
from foundation.webhooks.events import MemberAdded, emit
from product.__codegen__.orm import ProductORM
from product.__codegen__.queries import ScimUsersListRow
from product.db import DB, ProductQ
from product.framework.permissions import InsufficientRoleError, require_permission
from product.framework.req import NoOrganizationSelectedError
from product.scim.resources import (
    MAX_RESULTS,
    SERVICE_PROVIDER_CONFIG,
    ScimGroup,
    ScimGroupMember,
    ScimUser,
    resource_types,
    schemas,
)
from product.scim.tokens import SCIM_MANAGE
from product.scim.urls import PREFIX

MEDIA_TYPE = "application/scim+json"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
BUILT_IN: tuple[OrganizationRoleEnum, ...] = ("owner", "admin", "member")
_ID = re.compile(r"^(usr|rol)_[1-9A-HJ-NP-Za-km-z]{11}$")
_EQ_FILTER = re.compile(r'^\s*([A-Za-z.]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class UnauthorizedScimError(SCIMException):
    """No token, or one that does not (or no longer) work."""

    status = 401
    _default_detail = "a valid SCIM token of the organization is required"


class MethodNotAllowedScimError(SCIMException):
    status = 405
    _default_detail = "method not allowed here"


class TooManyScimError(SCIMException):
    status = 429
    _default_detail = "too many requests with this SCIM token"


@dataclass(frozen=True, slots=True)
class Caller:
    token_id: str
    token_name: str
    organization_id: str
    user_id: str
    base: str
    """The service's URL (`https://host/scim/v2`), for `meta.location`."""


# -- serving -------------------------------------------------------------------------


async def serve(path: str) -> Response:
    """One SCIM request: the answer, or SCIM's error JSON."""
    try:
        return await _serve(request.method, [p for p in path.split("/") if p])
    except SCIMException as e:
        return _error(e.to_error())
    except ScimTokenRateLimitedError as e:
        response = _error(TooManyScimError().to_error())
        response.headers["Retry-After"] = str(e.retry_after_seconds)
        return response


async def _serve(method: str, parts: list[str]) -> Response:
    token = bearer_token(request.headers.get("Authorization"))
    if not token:
        raise UnauthorizedScimError()
    async with DB.connection() as c:
        passed = await funnel.scim_token(c, token)
        if passed is None:
            raise UnauthorizedScimError()
        base = request.host_url.rstrip("/") + PREFIX
        async with _customer(c, passed.user_id, passed.organization_id) as q:
            name = await q.orm.scim_token_name(
                id=passed.token_id, organization_id=passed.organization_id
            )
        caller = Caller(passed.token_id, name, passed.organization_id, passed.user_id, base)
        return await _route(c, caller, method, parts)


async def _route(c: Conn[ProductORM], caller: Caller, method: str, parts: list[str]) -> Response:
    if not parts:
        raise NotFoundException(detail="no such SCIM endpoint")
    head, rest = parts[0], parts[1:]
    if head == ".search" and not rest:
        _only(method, "POST")
        raise NotImplementedException(detail="search each resource type at its own endpoint")
    if head == "ServiceProviderConfig" and not rest:
        _only(method, "GET")
        return _json(SERVICE_PROVIDER_CONFIG.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
    if head == "ResourceTypes" and len(rest) <= 1:
        _only(method, "GET")
        return _discovery(resource_types(), rest, lambda r: r.id)
    if head == "Schemas" and len(rest) <= 1:
        _only(method, "GET")
        return _discovery(schemas(), rest, lambda s: s.id)
    if head == "Users" and len(rest) <= 1:
        return await _users(c, caller, method, rest[0] if rest else None)
    if head == "Groups" and len(rest) <= 1:
        return await _groups(c, caller, method, rest[0] if rest else None)
    raise NotFoundException(detail="no such SCIM endpoint")


def _only(method: str, allowed: str) -> None:
    if method != allowed:
        raise MethodNotAllowedScimError()


def _discovery(items: list[Any], rest: list[str], key: Callable[[Any], str | None]) -> Response:
    if rest:
        for item in items:
            if key(item) == rest[0]:
                return _json(item.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
        raise NotFoundException(detail="no such resource")
    return _json(
        {
            "schemas": [LIST_RESPONSE],
            "totalResults": len(items),
            "startIndex": 1,
            "itemsPerPage": len(items),
            "Resources": [i.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE) for i in items],
        }
    )


@contextlib.asynccontextmanager
async def _customer(
    c: Conn[ProductORM], user_id: str, organization_id: str
) -> AsyncGenerator[ProductQ, None]:
    """The organization's customer transaction as the token's creator, who must still hold
    `scim:manage` (read fresh under the member lock), else 401."""
    async with DB.xact_customer(user=user_id, organization=organization_id, within=c) as q:
        try:
            await require_permission(q, user_id, organization_id, SCIM_MANAGE)
        except (InsufficientRoleError, NoOrganizationSelectedError):
            raise UnauthorizedScimError() from None
        yield q


def _tx(c: Conn[ProductORM], caller: Caller) -> contextlib.AbstractAsyncContextManager[ProductQ]:
    return _customer(c, caller.user_id, caller.organization_id)


# -- input -----------------------------------------------------------------------------


async def _body() -> dict[str, Any]:
    raw = await request.get_data(cache=False, as_text=False)
    try:
        data = strict_json.loads(raw)
    except (ValueError, InvalidInputError, RecursionError):  # RecursionError: too deep
        raise InvalidSyntaxException(detail="the body is not JSON") from None
    if not isinstance(data, dict):
        raise InvalidSyntaxException(detail="the body must be a JSON object")
    problems = text_problems(data)
    if problems:
        field, problem = next(iter(problems.items()))
        raise InvalidValueException(detail=f"{field}: {problem}")
    return cast("dict[str, Any]", data)


def _validated(model: type[Any], data: dict[str, Any], context: Context) -> Any:
    try:
        return model.model_validate(data, scim_ctx=context)
    except SCIMException:
        raise
    except (ValidationError, ValueError, TypeError) as e:
        raise InvalidValueException(detail=_first_problem(e)) from None


def _first_problem(e: Exception) -> str:
    if isinstance(e, ValidationError):
        detail = e.errors(include_url=False, include_input=False)
        if detail:
            where = ".".join(str(p) for p in detail[0]["loc"])
            return f"{where}: {detail[0]['msg']}"[:300]
    return str(e)[:300] or "invalid value"


def _int_arg(name: str, default: int, low: int) -> int:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise InvalidValueException(detail=f"{name} must be an integer") from None
    return max(low, number)


def _eq_filter(attribute: str) -> str | None:
    """The value of the list's `filter` (only `<attribute> eq "value"`), None without one."""
    text = request.args.get("filter")
    if text is None or text.strip() == "":
        return None
    match = _EQ_FILTER.fullmatch(text)
    if match is None or match.group(1).lower() != attribute.lower():
        raise InvalidFilterException(detail=f'only the filter {attribute} eq "value" is supported')
    value = re.sub(r"\\(.)", r"\1", match.group(2))
    problems = text_problems(value)
    if problems:
        raise InvalidFilterException(detail="the filter's value is not valid text")
    return value


def _response_parameters(model: type[Resource[Any]]) -> ResponseParameters[Any] | None:
    attributes = request.args.get("attributes")
    excluded = request.args.get("excludedAttributes")
    if not attributes and not excluded:
        return None
    data = {"attributes": attributes or None, "excludedAttributes": excluded or None}
    if text_problems(data):
        raise InvalidValueException(detail="attributes are not valid text")
    try:
        return ResponseParameters[model].model_validate(data)  # type: ignore[valid-type]
    except SCIMException:
        raise
    except (ValidationError, ValueError, TypeError) as e:
        raise InvalidValueException(detail=_first_problem(e)) from None


# -- users -----------------------------------------------------------------------------


async def _users(c: Conn[ProductORM], caller: Caller, method: str, user_id: str | None) -> Response:
    if user_id is None:
        if method == "GET":
            return await _users_list(c, caller)
        if method == "POST":
            return await _user_create(c, caller, await _body())
        raise MethodNotAllowedScimError()
    if _ID.fullmatch(user_id) is None or not user_id.startswith("usr_"):
        raise NotFoundException(detail="no such user")
    if method == "GET":
        async with _tx(c, caller) as q:
            row = await _user_row(q, caller, user_id)
        return _json(_dump(_user(row, caller), _response_parameters(ScimUser)))
    if method == "PUT":
        data = _validated(ScimUser, await _body(), Context.RESOURCE_REPLACEMENT_REQUEST)
        return _json(_dump(await _user_apply(c, caller, user_id, lambda _: data)))
    if method == "PATCH":
        patch = _validated(PatchOp[ScimUser], await _body(), Context.RESOURCE_PATCH_REQUEST)
        return _json(
            _dump(await _user_apply(c, caller, user_id, lambda user: _patched(patch, user)))
        )
    if method == "DELETE":
        await _user_delete(c, caller, user_id)
        return Response(status=204)
    raise MethodNotAllowedScimError()


async def _users_list(c: Conn[ProductORM], caller: Caller) -> Response:
    user_name = _eq_filter("userName")
    start = _int_arg("startIndex", 1, 1)
    count = min(_int_arg("count", MAX_RESULTS, 0), MAX_RESULTS)
    parameters = _response_parameters(ScimUser)
    async with _tx(c, caller) as q:
        total = await q.orm.scim_users_count(
            organization_id=caller.organization_id, user_name=user_name
        )
        rows = await q.orm.scim_users_list(
            organization_id=caller.organization_id,
            user_name=user_name,
            user_id=None,
            skip=start - 1,
            max_rows=count,
        )
    users = [_user(r, caller) for r in rows]
    listed = ListResponse[ScimUser](
        total_results=total, start_index=start, items_per_page=len(users), resources=users
    )
    return _json(
        listed.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=parameters)
    )


async def _user_row(q: ProductQ, caller: Caller, user_id: str) -> ScimUsersListRow:
    rows = await q.orm.scim_users_list(
        organization_id=caller.organization_id, user_name=None, user_id=user_id, skip=0, max_rows=1
    )
    if not rows:
        raise NotFoundException(detail="no such user")
    return rows[0]


def _user(row: ScimUsersListRow, caller: Caller) -> ScimUser:
    if row.scim_attributes is not None:
        user = ScimUser.model_validate(row.scim_attributes)
    else:  # a member the provider did not provision: their account as it is
        user = ScimUser.model_validate(
            {
                "userName": row.email,
                "displayName": row.name,
                "emails": [{"value": row.email, "primary": True}],
            }
        )
    user.id = row.user_id
    # `active` as the provider stated it (unset: not shown), corrected by the membership:
    # removed otherwise (an owner removed them) is inactive, brought back otherwise (an
    # invite) is active.
    stated = user.active if row.scim_attributes is not None else True
    user.active = None if stated is None else row.active
    user.meta = Meta(
        resource_type="User",
        created=row.created_at,
        last_modified=row.updated_at,
        location=f"{caller.base}/Users/{row.user_id}",
    )
    return user


def _attributes(user: ScimUser) -> dict[str, Any]:
    """What the membership keeps of the provider's user (not id or meta; `active` as
    the provider stated it: the membership says whether it is active)."""
    kept = user.model_dump(scim_ctx=None, mode="json", exclude_none=True, by_alias=True)
    for key in ("id", "meta", "schemas"):
        kept.pop(key, None)
    return kept


def _address(user: ScimUser) -> str:
    """The address the account is provisioned with: the primary email, else the first,
    else the userName when it is an address."""
    emails = [e for e in user.emails or [] if e.value]
    chosen = next((e.value for e in emails if e.primary), None) or (
        emails[0].value if emails else None
    )
    if chosen is None and user.user_name and _EMAIL.fullmatch(user.user_name):
        chosen = user.user_name
    if chosen is None or _EMAIL.fullmatch(chosen) is None or len(chosen) > 254:
        raise InvalidValueException(detail="emails: a valid email address is required")
    return chosen.strip()


def _user_name(user: ScimUser) -> str:
    name = (user.user_name or "").strip()
    if not name or len(name) > 254:
        raise InvalidValueException(detail="userName is required (at most 254 characters)")
    return name


async def _user_create(c: Conn[ProductORM], caller: Caller, body: dict[str, Any]) -> Response:
    user = cast(ScimUser, _validated(ScimUser, body, Context.RESOURCE_CREATION_REQUEST))
    user_name = _user_name(user)
    address = _address(user)
    async with _tx(c, caller) as q:  # the account and its membership commit together
        await _check_user_name(q, caller, user_name, except_user_id="")
        found = await q.orm.scim_provision_user(
            organization_id=caller.organization_id,
            email=address,
            name=(user.display_name or user_name)[:200],
            now=CLOCK.now(),
        )
        if found.user_id is None:
            raise UniquenessException(
                detail="an account outside the organization's verified domains has this address"
            )
        added = await q.orm.scim_member_add(
            organization_id=caller.organization_id,
            user_id=found.user_id,
            scim_user_name=user_name,
            scim_attributes=_attributes(user),
            token_name=caller.token_name,
            by_user_id=caller.user_id,
        )
        if added is None:
            raise UniquenessException(detail="this user is a member already")
        await emit(
            q, caller.organization_id, "member.added", MemberAdded(user_id=added, role="member")
        )
        if user.active is False:
            await _deactivate(q, caller, added)
        row = await _user_row(q, caller, added)
    if user.active is False:
        await _end_sessions(c, caller, added)
    created = _user(row, caller)
    response = _json(_dump(created), status=201)
    response.headers["Location"] = f"{caller.base}/Users/{added}"
    return response


async def _check_user_name(
    q: ProductQ, caller: Caller, user_name: str, *, except_user_id: str
) -> None:
    if await q.orm.scim_user_name_taken(
        organization_id=caller.organization_id, user_name=user_name, except_user_id=except_user_id
    ):
        raise UniquenessException(detail="another user of the organization has this userName")


def _patched(patch: PatchOp[ScimUser], user: ScimUser) -> ScimUser:
    try:
        patch.patch(user)
    except SCIMException:
        raise
    except (ValidationError, ValueError, TypeError, KeyError, IndexError) as e:
        raise InvalidValueException(detail=_first_problem(e)) from None
    return user


async def _user_apply(
    c: Conn[ProductORM], caller: Caller, user_id: str, change: Callable[[ScimUser], ScimUser]
) -> ScimUser:
    """Replace or patch a user: the membership's attributes, and its activity."""
    ended = False
    async with _tx(c, caller) as q:
        row = await _user_row(q, caller, user_id)
        current = _user(row, caller)
        was_active = row.active
        user = change(current.model_copy(deep=True))
        user_name = _user_name(user)
        _address(user)
        await _check_user_name(q, caller, user_name, except_user_id=user_id)
        active = was_active if user.active is None else user.active
        if was_active and not active:
            await _deactivate(q, caller, user_id)
            ended = True
        attributes = _attributes(user)
        if not was_active and active:
            added = await q.orm.scim_member_add(
                organization_id=caller.organization_id,
                user_id=user_id,
                scim_user_name=user_name,
                scim_attributes=attributes,
                token_name=caller.token_name,
                by_user_id=caller.user_id,
            )
            if added is not None:
                await emit(
                    q,
                    caller.organization_id,
                    "member.added",
                    MemberAdded(user_id=user_id, role="member"),
                )
        else:
            await q.orm.scim_member_set(
                organization_id=caller.organization_id,
                user_id=user_id,
                scim_user_name=user_name,
                scim_attributes=attributes,
                token_name=caller.token_name,
                by_user_id=caller.user_id,
            )
        row = await _user_row(q, caller, user_id)
    if ended:
        await _end_sessions(c, caller, user_id)
    return _user(row, caller)


async def _user_delete(c: Conn[ProductORM], caller: Caller, user_id: str) -> None:
    async with _tx(c, caller) as q:
        row = await _user_row(q, caller, user_id)
        if row.active:
            await _deactivate(q, caller, user_id)
        await q.orm.scim_member_forget(
            token_name=caller.token_name,
            by_user_id=caller.user_id,
            organization_id=caller.organization_id,
            user_id=user_id,
        )
    await _end_sessions(c, caller, user_id)


async def _deactivate(q: ProductQ, caller: Caller, user_id: str) -> None:
    """Remove the active member (the member lock is held: `_customer`); only an owner's
    token removes an owner, and the last owner stays."""
    role = await memberships.member_role(q, caller.organization_id, user_id)
    if role == "owner":
        await _require_owner(q, caller)
    try:
        await memberships.remove(
            q,
            caller.organization_id,
            user_id,
            current=role,
            by_user_id=caller.user_id,
            removed_by_user_id=caller.user_id,
            did=f"deprovisioned by SCIM token {caller.token_name}",
        )
    except memberships.LastOwnerError:
        raise MutabilityException(detail="the organization's last owner stays") from None


async def _require_owner(q: ProductQ, caller: Caller) -> None:
    role = await q.orm.membership_active_role(
        user_id=caller.user_id, organization_id=caller.organization_id
    )
    if role != "owner":
        raise MutabilityException(detail="only an owner's token changes owners")


async def _end_sessions(c: Conn[ProductORM], caller: Caller, user_id: str) -> None:
    """The deprovisioned user's sessions in the organization end (an admin transaction:
    RLS shows a customer only their own sessions), only while they are not a member."""
    async with DB.xact_admin(within=c) as q:
        await q.orm.scim_sessions_end(
            user_id=user_id, organization_id=caller.organization_id, now=CLOCK.now()
        )


# -- groups ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Role:
    id: str
    name: str
    role: OrganizationRoleEnum
    custom_role_id: str | None
    created_at: datetime.datetime | None
    updated_at: datetime.datetime | None
    external_id: str | None = None


async def _roles(q: ProductQ, caller: Caller) -> list[_Role]:
    roles = [_Role(r, r, r, None, None, None) for r in BUILT_IN]
    for row in await q.orm.organization_roles_list(organization_id=caller.organization_id):
        fetched = await q.orm.organization_role_fetch(
            organization_id=caller.organization_id, id=row.id
        )
        roles.append(
            _Role(
                row.id,
                row.name,
                "member",
                row.id,
                fetched.created_at if fetched else None,
                fetched.updated_at if fetched else None,
                fetched.scim_extid if fetched else None,
            )
        )
    return roles


async def _role(q: ProductQ, caller: Caller, group_id: str) -> _Role:
    for role in await _roles(q, caller):
        if role.id == group_id:
            return role
    raise NotFoundException(detail="no such group")


async def _group(q: ProductQ, caller: Caller, role: _Role) -> ScimGroup:
    members = await q.orm.scim_role_members(
        organization_id=caller.organization_id, role=role.role, custom_role_id=role.custom_role_id
    )
    group = ScimGroup(
        id=role.id,
        external_id=role.external_id,
        display_name=role.name,
        members=[
            ScimGroupMember.model_validate(
                {
                    "value": m.user_id,
                    "$ref": f"{caller.base}/Users/{m.user_id}",
                    "type": "User",
                }
            )
            for m in members
        ]
        or None,
    )
    group.meta = Meta(
        resource_type="Group",
        created=role.created_at,
        last_modified=role.updated_at,
        location=f"{caller.base}/Groups/{role.id}",
    )
    return group


async def _groups(
    c: Conn[ProductORM], caller: Caller, method: str, group_id: str | None
) -> Response:
    if group_id is None:
        if method == "GET":
            return await _groups_list(c, caller)
        if method == "POST":
            return await _group_create(c, caller, await _body())
        raise MethodNotAllowedScimError()
    if group_id not in BUILT_IN and (
        _ID.fullmatch(group_id) is None or not group_id.startswith("rol_")
    ):
        raise NotFoundException(detail="no such group")
    if method == "GET":
        async with _tx(c, caller) as q:
            group = await _group(q, caller, await _role(q, caller, group_id))
        return _json(_dump(group, _response_parameters(ScimGroup)))
    if method == "PUT":
        data = _validated(ScimGroup, await _body(), Context.RESOURCE_REPLACEMENT_REQUEST)
        return _json(_dump(await _group_apply(c, caller, group_id, lambda _: data)))
    if method == "PATCH":
        patch = _validated(PatchOp[ScimGroup], await _body(), Context.RESOURCE_PATCH_REQUEST)
        return _json(
            _dump(await _group_apply(c, caller, group_id, lambda g: _patched_group(patch, g)))
        )
    if method == "DELETE":
        await _group_delete(c, caller, group_id)
        return Response(status=204)
    raise MethodNotAllowedScimError()


def _patched_group(patch: PatchOp[ScimGroup], group: ScimGroup) -> ScimGroup:
    try:
        patch.patch(group)
    except SCIMException:
        raise
    except (ValidationError, ValueError, TypeError, KeyError, IndexError) as e:
        raise InvalidValueException(detail=_first_problem(e)) from None
    return group


async def _groups_list(c: Conn[ProductORM], caller: Caller) -> Response:
    name = _eq_filter("displayName")
    start = _int_arg("startIndex", 1, 1)
    count = min(_int_arg("count", MAX_RESULTS, 0), MAX_RESULTS)
    parameters = _response_parameters(ScimGroup)
    async with _tx(c, caller) as q:
        roles = [
            r for r in await _roles(q, caller) if name is None or r.name.lower() == name.lower()
        ]
        page = roles[start - 1 : start - 1 + count]
        groups = [await _group(q, caller, r) for r in page]
    listed = ListResponse[ScimGroup](
        total_results=len(roles), start_index=start, items_per_page=len(groups), resources=groups
    )
    return _json(
        listed.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=parameters)
    )


def _group_name(group: ScimGroup) -> str:
    name = (group.display_name or "").strip()
    if not name or len(name) > 100:
        raise InvalidValueException(detail="displayName is required (at most 100 characters)")
    return name


async def _name_free(q: ProductQ, caller: Caller, name: str, except_id: str | None) -> None:
    if name.lower() in BUILT_IN or await q.orm.organization_role_name_taken(
        organization_id=caller.organization_id, name=name, except_id=except_id
    ):
        raise UniquenessException(detail="another group of the organization has this name")


async def _group_create(c: Conn[ProductORM], caller: Caller, body: dict[str, Any]) -> Response:
    group = cast(ScimGroup, _validated(ScimGroup, body, Context.RESOURCE_CREATION_REQUEST))
    name = _group_name(group)
    async with _tx(c, caller) as q:
        await _name_free(q, caller, name, None)
        row = await q.orm.organization_role_create(
            organization_id=caller.organization_id,
            name=name,
            permissions=[],
            by_user_id=caller.user_id,
        )
        role = _Role(row.id, row.name, "member", row.id, row.created_at, row.updated_at)
        await _set_external_id(q, caller, role, group.external_id)
        role = await _role(q, caller, row.id)
        await _set_members(q, caller, role, group.members or [])
        created = await _group(q, caller, role)
    response = _json(_dump(created), status=201)
    response.headers["Location"] = f"{caller.base}/Groups/{row.id}"
    return response


async def _group_apply(
    c: Conn[ProductORM], caller: Caller, group_id: str, change: Callable[[ScimGroup], ScimGroup]
) -> ScimGroup:
    async with _tx(c, caller) as q:
        role = await _role(q, caller, group_id)
        current = await _group(q, caller, role)
        group = change(current.model_copy(deep=True))
        name = _group_name(group)
        if name != role.name:
            if role.custom_role_id is None:
                raise MutabilityException(detail="the built-in groups keep their names")
            await _name_free(q, caller, name, role.custom_role_id)
            fetched = await q.orm.organization_role_fetch(
                organization_id=caller.organization_id, id=role.custom_role_id
            )
            await q.orm.organization_role_update(
                organization_id=caller.organization_id,
                id=role.custom_role_id,
                name=name,
                permissions=fetched.permissions if fetched else [],
                by_user_id=caller.user_id,
            )
        await _set_external_id(q, caller, role, group.external_id)
        role = await _role(q, caller, group_id)
        await _set_members(q, caller, role, group.members or [])
        updated = await _group(q, caller, role)
    return updated


async def _set_external_id(
    q: ProductQ, caller: Caller, role: _Role, external_id: str | None
) -> None:
    if external_id == role.external_id:
        return
    if role.custom_role_id is None:
        raise MutabilityException(detail="the built-in groups have no externalId")
    if external_id is not None and len(external_id) > 254:
        raise InvalidValueException(detail="externalId: at most 254 characters")
    await q.orm.scim_role_extid_set(
        organization_id=caller.organization_id,
        id=role.custom_role_id,
        scim_extid=external_id,
        token_name=caller.token_name,
        by_user_id=caller.user_id,
    )


async def _set_members(
    q: ProductQ, caller: Caller, role: _Role, members: list[ScimGroupMember]
) -> None:
    """The group's members become exactly `members`: the listed ones get its role, the
    ones left out become plain members."""
    wanted: list[str] = []
    for member in members:
        if not member.value or member.value in wanted:
            continue
        wanted.append(member.value)
    current = {
        m.user_id
        for m in await q.orm.scim_role_members(
            organization_id=caller.organization_id,
            role=role.role,
            custom_role_id=role.custom_role_id,
        )
    }
    for user_id in wanted:
        if user_id not in current:
            await _give_role(q, caller, user_id, role)
    if role.id != "member":
        plain = _Role("member", "member", "member", None, None, None)
        for user_id in sorted(current - set(wanted)):
            await _give_role(q, caller, user_id, plain)


async def _give_role(q: ProductQ, caller: Caller, user_id: str, role: _Role) -> None:
    if _ID.fullmatch(user_id) is None or not user_id.startswith("usr_"):
        raise InvalidValueException(detail="members: not a user of the organization")
    try:
        current = await memberships.member_role(q, caller.organization_id, user_id)
    except memberships.MemberNotFoundError:
        raise InvalidValueException(detail="members: not an active member") from None
    if "owner" in (current, role.role):
        await _require_owner(q, caller)
    try:
        if current != role.role:
            await memberships.set_role(
                q,
                caller.organization_id,
                user_id,
                current=current,
                role=role.role,
                by_user_id=caller.user_id,
                note=f" by SCIM token {caller.token_name}",
            )
    except memberships.LastOwnerError:
        raise MutabilityException(detail="the organization's last owner stays") from None
    await q.orm.member_custom_role_set(
        custom_role_id=role.custom_role_id,
        by_user_id=caller.user_id,
        organization_id=caller.organization_id,
        user_id=user_id,
    )


async def _group_delete(c: Conn[ProductORM], caller: Caller, group_id: str) -> None:
    async with _tx(c, caller) as q:
        role = await _role(q, caller, group_id)
        if role.custom_role_id is None:
            raise MutabilityException(detail="the built-in groups cannot be deleted")
        plain = _Role("member", "member", "member", None, None, None)
        for m in await q.orm.scim_role_members(
            organization_id=caller.organization_id,
            role="member",
            custom_role_id=role.custom_role_id,
        ):
            await _give_role(q, caller, m.user_id, plain)
        deleted = await q.orm.organization_role_delete(
            organization_id=caller.organization_id,
            id=role.custom_role_id,
            by_user_id=caller.user_id,
        )
        if deleted is None:
            raise ConflictException(detail="the group is still in use")


# -- output ----------------------------------------------------------------------------


def _dump(
    resource: Resource[Any], parameters: ResponseParameters[Any] | None = None
) -> dict[str, Any]:
    return resource.model_dump(
        scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=parameters
    )


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(strict_json.dumps(body), status=status, content_type=MEDIA_TYPE)


def _error(error: Error) -> Response:
    body = error.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    return _json(body, status=error.status or 400)


__all__ = ["serve"]
