"""The product framework on a small app of test routes: authorization levels, the RLS
context each level gets, and definition-time checks."""

from dataclasses import dataclass

import pytest
from quart import Quart

from foundation.rpc.errors import RouteDefinitionError
from foundation.rpc.router import Router
from foundation.testing.fixture import TFix
from foundation.testing.rpc_client import RPCClient
from foundation.webserver.app import create_app
from product.framework import OrgReq, PublicReq, UserReq, route
from product.framework.around import around
from product.framework.route import NoOrganizationSelectedError


@dataclass
class Context:
    role: str
    user_id: str | None
    organization_id: str | None
    req_user: str | None
    req_organization: str | None
    req_role: str | None


async def _context(req: PublicReq[None] | UserReq[None] | OrgReq[None]) -> Context:
    row = await req.q.conn.fetchrow(
        "SELECT current_user AS role, current_user_id() AS u, current_organization_id() AS o"
    )
    assert row is not None
    organization = req.organization
    return Context(
        role=row["role"],
        user_id=row["u"],
        organization_id=row["o"],
        req_user=req.user.id if req.user else None,
        req_organization=organization.id if organization else None,
        req_role=req.role,
    )


@route("test_public", authorization="public")
async def handle_public(req: PublicReq[None]) -> Context:
    return await _context(req)


@route("test_user", authorization="user")
async def handle_user(req: UserReq[None]) -> Context:
    return await _context(req)


@route("test_organization", authorization="organization")
async def handle_organization(req: OrgReq[None]) -> Context:
    return await _context(req)


@dataclass
class PeekIn:
    organization_id: str


@route("test_peek", authorization="organization")
async def handle_peek(req: OrgReq[PeekIn]) -> list[str]:
    """A handler that forgets its checks: RLS still fences it in."""
    rows = await req.q.conn.fetch(
        "SELECT name FROM organizations WHERE id = $1", req.data.organization_id
    )
    return [r["name"] for r in rows]


@route("test_unheld", authorization="user", transaction=False)
async def handle_unheld(req: UserReq[None]) -> str | None:
    with pytest.raises(Exception, match="without a transaction"):
        _ = req.q
    async with req.transaction() as q:
        return await q.conn.fetchval("SELECT current_user_id()")


@pytest.fixture(scope="module")
def client() -> RPCClient:
    router = Router("product", around=around, errors=(NoOrganizationSelectedError,))
    router.include(handle_public, handle_user, handle_organization, handle_peek, handle_unheld)
    app: Quart = create_app("product", [router])
    return RPCClient(app)


async def _call(t: TFix, client: RPCClient, name: str, as_: object = None, data: object = None):
    cookies = {"blossom_session": await t.rpc.cookie("product", as_)} if as_ is not None else None  # type: ignore[arg-type]
    return await client.call(name, data, cookies=cookies)


async def test_public_routes_run_as_admin_and_know_the_caller(t: TFix, client: RPCClient) -> None:
    anonymous = await _call(t, client, "test_public")
    assert anonymous.data["role"] != "customer" and anonymous.data["req_user"] is None
    c = await t.factory.customer()
    known = await _call(t, client, "test_public", c)
    assert known.data["role"] != "customer"
    assert (known.data["req_user"], known.data["req_role"]) == (c.user.id, "owner")


async def test_user_and_organization_routes_run_as_the_customer(t: TFix, client: RPCClient) -> None:
    c = await t.factory.customer(role="admin")
    for name in ("test_user", "test_organization"):
        res = await _call(t, client, name, c)
        assert res.data == {
            "role": "customer",
            "user_id": c.user.id,
            "organization_id": c.organization.id,
            "req_user": c.user.id,
            "req_organization": c.organization.id,
            "req_role": "admin",
        }


async def test_organization_routes_need_a_selected_organization(t: TFix, client: RPCClient) -> None:
    user = await t.factory.user()
    res = await _call(t, client, "test_user", user)
    assert res.status == 200 and res.data["organization_id"] is None
    res = await _call(t, client, "test_organization", user)
    assert (res.status, res.error) == (400, "NoOrganizationSelectedError")
    assert (await _call(t, client, "test_organization")).status == 401


async def test_a_removed_membership_loses_the_organization_at_once(
    t: TFix, client: RPCClient
) -> None:
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    from database.xact import xact

    async with xact() as q:
        await q.conn.execute(
            "UPDATE organizations_users SET removed_at = now() WHERE id = $1", c.membership.id
        )
    res = await _call(t, client, "test_organization", session)
    assert res.error == "NoOrganizationSelectedError"


async def test_rls_fences_a_handler_that_skips_its_checks(t: TFix, client: RPCClient) -> None:
    me, them = await t.factory.customer(), await t.factory.customer()
    mine = await _call(t, client, "test_peek", me, {"organization_id": me.organization.id})
    assert mine.data == [me.organization.name]
    theirs = await _call(t, client, "test_peek", me, {"organization_id": them.organization.id})
    assert theirs.data == []


async def test_transaction_false_routes_hold_no_transaction(t: TFix, client: RPCClient) -> None:
    c = await t.factory.customer()
    assert (await _call(t, client, "test_unheld", c)).data == c.user.id


def test_the_request_type_must_match_the_authorization() -> None:
    with pytest.raises(RouteDefinitionError, match="takes req: OrgReq"):

        @route("test_mismatch", authorization="organization")
        async def mismatch(req: UserReq[None]) -> None: ...

    with pytest.raises(RouteDefinitionError, match="authorization must be"):
        route("test_bad", authorization="everyone")  # type: ignore[arg-type]
