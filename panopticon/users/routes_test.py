"""users_search, user_get, user_set_enabled, user_sessions_expire, login_lockout_clear."""

from __future__ import annotations

import datetime
import inspect
import itertools
import re
import uuid
from typing import Any

import pytest

from database.__codegen__.models import UserModel
from database.testing import harness
from database.testing.explain import explain
from foundation.auth.cookies import sign_session
from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError
from foundation.auth.login import check_login
from foundation.auth.passwords import hash_password
from foundation.auth.sessions import authenticate
from foundation.crypto.codes import hash_code
from foundation.db import DB as FOUNDATION_DB
from foundation.testing.fixture import TFix
from foundation.testing.mfa import enable_mfa
from foundation.testing.outbox import code_in, delivered_to
from panopticon.__codegen__ import queries
from panopticon.db import xact_admin
from panopticon.inputs import InvalidCursorError, encode_cursor
from panopticon.roles import AdminInsufficientRoleError
from panopticon.testing import audit_rows, make_admin
from panopticon.users.routes import (
    COUNT_CAP,
    EmailTakenError,
    LoginLockoutClearIn,
    UserEmailSendIn,
    UserGetIn,
    UserNotActiveError,
    UserNotFoundError,
    UserSessionsExpireIn,
    UserSetEnabledIn,
    UsersSearchIn,
    UsersSortEnum,
    UserUpdateIn,
    login_lockout_clear,
    user_get,
    user_password_reset_send,
    user_sessions_expire,
    user_set_enabled,
    user_update,
    user_verification_resend,
    users_search,
    walk_rows,
)

PASSWORD = "a long enough password"
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)


def _tag() -> str:
    """A word no other test's user has; it starts with `t`, so no query's other word (`ee`
    below) can be the start of it by chance (a hex tag starting `ee` once failed it)."""
    return f"t{uuid.uuid4().hex[:10]}"


async def test_search_by_id_email_prefix_and_name(t: TFix) -> None:
    admin = await make_admin(t, "support")
    tag = _tag()
    ann = await t.factory.user(name=f"Ann {tag} Lee", email=f"ann.{tag}@example.test")
    bob = await t.factory.customer(name="Bob Stone", email=f"BOB.{tag}@Example.test")

    async def found(query: str) -> list[str]:
        res = await t.rpc.call(users_search, UsersSearchIn(query=query), as_=admin)
        return [u.id for u in res.output.items]

    assert await found(ann.id) == [ann.id]
    assert await found(f"ANN.{tag}") == [ann.id]  # email prefix, any case
    assert await found(f"bob.{tag}@example") == [bob.user.id]
    assert await found(f"{tag} lee") == [ann.id]  # words of the name, any order and case
    assert await found(f"ANN {tag} l") == [ann.id]  # the last word may be a word's start
    assert await found(f"{tag} ee") == []  # not the start of a word
    assert await found(f"an {tag}") == []  # a word before the last is whole
    assert await found(f"nn.{tag}") == []  # email: a prefix, not a substring
    item = (await t.rpc.call(users_search, UsersSearchIn(query=bob.user.id), as_=admin)).output
    assert item.items[0].organizations_count == 1 and item.items[0].email == bob.user.email
    assert (item.total, item.total_kind) == (1, "exact")


async def test_punctuation_separates_words_and_is_never_query_syntax(t: TFix) -> None:
    """Words are split at ASCII punctuation and spaces on both sides, alike; what an admin
    types is never text-search syntax (`&`, `|`, `!`, `:*`, quotes, backslashes)."""
    admin = await make_admin(t, "support")
    tag = _tag()
    plain = await t.factory.user(name=f"{tag} plain")
    percent = await t.factory.user(name=f"{tag} 100% sure")
    irish = await t.factory.user(name=f"Seán O'Brien-Walsh {tag}")
    japanese = await t.factory.user(name=f"山田太郎 {tag}")

    async def found(query: str) -> list[str]:
        res = await t.rpc.call(users_search, UsersSearchIn(query=query), as_=admin)
        return sorted(u.id for u in res.output.items)

    assert await found(f"{tag} 100%") == [percent.id]
    assert await found(f"{tag} 100% SURE") == [percent.id]
    assert await found(f"o'brien {tag}") == await found(f"walsh {tag}") == [irish.id]
    assert await found(f"seán {tag}") == [irish.id]  # a word of any script
    assert await found(f"{tag} 山田") == [japanese.id]  # the start of a word of any script
    everyone = sorted([plain.id, percent.id, irish.id, japanese.id])
    for syntax in ("&", "|", "!", ":*", "'", "''", "\\", "(", ")", "<->", "%", "_"):
        assert await found(f"{syntax}{tag}{syntax}") == everyone, syntax
        assert await found(f"{tag} {syntax}") == everyone, syntax
        assert await found(syntax) == [], syntax


