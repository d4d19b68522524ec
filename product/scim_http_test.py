"""The `scim2-tester` compliance checker (RFC 7643/7644) against `/scim/v2/` served by
hypercorn: every check that applies passes."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from scim2_tester import CheckResult, Status, check_server

from database.testing import harness
from database.testing.factory import Customer
from database.testing.waiting import once_waiting_for_a_lock
from database.xact import xact_admin
from foundation.base.clock import CLOCK
from foundation.base.logs import get_logger
from foundation.tenancy import memberships
from foundation.testing.fixture import TFix
from foundation.testing.server import serve_in_background
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES
from product.app import create_product_app
from product.db import xact_admin as product_admin
from product.organizations.roles import InsufficientRoleError
from product.organizations.routes import (
    MemberRoleIn,
    RoleIn,
    organization_member_update_role,
    organization_members_list,
    role_create,
)
from product.scim.testing import HttpxSCIMClient, scim_token
from product.scim.tokens import (
    ScimTokenCreateIn,
    ScimTokenRevokeIn,
    scim_token_create,
    scim_token_revoke,
    scim_tokens_list,
)

pytestmark = STARTS_PROCESSES

PASSING = (Status.SUCCESS, Status.SKIPPED)
"""Skipped: POST /.search across every resource type, which the service answers 501."""


def _check(base_url: str, token: str) -> list[CheckResult]:
    with httpx.Client(
        base_url=f"{base_url}/scim/v2",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ) as http:
        client = HttpxSCIMClient(http)
        client.discover()
        return check_server(client)


async def test_scim2_tester_passes_every_check(t: TFix) -> None:
    owner = await t.factory.customer()
    token = await scim_token(t, owner)
    async with serve_in_background(create_product_app()) as base_url:
        results = await asyncio.to_thread(_check, base_url, token)
    summary = Counter(r.status.name for r in results)
    lines = [f"{r.status.name} {r.title} [{r.resource_type}]: {r.reason}" for r in results]
    get_logger().info("scim2-tester results", checks=len(results), summary=dict(summary))
    for line in lines:
        get_logger().info(line)
    failed = [line for line, r in zip(lines, results, strict=True) if r.status not in PASSING]
    assert failed == [], f"scim2-tester {dict(summary)}: " + "\n".join(failed)
    assert summary["SUCCESS"] >= 60, dict(summary)


# -- tokens, isolation, deprovisioning, malformed input over real HTTP ------------------


@pytest.fixture
async def server() -> AsyncIterator[str]:
    async with serve_in_background(create_product_app()) as base_url:
        yield base_url


def _scim(base_url: str, token: str | None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return httpx.AsyncClient(base_url=f"{base_url}/scim/v2", headers=headers, timeout=30)


def _new_user(name: str = "") -> dict[str, Any]:
    address = f"scim-{uuid.uuid4().hex[:10]}{name}@example.test"
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": address,
        "displayName": "Provisioned Person",
        "active": True,
        "emails": [{"value": address, "primary": True}],
    }


def _is_scim_error(res: httpx.Response, status: int) -> None:
    assert res.status_code == status, res.text
    body = res.json()
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"], body
    assert body["status"] == str(status)


async def test_wrong_revoked_and_missing_tokens_get_401(t: TFix, server: str) -> None:
    owner = await t.factory.customer()
    token = await scim_token(t, owner)
    key_id = token.split("_")[1] + "_" + token.split("_")[2]
    wrong_secret = f"bst_{key_id}_{'0' * 48}"
    for presented in (None, "garbage", wrong_secret, token + "x", token.upper()):
        async with _scim(server, presented) as scim:
            _is_scim_error(await scim.get("/Users"), 401)
    async with _scim(server, token) as scim:
        assert (await scim.get("/Users")).status_code == 200
    listed = (await t.rpc.call(scim_tokens_list, as_=owner)).output.items
    assert [(s.name, s.last_used_at is not None) for s in listed] == [("okta", True)]
    res = await t.rpc.call(scim_token_revoke, ScimTokenRevokeIn(id=listed[0].id), as_=owner)
    assert res.output == "revoked"
    async with _scim(server, token) as scim:
        _is_scim_error(await scim.get("/Users"), 401)


async def test_a_token_stops_when_its_creator_loses_scim_manage(t: TFix, server: str) -> None:
    owner = await t.factory.customer()
    other_owner = await t.factory.user()
    async with xact_admin() as q:
        await harness(q).test_membership_create(
            user_id=other_owner.id, organization_id=owner.organization.id, role="owner"
        )
    token = await scim_token(t, owner)
    async with product_admin() as q:
        await q.orm.member_role_update(
            role="admin",
            did="demoted in a test",
            by_user_id=other_owner.id,
            now=CLOCK.now(),
            client=None,
            organization_id=owner.organization.id,
            user_id=owner.user.id,
        )
    async with _scim(server, token) as scim:
        _is_scim_error(await scim.get("/Users"), 401)


async def test_admins_and_members_cannot_make_tokens(t: TFix) -> None:
    for role in ("admin", "member"):
        c = await t.factory.customer(role=role)
        res = await t.rpc.call(scim_token_create, ScimTokenCreateIn(name="okta"), as_=c)
        res.expect_error(InsufficientRoleError)


async def test_a_token_never_reaches_another_organization(t: TFix, server: str) -> None:
    a, b = await t.factory.customer(), await t.factory.customer()
    token_a, token_b = await scim_token(t, a), await scim_token(t, b)
    async with _scim(server, token_a) as scim_a, _scim(server, token_b) as scim_b:
        created = await scim_b.post("/Users", json=_new_user())
        assert created.status_code == 201, created.text
        b_user = created.json()["id"]
        listed = (await scim_a.get("/Users")).json()
        ids = {r["id"] for r in listed["Resources"]}
        assert ids == {a.user.id}
        assert b.user.id not in ids and b_user not in ids
        for path in (f"/Users/{b_user}", f"/Users/{b.user.id}"):
            _is_scim_error(await scim_a.get(path), 404)
            _is_scim_error(await scim_a.put(path, json=_new_user()), 404)
            _is_scim_error(await scim_a.delete(path), 404)
        found = await scim_a.get("/Users", params={"filter": f'userName eq "{b.user.email}"'})
        assert found.json()["totalResults"] == 0
        # The other organization's member stays theirs.
        assert (await scim_b.get(f"/Users/{b_user}")).json()["active"] is True


async def test_deprovisioning_ends_the_users_sessions_in_that_organization(
    t: TFix, server: str
) -> None:
    owner = await t.factory.customer()
    elsewhere = await t.factory.customer()
    token = await scim_token(t, owner)
    async with _scim(server, token) as scim:
        res = await scim.post("/Users", json=_new_user())
        assert res.status_code == 201, res.text
        user_id = res.json()["id"]
        async with xact_admin() as q:
            user = await harness(q).test_user_fetch(id=user_id)
            await harness(q).test_membership_create(
                user_id=user_id, organization_id=elsewhere.organization.id, role="member"
            )
        here = await t.factory.session(user=user, organization=owner.organization)
        there = await t.factory.session(user=user, organization=elsewhere.organization)
        patch = {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "active", "value": False}],
        }
        res = await scim.patch(f"/Users/{user_id}", json=patch)
        assert res.status_code == 200, res.text
        assert res.json()["active"] is False
    async with xact_admin() as q:
        assert (await harness(q).test_session_fetch(id=here.id)).expired_at is not None
        assert (await harness(q).test_session_fetch(id=there.id)).expired_at is None
        membership = await harness(q).test_membership_fetch(
            user_id=user_id, organization_id=owner.organization.id
        )
        assert membership.removed_at is not None


async def test_delete_removes_the_member_and_ends_sessions(t: TFix, server: str) -> None:
    owner = await t.factory.customer()
    token = await scim_token(t, owner)
    async with _scim(server, token) as scim:
        user_id = (await scim.post("/Users", json=_new_user())).json()["id"]
        async with xact_admin() as q:
            user = await harness(q).test_user_fetch(id=user_id)
        session = await t.factory.session(user=user, organization=owner.organization)
        assert (await scim.delete(f"/Users/{user_id}")).status_code == 204
        _is_scim_error(await scim.get(f"/Users/{user_id}"), 404)
        members = (await t.rpc.call(organization_members_list, as_=owner)).output.items
        assert user_id not in {m.user_id for m in members}
    async with xact_admin() as q:
        assert (await harness(q).test_session_fetch(id=session.id)).expired_at is not None


async def test_groups_are_roles_and_the_last_owner_stays(t: TFix, server: str) -> None:
    owner = await t.factory.customer()
    token = await scim_token(t, owner)
    async with _scim(server, token) as scim:
        user_id = (await scim.post("/Users", json=_new_user())).json()["id"]
        names = {g["id"]: g["displayName"] for g in (await scim.get("/Groups")).json()["Resources"]}
        assert names == {"owner": "owner", "admin": "admin", "member": "member"}
        add = {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "add", "path": "members", "value": [{"value": user_id}]}],
        }
        assert (await scim.patch("/Groups/admin", json=add)).status_code == 200
        members = (await t.rpc.call(organization_members_list, as_=owner)).output.items
        assert {m.user_id: m.role for m in members}[user_id] == "admin"
        # The token's owner cannot deprovision the organization's only owner.
        _is_scim_error(await scim.delete(f"/Users/{owner.user.id}"), 400)
        _is_scim_error(await scim.delete("/Groups/owner"), 400)


MALFORMED: list[tuple[str, str, Any]] = [
    ("POST", "/Users", b"not json"),
    ("POST", "/Users", b"[1, 2]"),
    ("POST", "/Users", b'{"userName": "a\\u0000b", "emails": [{"value": "a@b.test"}]}'),
    ("POST", "/Users", b'{"userName": "\\ud800", "emails": [{"value": "a@b.test"}]}'),
    ("POST", "/Users", b"[" * 5000 + b"]" * 5000),
    ("POST", "/Users", b'{"userName": 5}'),
    ("POST", "/Users", b'{"userName": "x", "emails": [{"value": "not an address"}]}'),
    ("POST", "/Users", b'{"userName": "x", "emails": "nope"}'),
    ("POST", "/Users", b'{"userName": "' + b"x" * 5000 + b'", "emails": [{"value": "a@b.test"}]}'),
    ("POST", "/Users", b'{"userName": "x", "emails": [{"value": "a@b.test"}], "active": {"a": 1}}'),
    ("POST", "/Groups", b'{"displayName": ""}'),
    ("POST", "/Groups", b'{"displayName": "x", "members": [{"value": "usr_nope"}]}'),
    ("POST", "/Groups", b'{"displayName": "owner"}'),
    ("PATCH", "/Users/usr_11111111111", b'{"Operations": []}'),
    ("PATCH", "/Groups/member", b'{"Operations": [{"op": "explode"}]}'),
    (
        "PATCH",
        "/Groups/member",
        b'{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],'
        b' "Operations": [{"op": "replace", "path": "displayName", "value": "renamed"}]}',
    ),
    (
        "PATCH",
        "/Groups/member",
        b'{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],'
        b' "Operations": [{"op": "add", "path": "members[value eq \\"x\\"", "value": 1}]}',
    ),
    (
        "PUT",
        "/Groups/admin",
        b'{"displayName": "admin", "members": [{"value": "usr_11111111111"}]}',
    ),
    ("GET", "/Users?filter=name.givenName%20sw%20%22a%22", None),
    ("GET", '/Users?filter=userName eq "unterminated', None),
    ("GET", "/Users?startIndex=abc", None),
    ("GET", "/Users?attributes=%00", None),
    ("GET", "/Users?attributes=no.such.thing", None),
    ("GET", "/Users/%2e%2e", None),
    ("GET", "/Users/usr_11111111111/extra", None),
    ("GET", "/Users/%00", None),
    ("GET", "/Groups/rol_11111111111", None),
    ("DELETE", "/Groups/member", None),
    ("PUT", "/ServiceProviderConfig", b"{}"),
    ("POST", "/.search", b"{}"),
    ("GET", "/Schemas/urn:nope", None),
    ("GET", "/ResourceTypes/Nope", None),
]


LENIENT = [
    "/Users?count=-5&startIndex=-9",
    "/Users?count=99999999999999999999999",
    "/Groups?startIndex=99999999999999999999999",
]
"""Out-of-range paging RFC 7644 §3.4.2.4 reads as the nearest valid value."""


async def test_malformed_requests_get_scim_errors_never_a_500(t: TFix, server: str) -> None:
    owner = await t.factory.customer()
    token = await scim_token(t, owner)
    async with _scim(server, token) as scim:
        for method, path, body in MALFORMED:
            res = await scim.request(
                method, path, content=body, headers={"Content-Type": "application/scim+json"}
            )
            assert 400 <= res.status_code < 500 or res.status_code == 501, (method, path, res.text)
            assert res.json().get("schemas") == ["urn:ietf:params:scim:api:messages:2.0:Error"], (
                method,
                path,
                res.text,
            )
        for path in LENIENT:
            res = await scim.get(path)
            assert res.status_code == 200, (path, res.text)
        # Valid requests still work afterwards; count=0 answers the total only.
        res = await scim.get("/Users", params={"count": "0"})
        assert res.json()["totalResults"] == 1, res.text
        assert res.json().get("Resources", []) == []


async def test_each_token_has_its_own_rate_limit(
    t: TFix, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, rate_limits="scim_token=1000/2/60")
    owner = await t.factory.customer()
    token, other = await scim_token(t, owner), await scim_token(t, owner, "entra")
    async with _scim(server, token) as scim, _scim(server, other) as scim_other:
        for _ in range(2):
            assert (await scim.get("/Users")).status_code == 200
        res = await scim.get("/Users")
        _is_scim_error(res, 429)
        assert int(res.headers["Retry-After"]) > 0
        assert (await scim_other.get("/Users")).status_code == 200


async def test_addresses_outside_verified_domains_are_not_claimed(t: TFix, server: str) -> None:
    owner = await t.factory.customer()
    someone = await t.factory.user()
    token = await scim_token(t, owner)
    async with _scim(server, token) as scim:
        # Another organization's IdP cannot pull in an existing account it does not own.
        res = await scim.post(
            "/Users",
            json={"userName": "someone", "emails": [{"value": someone.email}]},
        )
        _is_scim_error(res, 409)
        assert res.json()["scimType"] == "uniqueness"
        # A new account at an unverified domain: its address is not taken as proven.
        res = await scim.post("/Users", json=_new_user())
        assert res.status_code == 201, res.text
    async with xact_admin() as q:
        created = await harness(q).test_user_fetch(id=res.json()["id"])
        assert created.email_verified_at is None and created.password_hash is None
        assert (await harness(q).test_user_fetch(id=someone.id)).id == someone.id
    members = (await t.rpc.call(organization_members_list, as_=owner)).output.items
    assert someone.id not in {m.user_id for m in members}


async def test_two_users_created_at_once_with_one_user_name_leave_no_account_behind(
    t: TFix, server: str
) -> None:
    """Two creations race for one userName: the loser's account does not outlive its
    refusal (it is created in the transaction that adds the membership), so the provider
    can retry it under another name. The interleaving is forced by the member lock: both
    requests queue behind it, then run one after the other."""
    owner = await t.factory.customer()
    token = await scim_token(t, owner)
    first, second = _new_user("a"), _new_user("b")
    second["userName"] = first["userName"]
    async with _scim(server, token) as scim:
        async with product_admin() as q:
            await memberships.lock_members(q, owner.organization.id)
            one = await once_waiting_for_a_lock(scim.post("/Users", json=first))
            other = await once_waiting_for_a_lock(scim.post("/Users", json=second), waiters=2)
        answers = {(await one).status_code, (await other).status_code}
        assert answers == {201, 409}
        refused, accepted = (first, second) if (await one).status_code == 409 else (second, first)
        async with xact_admin() as q:
            for body, accounts in ((accepted, 1), (refused, 0)):
                address = body["emails"][0]["value"]
                assert await harness(q).test_users_with_email_count(email=address) == accounts
        retried = await scim.post("/Users", json={**refused, "userName": "another name"})
        assert retried.status_code == 201, retried.text


async def test_only_an_owners_token_touches_owners(t: TFix, server: str) -> None:
    owner = await t.factory.customer()
    manager = await t.factory.user()
    async with xact_admin() as q:
        membership = await harness(q).test_membership_create(
            user_id=manager.id, organization_id=owner.organization.id, role="member"
        )
    role = await t.rpc.call(role_create, RoleIn(name="it", permissions=["scim:manage"]), as_=owner)
    await t.rpc.call(
        organization_member_update_role,
        MemberRoleIn(user_id=manager.id, role="member", custom_role_id=role.output.id),
        as_=owner,
    )
    as_manager = Customer(user=manager, organization=owner.organization, membership=membership)
    token = await scim_token(t, as_manager)
    async with _scim(server, token) as scim:
        add = {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "add", "path": "members", "value": [{"value": manager.id}]}],
        }
        _is_scim_error(await scim.patch("/Groups/owner", json=add), 400)
        _is_scim_error(await scim.delete(f"/Users/{owner.user.id}"), 400)
    members = (await t.rpc.call(organization_members_list, as_=owner)).output.items
    assert {m.user_id: m.role for m in members} == {owner.user.id: "owner", manager.id: "member"}
