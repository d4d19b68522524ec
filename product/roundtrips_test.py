"""Database round trips per request, counted at asyncpg's connection methods (every call
is one round trip once its statement is prepared; the first call warms the cache)."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import pytest

from database.pool import close_pool
from foundation.base.env import ENV
from foundation.rpc.route import AnyRoute
from foundation.testing.fixture import TFix
from foundation.testing.pooler import directly
from foundation.testing.settings import override_env
from product.auth.routes import init, sessions_list
from product.framework import PRODUCT
from product.organizations.routes import organization_members_list
from product.vault.routes import vault_secrets_list

_METHODS = ("execute", "executemany", "fetch", "fetchrow", "fetchval", "copy_records_to_table")


@pytest.fixture
def round_trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    calls: list[str] = []
    for name in _METHODS:
        original = getattr(asyncpg.Connection, name)

        def counted(
            self: asyncpg.Connection,
            *args: object,
            _name: str = name,
            _f: Any = original,
            **kw: object,
        ) -> Any:
            calls.append(_name)
            return _f(self, *args, **kw)

        monkeypatch.setattr(asyncpg.Connection, name, counted)
    yield calls


@pytest.fixture
async def direct(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    async with directly(monkeypatch):
        yield


async def test_an_authenticated_init_takes_four_round_trips(
    t: TFix, direct: None, round_trips: list[str]
) -> None:
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    cookie = await t.rpc.cookie(PRODUCT, session)
    await t.rpc.call(init, as_=cookie)  # warm the statement cache
    round_trips.clear()
    res = await t.rpc.call(init, as_=cookie)
    assert res.status == 200
    user = res.output.user
    assert user is not None and user.id == c.user.id
    # session lookup, BEGIN + context, the memberships with the address's verification
    # and the organizations suggested at its domain (one statement: UserInit), COMMIT.
    assert len(round_trips) == 4, round_trips


async def test_an_authenticated_customer_route_takes_four_round_trips(
    t: TFix, direct: None, round_trips: list[str]
) -> None:
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    await t.rpc.call(sessions_list, as_=session)
    round_trips.clear()
    res = await t.rpc.call(sessions_list, as_=session)
    assert res.status == 200
    assert len(round_trips) == 4, round_trips


@pytest.mark.parametrize("rpc", [vault_secrets_list, organization_members_list])
async def test_an_organization_route_with_a_permission_takes_four_round_trips(
    t: TFix, direct: None, round_trips: list[str], rpc: AnyRoute
) -> None:
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    await t.rpc.call(rpc, as_=session)
    round_trips.clear()
    res = await t.rpc.call(rpc, as_=session)
    assert res.status == 200
    # The session lookup (with the organization's two-factor policy and the caller's
    # second factor), BEGIN + context + the permission check (the member lock, then the
    # caller's role: `membership_permission_require`, two statements, each its own
    # snapshot, races_test.py), the list, COMMIT.
    assert len(round_trips) == 4, round_trips


async def test_behind_a_pooler_an_authenticated_init_takes_five_round_trips(
    t: TFix, round_trips: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """DATABASE_POOLER=pgbouncer (here straight to Postgres: the count is the client's):
    the session lookup runs in a transaction of its own, whose BEGIN is one more round
    trip; its COMMIT travels with the handler's BEGIN. (asyncpg's methods are counted:
    without the statement cache each statement is also prepared, unnamed, first.)"""
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    cookie = await t.rpc.cookie(PRODUCT, session)
    await close_pool()
    try:
        override_env(
            monkeypatch,
            database_pooler="pgbouncer",
            database_direct_url=ENV.database_direct_url or ENV.database_url,
        )
        await t.rpc.call(init, as_=cookie)
        round_trips.clear()
        res = await t.rpc.call(init, as_=cookie)
        assert res.status == 200
        user = res.output.user
        assert user is not None and user.id == c.user.id
        # BEGIN + timeouts, session lookup, COMMIT + BEGIN + context, memberships with
        # verification and suggestions (UserInit), COMMIT.
        assert len(round_trips) == 5, round_trips
    finally:
        await close_pool()
