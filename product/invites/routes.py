"""Invite RPCs: invite_create, invites_list, invite_revoke, invite_accept."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from database.__codegen__.enums import OrganizationRoleEnum
from database.__codegen__.models import UserModel
from foundation.auth import funnel
from foundation.auth.errors import (
    InvalidCredentialsError,
    SSORequiredError,
    TooManyAttemptsError,
    WeakPasswordError,
)
from foundation.auth.passwords import hash_password, require_strong_password
from foundation.auth.ratelimit import rate_limit
from foundation.auth.users import UserSummary
from foundation.base.clock import CLOCK
from foundation.base.types import Email, Name, Password
from foundation.crypto.codes import hash_code, new_code
from foundation.email.links import ACCEPT_INVITE, product_link
from foundation.email.outbox import queue_email
from foundation.email.render import negotiate_locale
from foundation.rpc.errors import InputValidationError, RPCError
from foundation.rpc.pages import InvalidCursorError, Page, PageIn
from foundation.webhooks.events import InviteAccepted, InviteCreated, MemberAdded, emit
from product.__codegen__.queries import InviteByCodeHashRow
from product.auth.init import SignedIn, signed_in_init
from product.auth.sign_in import answered, sign_in
from product.auth.verification import EmailNotVerifiedError, require_verified, send_verification
from product.db import ProductQ
from product.framework import OrgReq, PublicReq, route
from product.framework.permissions import permission
from product.organizations.roles import check_role, lock_members

INVITES_READ = permission("invites:read", "see the organization's pending invites")
INVITES_MANAGE = permission(
    "invites:manage", "invite people and withdraw invites (owners only invite owners)"
)

INVITE_LIFETIME = datetime.timedelta(days=14)


@dataclass
class AlreadyMemberError(RPCError):
    """Someone with this email is already an active member."""

    email: str


@dataclass
class InviteNotFoundError(RPCError):
    """No open invite has this code (unknown, revoked or already used)."""


@dataclass
class InviteExpiredError(RPCError):
    """The invite's code expired; ask for a new invite."""


@dataclass
class InviteCreateIn:
    email: Email
    role: OrganizationRoleEnum


@dataclass
class InviteCreateOut:
    invite_id: str
    code: str
    expires_at: datetime.datetime


@route(
    "invite_create",
    authorization="organization",
    api_keys=True,
    errors=(AlreadyMemberError, EmailNotVerifiedError, TooManyAttemptsError),
    hold=False,
    permission=INVITES_MANAGE,
)
async def invite_create(req: OrgReq[InviteCreateIn]) -> InviteCreateOut:
    """Invite an email into the current organization (`invites:manage`; only owners
    invite owners). The code is returned once and emailed; only its hash is stored. A
    pending invite for the same email is revoked."""
    email, organization = req.data.email, req.organization
    code, code_hash = new_code()
    now = CLOCK.now()
    async with req.transaction() as q:
        await rate_limit(q, "invite_create", client=req.client, identifier=organization.id)
        if not req.service:  # an organization key has no address to verify
            await require_verified(q, req.user.id)
        if req.data.role == "owner":
            check_role(await lock_members(q, req), "owner")
        if await q.orm.invite_member_email_exists(organization_id=organization.id, email=email):
            raise AlreadyMemberError(email=email)
        await q.orm.invite_revoke_pending_for_email(
            now=now, by_user_id=req.user.id, organization_id=organization.id, email=email
        )
        invite = await q.orm.invite_create(
            organization_id=organization.id,
            invited_by_user_id=None if req.service else req.user.id,
            by=req.user.id,
            email=email,
            role=req.data.role,
            code_hash=code_hash,
            expires_at=now + INVITE_LIFETIME,
            now=now,
        )
        await emit(
            q,
            organization.id,
            "invite.created",
            InviteCreated(
                invite_id=invite.id,
                email=email,
                role=req.data.role,
                expires_at=invite.expires_at,
            ),
        )
        # Queued with the invite: it is sent only if the invite commits.
        await queue_email(
            q,
            to=email,
            kind="invite",
            values={
                "inviter": req.user.name,
                "organization": organization.name,
                "role": req.data.role,
                "link": product_link(ACCEPT_INVITE),
                "code": "{code}",
                "expires_at": invite.expires_at,
                "renewed": False,
            },
            locale=negotiate_locale(req.headers.get("Accept-Language")),
            secret=code,
        )
    return InviteCreateOut(invite_id=invite.id, code=code, expires_at=invite.expires_at)


@dataclass
class InviteOut:
    invite_id: str
    email: str
    role: OrganizationRoleEnum
    invited_by: str | None
    """The inviting user's id (null once that user is deleted)."""
    expires_at: datetime.datetime


