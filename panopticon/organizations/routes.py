"""Organizations in the admin console: organizations_search, organization_get,
membership_set_role, membership_remove, invite_resend, invite_revoke,
organization_domain_remove."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from database.__codegen__.enums import (
    OrganizationDomainEnrollmentEnum,
    OrganizationInboundSourceEnum,
    OrganizationRoleEnum,
)
from foundation.base.clock import CLOCK
from foundation.crypto.codes import new_code
from foundation.email.links import ACCEPT_INVITE, product_link
from foundation.email.outbox import queue_email
from foundation.rpc.errors import RPCError
from foundation.tenancy import memberships
from foundation.tenancy.memberships import LastOwnerError, MemberNotFoundError
from panopticon.__codegen__.queries import InviteLockForChangeRow
from panopticon.audit.audit import audit, changes
from panopticon.db import PanopticonQ
from panopticon.framework import AdminReq, route
from panopticon.inputs import (
    DEFAULT_LIMIT,
    InvalidCursorError,
    Limit,
    Page,
    Reason,
    SearchQuery,
    like_pattern,
)
from panopticon.outputs import Done, StoryEvent, named_story

INVITE_LIFETIME = datetime.timedelta(days=14)
"""A re-sent invite works this long from the moment it is re-sent (as a new one would)."""


@dataclass
class OrganizationNotFoundError(RPCError):
    """No organization has this id."""

    organization_id: str


@dataclass
class InviteNotFoundError(RPCError):
    """No invite has this id."""

    invite_id: str


@dataclass
class InviteNotPendingError(RPCError):
    """The invite was accepted or revoked already (`state`: accepted or revoked)."""

    state: str


@dataclass
class OrganizationsSearchIn:
    query: SearchQuery = ""
    """An organization id or part of its name; empty lists all."""
    cursor: str | None = None
    limit: Limit = DEFAULT_LIMIT


@dataclass
class OrganizationListItem:
    id: str
    name: str
    inbound_source: OrganizationInboundSourceEnum
    created_at: datetime.datetime
    members_count: int


@dataclass
class OrganizationsSearchOut:
    items: list[OrganizationListItem]
    next_cursor: str | None


@route("organizations_search", authorization="admin", method="GET", errors=(InvalidCursorError,))
async def organizations_search(req: AdminReq[OrganizationsSearchIn]) -> OrganizationsSearchOut:
    """Find organizations, newest first, by id or a part of the name. Cursor-paginated
    (`limit` rows, at most 200)."""
    page = Page.of("organizations", req.data.cursor, req.data.limit)
    query = req.data.query
    if query:
        rows = await req.q.orm.organizations_search(
            before_id=page.before,
            id=query,
            name_pattern=like_pattern(query),
            row_limit=page.fetch,
        )
    else:
        rows = await req.q.orm.organizations_page(before_id=page.before, row_limit=page.fetch)
    return OrganizationsSearchOut(
        items=[
            OrganizationListItem(
                id=r.id,
                name=r.name,
                inbound_source=r.inbound_source,
                created_at=r.created_at,
                members_count=r.members_count,
            )
            for r in page.shown(rows)
        ],
        next_cursor=page.next(rows),
    )


@dataclass
class OrganizationGetIn:
    organization_id: str


@dataclass
class OrganizationDetail:
    id: str
    name: str
    inbound_source: OrganizationInboundSourceEnum
    created_at: datetime.datetime
    updated_at: datetime.datetime
    require_mfa: bool
    """Its members need a second factor to reach its routes (`organization_security_set`)."""


@dataclass
class CustomRole:
    """One of the organization's custom roles (`role_create`)."""

    role_id: str
    name: str
    permissions: list[str]
    members: int


@dataclass
class OrganizationMember:
    user_id: str
    name: str
    email: str
    is_enabled: bool
    role: OrganizationRoleEnum
    joined_at: datetime.datetime


@dataclass
class PendingInvite:
    invite_id: str
    email: str
    role: OrganizationRoleEnum
    invited_by: str | None
    created_at: datetime.datetime
    expires_at: datetime.datetime


@dataclass
class SecretName:
    """A vault secret's name; its value never leaves the product's vault RPCs."""

    secret_id: str
    name: str
    created_at: datetime.datetime


@dataclass
class OrganizationDomain:
    """A domain the organization added (product `organization_domain_add`)."""

    domain: str
    enrollment: OrganizationDomainEnrollmentEnum
    verified_at: datetime.datetime | None
    check_failures: int
    """Consecutive failed re-checks of its TXT record (housekeeping)."""
    created_at: datetime.datetime


@dataclass
class ScimTokenSummary:
    """One of the organization's SCIM tokens (product `scim_token_create`): its name and
    use, never the token."""

    name: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


