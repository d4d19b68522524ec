"""Verified domains: an organization's owners and admins prove they own a DNS domain
with a TXT record, then choose what happens to people whose verified address is at it:
nothing, a suggestion to ask to join (`init.suggested_organizations`,
`organization_join_request`), or automatic membership (at address verification and at
every sign-in). One organization at a time holds a domain verified; public email
providers cannot be claimed (`foundation.tenancy.domains`)."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

from database.__codegen__.enums import OrganizationDomainEnrollmentEnum
from database.__codegen__.models import OrganizationDomainModel
from foundation.base.clock import CLOCK
from foundation.rpc.errors import RPCError
from foundation.rpc.pages import InvalidCursorError, Page, PageIn
from foundation.tenancy import domains
from product.auth.init import suggested_organizations
from product.framework import OrgReq, UserReq, route
from product.framework.permissions import MEMBERS_MANAGE, MEMBERS_READ, permission
from product.organizations.roles import InsufficientRoleError, OrganizationNotFoundError

DOMAINS_MANAGE = permission(
    "domains:manage",
    "add, verify and remove the organization's domains and choose their enrollment",
)

DomainName = Annotated[str, Field(min_length=1, max_length=254, examples=["example.com"])]


@dataclass
class DomainInvalidError(RPCError):
    """Not a domain name (at least two labels, like `example.com`)."""

    domain: str


@dataclass
class DomainPublicProviderError(RPCError):
    """The domain belongs to a public email provider (gmail.com, outlook.com, ...): anyone
    can have an address there, so no organization can claim it."""

    domain: str


@dataclass
class DomainNotFoundError(RPCError):
    """The organization has not added this domain."""

    domain: str


@dataclass
class DomainRecordNotFoundError(RPCError):
    """The TXT record was not found (not published yet, another value, or the DNS change
    has not reached the resolver yet: try again in a few minutes)."""

    record_name: str
    record_value: str


@dataclass
class DomainTakenError(RPCError):
    """Another organization has verified this domain."""

    domain: str


@dataclass
class DomainOut:
    domain: str
    record_name: str
    """Publish a TXT record at this name ..."""
    record_value: str
    """... with this value, then call `organization_domain_verify`."""
    verified_at: datetime.datetime | None
    """Null until verified (and again if the record disappears: housekeeping re-checks it)."""
    enrollment: OrganizationDomainEnrollmentEnum


def _out(row: OrganizationDomainModel) -> DomainOut:
    return DomainOut(
        domain=row.domain,
        record_name=domains.record_name(row.domain),
        record_value=domains.record_value(row.verification_token),
        verified_at=row.verified_at,
        enrollment=row.enrollment,
    )


def _checked(domain: str) -> str:
    normalized = domains.normalize(domain)
    if not domains.is_domain(normalized):
        raise DomainInvalidError(domain=domain)
    if domains.is_public_provider(normalized):
        raise DomainPublicProviderError(domain=normalized)
    return normalized


@dataclass
class DomainIn:
    domain: DomainName


@route(
    "organization_domain_add",
    authorization="organization",
    permission=DOMAINS_MANAGE,
    errors=(InsufficientRoleError, DomainInvalidError, DomainPublicProviderError),
)
async def organization_domain_add(req: OrgReq[DomainIn]) -> DomainOut:
    """Add a domain to the current organization (owners and admins): the answer says
    which TXT record to publish before `organization_domain_verify`. Adding a domain
    already added answers it again (same record)."""
    domain = _checked(req.data.domain)
    q, organization_id = req.q, req.organization.id
    row = await q.orm.domain_add(
        organization_id=organization_id,
        domain=domain,
        verification_token=secrets.token_urlsafe(24),
        by_user_id=req.user.id,
    )
    if row is None:
        row = await q.orm.domain_fetch(organization_id=organization_id, domain=domain)
        assert row is not None  # the conflicting row, under the member lock
    return _out(row)


# Whether another organization holds the domain is outside RLS's view: an admin
# transaction, every query scoped to the caller's organization by hand. The DNS lookup
# runs between two transactions (hold=False): no connection waits on the network.
@route(
    "organization_domain_verify",
    authorization="organization",
    permission=DOMAINS_MANAGE,
    transaction="admin",
    errors=(
        InsufficientRoleError,
        DomainInvalidError,
        DomainPublicProviderError,
        DomainNotFoundError,
        DomainRecordNotFoundError,
        DomainTakenError,
    ),
    hold=False,
)
async def organization_domain_verify(req: OrgReq[DomainIn]) -> DomainOut:
    """Look the domain's TXT record up and mark the domain verified (owners and admins).
    A domain is verified by one organization at a time (`DomainTakenError`)."""
    domain = _checked(req.data.domain)
    organization_id = req.organization.id
    async with req.transaction() as q:
        row = await q.orm.domain_fetch(organization_id=organization_id, domain=domain)
    if row is None:
        raise DomainNotFoundError(domain=domain)
    found = await domains.published(domain, row.verification_token)
    async with req.transaction() as q:
        await q.orm.domain_lock(domain=domain)
        current = await q.orm.domain_fetch(organization_id=organization_id, domain=domain)
        if current is None or current.verification_token != row.verification_token:
            raise DomainNotFoundError(domain=domain)  # removed (or re-added) meanwhile
        if not found:
            raise DomainRecordNotFoundError(
                record_name=domains.record_name(domain),
                record_value=domains.record_value(row.verification_token),
            )
        if await q.orm.domain_verified_elsewhere(domain=domain, organization_id=organization_id):
            raise DomainTakenError(domain=domain)
        verified = await q.orm.domain_mark_verified(
            organization_id=organization_id, domain=domain, now=CLOCK.now(), by_user_id=req.user.id
        )
    return _out(verified)


@dataclass
class DomainsPage:
    items: list[DomainOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route(
    "organization_domains_list",
    authorization="organization",
    method="GET",
    permission=MEMBERS_READ,
    errors=(InvalidCursorError,),
)
async def organization_domains_list(req: OrgReq[PageIn]) -> DomainsPage:
    """The current organization's domains, verified or not, oldest first, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
    previous page's `next_cursor`)."""
    page = Page.of("domains", req.data.cursor, req.data.limit)
    rows = await req.q.orm.domains_list(
        organization_id=req.organization.id, after_id=page.after, row_limit=page.fetch
    )
    return DomainsPage(items=[_out(r) for r in page.shown(rows)], next_cursor=page.next(rows))


