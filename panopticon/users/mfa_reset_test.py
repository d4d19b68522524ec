"""user_get's mfa_enabled and user_mfa_reset (the product side of MFA: product/mfa/)."""

from __future__ import annotations

from database.__codegen__.models import UserModel
from database.testing import harness
from database.xact import xact_admin
from foundation.testing.fixture import TFix
from foundation.testing.outbox import delivered_to
from panopticon.outputs import Done
from panopticon.roles import AdminInsufficientRoleError
from panopticon.testing import audit_rows, make_admin
from panopticon.users.routes import (
    UserGetIn,
    UserMfaResetIn,
    UserNotFoundError,
    user_get,
    user_mfa_reset,
)


async def _mfa_enabled(t: TFix, admin: UserModel, user_id: str) -> bool:
    res = await t.rpc.call(user_get, UserGetIn(user_id=user_id), as_=admin)
    return res.output.user.mfa_enabled


async def test_reset_turns_mfa_off_audits_and_emails_the_user(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    c = await t.factory.customer()
    assert not await _mfa_enabled(t, admin, c.user.id)
    async with xact_admin() as q:
        await harness(q).test_mfa_totp_confirmed_create(user_id=c.user.id)
    assert await _mfa_enabled(t, admin, c.user.id)

    data = UserMfaResetIn(user_id=c.user.id, reason="lost phone, identity checked")
    res = await t.rpc.call(user_mfa_reset, data, as_=admin)
    assert res.output == Done(changed=True)
    assert not await _mfa_enabled(t, admin, c.user.id)
    [entry] = await audit_rows(c.user.id)
    assert (entry.action, entry.admin_user_id, entry.reason) == (
        "user.mfa_reset",
        admin.id,
        "lost phone, identity checked",
    )
    [email] = await delivered_to(c.user.email)
    assert "two-factor authentication" in email.subject.lower()

    # Nothing left to reset: no audit entry, no email.
    again = await t.rpc.call(user_mfa_reset, data, as_=admin)
    assert again.output == Done(changed=False)
    assert len(await audit_rows(c.user.id)) == 1
    assert len(await delivered_to(c.user.email)) == 1


async def test_reset_errors(t: TFix) -> None:
    admin = await make_admin(t, "superadmin")
    res = await t.rpc.call(
        user_mfa_reset, UserMfaResetIn(user_id="usr_x", reason="why not"), as_=admin
    )
    assert res.expect_error(UserNotFoundError) == UserNotFoundError(user_id="usr_x")
    support = await make_admin(t, "support")
    user = await t.factory.user()
    res = await t.rpc.call(
        user_mfa_reset, UserMfaResetIn(user_id=user.id, reason="why not"), as_=support
    )
    res.expect_error(AdminInsufficientRoleError)


async def test_reset_removes_a_passkey_second_factor_and_every_passkey(t: TFix) -> None:
    """A user whose second factor is a passkey is reset too; their passkeys go with it (a
    lost device may hold one)."""
    admin = await make_admin(t, "superadmin")
    c = await t.factory.customer()
    async with xact_admin() as q:
        await harness(q).test_passkey_second_factor_create(user_id=c.user.id)
    assert await _mfa_enabled(t, admin, c.user.id)
    data = UserMfaResetIn(user_id=c.user.id, reason="lost the security key")
    assert (await t.rpc.call(user_mfa_reset, data, as_=admin)).output == Done(changed=True)
    assert not await _mfa_enabled(t, admin, c.user.id)
    async with xact_admin() as q:
        assert await harness(q).test_passkeys_of_user(user_id=c.user.id) == []
    [entry] = await audit_rows(c.user.id)
    assert entry.action == "user.mfa_reset"