@dataclass
class OrganizationGetOut:
    organization: OrganizationDetail
    members: list[OrganizationMember]
    """The first 101 active members, oldest first; every member, paginated, filtered and
    sorted: `users_search` with `organization_id`."""
    pending_invites: list[PendingInvite]
    secret_names: list[SecretName]
    storytime: list[StoryEvent]
    roles: list[CustomRole]
    """Its custom roles, by name (the built-in owner, admin, member aside)."""
    domains: list[OrganizationDomain]
    """Its domains, verified or not, by name."""
    scim_tokens: list[ScimTokenSummary]
    """Its SCIM provisioning tokens, newest first (names and last use only)."""


@route("organization_get", authorization="admin", method="GET", errors=(OrganizationNotFoundError,))
async def organization_get(req: AdminReq[OrganizationGetIn]) -> OrganizationGetOut:
    """One organization: its members, pending invites, the names (never the values) of
    its vault secrets, its custom roles, its two-factor policy, its domains, its SCIM
    tokens (names and last use), and its history."""
    q, organization_id = req.q, req.data.organization_id
    organization = await q.orm.organization_get(organization_id=organization_id)
    if organization is None:
        raise OrganizationNotFoundError(organization_id=organization_id)
    members = await q.orm.organization_members(organization_id=organization_id)
    invites = await q.orm.organization_pending_invites(
        organization_id=organization_id, now=CLOCK.now()
    )
    secrets = await q.orm.organization_secret_names(organization_id=organization_id)
    roles = await q.orm.admin_organization_roles(organization_id=organization_id)
    domains = await q.orm.organization_domains(organization_id=organization_id)
    tokens = await q.orm.admin_organization_scim_tokens(organization_id=organization_id)
    return OrganizationGetOut(
        organization=OrganizationDetail(
            id=organization.id,
            name=organization.name,
            inbound_source=organization.inbound_source,
            created_at=organization.created_at,
            updated_at=organization.updated_at,
            require_mfa=organization.require_mfa,
        ),
        roles=[
            CustomRole(role_id=r.id, name=r.name, permissions=r.permissions, members=r.members)
            for r in roles
        ],
        members=[
            OrganizationMember(
                user_id=m.user_id,
                name=m.name,
                email=m.email,
                is_enabled=m.is_enabled,
                role=m.role,
                joined_at=m.joined_at,
            )
            for m in members
        ],
        pending_invites=[
            PendingInvite(
                invite_id=i.id,
                email=i.email,
                role=i.role,
                invited_by=i.invited_by_user_id,
                created_at=i.created_at,
                expires_at=i.expires_at,
            )
            for i in invites
        ],
        secret_names=[
            SecretName(secret_id=s.id, name=s.name, created_at=s.created_at) for s in secrets
        ],
        storytime=await named_story(q.orm, organization.storytime),
        domains=[
            OrganizationDomain(
                domain=d.domain,
                enrollment=d.enrollment,
                verified_at=d.verified_at,
                check_failures=d.check_failures,
                created_at=d.created_at,
            )
            for d in domains
        ],
        scim_tokens=[
            ScimTokenSummary(
                name=t.name,
                created_at=t.created_at,
                last_used_at=t.last_used_at,
                revoked_at=t.revoked_at,
            )
            for t in tokens
        ],
    )


@dataclass
class MembershipSetRoleIn:
    organization_id: str
    user_id: str
    role: OrganizationRoleEnum
    reason: Reason


async def _lock_membership(
    q: PanopticonQ, organization_id: str, user_id: str
) -> OrganizationRoleEnum:
    """Take the organization's member lock (the one product's role checks take) and
    return the member's current role."""
    if not await memberships.lock_members(q, organization_id):
        raise OrganizationNotFoundError(organization_id=organization_id)
    return await memberships.member_role(q, organization_id, user_id)


MEMBERSHIP_ERRORS = (OrganizationNotFoundError, MemberNotFoundError, LastOwnerError)


@route("membership_set_role", authorization="superadmin", errors=MEMBERSHIP_ERRORS)
async def membership_set_role(req: AdminReq[MembershipSetRoleIn]) -> Done:
    """Change a member's role (superadmin). The organization keeps at least one owner
    (`LastOwnerError`). Audited."""
    q, data = req.q, req.data
    role = await _lock_membership(q, data.organization_id, data.user_id)
    if role == data.role:
        return Done(changed=False)
    await memberships.set_role(
        q,
        data.organization_id,
        data.user_id,
        current=role,
        role=data.role,
        by_user_id=req.admin.id,
        note=" by an admin",
    )
    await audit(
        req,
        "membership.set_role",
        target=data.user_id,
        reason=data.reason,
        diff={
            "organization_id": data.organization_id,
            **changes({"role": role}, {"role": data.role}),
        },
    )
    return Done(changed=True, count=1)


@dataclass
class MembershipRemoveIn:
    organization_id: str
    user_id: str
    reason: Reason


