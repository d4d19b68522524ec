import pytest

from foundation.base.errors import NotFoundError
from foundation.testing.fixture import TFix
from panopticon.admins.admins import grant_admin, revoke_admin


async def test_grant_is_idempotent_and_revoke_reports_unknowns(t: TFix) -> None:
    user = await t.factory.user(email="Boss@Example.test")
    assert await grant_admin("boss@example.test") == user.id
    assert await grant_admin("BOSS@example.test") == user.id
    assert await revoke_admin("boss@example.test") == user.id
    with pytest.raises(NotFoundError, match="no admin has this email"):
        await revoke_admin("boss@example.test")
    with pytest.raises(NotFoundError, match="no user has this email"):
        await grant_admin("nobody@example.test")
