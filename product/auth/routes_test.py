import asyncio
import datetime

import pytest

from database.xact import xact
from foundation.auth.cookies import PERMANENT_SECONDS
from foundation.auth.login import LOCKOUT_FAILURES
from foundation.auth.passwords import hash_password
from foundation.auth.sessions import cookie_name
from foundation.testing.fixture import TFix
from foundation.testing.rpc_client import RPCResponse

COOKIE = cookie_name("product")
PASSWORD = "a long enough password"


def _set_cookie_header(res: RPCResponse) -> str:
    [header] = [h for h in res.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "=")]
    return header


async def _user_with_password(t: TFix, **kwargs: object):
    customer = await t.factory.customer(password_hash=await hash_password(PASSWORD), **kwargs)  # type: ignore[arg-type]
    return customer


async def test_init_signed_out(t: TFix) -> None:
    res = await t.rpc.product("init")
    assert res.status == 200
    assert res.data == {"user": None, "organization": None, "available_organizations": []}


async def test_init_signed_in_lists_every_organization(t: TFix) -> None:
    c = await t.factory.customer(name="Ada")
    other = await t.factory.organization(name="Second")
    await t.factory.membership(user=c.user, organization=other, role="member")
    res = await t.rpc.product("init", as_=c)
    assert res.data["user"] == {"id": c.user.id, "name": "Ada", "email": c.user.email}
    assert res.data["organization"] == {
        "id": c.organization.id,
        "name": c.organization.name,
        "role": "owner",
    }
    assert [o["id"] for o in res.data["available_organizations"]] == [c.organization.id, other.id]


async def test_signup_creates_a_complete_owner_and_signs_in(t: TFix) -> None:
    res = await t.rpc.product(
        "signup",
        {
            "name": " Grace ",
            "email": "Grace@Example.test",
            "password": PASSWORD,
            "organization_name": "Navy",
        },
    )
    assert res.status == 200, res.body
    assert res.data["user"]["name"] == "Grace"
    assert res.data["organization"]["role"] == "owner"
    assert res.data["organization"]["name"] == "Navy"
    assert "HttpOnly" in _set_cookie_header(res) and "SameSite=Lax" in _set_cookie_header(res)
    assert "Max-Age" not in _set_cookie_header(res)  # a browser-session cookie
    init = await t.rpc.product("init", cookies={COOKIE: res.cookies[COOKIE]})
    assert init.data == res.data
    async with xact() as q:
        row = await q.conn.fetchrow(
            """SELECT u.signup_step, o.inbound_source, m.role FROM users u
               JOIN organizations_users m ON m.user_id = u.id
               JOIN organizations o ON o.id = m.organization_id WHERE u.id = $1""",
            res.data["user"]["id"],
        )
    assert row is not None and tuple(row) == ("complete", "organic", "owner")


async def test_signup_errors(t: TFix) -> None:
    taken = await t.factory.user(email="taken@example.test")
    base = {"name": "X", "password": PASSWORD, "organization_name": "Org"}
    res = await t.rpc.product("signup", {**base, "email": taken.email.upper()})
    assert (res.status, res.error) == (400, "EmailAlreadyExistsError")
    res = await t.rpc.product("signup", {**base, "email": "new@example.test", "password": "short"})
    assert (res.error, res.data) == ("WeakPasswordError", {"reason": "use at least 10 characters"})
    email = "same-as-password@example.test"
    res = await t.rpc.product("signup", {**base, "email": email, "password": email})
    assert res.error == "WeakPasswordError"
    res = await t.rpc.product("signup", {**base, "email": "not-an-email"})
    assert res.error == "InputValidationError" and "email" in res.data["fields"]
    res = await t.rpc.product("signup", {**base, "email": "a@b.test", "name": "  "})
    assert res.error == "InputValidationError" and "name" in res.data["fields"]