async def _walk(
    t: TFix, admin: Any, search: UsersSearchIn, cursor: str | None = None, pages: int | None = None
) -> list[str]:
    """Every page of `search` from `cursor` (the first `pages` of them), following
    `next_cursor`; the ids in page order."""
    seen: list[str] = []
    for _ in itertools.count() if pages is None else range(pages):
        search.cursor = cursor
        out = (await t.rpc.call(users_search, search, as_=admin)).output
        assert len(out.items) <= search.limit
        seen += [u.id for u in out.items]
        if out.next_cursor is None:
            return seen
        assert len(out.items) == search.limit
        cursor = out.next_cursor
    return seen


async def test_pages_walk_every_sort_without_repeats_or_gaps(t: TFix) -> None:
    """Pages of 2 walk the matches of a search (by name part, by email domain, and the
    members of an organization without a search) in each order, with and without filters:
    each user once, in the order of one big page."""
    admin = await make_admin(t, "support")
    tag = _tag()
    organization = await t.factory.organization()
    made: list[UserModel] = []
    for n in ("dan", "ann", "eve", "bob", "cat", "fay", "gus"):
        user = await t.factory.user(
            name=f"{tag} {n}", email=f"{n}@{tag}.example.test", is_enabled=n != "eve"
        )
        await t.factory.membership(user=user, organization=organization, role="member")
        made.append(user)
    by_email = sorted(made, key=lambda u: u.email)
    orders: dict[UsersSortEnum, list[str]] = {
        "newest": [u.id for u in reversed(made)],
        "oldest": [u.id for u in made],
        "email": [u.id for u in by_email],
        "email_desc": [u.id for u in reversed(by_email)],
    }
    disabled = made[2].id
    for sort, order in orders.items():
        for search in (
            UsersSearchIn(sort=sort, query=tag),
            UsersSearchIn(sort=sort, query=f"@{tag}.example.test"),
            UsersSearchIn(sort=sort, organization_id=organization.id),
        ):
            search.limit = 2
            assert await _walk(t, admin, search) == order, search
            search.is_enabled = True
            assert await _walk(t, admin, search) == [i for i in order if i != disabled], search
            search.limit = 200
            assert await _walk(t, admin, search) == [i for i in order if i != disabled], search