@route(
    "organization_domain_remove",
    authorization="organization",
    permission=DOMAINS_MANAGE,
    errors=(InsufficientRoleError, DomainNotFoundError),
)
async def organization_domain_remove(req: OrgReq[DomainIn]) -> None:
    """Remove a domain (owners and admins): its suggestions and automatic join stop
    (members who joined through it stay members)."""
    q, organization_id = req.q, req.organization.id
    domain = domains.normalize(req.data.domain)
    if await q.orm.domain_remove(organization_id=organization_id, domain=domain) is None:
        raise DomainNotFoundError(domain=domain)
    await q.orm.organization_note(
        id=organization_id, did=f"domain removed: {domain}", by_user_id=req.user.id
    )


@dataclass
class DomainEnrollmentIn:
    domain: DomainName
    enrollment: OrganizationDomainEnrollmentEnum
    """none; suggest: people with a verified address at the domain see the organization
    in `init.suggested_organizations` and may ask to join; automatic: they join as
    member when they verify their address or sign in."""


@route(
    "organization_domain_set_enrollment",
    authorization="organization",
    permission=DOMAINS_MANAGE,
    errors=(InsufficientRoleError, DomainNotFoundError),
)
async def organization_domain_set_enrollment(req: OrgReq[DomainEnrollmentIn]) -> DomainOut:
    """Choose what a verified domain does for the people at it (owners and admins). It
    takes effect once the domain is verified."""
    q, organization_id = req.q, req.organization.id
    domain = domains.normalize(req.data.domain)
    row = await q.orm.domain_set_enrollment(
        organization_id=organization_id,
        domain=domain,
        enrollment=req.data.enrollment,
        by_user_id=req.user.id,
    )
    if row is None:
        raise DomainNotFoundError(domain=domain)
    return _out(row)


