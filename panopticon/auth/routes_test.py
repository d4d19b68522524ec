from database.__codegen__.models import UserModel
from database.testing import harness
from database.xact import xact_admin
from foundation.auth.cookies import sign_session
from foundation.auth.errors import InvalidCredentialsError, MFARequiredError, TooManyAttemptsError
from foundation.auth.login import LOCKOUT_FAILURES
from foundation.auth.passwords import hash_password
from foundation.auth.second_factor import LoginMfaIn
from foundation.rpc.errors import UnauthorizedError
from foundation.testing.fixture import TFix
from foundation.testing.mfa import enable_mfa
from panopticon.admins.admins import grant_admin, revoke_admin
from panopticon.auth.routes import (
    PanopticonInitOut,
    PanopticonLoginIn,
    PanopticonSignedIn,
    SignedInAdmin,
    init,
    login,
    login_mfa,
    logout,
)
from panopticon.framework import PANOPTICON

COOKIE = PANOPTICON.cookie
PASSWORD = "a long enough password"


async def _admin(t: TFix) -> UserModel:
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    await grant_admin(user.email)
    return user


async def test_admin_login_init_logout(t: TFix) -> None:
    admin = await _admin(t)
    assert (await t.rpc.call(init)).output == PanopticonInitOut(admin=None)
    res = await t.rpc.call(login, PanopticonLoginIn(email=admin.email.upper(), password=PASSWORD))
    assert res.status == 200, res.response.body
    signed_in = SignedInAdmin(id=admin.id, name=admin.name, email=admin.email, role="support")
    assert res.output == PanopticonSignedIn(admin=signed_in)
    cookie = res.cookies[COOKIE]
    assert (await t.rpc.call(init, cookies={COOKIE: cookie})).output == PanopticonInitOut(
        admin=signed_in
    )
    out = await t.rpc.call(logout, cookies={COOKIE: cookie})
    assert out.output is None and out.cookies[COOKIE] == ""
    again = await t.rpc.call(logout, cookies={COOKIE: cookie})
    assert again.status == 401
    again.expect_error(UnauthorizedError)


async def test_only_admins_get_in(t: TFix) -> None:
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    res = await t.rpc.call(login, PanopticonLoginIn(email=user.email, password=PASSWORD))
    assert res.status == 400
    res.expect_error(InvalidCredentialsError)
    res = await t.rpc.call(login, PanopticonLoginIn(email=user.email, password="wrong password"))
    res.expect_error(InvalidCredentialsError)


async def test_a_session_of_a_non_admin_is_signed_out(t: TFix) -> None:
    """A panopticon session whose user is no admin (revoked since, or never one) is no
    session at all: even a public route clears its cookie."""
    user = await t.factory.user()
    session = await t.factory.session(user=user, app="panopticon")
    res = await t.rpc.call(init, as_=session)
    assert res.output == PanopticonInitOut(admin=None) and res.cookies.get(COOKIE) == ""


async def test_a_non_admin_s_right_password_is_a_failure_for_the_lockout(t: TFix) -> None:
    """Panopticon takes a non-admin's right password for a wrong one: it counts toward
    the lockout and forgives none of the failures before it."""
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    right = PanopticonLoginIn(email=user.email, password=PASSWORD)
    wrong = PanopticonLoginIn(email=user.email, password="wrong password")
    for _ in range(LOCKOUT_FAILURES - 1):
        (await t.rpc.call(login, wrong)).expect_error(InvalidCredentialsError)
    (await t.rpc.call(login, right)).expect_error(InvalidCredentialsError)
    (await t.rpc.call(login, right)).expect_error(TooManyAttemptsError)


async def test_sessions_never_cross_apps(t: TFix) -> None:
    admin = await _admin(t)
    product_session = await t.factory.session(user=admin, app="product")
    panopticon_session = await t.factory.session(user=admin, app="panopticon")
    # The product session, signed as if for panopticon (a leaked secret): its row says product.
    forged = await t.rpc.cookie(PANOPTICON, product_session)
    res = await t.rpc.call(init, cookies={COOKIE: forged})
    assert res.output == PanopticonInitOut(admin=None)
    # The product cookie itself, sent under panopticon's name.
    product_cookie = sign_session("product", product_session.id)
    assert (await t.rpc.call(init, cookies={COOKIE: product_cookie})).output.admin is None
    # The panopticon session itself gets in (product's side of this test:
    # product/auth/routes_test.py::test_panopticon_sessions_never_authenticate_product).
    assert (await t.rpc.call(init, as_=panopticon_session)).output.admin is not None


async def test_an_impersonated_session_never_gets_in(t: TFix) -> None:
    """The policy refuses any session that carries an impersonator, whatever its app:
    here a panopticon session row of an admin impersonated by a superadmin (sign-ins by
    impersonation make product sessions only, so this is the rule, not the path)."""
    admin, impersonator = await _admin(t), await _admin(t)
    await grant_admin(impersonator.email, "superadmin")
    plain = await t.factory.session(user=admin, app="panopticon")
    assert (await t.rpc.call(init, as_=plain)).output.admin is not None
    session = await t.factory.session(user=admin, app="panopticon", impersonator=impersonator)
    res = await t.rpc.call(init, as_=session)
    assert res.output == PanopticonInitOut(admin=None) and res.cookies[COOKIE] == ""
    (await t.rpc.call(logout, as_=session)).expect_error(UnauthorizedError)


async def test_revoking_an_admin_ends_their_access_at_once(t: TFix) -> None:
    admin = await _admin(t)
    session = await t.factory.session(user=admin, app="panopticon")
    assert (await t.rpc.call(logout, as_=session)).output is None
    live = await t.factory.session(user=admin, app="panopticon")
    assert await revoke_admin(admin.email) == admin.id
    res = await t.rpc.call(logout, as_=live)
    assert res.status == 401
    res.expect_error(UnauthorizedError)
    async with xact_admin() as q:
        ended = (await harness(q).test_session_fetch(id=live.id)).expired_at
    assert ended is not None


async def test_the_panopticon_cookie_is_same_site_strict(t: TFix) -> None:
    admin = await _admin(t)
    res = await t.rpc.call(login, PanopticonLoginIn(email=admin.email, password=PASSWORD))
    set_cookie = res.headers["Set-Cookie"]
    assert set_cookie.startswith(f"{COOKIE}=") and "SameSite=Strict" in set_cookie
    assert "HttpOnly" in set_cookie


async def test_an_admin_revoked_during_the_second_factor_gets_no_session(t: TFix) -> None:
    """The role is read again, locked, when the session would start: an admin revoked
    between the password and the second factor is refused even with a right code."""
    t.freeze_time()
    admin = await _admin(t)
    mfa = await enable_mfa(admin.id)
    res = await t.rpc.call(login, PanopticonLoginIn(email=admin.email, password=PASSWORD))
    challenge = res.expect_error(MFARequiredError).challenge
    await revoke_admin(admin.email)

    res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=mfa.code()))

    res.expect_error(InvalidCredentialsError)
    assert COOKIE not in res.cookies