async def test_login_issues_a_new_session_every_time(t: TFix) -> None:
    c = await _user_with_password(t)
    first = await t.rpc.product("login", {"email": c.user.email.upper(), "password": PASSWORD})
    assert first.status == 200, first.body
    assert first.data["user"]["id"] == c.user.id
    assert first.data["organization"]["id"] == c.organization.id
    old = first.cookies[COOKIE]
    second = await t.rpc.product(
        "login", {"email": c.user.email, "password": PASSWORD}, cookies={COOKIE: old}
    )
    new = second.cookies[COOKIE]
    assert new and new != old  # no session fixation
    # Logging in again ended the session the request came with.
    assert (await t.rpc.product("sessions_list", cookies={COOKIE: old})).status == 401
    assert (await t.rpc.product("sessions_list", cookies={COOKIE: new})).status == 200


async def test_login_permanent_gives_a_thirty_day_cookie(t: TFix) -> None:
    c = await _user_with_password(t)
    res = await t.rpc.product(
        "login", {"email": c.user.email, "password": PASSWORD, "permanent": True}
    )
    assert f"Max-Age={PERMANENT_SECONDS}" in _set_cookie_header(res)


async def test_login_errors(t: TFix) -> None:
    c = await _user_with_password(t)
    foreign = await t.factory.organization()
    res = await t.rpc.product("login", {"email": c.user.email, "password": "wrong password"})
    assert (res.status, res.error, res.data) == (400, "InvalidCredentialsError", {})
    assert COOKIE not in res.cookies
    res = await t.rpc.product(
        "login", {"email": c.user.email, "password": PASSWORD, "organization_id": foreign.id}
    )
    assert res.error == "AuthOrganizationNotFoundError"
    for _ in range(LOCKOUT_FAILURES):  # (the good login above reset the count)
        await t.rpc.product("login", {"email": c.user.email, "password": "wrong password"})
    res = await t.rpc.product("login", {"email": c.user.email, "password": PASSWORD})
    assert res.error == "TooManyAttemptsError" and res.data["retry_after_seconds"] > 0


async def test_login_selects_the_requested_or_most_recently_used_organization(t: TFix) -> None:
    c = await _user_with_password(t)
    second = await t.factory.organization()
    await t.factory.membership(user=c.user, organization=second, role="member")
    res = await t.rpc.product(
        "login", {"email": c.user.email, "password": PASSWORD, "organization_id": second.id}
    )
    assert res.data["organization"] == {"id": second.id, "name": second.name, "role": "member"}
    # That session is now the most recently used one, so its organization is the default.
    res = await t.rpc.product("login", {"email": c.user.email, "password": PASSWORD})
    assert res.data["organization"]["id"] == second.id


async def test_logout_ends_the_session_at_once(t: TFix) -> None:
    c = await t.factory.customer()
    cookie = await t.rpc.cookie("product", c)
    res = await t.rpc.product("logout", cookies={COOKIE: cookie})
    assert (res.status, res.body) == (200, {"ok": True})
    assert res.cookies[COOKIE] == ""
    after = await t.rpc.product("logout", cookies={COOKIE: cookie})
    assert (after.status, after.error) == (401, "UnauthorizedError")
    assert (await t.rpc.product("init", cookies={COOKIE: cookie})).data["user"] is None


async def test_sessions_list_and_revoke(t: TFix) -> None:
    c = await t.factory.customer()
    mine = await t.rpc.cookie("product", c)
    other_device = await t.factory.session(user=c.user, organization=c.organization)
    res = await t.rpc.product("sessions_list", cookies={COOKIE: mine})
    assert res.status == 200
    by_id = {s["id"]: s["current"] for s in res.data}
    assert by_id[other_device.id] is False and sorted(by_id.values()) == [False, True]
    revoke = await t.rpc.product(
        "session_revoke", {"session_id": other_device.id}, cookies={COOKIE: mine}
    )
    assert revoke.status == 200 and COOKIE not in revoke.cookies
    revoked_cookie = await t.rpc.cookie("product", other_device)
    assert (await t.rpc.product("sessions_list", cookies={COOKIE: revoked_cookie})).status == 401
    res = await t.rpc.product("sessions_list", cookies={COOKIE: mine})
    assert [s["current"] for s in res.data] == [True]
    again = await t.rpc.product(
        "session_revoke", {"session_id": other_device.id}, cookies={COOKIE: mine}
    )
    assert (again.error, again.data) == ("SessionNotFoundError", {"session_id": other_device.id})


