"""Product's list RPCs are keyset-paginated (`foundation.rpc.pages`): `{cursor?, limit?}`
in, `{items, next_cursor}` out. Walking the pages returns every row once, a row added or
removed between two pages disturbs no other row, a cursor is checked (a bad one, or one
of another list, is `InvalidCursorError`) and `limit` is capped. Every list answer of the
router is a page, or named here with why it cannot grow."""

from __future__ import annotations

import dataclasses
import secrets
import typing
from typing import Any

from database.__codegen__.models import UserModel
from database.testing import harness
from database.xact import xact_admin
from foundation.rpc.pages import MAX_LIMIT, InvalidCursorError, PageIn, encode_cursor
from foundation.rpc.route import Route
from foundation.testing.examples import example_input
from foundation.testing.fixture import TFix
from product.app import product_router
from product.auth.routes import sessions_list
from product.organizations.routes import (
    MemberRemoveIn,
    organization_member_remove,
    organization_members_list,
)
from product.vault.routes import vault_secrets_list

NOT_PAGINATED = {
    "permissions_list": "the code's fixed catalogue of permissions, the same for everyone",
    "oauth_providers": "the providers this deployment configures (OAUTH_PROVIDERS)",
}
"""List answers that are not pages, with why they cannot grow."""


def _is_page(output: Any) -> bool:
    if not dataclasses.is_dataclass(output):
        return False
    hints = typing.get_type_hints(output)
    return set(hints) == {"items", "next_cursor"} and typing.get_origin(hints["items"]) is list


def _paginated() -> list[Route[Any, Any]]:
    router: Any = product_router()
    return [
        router.get(info.name) for info in product_router().routes() if _is_page(info.output_type)
    ]


PAGINATED = {
    "api_keys_list",
    "exports_list",
    "identities_list",
    "invites_list",
    "organization_domains_list",
    "organization_join_requests_list",
    "organization_members_list",
    "passkeys_list",
    "roles_list",
    "scim_tokens_list",
    "sessions_list",
    "vault_secrets_list",
    "webhook_deliveries_list",
    "webhook_endpoints_list",
}


def test_every_list_is_a_page_or_cannot_grow() -> None:
    for info in product_router().routes():
        if typing.get_origin(info.output_type) is list:
            assert info.name in NOT_PAGINATED, f"{info.name} answers a bare list: paginate it"
    paginated = {route.name for route in _paginated()}
    assert paginated == PAGINATED
    for route in _paginated():
        fields = {f.name for f in dataclasses.fields(route.input_type)}
        assert {"cursor", "limit"} <= fields, route.name
        assert InvalidCursorError in route.errors, route.name


async def _members(t: TFix, how_many: int) -> tuple[Any, list[UserModel]]:
    c = await t.factory.customer()
    others = [await t.factory.user() for _ in range(how_many - 1)]
    for user in others:
        await t.factory.membership(user=user, organization=c.organization, role="member")
    return c, [c.user, *others]


async def _walk(t: TFix, as_: Any, limit: int) -> list[list[str]]:
    pages: list[list[str]] = []
    cursor: str | None = None
    while True:
        res = await t.rpc.call(
            organization_members_list, PageIn(cursor=cursor, limit=limit), as_=as_
        )
        pages.append([m.user_id for m in res.output.items])
        cursor = res.output.next_cursor
        if cursor is None:
            return pages


async def test_walking_the_pages_returns_every_member_once_in_joining_order(t: TFix) -> None:
    c, users = await _members(t, 7)
    pages = await _walk(t, c, limit=3)
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [u for p in pages for u in p] == [u.id for u in users]
    # An exact multiple ends with a full page whose cursor leads nowhere... or no cursor:
    # the extra row fetched tells, so the last page is never empty.
    assert [len(p) for p in await _walk(t, c, limit=7)] == [7]


