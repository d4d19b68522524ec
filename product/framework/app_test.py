"""The product framework on a small app of test routes: authorization levels, the RLS
context each level gets, and definition-time checks."""

from dataclasses import dataclass

import pytest

from database.xact import xact_admin
from foundation.rpc.errors import RouteDefinitionError, UnauthorizedError
from foundation.testing.fixture import TFix
from foundation.testing.rpc import register_app
from foundation.webserver.app import create_app
from product.framework import PRODUCT, NoOrganizationSelectedError, OrgReq, PublicReq, UserReq
from product.framework import route as product_route


@dataclass
class Context:
    role: str
    user_id: str | None
    organization_id: str | None
    req_user: str | None
    req_organization: str | None
    req_role: str | None


async def _context(req: PublicReq[None] | UserReq[None] | OrgReq[None]) -> Context:
    row = await req.q.orm.test_rls_context()
    organization = req.organization
    return Context(
        role=row.role,
        user_id=row.user_id,
        organization_id=row.organization_id,
        req_user=req.user.id if req.user else None,
        req_organization=organization.id if organization else None,
        req_role=req.role,
    )


@product_route("test_public", authorization="public")
async def handle_public(req: PublicReq[None]) -> Context:
    return await _context(req)


@product_route("test_user", authorization="user")
async def handle_user(req: UserReq[None]) -> Context:
    return await _context(req)


@product_route("test_organization", authorization="organization")
async def handle_organization(req: OrgReq[None]) -> Context:
    return await _context(req)


@dataclass
class PeekIn:
    organization_id: str


@product_route("test_peek", authorization="organization")
async def handle_peek(req: OrgReq[PeekIn]) -> list[str]:
    """A handler that forgets its checks: RLS still fences it in."""
    return await req.q.orm.test_organization_names(id=req.data.organization_id)


@product_route("test_unheld", authorization="user", transaction=False)
async def handle_unheld(req: UserReq[None]) -> str | None:
    with pytest.raises(Exception, match="without a transaction"):
        _ = req.q
    async with req.transaction() as q:
        return (await q.orm.test_rls_context()).user_id


register_app(
    lambda: create_app(
        "product",
        [
            PRODUCT.router(
                handle_public, handle_user, handle_organization, handle_peek, handle_unheld
            )
        ],
        session_cookie=PRODUCT.cookie,
    ),
    PRODUCT,
)


async def test_public_routes_run_as_admin_and_know_the_caller(t: TFix) -> None:
    anonymous = (await t.rpc.call(handle_public)).output
    assert anonymous.role != "customer" and anonymous.req_user is None
    c = await t.factory.customer()
    known = (await t.rpc.call(handle_public, as_=c)).output
    assert known.role != "customer"
    assert (known.req_user, known.req_role) == (c.user.id, "owner")


async def test_user_and_organization_routes_run_as_the_customer(t: TFix) -> None:
    c = await t.factory.customer(role="admin")
    for handler in (handle_user, handle_organization):
        res = await t.rpc.call(handler, as_=c)
        assert res.output == Context(
            role="customer",
            user_id=c.user.id,
            organization_id=c.organization.id,
            req_user=c.user.id,
            req_organization=c.organization.id,
            req_role="admin",
        )


async def test_organization_routes_need_a_selected_organization(t: TFix) -> None:
    user = await t.factory.user()
    res = await t.rpc.call(handle_user, as_=user)
    assert res.status == 200 and res.output.organization_id is None
    res = await t.rpc.call(handle_organization, as_=user)
    assert res.expect_error(NoOrganizationSelectedError) == NoOrganizationSelectedError()
    assert res.status == 400
    assert (await t.rpc.call(handle_organization)).expect_error(UnauthorizedError)


async def test_a_removed_membership_loses_the_organization_at_once(t: TFix) -> None:
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    async with xact_admin() as q:
        await q.orm.test_membership_remove(id=c.membership.id)
    res = await t.rpc.call(handle_organization, as_=session)
    assert res.error == "NoOrganizationSelectedError"


async def test_rls_fences_a_handler_that_skips_its_checks(t: TFix) -> None:
    me, them = await t.factory.customer(), await t.factory.customer()
    mine = await t.rpc.call(handle_peek, PeekIn(organization_id=me.organization.id), as_=me)
    assert mine.output == [me.organization.name]
    theirs = await t.rpc.call(handle_peek, PeekIn(organization_id=them.organization.id), as_=me)
    assert theirs.output == []


async def test_transaction_false_routes_hold_no_transaction(t: TFix) -> None:
    c = await t.factory.customer()
    assert (await t.rpc.call(handle_unheld, as_=c)).output == c.user.id


def test_the_request_type_must_match_the_authorization() -> None:
    with pytest.raises(RouteDefinitionError, match="takes req: OrgReq"):

        @product_route("test_mismatch", authorization="organization")
        async def mismatch(req: UserReq[None]) -> None: ...

    with pytest.raises(RouteDefinitionError, match="authorization must be"):
        product_route("test_bad", authorization="everyone")  # type: ignore[arg-type]