@dataclass
class InvitesPage:
    items: list[InviteOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null on the last page."""


@route(
    "invites_list",
    authorization="organization",
    method="GET",
    permission=INVITES_READ,
    api_keys=True,
    errors=(InvalidCursorError,),
)
async def invites_list(req: OrgReq[PageIn]) -> InvitesPage:
    """The current organization's pending invites, oldest first, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
    previous page's `next_cursor`)."""
    page = Page.of("invites", req.data.cursor, req.data.limit)
    rows = await req.q.orm.invites_pending_list(
        organization_id=req.organization.id,
        now=CLOCK.now(),
        after_id=page.after,
        row_limit=page.fetch,
    )
    return InvitesPage(
        items=[
            InviteOut(
                invite_id=r.id,
                email=r.email,
                role=r.role,
                invited_by=r.invited_by_user_id,
                expires_at=r.expires_at,
            )
            for r in page.shown(rows)
        ],
        next_cursor=page.next(rows),
    )


@dataclass
class InviteRevokeIn:
    invite_id: str


@route(
    "invite_revoke",
    authorization="organization",
    permission=INVITES_MANAGE,
    errors=(InviteNotFoundError,),
)
async def invite_revoke(req: OrgReq[InviteRevokeIn]) -> None:
    """Withdraw a pending invite of the current organization (`invites:manage`)."""
    revoked = await req.q.orm.invite_revoke(
        now=CLOCK.now(),
        by_user_id=req.user.id,
        id=req.data.invite_id,
        organization_id=req.organization.id,
    )
    if not revoked:
        raise InviteNotFoundError()


@dataclass
class InviteSignInRequiredError(RPCError):
    """An account with the invite's address exists: sign in as that account first
    (`login`, with its second factor), then call `invite_accept` again with the code."""

    email: str


@dataclass
class InviteAcceptIn:
    code: str
    name: Name | None = None
    """Only for a new account."""
    password: Password | None = None
    """Only for a new account: its password."""


@route(
    "invite_accept",
    authorization="public",
    transaction="admin",
    errors=(
        InviteNotFoundError,
        InviteExpiredError,
        InviteSignInRequiredError,
        InvalidCredentialsError,
        WeakPasswordError,
        TooManyAttemptsError,
        SSORequiredError,
    ),
    hold=False,
)
async def invite_accept(req: PublicReq[InviteAcceptIn]) -> SignedIn:
    """Join the invite's organization with it selected. A new email needs `name` and
    `password`: the account is created (its address still to be verified: a verification
    code is emailed) and signed in. An existing account must be signed in as itself
    (`InviteSignInRequiredError` otherwise): this session moves to the organization. A
    code works once. Rate-limited per client."""
    data = req.data
    code_hash = hash_code(data.code)
    await funnel.limit("invite_accept", client=req.client, target=code_hash)
    async with req.transaction() as q:
        invite = await q.orm.invite_by_code_hash(code_hash=code_hash)
    if invite is None or invite.accepted_at is not None or invite.revoked_at is not None:
        raise InviteNotFoundError()
    if invite.expires_at <= CLOCK.now():
        raise InviteExpiredError()
    if invite.user_id is not None and invite.signup_step == "complete":
        if req.user is None or req.user.id != invite.user_id or req.session_id is None:
            raise InviteSignInRequiredError(email=invite.email)
        return await _join_signed_in(req, req.session_id, invite.user_id, invite)
    missing = {
        f: "required for a new account" for f in ("name", "password") if not getattr(data, f)
    }
    if missing or data.name is None or data.password is None:
        raise InputValidationError(fields=missing)
    await require_strong_password(data.password, invite.email)
    password_hash = await hash_password(data.password)
    async with req.transaction() as q:
        if not await q.orm.invite_lock(id=invite.id):
            raise InviteNotFoundError()  # accepted or revoked meanwhile
        await q.orm.email_address_lock(email=invite.email)
        user: UserModel | None
        if invite.user_id is None:
            user = await q.orm.invite_user_create(
                name=data.name,
                email=invite.email,
                password_hash=password_hash,
                locale=negotiate_locale(req.headers.get("Accept-Language")),
            )
        else:
            user = await q.orm.invite_user_complete(
                name=data.name, password_hash=password_hash, id=invite.user_id
            )
        if user is None:  # the address got an account meanwhile: its owner must sign in
            raise InviteSignInRequiredError(email=invite.email)
        await q.orm.invite_membership_add(
            user_id=user.id, organization_id=invite.organization_id, role=invite.role
        )
        await q.orm.invite_accept(now=CLOCK.now(), user_id=user.id, id=invite.id)
        await emit_joined(q, invite, user.id)
        # The inviter saw the code: accepting proves nothing about the address.
        await send_verification(q, user.id, user.email)
        passed = await funnel.new_account(q, user.id, "invite")
        return answered(await sign_in(q, req, passed, organization_id=invite.organization_id))


async def emit_joined(q: ProductQ, invite: InviteByCodeHashRow, user_id: str) -> None:
    """`invite.accepted` and `member.added`, in the transaction of the membership."""
    organization_id = invite.organization_id
    await emit(
        q, organization_id, "invite.accepted", InviteAccepted(invite_id=invite.id, user_id=user_id)
    )
    await emit(q, organization_id, "member.added", MemberAdded(user_id=user_id, role=invite.role))


async def _join_signed_in(
    req: PublicReq[Any], session_id: str, user_id: str, invite: InviteByCodeHashRow
) -> SignedIn:
    """The signed-in invitee joins: the user is re-read under lock (not deleted or
    disabled meanwhile) in the transaction that adds the membership, and this session
    moves to the organization."""
    async with req.transaction() as q:
        if not await q.orm.invite_lock(id=invite.id):
            raise InviteNotFoundError()  # accepted or revoked meanwhile
        user = await q.orm.auth_user_lock(user_id=user_id)
        if user is None:
            raise InvalidCredentialsError()
        await q.orm.invite_membership_add(
            user_id=user.id, organization_id=invite.organization_id, role=invite.role
        )
        await q.orm.invite_accept(now=CLOCK.now(), user_id=user.id, id=invite.id)
        await emit_joined(q, invite, user.id)
        await q.orm.session_organization_set(
            organization_id=invite.organization_id, session_id=session_id
        )
        summary = UserSummary(id=user.id, name=user.name, email=user.email)
        return await signed_in_init(q, summary, invite.organization_id)


ROUTES = (invite_create, invites_list, invite_revoke, invite_accept)
