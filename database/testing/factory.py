"""Factories for tests: rows with sensible, unique defaults, created in admin transactions.

Each test makes its own organizations and users, so tests never share data and nothing
is truncated between them.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import asyncpg

from database.xact import xact
from foundation.clock import CLOCK

_T = TypeVar("_T")


def _row(cls: type[_T], record: asyncpg.Record) -> _T:
    names = {f.name for f in fields(cls)}  # pyright: ignore[reportArgumentType]
    return cls(**{k: v for k, v in record.items() if k in names})


@dataclass(frozen=True, slots=True)
class UserRow:
    id: str
    name: str
    email: str
    password_hash: str | None
    signup_step: str
    is_enabled: bool


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    id: str
    name: str
    inbound_source: str


@dataclass(frozen=True, slots=True)
class MembershipRow:
    id: str
    user_id: str
    organization_id: str
    role: str


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: str
    user_id: str
    organization_id: str | None
    app: str
    expires_at: datetime.datetime


@dataclass(frozen=True, slots=True)
class Customer:
    user: UserRow
    organization: OrganizationRow
    membership: MembershipRow


def _unique() -> str:
    return uuid.uuid4().hex[:12]


class Factory:
    async def organization(
        self, *, name: str | None = None, inbound_source: str = "organic"
    ) -> OrganizationRow:
        async with xact() as q:
            record = await q.conn.fetchrow(
                "INSERT INTO organizations (name, inbound_source) VALUES ($1, $2) RETURNING *",
                name or f"Organization {_unique()}",
                inbound_source,
            )
        assert record is not None
        return _row(OrganizationRow, record)

    async def user(
        self,
        *,
        name: str | None = None,
        email: str | None = None,
        password_hash: str | None = None,
        signup_step: str = "complete",
        is_enabled: bool = True,
    ) -> UserRow:
        async with xact() as q:
            record = await q.conn.fetchrow(
                """
                INSERT INTO users (name, email, password_hash, signup_step, is_enabled)
                VALUES ($1, $2, $3, $4, $5) RETURNING *
                """,
                name or "Test User",
                email or f"user-{_unique()}@example.test",
                password_hash,
                signup_step,
                is_enabled,
            )
        assert record is not None
        return _row(UserRow, record)

    async def membership(
        self, *, user: UserRow, organization: OrganizationRow, role: str = "owner"
    ) -> MembershipRow:
        async with xact() as q:
            record = await q.conn.fetchrow(
                """
                INSERT INTO organizations_users (user_id, organization_id, role)
                VALUES ($1, $2, $3) RETURNING *
                """,
                user.id,
                organization.id,
                role,
            )
        assert record is not None
        return _row(MembershipRow, record)

    async def customer(self, *, role: str = "owner", **user: Any) -> Customer:
        """A user who is an active member (default: owner) of a new organization."""
        organization = await self.organization()
        member = await self.user(**user)
        membership = await self.membership(user=member, organization=organization, role=role)
        return Customer(user=member, organization=organization, membership=membership)

    async def session(
        self,
        *,
        user: UserRow,
        organization: OrganizationRow | None = None,
        app: str = "product",
        lifetime: datetime.timedelta = datetime.timedelta(days=1),
    ) -> SessionRow:
        async with xact() as q:
            record = await q.conn.fetchrow(
                """
                INSERT INTO sessions (user_id, organization_id, app, expires_at)
                VALUES ($1, $2, $3, $4) RETURNING *
                """,
                user.id,
                organization.id if organization else None,
                app,
                CLOCK.now() + lifetime,
            )
        assert record is not None
        return _row(SessionRow, record)
