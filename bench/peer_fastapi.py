"""A peer for `product_http.py`: the authenticated members list and `init` as most teams
would write them, FastAPI + SQLAlchemy async (asyncpg driver, its pool, Core tables, a pydantic
response model), under the same hypercorn settings as the others. Same cookie, same
session lookup, RLS context (`set_config(..., true)` inside the request's transaction) and
permission check and the same JSON shapes as product's `organization_members_list` and
`init`. SQLAlchemy sends BEGIN on its own, and the permission check is a statement of its
own, so the members list costs 6 round trips against the others' 4.

    python bench/peer_fastapi.py PORT
"""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvloop
from fastapi import Cookie, FastAPI, HTTPException
from hypercorn.asyncio import serve
from pydantic import BaseModel
from sqlalchemy import Column, DateTime, MetaData, String, Table, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bench import init_shape
from database.pool import server_settings
from foundation.__codegen__.queries import AUTH_SESSION_LOOKUP, MFA_ENABLED
from foundation.auth.cookies import unsign_session
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.webserver.serve import hypercorn_config
from product.__codegen__.queries import USER_INIT

metadata = MetaData()
users = Table(
    "users", metadata, Column("id", String), Column("name", String), Column("email", String)
)
organizations = Table("organizations", metadata, Column("id", String), Column("name", String))
organizations_users = Table(
    "organizations_users",
    metadata,
    Column("id", String),
    Column("user_id", String),
    Column("organization_id", String),
    Column("role", String),
    Column("created_at", DateTime(timezone=True)),
    Column("removed_at", DateTime(timezone=True)),
    Column("custom_role_id", String),
)
MEMBERS = (
    select(
        organizations_users.c.id,
        organizations_users.c.user_id,
        users.c.name,
        users.c.email,
        organizations_users.c.role,
        organizations_users.c.created_at.label("joined_at"),
        organizations_users.c.custom_role_id,
    )
    .join(users, users.c.id == organizations_users.c.user_id)
    .where(organizations_users.c.removed_at.is_(None))
    .order_by(organizations_users.c.id)
)
USER_INIT_SQL = text(re.sub(r"\$(\d)", r"(:p\1)", USER_INIT))
MFA_ENABLED_SQL = text(re.sub(r"\$(\d)", r"(:p\1)", MFA_ENABLED))
SESSION_LOOKUP = text(re.sub(r"\$(\d)", r"(:p\1)", AUTH_SESSION_LOOKUP))
RLS_CONTEXT = text(
    "SELECT set_config('role', 'customer', true), set_config('app.current_user_id', :user, true),"
    " set_config('app.current_organization_id', :organization, true)"
)
MEMBERS_READ = text(
    "SELECT membership_permission_require(:user, :organization, 'members:read',"
    " CAST(:roles AS text[]), false)"
)


class MemberOut(BaseModel):
    user_id: str
    name: str
    email: str
    role: str
    joined_at: datetime.datetime
    custom_role_id: str | None


class MembersPage(BaseModel):
    items: list[MemberOut]
    next_cursor: str | None


class OrganizationOut(BaseModel):
    id: str
    name: str
    role: str
    permissions: list[str]
    custom_role: str | None
    mfa_enrolment_required: bool


class SuggestedOut(BaseModel):
    id: str
    name: str
    domain: str


class UserOut(BaseModel):
    id: str
    name: str
    email: str
    email_verified: bool


class ImpersonatorOut(BaseModel):
    id: str
    name: str


class InitOut(BaseModel):
    user: UserOut | None
    organization: OrganizationOut | None
    available_organizations: list[OrganizationOut]
    impersonator: ImpersonatorOut | None = None
    suggested_organizations: list[SuggestedOut] = []


_engine: dict[str, AsyncEngine] = {}


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    url = re.sub(r"^postgres(ql)?://", "postgresql+asyncpg://", ENV.database_url)
    _engine["engine"] = create_async_engine(
        url,
        pool_size=ENV.database_pool_max_size,
        max_overflow=0,
        connect_args={"server_settings": server_settings()},
    )
    yield
    await _engine["engine"].dispose()


app = FastAPI(lifespan=lifespan)


@app.get("/ping")
async def ping() -> dict[str, bool]:
    return {"ok": True}


@app.get("/rpc/organization_members_list", response_model=MembersPage)
async def organization_members_list(
    blossom_session: str | None = Cookie(default=None),
    cursor: str | None = None,
    limit: str | None = None,
) -> MembersPage:
    page = init_shape.members_page(cursor, limit)
    session_id = unsign_session("product", blossom_session)
    if session_id is None:
        raise HTTPException(status_code=401, detail="NotSignedInError")
    async with _engine["engine"].begin() as conn:
        params = {"p1": session_id, "p2": "product", "p3": CLOCK.now()}
        session = (await conn.execute(SESSION_LOOKUP, params)).mappings().first()
        if session is None or session["role"] is None:
            raise HTTPException(status_code=401, detail="NotSignedInError")
        organization_id = session["organization_id"]
        context = {"user": session["user_id"], "organization": organization_id}
        await conn.execute(RLS_CONTEXT, context)
        await conn.execute(
            MEMBERS_READ, {**context, "roles": list(init_shape.MEMBERS_READ.roles_holding)}
        )
        rows = await conn.execute(
            MEMBERS.where(
                organizations_users.c.organization_id == organization_id,
                organizations_users.c.id > page.after,
            ).limit(page.fetch)
        )
        return MembersPage.model_validate(init_shape.members_answer(page, list(rows.mappings())))


@app.get("/rpc/init", response_model=InitOut)
async def init(blossom_session: str | None = Cookie(default=None)) -> InitOut:
    signed_out = InitOut(user=None, organization=None, available_organizations=[])
    session_id = unsign_session("product", blossom_session)
    if session_id is None:
        return signed_out
    async with _engine["engine"].begin() as conn:
        params = {"p1": session_id, "p2": "product", "p3": CLOCK.now()}
        session = (await conn.execute(SESSION_LOOKUP, params)).mappings().first()
        if session is None:
            return signed_out
        rows = (await conn.execute(USER_INIT_SQL, {"p1": session["user_id"]})).mappings().all()
        second_factor = not any(r["require_mfa"] for r in rows) or bool(
            (await conn.execute(MFA_ENABLED_SQL, {"p1": session["user_id"]})).scalar()
        )
    available = [
        OrganizationOut.model_validate(
            init_shape.organization(
                r["id"],
                r["name"],
                r["role"],
                custom_role=r["custom_role"],
                custom_permissions=r["custom_permissions"],
                require_mfa=r["require_mfa"],
                second_factor=second_factor,
            )
        )
        for r in rows
        if r["id"] is not None
    ]
    return InitOut(
        user=UserOut(
            id=session["user_id"],
            name=session["user_name"],
            email=session["user_email"],
            email_verified=session["user_email_verified"],
        ),
        organization=next((o for o in available if o.id == session["organization_id"]), None),
        available_organizations=available,
        suggested_organizations=[
            SuggestedOut.model_validate(o)
            for o in init_shape.suggested(rows[0]["suggested"] if rows else None)
        ],
    )


if __name__ == "__main__":
    config = hypercorn_config(host="127.0.0.1", port=int(sys.argv[1]))
    uvloop.run(serve(app, config, mode="asgi"))  # pyright: ignore[reportArgumentType]
