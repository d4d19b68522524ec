from foundation.auth.passwords import hash_password
from foundation.testing.fixture import TFix

PASSWORD = "a long enough password"


async def test_user_update(t: TFix) -> None:
    c = await t.factory.customer()
    res = await t.rpc.product("user_update", {"name": " Renamed "}, as_=c)
    assert res.data == {"id": c.user.id, "name": "Renamed", "email": c.user.email}
    assert (await t.rpc.product("user_update", {"name": ""}, as_=c)).error == "InputValidationError"


async def test_password_change_ends_every_other_session(t: TFix) -> None:
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    here = await t.factory.session(user=c.user, organization=c.organization)
    elsewhere = await t.factory.session(user=c.user, organization=c.organization)
    admin_app = await t.factory.session(user=c.user, app="panopticon")
    res = await t.rpc.product(
        "user_password_change",
        {"current_password": "not it at all", "new_password": "another long one"},
        as_=here,
    )
    assert res.error == "InvalidCredentialsError"
    res = await t.rpc.product(
        "user_password_change", {"current_password": PASSWORD, "new_password": "short"}, as_=here
    )
    assert (res.error, res.data) == ("WeakPasswordError", {"reason": "use at least 10 characters"})
    res = await t.rpc.product(
        "user_password_change",
        {"current_password": PASSWORD, "new_password": "another long one"},
        as_=here,
    )
    assert (res.status, res.body) == (200, {"ok": True})
    assert (await t.rpc.product("sessions_list", as_=here)).status == 200
    assert (await t.rpc.product("sessions_list", as_=elsewhere)).status == 401
    assert (await t.rpc.panopticon("init", as_=admin_app)).data["admin"] is None
    login = await t.rpc.product("login", {"email": c.user.email, "password": "another long one"})
    assert login.status == 200