async def test_rows_added_or_removed_between_pages_disturb_no_other_row(t: TFix) -> None:
    c, users = await _members(t, 6)
    first = await t.rpc.call(organization_members_list, PageIn(limit=3), as_=c)
    assert [m.user_id for m in first.output.items] == [u.id for u in users[:3]]
    # The last row shown (the cursor's own row) leaves, a row of the next page leaves, and a
    # new member joins: the rest come once each, the newcomer at the end.
    for gone in (users[2], users[4]):
        removed = await t.rpc.call(
            organization_member_remove, MemberRemoveIn(user_id=gone.id), as_=c
        )
        assert removed.status == 200
    newcomer = await t.factory.user()
    await t.factory.membership(user=newcomer, organization=c.organization, role="member")
    cursor = first.output.next_cursor
    rest: list[str] = []
    while cursor is not None:
        res = await t.rpc.call(organization_members_list, PageIn(cursor=cursor, limit=3), as_=c)
        rest += [m.user_id for m in res.output.items]
        cursor = res.output.next_cursor
    assert rest == [users[3].id, users[5].id, newcomer.id]


async def test_a_bad_cursor_or_one_of_another_list_is_refused(t: TFix) -> None:
    c, _ = await _members(t, 3)
    first = await t.rpc.call(organization_members_list, PageIn(limit=1), as_=c)
    cursor = first.output.next_cursor
    assert cursor is not None
    last_id = first.output.items[0].user_id
    for bad in (
        "not a cursor",
        "%%%",
        cursor + "x",
        cursor[:-2],
        encode_cursor("members", "../etc"),
        encode_cursor("sessions", "mem_" + "1" * 11),
        encode_cursor("invites", last_id),
    ):
        res = await t.rpc.call(organization_members_list, PageIn(cursor=bad), as_=c)
        res.expect_error(InvalidCursorError)
    again = await t.rpc.call(organization_members_list, PageIn(cursor=cursor), as_=c)
    assert len(again.output.items) == 2


async def test_every_paginated_route_refuses_a_cursor_of_another_list(t: TFix) -> None:
    c = await t.factory.customer()
    foreign = encode_cursor("no_such_list", "usr_" + "1" * 11)
    for route in _paginated():
        data = {**example_input(route.input_type), "cursor": foreign}
        res = await t.rpc.raw(route, data, as_=c)
        assert res.response.error == "InvalidCursorError", (route.name, res.response.body)


async def test_limit_is_capped(t: TFix) -> None:
    c = await t.factory.customer()
    prefix = f"cap-{secrets.token_hex(4)}"
    async with xact_admin() as q:
        await harness(q).test_users_bulk_create(prefix=prefix, how_many=MAX_LIMIT + 5)
        await harness(q).test_memberships_bulk_create(
            prefix=prefix, organization_id=c.organization.id
        )
    res = await t.rpc.call(organization_members_list, PageIn(limit=10_000), as_=c)
    assert len(res.output.items) == MAX_LIMIT and res.output.next_cursor is not None
    res = await t.rpc.call(organization_members_list, PageIn(), as_=c)
    assert len(res.output.items) == 50
    zero = await t.rpc.raw(organization_members_list, {"limit": 0}, as_=c)
    assert zero.status == 400


async def test_a_list_newest_first_walks_backwards_and_an_oldest_first_one_forwards(
    t: TFix,
) -> None:
    """Both directions of the keyset: sessions (newest first, `id < before`) and vault
    secrets (oldest first, `id > after`), walked one row short of a page boundary."""
    c = await t.factory.customer()
    sessions = [await t.factory.session(user=c.user, organization=c.organization) for _ in range(5)]
    seen: list[str] = []
    cursor: str | None = None
    while True:
        res = await t.rpc.call(sessions_list, PageIn(cursor=cursor, limit=2), as_=sessions[0])
        seen += [s.id for s in res.output.items]
        cursor = res.output.next_cursor
        if cursor is None:
            break
    assert [s for s in seen if s in {x.id for x in sessions}] == [x.id for x in reversed(sessions)]
    assert len(seen) == len(set(seen))
    async with xact_admin() as q:
        made = [
            await harness(q).test_vault_secret_create(
                organization_id=c.organization.id, name=f"s{n}", ciphertext=b"\x00"
            )
            for n in range(5)
        ]
    names: list[str] = []
    cursor = None
    while True:
        res = await t.rpc.call(vault_secrets_list, PageIn(cursor=cursor, limit=2), as_=c)
        names += [s.name for s in res.output.items]
        cursor = res.output.next_cursor
        if cursor is None:
            break
    assert names == [m.name for m in made]
