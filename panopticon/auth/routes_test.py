from database.xact import xact
from foundation.auth.passwords import hash_password
from foundation.auth.sessions import cookie_name
from foundation.testing.fixture import TFix
from panopticon.admins.admins import grant_admin, revoke_admin

COOKIE = cookie_name("panopticon")
PASSWORD = "a long enough password"


async def _admin(t: TFix):
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    await grant_admin(user.email)
    return user


async def test_admin_login_init_logout(t: TFix) -> None:
    admin = await _admin(t)
    assert (await t.rpc.panopticon("init")).data == {"admin": None}
    res = await t.rpc.panopticon("login", {"email": admin.email.upper(), "password": PASSWORD})
    assert res.status == 200, res.body
    assert res.data == {"admin": {"id": admin.id, "name": admin.name, "email": admin.email}}
    cookie = res.cookies[COOKIE]
    assert (await t.rpc.panopticon("init", cookies={COOKIE: cookie})).data == res.data
    out = await t.rpc.panopticon("logout", cookies={COOKIE: cookie})
    assert out.status == 200 and out.cookies[COOKIE] == ""
    assert (await t.rpc.panopticon("logout", cookies={COOKIE: cookie})).status == 401


async def test_only_admins_get_in(t: TFix) -> None:
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    res = await t.rpc.panopticon("login", {"email": user.email, "password": PASSWORD})
    assert (res.status, res.error) == (400, "InvalidCredentialsError")
    res = await t.rpc.panopticon("login", {"email": user.email, "password": "wrong password"})
    assert res.error == "InvalidCredentialsError"


async def test_sessions_never_cross_apps(t: TFix) -> None:
    admin = await _admin(t)
    product_session = await t.factory.session(user=admin, app="product")
    panopticon_session = await t.factory.session(user=admin, app="panopticon")
    # The product session, signed as if for panopticon (a leaked secret): its row says product.
    forged = await t.rpc.cookie("panopticon", product_session)
    assert (await t.rpc.panopticon("init", cookies={COOKIE: forged})).data == {"admin": None}
    # The product cookie itself, sent under panopticon's name.
    product_cookie = await t.rpc.cookie("product", product_session)
    assert (await t.rpc.panopticon("init", cookies={COOKIE: product_cookie})).data["admin"] is None
    # And the other way round.
    assert (await t.rpc.panopticon("init", as_=panopticon_session)).data["admin"] is not None
    res = await t.rpc.product("init", as_=panopticon_session)
    assert res.data["user"] is None
    res = await t.rpc.product(
        "init",
        cookies={cookie_name("product"): await t.rpc.cookie("panopticon", panopticon_session)},
    )
    assert res.data["user"] is None


async def test_revoking_an_admin_ends_their_access_at_once(t: TFix) -> None:
    admin = await _admin(t)
    session = await t.factory.session(user=admin, app="panopticon")
    assert (await t.rpc.panopticon("logout", as_=session)).status == 200
    live = await t.factory.session(user=admin, app="panopticon")
    assert await revoke_admin(admin.email) == admin.id
    assert (await t.rpc.panopticon("logout", as_=live)).status == 401
    async with xact() as q:
        ended = await q.conn.fetchval("SELECT expired_at FROM sessions WHERE id = $1", live.id)
    assert ended is not None
