"""The funnel's own guards (the routes' use of it: `foundation/testing/funnel_check.py`)."""

import pytest

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
