"""The product framework on a small app of test routes: authorization levels, the RLS
context each level gets, and definition-time checks."""

from dataclasses import dataclass

import pytest

from database.testing import harness
from database.xact import xact_admin
from foundation.base.errors import ImpossibleError
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
    row = await harness(req.q).test_rls_context()
    organization = req.organization
    return Context(
        role=row.role,
        user_id=row.user_id,
        organization_id=row.organization_id,
        req_user=req.user.id if req.user else None,
        req_organization=organization.id if organization else None,
        req_role=req.role,
    )


@product_route("test_public", authorization="public", transaction="admin")
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
    return await harness(req.q).test_organization_names(id=req.data.organization_id)


@product_route("test_user_as_admin", authorization="user", transaction="admin")
async def handle_user_as_admin(req: UserReq[None]) -> Context:
    return await _context(req)


@product_route("test_no_database", authorization="user", transaction="none")
async def handle_no_database(req: UserReq[None]) -> str:
    with pytest.raises(ImpossibleError, match="without a transaction"):
        _ = req.q
    with pytest.raises(ImpossibleError, match='transaction="none"'):
        async with req.transaction():
            pass
    return req.user.id


@product_route("test_unheld", authorization="user", hold=False)
async def handle_unheld(req: UserReq[None]) -> str | None:
    with pytest.raises(Exception, match="without a transaction"):
        _ = req.q
    async with req.transaction() as q:
        return (await harness(q).test_rls_context()).user_id


register_app(
    lambda: create_app(
        "product",
        [
            PRODUCT.router(
                handle_public,
                handle_user,
                handle_organization,
                handle_peek,
                handle_unheld,
                handle_user_as_admin,
                handle_no_database,
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
        await harness(q).test_membership_remove(id=c.membership.id)
    res = await t.rpc.call(handle_organization, as_=session)
    assert res.error == "NoOrganizationSelectedError"


async def test_rls_fences_a_handler_that_skips_its_checks(t: TFix) -> None:
    me, them = await t.factory.customer(), await t.factory.customer()
    mine = await t.rpc.call(handle_peek, PeekIn(organization_id=me.organization.id), as_=me)
    assert mine.output == [me.organization.name]
    theirs = await t.rpc.call(handle_peek, PeekIn(organization_id=them.organization.id), as_=me)
    assert theirs.output == []


async def test_a_route_declaring_admin_runs_as_admin_and_none_has_no_database(t: TFix) -> None:
    c = await t.factory.customer()
    declared = (await t.rpc.call(handle_user_as_admin, as_=c)).output
    assert declared.role != "customer" and declared.user_id is None
    assert (await t.rpc.call(handle_no_database, as_=c)).output == c.user.id


def test_the_transaction_kind_is_declared_and_never_opened_by_a_handler() -> None:
    """Public routes declare their kind; a customer transaction needs a session; a handler
    that opens a transaction itself (an undeclared RLS bypass) fails at import."""
    with pytest.raises(RouteDefinitionError, match="declares its transaction"):
        product_route("test_undeclared", authorization="public")
    with pytest.raises(RouteDefinitionError, match="needs a signed-in level"):
        product_route("test_customer_public", authorization="public", transaction="customer")
    with pytest.raises(RouteDefinitionError, match="opens none itself"):

        @product_route("test_sneaky", authorization="organization")
        async def sneaky(req: OrgReq[None]) -> None:
            async with xact_admin() as q:
                await harness(q).test_rls_context()

    with pytest.raises(RouteDefinitionError, match="opens none itself"):

        @product_route("test_sneaky_lambda", authorization="user", transaction="admin")
        async def sneaky_lambda(req: UserReq[None]) -> None:
            opener = lambda: xact_admin()  # noqa: E731
            async with opener():
                pass


async def test_transaction_false_routes_hold_no_transaction(t: TFix) -> None:
    c = await t.factory.customer()
    assert (await t.rpc.call(handle_unheld, as_=c)).output == c.user.id


def test_the_request_type_must_match_the_authorization() -> None:
    with pytest.raises(RouteDefinitionError, match="takes req: OrgReq"):

        @product_route("test_mismatch", authorization="organization")
        async def mismatch(req: UserReq[None]) -> None: ...

    with pytest.raises(RouteDefinitionError, match="authorization must be"):
        product_route("test_bad", authorization="everyone")  # type: ignore[arg-type]