@route("membership_remove", authorization="superadmin", errors=MEMBERSHIP_ERRORS)
async def membership_remove(req: AdminReq[MembershipRemoveIn]) -> Done:
    """Remove a member from an organization (superadmin); their sessions stop selecting
    it. The organization keeps at least one owner (`LastOwnerError`). Audited."""
    q, data = req.q, req.data
    role = await _lock_membership(q, data.organization_id, data.user_id)
    await memberships.remove(
        q,
        data.organization_id,
        data.user_id,
        current=role,
        by_user_id=req.admin.id,
        removed_by_user_id=req.admin.id,
        did="removed by an admin",
    )
    await audit(
        req,
        "membership.remove",
        target=data.user_id,
        reason=data.reason,
        diff={
            "organization_id": data.organization_id,
            **changes({"role": role, "active": True}, {"role": role, "active": False}),
        },
    )
    return Done(changed=True, count=1)


@dataclass
class DomainNotFoundError(RPCError):
    """The organization has no such domain."""

    organization_id: str
    domain: str


@dataclass
class OrganizationDomainRemoveIn:
    organization_id: str
    domain: str
    reason: Reason


@route(
    "organization_domain_remove",
    authorization="superadmin",
    errors=(DomainNotFoundError,),
)
async def organization_domain_remove(req: AdminReq[OrganizationDomainRemoveIn]) -> Done:
    """Remove a domain from an organization (superadmin): its suggestions and automatic
    join stop; members who joined through it stay. Audited."""
    q, data = req.q, req.data
    removed = await q.orm.organization_domain_remove_by_admin(
        organization_id=data.organization_id, domain=data.domain, by_user_id=req.admin.id
    )
    if removed is None:
        raise DomainNotFoundError(organization_id=data.organization_id, domain=data.domain)
    await audit(
        req,
        "organization_domain.remove",
        target=data.organization_id,
        reason=data.reason,
        diff={
            "domain": removed.domain,
            "enrollment": removed.enrollment,
            "verified": removed.verified_at is not None,
        },
    )
    return Done(changed=True, count=1)


@dataclass
class InviteActionIn:
    invite_id: str
    reason: Reason


@dataclass
class InviteResendOut:
    invite_id: str
    email: str
    expires_at: datetime.datetime


INVITE_ERRORS = (InviteNotFoundError, InviteNotPendingError)


async def _lock_pending_invite(q: PanopticonQ, invite_id: str) -> InviteLockForChangeRow:
    """The invite, row-locked; `InviteNotFoundError` or `InviteNotPendingError` unless it
    is neither accepted nor revoked (an expired one still counts: it can be re-sent)."""
    invite = await q.orm.invite_lock_for_change(invite_id=invite_id)
    if invite is None:
        raise InviteNotFoundError(invite_id=invite_id)
    if invite.accepted_at is not None:
        raise InviteNotPendingError(state="accepted")
    if invite.revoked_at is not None:
        raise InviteNotPendingError(state="revoked")
    return invite


@route("invite_resend", authorization="admin", errors=INVITE_ERRORS)
async def invite_resend(req: AdminReq[InviteActionIn]) -> InviteResendOut:
    """Send a pending (or expired) invite again with a new code: the old code stops
    working, the new one works for 14 days. Audited. The code is emailed to the invitee
    (queued with the change) and never shown to the admin."""
    q, data, now = req.q, req.data, CLOCK.now()
    code, code_hash = new_code()
    invite = await _lock_pending_invite(q, data.invite_id)
    renewed = await q.orm.invite_renew_code(
        invite_id=invite.id,
        code_hash=code_hash,
        expires_at=now + INVITE_LIFETIME,
        by_user_id=req.admin.id,
        now=now,
    )
    await audit(
        req,
        "invite.resend",
        target=invite.id,
        reason=data.reason,
        diff=changes(
            {"expires_at": invite.expires_at.isoformat(), "code": "old"},
            {"expires_at": renewed.expires_at.isoformat(), "code": "new"},
        ),
    )
    await queue_email(
        q,
        to=invite.email,
        kind="invite",
        values={
            "inviter": None,
            "organization": invite.organization_name,
            "role": invite.role,
            "link": product_link(ACCEPT_INVITE),
            "code": "{code}",
            "expires_at": renewed.expires_at,
            "renewed": True,
        },
        secret=code,
    )
    return InviteResendOut(invite_id=invite.id, email=invite.email, expires_at=renewed.expires_at)


@route("invite_revoke", authorization="admin", errors=INVITE_ERRORS)
async def invite_revoke(req: AdminReq[InviteActionIn]) -> Done:
    """Withdraw a pending invite: its code stops working. Audited."""
    q, data, now = req.q, req.data, CLOCK.now()
    invite = await _lock_pending_invite(q, data.invite_id)
    await q.orm.invite_revoke_by_admin(invite_id=invite.id, by_user_id=req.admin.id, now=now)
    await audit(
        req,
        "invite.revoke",
        target=invite.id,
        reason=data.reason,
        diff=changes({"revoked": False}, {"revoked": True}),
    )
    return Done(changed=True, count=1)


ROUTES = (
    organizations_search,
    organization_get,
    membership_set_role,
    membership_remove,
    organization_domain_remove,
    invite_resend,
    invite_revoke,
)