async def test_a_dense_search_pages_by_its_walk_and_agrees_with_the_indexes(t: TFix) -> None:
    """A search matching more than `COUNT_CAP` users walks the page order first. Past
    the bulk of its matches (older; by email, after), twelve users in a row of the order,
    eight matching a word of their name (not their email), one of those disabled: pages
    of 2 (a walk of 60 users each) start at the first of them in each order. While the
    matches are dense the walk is the page; where it finds less than a page, the indexes
    give it. With and without a filter, each page is the one a single big page gives."""
    admin = await make_admin(t, "support")
    tag = _tag()
    async with xact_admin() as q:  # "<tag>name-<n>": the name's word and the email's start
        await harness(q).test_users_bulk_create(prefix=f"{tag}name", how_many=COUNT_CAP + 1)
    async with xact_admin() as q:
        await harness(q).test_analyze()
    before = await t.factory.user(name="Before Walk", email=f"{tag}-00@walk.example.test")
    made: list[UserModel] = []
    for n in range(1, 13):
        name = f"Walker {tag}name" if n % 4 else "Someone Else"
        if n == 7:  # the word inside another: its LIKE pattern holds, its words do not
            name = f"Walker x{tag}name"
        user = await t.factory.user(
            name=name, email=f"{tag}-{n:02d}@walk.example.test", is_enabled=n != 6
        )
        made.append(user)
    matching = [u for u in made if u.name == f"Walker {tag}name"]
    by_email = sorted(matching, key=lambda u: u.email)
    # Newest first and by email, the bulk follows the twelve: their pages only.
    starts: dict[UsersSortEnum, tuple[str | None, list[UserModel], bool]] = {
        "newest": (None, list(reversed(matching)), True),
        "oldest": (encode_cursor("users-oldest", before.id), matching, False),
        "email": (encode_cursor("users-email", before.email), by_email, True),
        "email_desc": (
            encode_cursor("users-email_desc", f"{tag}-~"),
            list(reversed(by_email)),
            False,
        ),
    }
    for sort, (start, order, bulk_follows) in starts.items():
        for enabled in (None, True):
            search = UsersSearchIn(sort=sort, query=f"{tag}NAME", limit=2, is_enabled=enabled)
            expected = [u.id for u in order if enabled is None or u.is_enabled]
            pages = len(expected) // 2 if bulk_follows else None
            got = await _walk(t, admin, search, start, pages=pages)
            assert got == expected[: len(got)], (sort, enabled)
            assert len(got) == (len(expected) // 2 * 2 if bulk_follows else len(expected))
    assert walk_rows(COUNT_CAP, 2) == 0 and walk_rows(COUNT_CAP + 1, 2) == 60


async def test_pages_hold_still_under_inserts_and_deletes(t: TFix) -> None:
    """Between two pages a user is added before the cursor's row and the cursor's own row
    is deleted: the next page goes on after the last row shown."""
    admin = await make_admin(t, "support")
    for sort in ("newest", "email"):
        tag = _tag()
        made = [
            await t.factory.user(name=f"{tag} {n}", email=f"{n}-{tag}@example.test")
            for n in ("c", "e", "g", "i")
        ]
        order = [u.id for u in (reversed(made) if sort == "newest" else made)]
        search = UsersSearchIn(query=tag, sort=sort, limit=2)
        first = (await t.rpc.call(users_search, search, as_=admin)).output
        assert [u.id for u in first.items] == order[:2]
        await t.factory.user(name=f"{tag} a", email=f"a-{tag}@example.test")
        async with xact_admin() as q:
            await harness(q).test_user_delete(id=order[1])
        search.cursor = first.next_cursor
        rest = (await t.rpc.call(users_search, search, as_=admin)).output
        assert [u.id for u in rest.items] == order[2:], sort


async def test_a_bad_cursor_or_one_of_another_sort_is_refused(t: TFix) -> None:
    admin = await make_admin(t, "support")
    tag = _tag()
    for n in range(3):
        await t.factory.user(name=f"{tag} n{n}")
    cursors: dict[UsersSortEnum, str | None] = {}
    sorts: tuple[UsersSortEnum, ...] = ("newest", "oldest", "email", "email_desc")
    for sort in sorts:
        res = await t.rpc.call(
            users_search, UsersSearchIn(query=tag, sort=sort, limit=1), as_=admin
        )
        cursors[sort] = res.output.next_cursor
        assert cursors[sort] is not None
    for sort, cursor in cursors.items():
        for other in cursors:
            res = await t.rpc.call(
                users_search, UsersSearchIn(query=tag, sort=other, cursor=cursor), as_=admin
            )
            if other == sort:
                assert len(res.output.items) == 2
            else:
                res.expect_error(InvalidCursorError)
    audit_cursor = encode_cursor("audit", "aud_11111111111")
    for cursor in ("garbage!", "Zm9v", audit_cursor, encode_cursor("users-email", "\n")):
        for sort in ("newest", "email"):
            res = await t.rpc.call(
                users_search, UsersSearchIn(query=tag, sort=sort, cursor=cursor), as_=admin
            )
            res.expect_error(InvalidCursorError)
    big = await t.rpc.call(users_search, UsersSearchIn(limit=100_000), as_=admin)
    assert len(big.output.items) <= 200
    res = await t.rpc.call(users_search, UsersSearchIn(limit=0), as_=admin)
    assert res.status == 400


async def test_filters_narrow_the_list(t: TFix) -> None:
    admin = await make_admin(t, "support")
    tag = _tag()
    plain = await t.factory.user(name=f"{tag} plain")
    off = await t.factory.user(name=f"{tag} off", is_enabled=False)
    unverified = await t.factory.user(name=f"{tag} unverified", email_verified=False)
    secured = await t.factory.user(name=f"{tag} secured")
    await enable_mfa(secured.id)
    old = await t.factory.user(name=f"{tag} old")
    member = await t.factory.customer(name=f"{tag} member")
    async with xact_admin() as q:
        await harness(q).test_user_backdate(
            id=old.id, at=datetime.datetime(2020, 3, 15, 12, tzinfo=datetime.UTC)
        )

    async def found(**filters: Any) -> set[str]:
        res = await t.rpc.call(users_search, UsersSearchIn(query=tag, **filters), as_=admin)
        assert res.output.total == len(res.output.items)
        return {u.id for u in res.output.items}

    everyone = {plain.id, off.id, unverified.id, secured.id, old.id, member.user.id}
    assert await found() == everyone
    assert await found(is_enabled=False) == {off.id}
    assert await found(is_enabled=True) == everyone - {off.id}
    assert await found(verified=False) == {unverified.id}
    assert await found(has_mfa=True) == {secured.id}
    assert await found(has_mfa=False) == everyone - {secured.id}
    assert await found(organization_id=member.organization.id) == {member.user.id}
    day = datetime.date(2020, 3, 15)
    assert await found(created_from=day, created_to=day) == {old.id}
    assert await found(created_to=day - datetime.timedelta(days=1)) == set()
    assert await found(created_from=day + datetime.timedelta(days=1)) == everyone - {old.id}
    assert await found(is_enabled=True, verified=True, has_mfa=False) == {
        plain.id,
        old.id,
        member.user.id,
    }
    # Without a search, the listing queries apply the same filters.
    res = await t.rpc.call(
        users_search, UsersSearchIn(organization_id=member.organization.id), as_=admin
    )
    assert [u.id for u in res.output.items] == [member.user.id]
    assert (res.output.total, res.output.total_kind) == (1, "exact")
    item = res.output.items[0]
    assert item.verified and item.organizations_count == 1 and item.role == "owner"
    res = await t.rpc.call(users_search, UsersSearchIn(query=tag), as_=admin)
    assert {u.role for u in res.output.items} == {None}


async def test_every_sort_with_and_without_a_search(t: TFix) -> None:
    admin = await make_admin(t, "support")
    tag = _tag()
    organization = await t.factory.organization()
    made = [
        await t.factory.user(name=f"{tag} {n}", email=f"{n}-{tag}@example.test")
        for n in ("carol", "ann", "bob")
    ]
    for user in made:
        await t.factory.membership(user=user, organization=organization, role="member")
    ids = [u.id for u in made]
    by_email = [made[1].id, made[2].id, made[0].id]
    expected: dict[UsersSortEnum, list[str]] = {
        "newest": list(reversed(ids)),
        "oldest": ids,
        "email": by_email,
        "email_desc": list(reversed(by_email)),
    }
    for sort, order in expected.items():
        for search in (
            UsersSearchIn(sort=sort, query=tag),
            UsersSearchIn(sort=sort, organization_id=organization.id),
        ):
            res = await t.rpc.call(users_search, search, as_=admin)
            assert [u.id for u in res.output.items] == order, search


async def test_search_by_email_domain(t: TFix) -> None:
    admin = await make_admin(t, "support")
    tag = _tag()
    ann = await t.factory.user(email=f"ann@{tag}.example.test")
    bob = await t.factory.user(email=f"Bob@{tag.upper()}.example.test")
    await t.factory.user(email=f"carol@sub.{tag}.example.test")  # another domain
    await t.factory.user(email=f"{tag}.example.test@elsewhere.test")

    async def found(query: str) -> set[str]:
        res = await t.rpc.call(users_search, UsersSearchIn(query=query), as_=admin)
        return {u.id for u in res.output.items}

    assert await found(f"@{tag}.example.test") == {ann.id, bob.id}
    assert await found(f"@{tag.upper()}.EXAMPLE.test") == {ann.id, bob.id}
    assert await found(f"{tag}.example.test") >= {ann.id, bob.id}  # without the @ too


async def test_a_total_beyond_the_cap_is_at_least_or_an_estimate(t: TFix) -> None:
    admin = await make_admin(t, "support")
    prefix = f"many-{_tag()}"
    async with xact_admin() as q:
        await harness(q).test_users_bulk_create(prefix=prefix, how_many=COUNT_CAP + 5)
    async with xact_admin() as q:
        await harness(q).test_analyze()
    res = await t.rpc.call(users_search, UsersSearchIn(query=prefix, limit=1), as_=admin)
    assert (res.output.total, res.output.total_kind) == (COUNT_CAP, "at_least")
    # Every one of them is at example.test: counting the domain stops at the cap too.
    res = await t.rpc.call(users_search, UsersSearchIn(query="@example.test", limit=1), as_=admin)
    assert (res.output.total, res.output.total_kind) == (COUNT_CAP, "at_least")
    res = await t.rpc.call(users_search, UsersSearchIn(limit=1), as_=admin)
    assert res.output.total_kind == "estimate" and res.output.total >= COUNT_CAP + 5
    res = await t.rpc.call(users_search, UsersSearchIn(is_enabled=True, limit=1), as_=admin)
    assert (res.output.total, res.output.total_kind) == (COUNT_CAP, "at_least")


FILTERS = {
    "is_enabled": None,
    "verified": None,
    "has_mfa": None,
    "organization_id": None,
    "created_from": None,
    "created_before": None,
}
"""Every filter off."""


def _args(sql: str, **values: object) -> list[object]:
    """The statement's parameters in order ($1, $2...), from the generated function's
    keyword names: `values`, else the filters (off)."""
    names = {**FILTERS, **values}
    return [names[name] for name in _parameter_names(sql)]


def _parameter_names(sql: str) -> list[str]:
    """The generated statement's keyword names in parameter order."""
    for name in dir(queries.Queries):
        fn = getattr(queries.Queries, name)
        if callable(fn) and getattr(queries, name.upper(), None) == sql:
            source = inspect.getsource(fn)
            return re.findall(r"^\s+([a-z_]+),$", source.split(".fetch")[1], flags=re.M)
    raise AssertionError("no generated function runs this statement")


def _cte(lines: list[str], name: str) -> tuple[list[str], list[str]]:
    """The plan lines of CTE `name` (its heading and what is indented under it), and the
    other lines."""
    start = next(i for i, line in enumerate(lines) if line.strip() == f"CTE {name}")
    depth = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and len(lines[end]) - len(lines[end].lstrip()) > depth:
        end += 1
    return lines[start:end], lines[:start] + lines[end:]


def _above(lines: list[str], at: int) -> str:
    """The node whose input line `at` is (the nearest line above, less indented)."""
    depth = len(lines[at]) - len(lines[at].lstrip(" ->"))
    for line in reversed(lines[:at]):
        node = "->" in line or not line.startswith(" ")
        if node and len(line) - len(line.lstrip(" ->")) < depth:
            return line
    return ""


async def test_each_search_reads_its_matches_in_page_order(t: TFix) -> None:
    """The plan Postgres reuses for any search (a generic plan: parameters unknown), over
    a few thousand users at one domain: the pages of each order merge the id, the domain
    and (in email order) the email prefix straight from an index in that order, so a page
    reads as many rows as it shows however many users match (no Sort of every match);
    only the name's word matches (and, in id order, the prefix's) are sorted. Before
    them the walk (`walked`) reads the page order's index, bounded by where the walk
    ends (an InitPlan) and unsorted."""
    async with xact_admin() as q:
        await harness(q).test_users_bulk_create(prefix=f"bulk-{_tag()}", how_many=3000)
    async with xact_admin() as q:
        await harness(q).test_analyze()
    search = {"id": "ann", "email_prefix": "ann", "domain": "example.test", "name_query": "ann"}
    expected = {
        queries.USERS_SEARCH_NEWEST: {
            "users_email_domain_page_idx": "Index Scan Backward",
            "users_pkey": "Index Scan",
        },
        queries.USERS_SEARCH_OLDEST: {
            "users_email_domain_page_idx": "Index Scan",
            "users_pkey": "Index Scan",
        },
        queries.USERS_SEARCH_EMAIL_ASC: {
            "users_email_domain_email_idx": "Index Scan",
            "users_email_prefix_idx": "Index Scan",
            "users_pkey": "Index Scan",
        },
        queries.USERS_SEARCH_EMAIL_DESC: {
            "users_email_domain_email_idx": "Index Scan Backward",
            "users_email_prefix_idx": "Index Scan Backward",
            "users_pkey": "Index Scan",
        },
    }
    walks = {
        queries.USERS_SEARCH_NEWEST: "Index Scan Backward using users_pkey on",
        queries.USERS_SEARCH_OLDEST: "Index Scan using users_pkey on",
        queries.USERS_SEARCH_EMAIL_ASC: "Index Scan using users_email_prefix_idx on",
        queries.USERS_SEARCH_EMAIL_DESC: "Index Scan Backward using users_email_prefix_idx on",
    }
    position = {"before_id": "~", "after_id": "", "after_email": "", "before_email": "\U0010ffff"}
    for sql, scans in expected.items():
        async with xact_admin() as q:
            args = _args(sql, **search, **position, row_limit=51, walk_rows=1020)
            plan = await explain(
                q, sql, *args, generic=True, prefer_indexes=True, sorted_by_index=True
            )
        walk, lines = _cte(plan.splitlines(), "walked")
        at = next(i for i, line in enumerate(walk) if walks[sql] in line)
        assert "InitPlan" in walk[at + 1] and "Index Cond" in walk[at + 1], plan
        assert not any("Sort" in line for line in walk), plan
        for index, scan in scans.items():
            at = next(i for i, line in enumerate(lines) if f" using {index} on" in line)
            assert f"{scan} using {index} on" in lines[at], plan
            assert "Sort" not in _above(lines, at), plan
        assert "Bitmap Index Scan on users_name_word_prefixes_idx" in plan, plan


async def test_a_dense_search_is_its_walk_and_a_sparse_one_its_indexes(t: TFix) -> None:
    """Run under the plan Postgres reuses (generic): when the walk finds a page, the
    indexes are never read (however many users match, the page costs the walk); when it
    finds fewer, the page comes from the indexes and the walk's rows are not used."""
    tag = _tag()
    lone = await t.factory.user(name=f"Lone {tag}lone", email=f"{tag}-lone@walk.example.test")
    for n in range(12):
        await t.factory.user(name=f"Walker {tag}name", email=f"{tag}-{n:02d}@walk.example.test")
    walked = "CTE Scan on walked  "
    for word, walk_used in ((f"{tag}name", True), (f"{tag}lone", False)):
        search = {"id": word, "email_prefix": word, "domain": word, "name_query": word}
        sql = queries.USERS_SEARCH_NEWEST
        page: dict[str, Any] = {"before_id": "~", "row_limit": 3, "walk_rows": 60}
        args = _args(sql, **search, **page)
        async with xact_admin() as q:
            plan = await explain(q, sql, *args, generic=True, analyze=True)
            rows = await q.orm.users_search_newest(**FILTERS, **search, **page)
        lines = plan.splitlines()
        walk = next(line for line in lines if walked in line)
        name_index = next(line for line in lines if "on users_name_word_prefixes_idx" in line)
        assert ("never executed" not in walk) is walk_used, plan
        assert ("never executed" in name_index) is walk_used, plan
        assert len(rows) == (3 if walk_used else 1) and (walk_used or rows[0].id == lone.id)


async def test_counting_a_search_stops_at_the_cap(t: TFix) -> None:
    """The count reads the branches one after the other (an Append under the Limit: no
    de-duplication that would need every match first), the domain from its index."""
    async with xact_admin() as q:
        await harness(q).test_users_bulk_create(prefix=f"bulk-{_tag()}", how_many=3000)
    async with xact_admin() as q:
        await harness(q).test_analyze()
    search = {"id": "ann", "email_prefix": "ann", "domain": "example.test", "name_query": "ann"}
    sql = queries.USERS_SEARCH_COUNT
    async with xact_admin() as q:
        plan = await explain(q, sql, *_args(sql, **search, cap=10_001), generic=True)
    lines = plan.splitlines()
    assert lines[1].strip().startswith("->  Limit") and "Append" in plan, plan
    assert "users_email_domain_page_idx" in plan or "users_email_domain_email_idx" in plan, plan
    assert "Sort" not in plan and "Hash" not in plan and "Unique" not in plan, plan


async def test_each_sort_of_the_list_reads_its_index_in_order(t: TFix) -> None:
    async with xact_admin() as q:
        await harness(q).test_users_bulk_create(prefix=f"bulk-{_tag()}", how_many=3000)
    async with xact_admin() as q:
        await harness(q).test_analyze()
    expected = {
        queries.USERS_LIST_NEWEST: ("Index Scan Backward using users_pkey", "id <"),
        queries.USERS_LIST_OLDEST: ("Index Scan using users_pkey", "id >"),
        queries.USERS_LIST_EMAIL_ASC: (
            "Index Scan using users_email_prefix_idx",
            "lower(email) ~>~",
        ),
        queries.USERS_LIST_EMAIL_DESC: (
            "Index Scan Backward using users_email_prefix_idx",
            "lower(email) ~<~",
        ),
    }
    position = {"before_id": "~", "after_id": "", "after_email": "", "before_email": "\U0010ffff"}
    for sql, (scan, condition) in expected.items():
        async with xact_admin() as q:
            plan = await explain(q, sql, *_args(sql, **position, row_limit=51), generic=True)
        assert scan in plan, plan
        assert f"Index Cond: (({condition}" in plan or f"Index Cond: ({condition}" in plan, plan
        assert "Sort" not in plan, plan


async def test_user_get_shows_memberships_sessions_failures_and_history(t: TFix) -> None:
    admin = await make_admin(t, "support")
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    session = await t.factory.session(user=c.user, organization=c.organization)
    with pytest.raises(InvalidCredentialsError):
        await check_login("product", c.user.email, "wrong password", client="10.0.0.9")
    out = (await t.rpc.call(user_get, UserGetIn(user_id=c.user.id), as_=admin)).output
    assert out.user.id == c.user.id and out.user.has_password
    assert [(m.organization_id, m.role, m.removed_at) for m in out.memberships] == [
        (c.organization.id, "owner", None)
    ]
    assert [(s.session_id, s.state) for s in out.sessions] == [(session.id, "active")]
    (unrecorded,) = out.sessions
    assert (unrecorded.browser, unrecorded.client_address, unrecorded.sign_in_method) == (
        "Unknown",
        None,
        None,
    )
    assert [(f.app, f.client) for f in out.login_failures] == [("product", "10.0.0.9")]
    async with xact_admin() as q:
        await harness(q).test_session_signed_in_from(
            id=session.id,
            client_address="203.0.113.7",
            user_agent=IPHONE_SAFARI,
            sign_in_method="passkey",
            second_factor=None,
        )
    out = (await t.rpc.call(user_get, UserGetIn(user_id=c.user.id), as_=admin)).output
    (recorded,) = out.sessions
    assert (
        recorded.browser,
        recorded.os,
        recorded.device,
        recorded.client_address,
        recorded.sign_in_method,
        recorded.second_factor,
    ) == ("Mobile Safari 17", "iOS 17.1", "iPhone", "203.0.113.7", "passkey", None)
    missing = await t.rpc.call(user_get, UserGetIn(user_id="usr_11111111111"), as_=admin)
    assert missing.expect_error(UserNotFoundError) == UserNotFoundError(user_id="usr_11111111111")


async def test_disabling_ends_product_sessions_and_refuses_login(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    session = await t.factory.session(user=c.user, organization=c.organization)
    cookie = sign_session("product", session.id)
    async with FOUNDATION_DB.connection() as conn:
        assert await authenticate(conn, "product", cookie) is not None
    data = UserSetEnabledIn(user_id=c.user.id, enabled=False, reason="  abuse report 42  ")
    res = await t.rpc.call(user_set_enabled, data, as_=admin)
    assert res.output.changed and res.output.count == 1
    async with FOUNDATION_DB.connection() as conn:
        assert await authenticate(conn, "product", cookie) is None
    with pytest.raises(InvalidCredentialsError):
        await check_login("product", c.user.email, PASSWORD, client="1.2.3.4")
    [entry] = await audit_rows(c.user.id)
    assert (entry.action, entry.reason, entry.admin_user_id, entry.actor) == (
        "user.disable",
        "abuse report 42",
        admin.id,
        admin.email,
    )
    assert entry.diff == {
        "is_enabled": {"before": True, "after": False},
        "sessions_ended": 1,
    }
    assert entry.request_extid == res.headers["X-Request-ID"]
    again = await t.rpc.call(user_set_enabled, data, as_=admin)
    assert not again.output.changed and len(await audit_rows(c.user.id)) == 1
    enable = UserSetEnabledIn(user_id=c.user.id, enabled=True, reason="resolved")
    assert (await t.rpc.call(user_set_enabled, enable, as_=admin)).output.changed
    await check_login("product", c.user.email, PASSWORD, client="1.2.3.4")
    assert [e.action for e in await audit_rows(c.user.id)] == ["user.enable", "user.disable"]
    missing = UserSetEnabledIn(user_id="usr_11111111111", enabled=False, reason="nobody")
    (await t.rpc.call(user_set_enabled, missing, as_=admin)).expect_error(UserNotFoundError)


async def test_reasons_are_required_trimmed_and_bounded(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    user = await t.factory.user()
    for reason in ("", "  ab  ", "x" * 501):
        body = {"user_id": user.id, "enabled": False, "reason": reason}
        res = await t.rpc.raw(user_set_enabled, body, as_=admin)
        assert res.status == 400 and res.error == "InputValidationError", reason
    res = await t.rpc.raw(user_set_enabled, {"user_id": user.id, "enabled": False}, as_=admin)
    assert res.error == "InputValidationError"
    assert await audit_rows(user.id) == []


async def test_sessions_expire_signs_the_user_out_everywhere(t: TFix) -> None:
    admin = await make_admin(t, "support")
    c = await t.factory.customer()
    sessions = [await t.factory.session(user=c.user) for _ in range(2)]
    data = UserSessionsExpireIn(user_id=c.user.id, reason="lost laptop")
    res = await t.rpc.call(user_sessions_expire, data, as_=admin)
    assert res.output.changed and res.output.count == 2
    async with FOUNDATION_DB.connection() as conn:
        for session in sessions:
            cookie = sign_session("product", session.id)
            assert await authenticate(conn, "product", cookie) is None
    [entry] = await audit_rows(c.user.id)
    assert entry.action == "user.sessions_expire" and entry.diff == {"ended": 2}
    assert (entry.admin_user_id, entry.actor) == (admin.id, admin.email)  # who did it
    assert entry.reason == "lost laptop"
    assert (await t.rpc.call(user_sessions_expire, data, as_=admin)).output.count == 0
    missing = UserSessionsExpireIn(user_id="usr_11111111111", reason="nobody")
    (await t.rpc.call(user_sessions_expire, missing, as_=admin)).expect_error(UserNotFoundError)


async def test_lockout_clear_lets_the_user_in_again(t: TFix) -> None:
    admin = await make_admin(t, "support")
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    t.freeze_time()
    locked = False
    for _ in range(12):
        try:
            await check_login("product", user.email, "wrong", client="5.6.7.8")
        except InvalidCredentialsError:
            pass
        except TooManyAttemptsError:
            locked = True
    assert locked
    data = LoginLockoutClearIn(email=user.email.upper(), reason="verified by phone")
    res = await t.rpc.call(login_lockout_clear, data, as_=admin)
    assert res.output.changed and res.output.count == 10
    await check_login("product", user.email, PASSWORD, client="5.6.7.8")
    [entry] = await audit_rows(user.email.lower())
    assert entry.action == "login.lockout_clear" and entry.target_type == "email"


async def test_support_sends_a_password_reset_through_the_outbox(t: TFix) -> None:
    admin = await make_admin(t, "support")
    user = await t.factory.user()
    send = UserEmailSendIn(user_id=user.id, reason="customer cannot sign in")
    now = t.freeze_time()
    first = (await t.rpc.call(user_password_reset_send, send, as_=admin)).output
    assert (first.changed, first.count) == (True, 1)
    assert (await t.rpc.call(user_password_reset_send, send, as_=admin)).output.changed
    messages = await delivered_to(user.email)
    assert len(messages) == 2 and "/reset-password#code=" in messages[-1].text
    old, new = (hash_code(code_in(m)) for m in messages)
    async with xact_admin() as q:
        assert await harness(q).test_user_code_open(code_hash=old) is None  # replaced
        code = await harness(q).test_user_code_open(code_hash=new)
    assert code is not None and (code.user_id, code.purpose) == (user.id, "reset_password")
    assert code.expires_at == now + datetime.timedelta(hours=1)
    [entry, _] = await audit_rows(user.id)
    assert (entry.action, entry.reason, entry.admin_user_id) == (
        "user.password_reset_send",
        "customer cannot sign in",
        admin.id,
    )
    out = (await t.rpc.call(user_get, UserGetIn(user_id=user.id), as_=admin)).output
    assert ("password reset sent by an admin", admin.name) in [
        (e.did, e.by_name) for e in out.storytime
    ]


async def test_support_resends_the_verification_of_an_unverified_address(t: TFix) -> None:
    admin = await make_admin(t, "support")
    user = await t.factory.user(email_verified=False)
    send = UserEmailSendIn(user_id=user.id, reason="the first one never came")
    detail = (await t.rpc.call(user_get, UserGetIn(user_id=user.id), as_=admin)).output
    assert detail.user.email_verified_at is None
    assert (await t.rpc.call(user_verification_resend, send, as_=admin)).output.changed
    [message] = await delivered_to(user.email)
    assert "/verify-email#code=" in message.text
    async with xact_admin() as q:
        code = await harness(q).test_user_code_open(code_hash=hash_code(code_in(message)))
    assert code is not None and (code.user_id, code.purpose) == (user.id, "verify_email")
    assert [e.action for e in await audit_rows(user.id)] == ["user.verification_resend"]
    # A verified address: nothing to send, nothing audited.
    verified = await t.factory.user()
    again = UserEmailSendIn(user_id=verified.id, reason="asked twice")
    assert not (await t.rpc.call(user_verification_resend, again, as_=admin)).output.changed
    assert await delivered_to(verified.email) == []
    assert await audit_rows(verified.id) == []
    detail = (await t.rpc.call(user_get, UserGetIn(user_id=verified.id), as_=admin)).output
    assert detail.user.email_verified_at is not None


async def test_no_email_for_a_disabled_or_missing_user(t: TFix) -> None:
    admin = await make_admin(t, "support")
    disabled = await t.factory.user(is_enabled=False, email_verified=False)
    for route in (user_password_reset_send, user_verification_resend):
        res = await t.rpc.call(
            route, UserEmailSendIn(user_id=disabled.id, reason="x" * 3), as_=admin
        )
        assert res.expect_error(UserNotActiveError) == UserNotActiveError(user_id=disabled.id)
        res = await t.rpc.call(
            route, UserEmailSendIn(user_id="usr_nobody", reason="xyz"), as_=admin
        )
        res.expect_error(UserNotFoundError)
    assert await delivered_to(disabled.email) == []


async def test_a_superadmin_changes_name_and_email_and_the_user_is_told(t: TFix) -> None:
    boss = await make_admin(t, "superadmin")
    support = await make_admin(t, "support")
    user = await t.factory.user(name="Old Name")
    taken = await t.factory.user()
    new_email = f"new-{_tag()}@example.test"

    def change(name: str, email: str) -> UserUpdateIn:
        return UserUpdateIn(user_id=user.id, name=name, email=email, reason="ticket 4711")

    res = await t.rpc.call(user_update, change("New Name", new_email), as_=support)
    res.expect_error(AdminInsufficientRoleError)
    res = await t.rpc.call(user_update, change("New Name", taken.email.upper()), as_=boss)
    assert res.expect_error(EmailTakenError) == EmailTakenError(email=taken.email.upper())
    assert (await t.rpc.call(user_update, change("New Name", new_email), as_=boss)).output.changed
    detail = (await t.rpc.call(user_get, UserGetIn(user_id=user.id), as_=boss)).output.user
    assert (detail.name, detail.email, detail.email_verified_at) == ("New Name", new_email, None)
    [told] = await delivered_to(user.email)
    assert new_email in told.text
    [verify] = await delivered_to(new_email)
    async with xact_admin() as q:
        code = await harness(q).test_user_code_open(code_hash=hash_code(code_in(verify)))
    assert code is not None and (code.user_id, code.purpose) == (user.id, "verify_email")
    [entry] = await audit_rows(user.id)
    assert (entry.action, entry.diff) == (
        "user.update",
        {
            "name": {"before": "Old Name", "after": "New Name"},
            "email": {"before": user.email, "after": new_email},
        },
    )
    # The same again: nothing changes, nothing is sent; the name alone sends nothing.
    assert not (
        await t.rpc.call(user_update, change("New Name", new_email), as_=boss)
    ).output.changed
    assert (
        await t.rpc.call(user_update, change("Newer", new_email.upper()), as_=boss)
    ).output.changed
    assert len(await delivered_to(new_email)) == 1  # still the one verification email
    assert len(await audit_rows(user.id)) == 2
    res = await t.rpc.call(
        user_update,
        UserUpdateIn(user_id="usr_nobody", name="N", email=new_email, reason="xyz"),
        as_=boss,
    )
    res.expect_error(UserNotFoundError)
