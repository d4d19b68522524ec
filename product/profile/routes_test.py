from database.testing import harness
from database.xact import xact_admin
from foundation.auth.errors import InvalidCredentialsError, WeakPasswordError
from foundation.auth.passwords import hash_password
from foundation.rpc.errors import InputValidationError
from foundation.testing.fixture import TFix
from product.auth.routes import LoginIn, login, sessions_list
from product.profile.routes import (
    PasswordChangeIn,
    UserUpdateIn,
    UserUpdateOut,
    user_password_change,
    user_update,
)

PASSWORD = "a long enough password"


async def test_user_update(t: TFix) -> None:
    c = await t.factory.customer()
    res = await t.rpc.call(user_update, UserUpdateIn(name=" Renamed "), as_=c)
    assert res.output == UserUpdateOut(
        id=c.user.id, name="Renamed", email=c.user.email, locale="en"
    )
    res = await t.rpc.call(user_update, UserUpdateIn(locale="de"), as_=c)
    assert (res.output.name, res.output.locale) == ("Renamed", "de")
    assert (await t.rpc.call(user_update, UserUpdateIn(), as_=c)).output.locale == "de"
    unknown = await t.rpc.raw(user_update, {"locale": "xx"}, as_=c)
    assert "locale" in unknown.expect_error(InputValidationError).fields
    empty = await t.rpc.call(user_update, UserUpdateIn(name=""), as_=c)
    empty.expect_error(InputValidationError)
    broken = await t.rpc.call(user_update, UserUpdateIn(name="Ada\r\nBcc: x@y.test"), as_=c)
    assert "control characters" in broken.expect_error(InputValidationError).fields["name"]


async def test_password_change_ends_every_other_session(t: TFix) -> None:
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    here = await t.factory.session(user=c.user, organization=c.organization)
    elsewhere = await t.factory.session(user=c.user, organization=c.organization)
    admin_app = await t.factory.session(user=c.user, app="panopticon")
    res = await t.rpc.call(
        user_password_change,
        PasswordChangeIn(current_password="not it at all", new_password="another long one"),
        as_=here,
    )
    res.expect_error(InvalidCredentialsError)
    res = await t.rpc.call(
        user_password_change,
        PasswordChangeIn(current_password=PASSWORD, new_password="short"),
        as_=here,
    )
    assert res.expect_error(WeakPasswordError) == WeakPasswordError(
        reason="use at least 10 characters"
    )
    res = await t.rpc.call(
        user_password_change,
        PasswordChangeIn(current_password=PASSWORD, new_password="another long one"),
        as_=here,
    )
    assert res.status == 200 and res.output is None  # the body is {"ok": true}
    assert (await t.rpc.call(sessions_list, as_=here)).status == 200
    assert (await t.rpc.call(sessions_list, as_=elsewhere)).status == 401
    async with xact_admin() as q:  # every other session ends, panopticon's too
        assert (await harness(q).test_session_fetch(id=admin_app.id)).expired_at is not None
    relogin = await t.rpc.call(login, LoginIn(email=c.user.email, password="another long one"))
    assert relogin.status == 200
