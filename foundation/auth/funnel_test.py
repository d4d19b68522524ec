"""The funnel's own guards (the routes' use of it: `foundation/testing/funnel_check.py`)."""

import pytest

from database.testing import harness
from database.testing.waiting import once_waiting_for_a_lock
from foundation.auth import funnel
from foundation.base.errors import ImpossibleError
from foundation.db import xact_admin
from foundation.testing.fixture import TFix


async def test_new_account_passes_only_a_user_created_in_its_transaction(t: TFix) -> None:
    """An existing user never signs in as a "new account" (no credential of their own)."""
    user = await t.factory.user()
    async with xact_admin() as q:
        with pytest.raises(ImpossibleError, match="only an account created"):
            await funnel.new_account(q, user.id, "signup")


def test_a_passed_credential_is_made_by_the_funnel_only() -> None:
    with pytest.raises(ImpossibleError, match="only through the funnel"):
        funnel.Passed("usr_x", "password")


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
