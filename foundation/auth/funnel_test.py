"""The funnel's own guarantees: only it makes a `Passed`, and `new_account` passes only a
user created in the caller's transaction. (Every route going through it is checked by
`product/funnel_test.py` and `panopticon/funnel_test.py`.)"""

from __future__ import annotations

import pytest

from database.testing import harness
from database.testing.waiting import once_waiting_for_a_lock
from foundation.auth import funnel
from foundation.base.errors import ImpossibleError
from foundation.db import xact_admin
from foundation.testing.fixture import TFix


def test_a_passed_credential_cannot_be_made_outside_the_funnel() -> None:
    with pytest.raises(ImpossibleError, match="only through the funnel"):
        funnel.Passed("usr_11111111111", "password", asks_second_factor=False)


async def test_new_account_passes_only_a_user_created_in_this_transaction(t: TFix) -> None:
    existing = await t.factory.user()
    async with xact_admin() as q:
        with pytest.raises(ImpossibleError, match="created in this transaction"):
            await funnel.new_account(q, existing.id, "signup")

    async with xact_admin() as q:
        created = await harness(q).test_user_create(
            name="New",
            email=f"new-{existing.id.lower()}@example.test",
            password_hash=None,
            signup_step="complete",
            is_enabled=True,
            email_verified=False,
        )
        passed = await funnel.new_account(q, created.id, "signup")
    assert (passed.user_id, passed.method, passed.asks_second_factor) == (
        created.id,
        "signup",
        False,
    )


async def _disable(user_id: str) -> None:
    async with xact_admin() as q:
        await harness(q).test_user_disable(id=user_id)


async def test_the_user_read_of_a_sign_in_holds_off_disabling_them(t: TFix) -> None:
    """The sign-in's re-read of its user (`auth_user_lock`) share-locks the row until its
    transaction ends: disabling (or deleting) the user waits for the sign-in."""
    user = await t.factory.user()
    async with xact_admin() as q:
        assert await q.orm.auth_user_lock(user_id=user.id) is not None
        disabling = await once_waiting_for_a_lock(_disable(user.id))
        assert not disabling.done()
    await disabling


async def test_the_user_read_of_a_sign_in_refuses_a_disabled_user(t: TFix) -> None:
    """A user disabled since their credential was checked gets no session: the sign-in's
    re-read under lock finds nobody."""
    user = await t.factory.user()
    async with xact_admin() as q:
        assert await q.orm.auth_user_lock(user_id=user.id) is not None
    await _disable(user.id)
    async with xact_admin() as q:
        assert await q.orm.auth_user_lock(user_id=user.id) is None
