"""The SCIM resources Blossom serves (RFC 7643), as `scim2-models` types: a User is a
membership of the organization (the identity provider's attributes of it, kept on the
membership), a Group is a role (the built-in owner, admin and member, and the
organization's custom roles). Only the attributes below are published and kept."""

from __future__ import annotations

from typing import Annotated, Any

from scim2_models import (
    URN,
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Email,
    ETag,
    Filter,
    GroupMember,
    Mutability,
    Patch,
    Required,
    Resource,
    ResourceType,
    Schema,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)

MAX_RESULTS = 200
"""The most resources one list answers (`count` above it is lowered)."""


class ScimEmail(Email):
    value: Annotated[str | None, Required.true] = None


class ScimUser(Resource[Any]):
    """A member of the organization. `userName` is the provider's name for them, unique in
    the organization; the first email (the primary one if marked) is the address of the
    Blossom account provisioned for them."""

    __schema__ = URN("urn:ietf:params:scim:schemas:core:2.0:User")

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    display_name: str | None = None
    active: bool | None = None
    emails: Annotated[list[ScimEmail] | None, Required.true] = None


class ScimGroupMember(GroupMember):
    """A member of a group: `value` is the user's id (`display` is not kept)."""

    display: Annotated[str | None, Mutability.read_only] = None


class ScimGroup(Resource[Any]):
    """A role of the organization: `owner`, `admin`, `member` (built in: not renamed or
    deleted) or a custom role (`rol_...`). Each active member is in exactly one group."""

    __schema__ = URN("urn:ietf:params:scim:schemas:core:2.0:Group")

    display_name: Annotated[str | None, Required.true] = None
    members: list[ScimGroupMember] | None = None


SERVICE_PROVIDER_CONFIG = ServiceProviderConfig(
    documentation_uri=None,
    patch=Patch(supported=True),
    bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
    filter=Filter(supported=True, max_results=MAX_RESULTS),
    change_password=ChangePassword(supported=False),
    sort=Sort(supported=False),
    etag=ETag(supported=False),
    authentication_schemes=[
        AuthenticationScheme(
            type=AuthenticationScheme.Type.oauthbearertoken,
            name="SCIM token",
            description="A SCIM token of the organization (scim_token_create), as a bearer token",
            primary=True,
        )
    ],
)


def schemas() -> list[Schema]:
    return [ScimUser.to_schema(), ScimGroup.to_schema()]


def resource_types() -> list[ResourceType]:
    return [ResourceType.from_resource(ScimUser), ResourceType.from_resource(ScimGroup)]
