"""Factories for tests: rows with sensible, unique defaults, created in admin transactions.

Each test makes its own organizations and users, so tests never share data and nothing
is truncated between them. The SQL lives in `database/testing/queries.sql` (`Test...`
queries); rows come back as the generated models.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass

from database.__codegen__.enums import (
    OrganizationInboundSourceEnum,
    OrganizationRoleEnum,
    SessionAppEnum,
    UserSignupStepEnum,
)
from database.__codegen__.models import (
    InviteModel,
    OrganizationModel,
    OrganizationsUserModel,
    SessionModel,
    UserModel,
)
from database.testing import harness
from database.xact import xact_admin
from foundation.base.clock import CLOCK


@dataclass(frozen=True, slots=True)
class Customer:
    user: UserModel
    organization: OrganizationModel
    membership: OrganizationsUserModel


def _unique() -> str:
    return uuid.uuid4().hex[:12]


class Factory:
    async def organization(
        self, *, name: str | None = None, inbound_source: OrganizationInboundSourceEnum = "organic"
    ) -> OrganizationModel:
        async with xact_admin() as q:
            return await harness(q).test_organization_create(
                name=name or f"Organization {_unique()}", inbound_source=inbound_source
            )

    async def user(
        self,
        *,
        name: str | None = None,
        email: str | None = None,
        password_hash: str | None = None,
        signup_step: UserSignupStepEnum = "complete",
        is_enabled: bool = True,
        email_verified: bool = True,
    ) -> UserModel:
        """A user; verified (their address proven) unless `email_verified=False`."""
        async with xact_admin() as q:
            return await harness(q).test_user_create(
                name=name or "Test User",
                email=email or f"user-{_unique()}@example.test",
                password_hash=password_hash,
                signup_step=signup_step,
                is_enabled=is_enabled,
                email_verified=email_verified,
            )

    async def membership(
        self,
        *,
        user: UserModel,
        organization: OrganizationModel,
        role: OrganizationRoleEnum = "owner",
    ) -> OrganizationsUserModel:
        async with xact_admin() as q:
            return await harness(q).test_membership_create(
                user_id=user.id, organization_id=organization.id, role=role
            )

    async def customer(
        self,
        *,
        role: OrganizationRoleEnum = "owner",
        name: str | None = None,
        email: str | None = None,
        password_hash: str | None = None,
    ) -> Customer:
        """A user who is an active member (default: owner) of a new organization."""
        organization = await self.organization()
        member = await self.user(name=name, email=email, password_hash=password_hash)
        membership = await self.membership(user=member, organization=organization, role=role)
        return Customer(user=member, organization=organization, membership=membership)

    async def invite(
        self,
        *,
        organization: OrganizationModel,
        code: str | None = None,
        email: str | None = None,
        role: OrganizationRoleEnum = "member",
        lifetime: datetime.timedelta = datetime.timedelta(days=14),
    ) -> InviteModel:
        """A pending invite into `organization` (its code: `code`, or a random one)."""
        async with xact_admin() as q:
            return await harness(q).test_invite_create(
                organization_id=organization.id,
                invited_by_user_id=None,
                email=email or f"invitee-{_unique()}@example.test",
                role=role,
                # sha256 hex, as foundation.crypto.codes.hash_code (a layer above).
                code_hash=hashlib.sha256((code or f"code-{_unique()}").encode()).hexdigest(),
                expires_at=CLOCK.now() + lifetime,
            )

    async def session(
        self,
        *,
        user: UserModel,
        organization: OrganizationModel | None = None,
        app: SessionAppEnum = "product",
        lifetime: datetime.timedelta = datetime.timedelta(days=1),
        impersonator: UserModel | None = None,
    ) -> SessionModel:
        """A session of `app`; `impersonator`: an impersonated one (read-only)."""
        async with xact_admin() as q:
            return await harness(q).test_session_create(
                user_id=user.id,
                organization_id=organization.id if organization else None,
                app=app,
                expires_at=CLOCK.now() + lifetime,
                impersonator_user_id=impersonator.id if impersonator else None,
            )
