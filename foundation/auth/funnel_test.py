"""The funnel's own guarantees: only it makes a `Passed`, and `new_account` passes only a
user created in the caller's transaction. (Every route going through it is checked by
`product/funnel_test.py` and `panopticon/funnel_test.py`.)"""

from __future__ import annotations

import pytest

from database.testing import harness
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