@dataclass
class JoinRequestIn:
    organization_id: str


@dataclass
class JoinRequestOut:
    created: bool
    """False when an open request existed already."""


# The organization asked is not the caller's (RLS would hide it): an admin transaction.
@route(
    "organization_join_request",
    authorization="user",
    transaction="admin",
    errors=(OrganizationNotFoundError,),
)
async def organization_join_request(req: UserReq[JoinRequestIn]) -> JoinRequestOut:
    """Ask to join an organization of `init.suggested_organizations`; its owners and
    admins decide (`organization_join_request_decide`)."""
    q, organization_id = req.q, req.data.organization_id
    suggested = await suggested_organizations(q, req.user.id)
    if organization_id not in {s.id for s in suggested}:
        raise OrganizationNotFoundError(organization_id=organization_id)
    created = await q.orm.join_request_create(organization_id=organization_id, user_id=req.user.id)
    return JoinRequestOut(created=created is not None)


@dataclass
class JoinRequestListed:
    id: str
    user_id: str
    name: str
    email: str
    created_at: datetime.datetime


@dataclass
class JoinRequestsPage:
    items: list[JoinRequestListed]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


# The people asking are not members yet, so RLS hides their user rows: an admin
# transaction, the query scoped to the caller's organization.
@route(
    "organization_join_requests_list",
    authorization="organization",
    permission=MEMBERS_MANAGE,
    transaction="admin",
    method="GET",
    errors=(InsufficientRoleError, InvalidCursorError),
)
async def organization_join_requests_list(req: OrgReq[PageIn]) -> JoinRequestsPage:
    """The open requests to join the current organization (owners and admins), oldest
    first, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
    previous page's `next_cursor`)."""
    page = Page.of("join_requests", req.data.cursor, req.data.limit)
    rows = await req.q.orm.join_requests_open(
        organization_id=req.organization.id, after_id=page.after, row_limit=page.fetch
    )
    return JoinRequestsPage(
        items=[
            JoinRequestListed(
                id=r.id, user_id=r.user_id, name=r.name, email=r.email, created_at=r.created_at
            )
            for r in page.shown(rows)
        ],
        next_cursor=page.next(rows),
    )


@dataclass
class JoinRequestNotFoundError(RPCError):
    """No open join request with this id in the current organization."""

    id: str


@dataclass
class JoinRequestDecideIn:
    id: str
    approve: bool


@route(
    "organization_join_request_decide",
    authorization="organization",
    permission=MEMBERS_MANAGE,
    errors=(InsufficientRoleError, JoinRequestNotFoundError),
)
async def organization_join_request_decide(req: OrgReq[JoinRequestDecideIn]) -> None:
    """Approve (the user joins as member) or decline an open join request (owners and
    admins)."""
    q, organization_id = req.q, req.organization.id
    user_id = await q.orm.join_request_decide(
        organization_id=organization_id,
        id=req.data.id,
        approved=req.data.approve,
        now=CLOCK.now(),
        by_user_id=req.user.id,
    )
    if user_id is None:
        raise JoinRequestNotFoundError(id=req.data.id)
    if req.data.approve:
        await q.orm.membership_add_member(
            organization_id=organization_id, user_id=user_id, by_user_id=req.user.id
        )


ROUTES = (
    organization_domain_add,
    organization_domain_verify,
    organization_domains_list,
    organization_domain_remove,
    organization_domain_set_enrollment,
    organization_join_request,
    organization_join_requests_list,
    organization_join_request_decide,
)
