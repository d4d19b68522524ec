"""The `init` shape: who is signed in, the selected organization, and the others
(`InitOut`; `SignedIn` where a session is known to be signed in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from database.__codegen__.enums import OrganizationRoleEnum
from database.records import quick_init
from foundation.auth.users import UserSummary
from product.db import ProductQ
from product.framework.permissions import held


@dataclass(slots=True)
class InitOrganization:
    id: str
    name: str
    role: OrganizationRoleEnum
    permissions: list[str] = field(default_factory=list[str])
    """What the caller may do in it (`permissions_list`): hide what they cannot."""
    custom_role: str | None = None
    """The name of the caller's custom role in it, if any (`role` is then member)."""
    mfa_enrolment_required: bool = False
    """The organization requires a second factor and the caller has none: its routes
    answer `MfaRequiredError` until they enrol one (TOTP or a passkey)."""


@dataclass(slots=True)
class SuggestedOrganization:
    """An organization that verified the domain of the user's address and suggests
    itself to the people there: `organization_join_request` asks to join it."""

    id: str
    name: str
    domain: str


@dataclass(slots=True)
class Impersonator:
    """The admin seeing the product as this user (a read-only session)."""

    id: str
    name: str


@dataclass(slots=True)
class InitUser:
    id: str
    name: str
    email: str
    email_verified: bool
    """False until the address is proven (`email_verify`, or an accepted invite);
    `invite_create` and `vault_secret_create` need it."""


@dataclass(slots=True)
class SignedIn:
    """The `init` shape of a signed-in session: what every route that starts a session
    (or changes the signed-in one) answers, `user` never null."""

    user: InitUser
    organization: InitOrganization | None
    available_organizations: list[InitOrganization]
    impersonator: Impersonator | None = None
    """Set when an admin impersonates the user in this session: show it, and expect every
    mutation to answer `ImpersonationReadOnlyError`."""
    suggested_organizations: list[SuggestedOrganization] = field(
        default_factory=list[SuggestedOrganization]
    )
    """Organizations the user may ask to join (`organization_join_request`): they verified
    the domain of the user's verified address."""


@dataclass(slots=True)
class InitOut:
    """Who is calling: `user` (and `organization`) null when signed out."""

    user: InitUser | None
    organization: InitOrganization | None
    available_organizations: list[InitOrganization]
    impersonator: Impersonator | None = None
    """Set when an admin impersonates the user in this session: show it, and expect every
    mutation to answer `ImpersonationReadOnlyError`."""
    suggested_organizations: list[SuggestedOrganization] = field(
        default_factory=list[SuggestedOrganization]
    )
    """Organizations the user may ask to join (`organization_join_request`): they verified
    the domain of the user's verified address."""

    @staticmethod
    def signed_out() -> InitOut:
        return InitOut(user=None, organization=None, available_organizations=[])

    @staticmethod
    def of(signed_in: SignedIn) -> InitOut:
        return InitOut(
            user=signed_in.user,
            organization=signed_in.organization,
            available_organizations=signed_in.available_organizations,
            impersonator=signed_in.impersonator,
            suggested_organizations=signed_in.suggested_organizations,
        )


async def init_out(
    q: ProductQ,
    user: UserSummary | None,
    organization_id: str | None,
    impersonator: UserSummary | None = None,
    email_verified: bool | None = None,
) -> InitOut:
    """The init shape for `user` with `organization_id` selected (None: signed out).

    Reads every membership of the user, so `q` must be an admin transaction: RLS shows a
    customer only its current organization.
    """
    if user is None:
        return InitOut.signed_out()
    return InitOut.of(
        await signed_in_init(q, user, organization_id, impersonator, email_verified=email_verified)
    )


async def signed_in_init(
    q: ProductQ,
    user: UserSummary,
    organization_id: str | None,
    impersonator: UserSummary | None = None,
    *,
    email_verified: bool | None = None,
) -> SignedIn:
    """`init_out` of a signed-in `user` (in an admin transaction, like it)."""
    read = await read_init(q, user.id)
    return init_from_memberships(
        user,
        read.memberships,
        organization_id,
        impersonator,
        email_verified=email_verified if email_verified is not None else read.verified,
        second_factor=await second_factor_matters(q, user.id, read.memberships),
        suggested=read.suggested,
    )


async def second_factor_matters(q: ProductQ, user_id: str, rows: list[Membership]) -> bool:
    """Whether the user has a second factor (`MfaEnabled`), read only when one of their
    organizations requires it (True otherwise: `init` keeps its round trips)."""
    if not any(r.require_mfa for r in rows):
        return True
    return await q.orm.mfa_enabled(user_id=user_id)


@quick_init
@dataclass(frozen=True, slots=True)
class Membership:
    """One active membership of the user, as `init` reads it (`UserInit`)."""

    id: str
    name: str
    role: OrganizationRoleEnum
    require_mfa: bool
    custom_role: str | None
    custom_permissions: list[str] | None


@quick_init
@dataclass(frozen=True, slots=True)
class InitRead:
    """What `init` reads of a user, in one statement (`UserInit`)."""

    memberships: list[Membership]
    """Their active memberships, oldest first."""
    verified: bool
    """Whether their address is verified."""
    suggested: list[SuggestedOrganization]
    """The organizations suggested at their address's domain (`product.domains`)."""


async def read_init(q: ProductQ, user_id: str) -> InitRead:
    """The user's memberships, verification and suggestions (admin transaction: it reads
    every membership and other tenants' domains)."""
    rows = await q.orm.user_init(user_id=user_id)
    memberships = [
        Membership(
            id=r.id,
            name=r.name,
            role=r.role,
            require_mfa=bool(r.require_mfa),
            custom_role=r.custom_role,
            custom_permissions=r.custom_permissions,
        )
        for r in rows
        if r.id is not None and r.name is not None and r.role is not None
    ]
    suggested = cast(list[dict[str, Any]], rows[0].suggested) if rows else []
    return InitRead(
        memberships=memberships,
        verified=bool(rows and rows[0].verified),
        suggested=[
            SuggestedOrganization(id=str(o["id"]), name=str(o["name"]), domain=str(o["domain"]))
            for o in suggested
        ],
    )


def init_from_memberships(
    user: UserSummary,
    rows: list[Membership],
    organization_id: str | None,
    impersonator: UserSummary | None = None,
    *,
    email_verified: bool,
    second_factor: bool,
    suggested: list[SuggestedOrganization] | None = None,
) -> SignedIn:
    """The init shape from the user's `user_organizations` rows (already fetched);
    `second_factor`: whether the user has one (`MfaEnabled`)."""
    available = [
        InitOrganization(
            id=r.id,
            name=r.name,
            role=r.role,
            permissions=sorted(held(r.role, r.custom_permissions)),
            custom_role=r.custom_role if r.role == "member" else None,
            mfa_enrolment_required=r.require_mfa and not second_factor,
        )
        for r in rows
    ]
    selected = next((o for o in available if o.id == organization_id), None)
    return SignedIn(
        user=InitUser(id=user.id, name=user.name, email=user.email, email_verified=email_verified),
        organization=selected,
        available_organizations=available,
        impersonator=(
            Impersonator(id=impersonator.id, name=impersonator.name) if impersonator else None
        ),
        suggested_organizations=suggested or [],
    )


async def suggested_organizations(q: ProductQ, user_id: str) -> list[SuggestedOrganization]:
    """The organizations suggested to the user (admin transaction: it reads other tenants)."""
    return (await read_init(q, user_id)).suggested