async def test_revoking_the_current_session_clears_the_cookie(t: TFix) -> None:
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    res = await t.rpc.product("session_revoke", {"session_id": session.id}, as_=session)
    assert res.status == 200 and res.cookies[COOKIE] == ""
    assert (await t.rpc.product("sessions_list", as_=session)).status == 401


async def test_another_users_session_cannot_be_seen_or_revoked(t: TFix) -> None:
    me, them = await t.factory.customer(), await t.factory.customer()
    theirs = await t.factory.session(user=them.user, organization=them.organization)
    res = await t.rpc.product("sessions_list", as_=me)
    assert theirs.id not in {s["id"] for s in res.data}
    res = await t.rpc.product("session_revoke", {"session_id": theirs.id}, as_=me)
    assert res.error == "SessionNotFoundError"
    assert (await t.rpc.product("sessions_list", as_=theirs)).status == 200


async def test_disabled_users_and_expired_sessions_get_401(t: TFix) -> None:
    t.freeze_time()
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, lifetime=datetime.timedelta(hours=1))
    assert (await t.rpc.product("sessions_list", as_=session)).status == 200
    t.advance_time(datetime.timedelta(hours=1, seconds=1))
    res = await t.rpc.product("sessions_list", as_=session)
    assert (res.status, res.error) == (401, "UnauthorizedError")
    assert res.cookies[COOKIE] == ""  # a dead cookie is cleared
    fresh = await t.factory.session(user=c.user)
    async with xact() as q:
        await q.conn.execute("UPDATE users SET is_enabled = false WHERE id = $1", c.user.id)
    assert (await t.rpc.product("sessions_list", as_=fresh)).status == 401


async def test_forged_or_foreign_cookies_are_anonymous(t: TFix) -> None:
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    for cookie in [session.id, f"{session.id}.forged", await t.rpc.cookie("panopticon", session)]:
        assert (await t.rpc.product("init", cookies={COOKIE: cookie})).data["user"] is None
        assert (await t.rpc.product("logout", cookies={COOKIE: cookie})).status == 401


async def test_last_seen_at_is_written_at_most_once_a_minute(t: TFix) -> None:
    start = t.freeze_time()
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user)

    async def last_seen() -> datetime.datetime | None:
        async with xact() as q:
            return await q.conn.fetchval(
                "SELECT last_seen_at FROM sessions WHERE id = $1", session.id
            )

    before = await last_seen()
    t.advance_time(datetime.timedelta(seconds=30))
    await t.rpc.product("init", as_=session)
    assert await last_seen() == before
    t.advance_time(datetime.timedelta(seconds=45))
    await t.rpc.product("init", as_=session)
    assert await last_seen() == start + datetime.timedelta(seconds=75)


@pytest.mark.parametrize(
    ("name", "data"),
    [("logout", None), ("sessions_list", None), ("session_revoke", {"session_id": "ses_x"})],
)
async def test_user_routes_need_a_session(t: TFix, name: str, data: object) -> None:
    res = await t.rpc.product(name, data)
    assert (res.status, res.error) == (401, "UnauthorizedError")


async def test_concurrent_signups_with_one_email_give_one_account(t: TFix) -> None:
    email = f"race-{id(t)}@example.test"
    data = {"name": "R", "email": email, "password": PASSWORD, "organization_name": "O"}
    results = await asyncio.gather(
        *(t.rpc.product("signup", {**data, "email": e}) for e in [email, email.upper()] * 3)
    )
    assert sorted(r.status for r in results) == [200, 400, 400, 400, 400, 400]
    assert {r.error for r in results if r.status != 200} == {"EmailAlreadyExistsError"}
    async with xact() as q:
        assert (
            await q.conn.fetchval(
                "SELECT count(*) FROM users WHERE lower(email) = lower($1)", email
            )
            == 1
        )
