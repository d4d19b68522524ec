import asyncio
import dataclasses
import datetime
import uuid
from typing import Any

import pytest

from database.testing import harness
from database.xact import xact_admin
from foundation.auth.cookies import PERMANENT_SECONDS, sign_session
from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError, WeakPasswordError
from foundation.auth.login import LOCKOUT_FAILURES
from foundation.auth.passwords import hash_password
from foundation.base.env import reload_env
from foundation.rpc.errors import InputValidationError, UnauthorizedError
from foundation.rpc.route import Route
from foundation.testing.fixture import TFix
from foundation.testing.rpc import RPCResult
from foundation.testing.settings import override_env
from product.auth.init import InitOrganization, InitOut, InitUser
from product.auth.routes import (
    AuthOrganizationNotFoundError,
    EmailAlreadyExistsError,
    LoginIn,
    SessionNotFoundError,
    SessionRevokeIn,
    SignupIn,
    init,
    login,
    logout,
    session_revoke,
    sessions_list,
    signup,
)
from product.framework import PRODUCT
from product.framework.permissions import built_in

COOKIE = PRODUCT.cookie
PASSWORD = "a long enough password"


def _set_cookie_header(res: RPCResult[Any]) -> str:
    [header] = [h for h in res.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "=")]
    return header


async def _user_with_password(t: TFix, **kwargs: object):
    customer = await t.factory.customer(password_hash=await hash_password(PASSWORD), **kwargs)  # type: ignore[arg-type]
    return customer


async def test_init_signed_out(t: TFix) -> None:
    res = await t.rpc.call(init)
    assert res.status == 200
    assert res.output == InitOut(user=None, organization=None, available_organizations=[])


async def test_init_signed_in_lists_every_organization(t: TFix) -> None:
    c = await t.factory.customer(name="Ada")
    other = await t.factory.organization(name="Second")
    await t.factory.membership(user=c.user, organization=other, role="member")
    out = (await t.rpc.call(init, as_=c)).output
    assert out.user == InitUser(id=c.user.id, name="Ada", email=c.user.email, email_verified=True)
    assert out.organization == InitOrganization(
        id=c.organization.id,
        name=c.organization.name,
        role="owner",
        permissions=sorted(built_in("owner")),
    )
    assert [o.id for o in out.available_organizations] == [c.organization.id, other.id]


async def test_signup_creates_a_complete_owner_and_signs_in(t: TFix) -> None:
    res = await t.rpc.call(
        signup,
        SignupIn(
            name=" Grace ",
            email="Grace@Example.test",
            password=PASSWORD,
            organization_name="Navy",
        ),
    )
    out = res.output
    assert res.status == 200
    assert out.user is not None and out.user.name == "Grace"
    assert out.organization is not None
    assert out.organization.role == "owner"
    assert out.organization.name == "Navy"
    assert "HttpOnly" in _set_cookie_header(res) and "SameSite=Lax" in _set_cookie_header(res)
    assert "Max-Age" not in _set_cookie_header(res)  # a browser-session cookie
    after = await t.rpc.call(init, as_=res.cookies[COOKIE])
    assert after.output == out
    async with xact_admin() as q:
        row = await harness(q).test_signup_shape(user_id=out.user.id)
    assert (row.signup_step, row.inbound_source, row.role) == ("complete", "organic", "owner")


async def test_signup_errors(t: TFix) -> None:
    taken = await t.factory.user(email="taken@example.test")
    base = SignupIn(name="X", email="new@example.test", password=PASSWORD, organization_name="Org")
    res = await t.rpc.call(signup, dataclasses.replace(base, email=taken.email.upper()))
    assert res.status == 400
    assert res.expect_error(EmailAlreadyExistsError) == EmailAlreadyExistsError()
    res = await t.rpc.call(
        signup, dataclasses.replace(base, email="new@example.test", password="short")
    )
    assert res.expect_error(WeakPasswordError) == WeakPasswordError(
        reason="use at least 10 characters"
    )
    email = "same-as-password@example.test"
    res = await t.rpc.call(signup, dataclasses.replace(base, email=email, password=email))
    res.expect_error(WeakPasswordError)
    res = await t.rpc.call(signup, dataclasses.replace(base, email="not-an-email"))
    assert "email" in res.expect_error(InputValidationError).fields
    res = await t.rpc.call(signup, dataclasses.replace(base, email="a@b.test", name="  "))
    assert "name" in res.expect_error(InputValidationError).fields


async def test_signup_refuses_names_with_line_breaks(t: TFix) -> None:
    # Names reach email subjects (invites): a line break there once stopped every email.
    base = SignupIn(
        name="Ada", email="line-breaks@example.test", password=PASSWORD, organization_name="Org"
    )
    for field in ("name", "organization_name"):
        res = await t.rpc.call(signup, dataclasses.replace(base, **{field: "Ada\r\nBcc: x@y.test"}))
        fields = res.expect_error(InputValidationError).fields
        assert list(fields) == [field] and "control characters" in fields[field]


async def test_login_issues_a_new_session_every_time(t: TFix) -> None:
    c = await _user_with_password(t)
    first = await t.rpc.call(login, LoginIn(email=c.user.email.upper(), password=PASSWORD))
    out = first.output
    assert first.status == 200
    assert out.user is not None and out.user.id == c.user.id
    assert out.organization is not None and out.organization.id == c.organization.id
    old = first.cookies[COOKIE]
    second = await t.rpc.call(
        login, LoginIn(email=c.user.email, password=PASSWORD), cookies={COOKIE: old}
    )
    new = second.cookies[COOKIE]
    assert new and new != old  # no session fixation
    # Logging in again ended the session the request came with.
    assert (await t.rpc.call(sessions_list, as_=old)).status == 401
    assert (await t.rpc.call(sessions_list, as_=new)).status == 200


async def test_login_permanent_gives_a_thirty_day_cookie(t: TFix) -> None:
    c = await _user_with_password(t)
    res = await t.rpc.call(login, LoginIn(email=c.user.email, password=PASSWORD, permanent=True))
    assert f"Max-Age={PERMANENT_SECONDS}" in _set_cookie_header(res)


async def test_login_errors(t: TFix) -> None:
    c = await _user_with_password(t)
    foreign = await t.factory.organization()
    wrong = LoginIn(email=c.user.email, password="wrong password")
    res = await t.rpc.call(login, wrong)
    assert res.status == 400
    assert res.expect_error(InvalidCredentialsError) == InvalidCredentialsError()
    assert COOKIE not in res.cookies
    res = await t.rpc.call(
        login, LoginIn(email=c.user.email, password=PASSWORD, organization_id=foreign.id)
    )
    assert res.expect_error(AuthOrganizationNotFoundError) == AuthOrganizationNotFoundError(
        organization_id=foreign.id
    )
    for _ in range(LOCKOUT_FAILURES):  # (the good login above reset the count)
        await t.rpc.call(login, wrong)
    res = await t.rpc.call(login, LoginIn(email=c.user.email, password=PASSWORD))
    assert res.expect_error(TooManyAttemptsError).retry_after_seconds > 0


async def test_login_selects_the_requested_or_most_recently_used_organization(t: TFix) -> None:
    c = await _user_with_password(t)
    second = await t.factory.organization()
    await t.factory.membership(user=c.user, organization=second, role="member")
    res = await t.rpc.call(
        login, LoginIn(email=c.user.email, password=PASSWORD, organization_id=second.id)
    )
    assert res.output.organization == InitOrganization(
        id=second.id, name=second.name, role="member", permissions=sorted(built_in("member"))
    )
    # That session is now the most recently used one, so its organization is the default.
    res = await t.rpc.call(login, LoginIn(email=c.user.email, password=PASSWORD))
    organization = res.output.organization
    assert organization is not None and organization.id == second.id


async def test_logout_ends_the_session_at_once(t: TFix) -> None:
    c = await t.factory.customer()
    cookie = await t.rpc.cookie(PRODUCT, c)
    res = await t.rpc.call(logout, as_=cookie)
    assert res.status == 200 and res.output is None  # the body is {"ok": true}
    assert res.cookies[COOKIE] == ""
    after = await t.rpc.call(logout, as_=cookie)
    assert after.expect_error(UnauthorizedError) == UnauthorizedError()  # (a 401)
    assert (await t.rpc.call(init, as_=cookie)).output.user is None


async def test_sessions_list_and_revoke(t: TFix) -> None:
    c = await t.factory.customer()
    mine = await t.rpc.cookie(PRODUCT, c)
    other_device = await t.factory.session(user=c.user, organization=c.organization)
    res = await t.rpc.call(sessions_list, as_=mine)
    assert res.status == 200
    by_id = {s.id: s.current for s in res.output.items}
    assert by_id[other_device.id] is False and sorted(by_id.values()) == [False, True]
    revoke = await t.rpc.call(session_revoke, SessionRevokeIn(session_id=other_device.id), as_=mine)
    assert revoke.status == 200 and COOKIE not in revoke.cookies
    revoked_cookie = await t.rpc.cookie(PRODUCT, other_device)
    assert (await t.rpc.call(sessions_list, as_=revoked_cookie)).status == 401
    res = await t.rpc.call(sessions_list, as_=mine)
    assert [s.current for s in res.output.items] == [True]
    again = await t.rpc.call(session_revoke, SessionRevokeIn(session_id=other_device.id), as_=mine)
    assert again.expect_error(SessionNotFoundError) == SessionNotFoundError(
        session_id=other_device.id
    )


async def test_revoking_the_current_session_clears_the_cookie(t: TFix) -> None:
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    res = await t.rpc.call(session_revoke, SessionRevokeIn(session_id=session.id), as_=session)
    assert res.status == 200 and res.cookies[COOKIE] == ""
    assert (await t.rpc.call(sessions_list, as_=session)).status == 401


async def test_another_users_session_cannot_be_seen_or_revoked(t: TFix) -> None:
    me, them = await t.factory.customer(), await t.factory.customer()
    theirs = await t.factory.session(user=them.user, organization=them.organization)
    res = await t.rpc.call(sessions_list, as_=me)
    assert theirs.id not in {s.id for s in res.output.items}
    revoke = await t.rpc.call(session_revoke, SessionRevokeIn(session_id=theirs.id), as_=me)
    revoke.expect_error(SessionNotFoundError)
    assert (await t.rpc.call(sessions_list, as_=theirs)).status == 200


async def test_disabled_users_and_expired_sessions_get_401(t: TFix) -> None:
    t.freeze_time()
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, lifetime=datetime.timedelta(hours=1))
    assert (await t.rpc.call(sessions_list, as_=session)).status == 200
    t.advance_time(datetime.timedelta(hours=1, seconds=1))
    res = await t.rpc.call(sessions_list, as_=session)
    assert res.expect_error(UnauthorizedError) == UnauthorizedError()  # (a 401)
    assert res.cookies[COOKIE] == ""  # a dead cookie is cleared
    fresh = await t.factory.session(user=c.user)
    async with xact_admin() as q:
        await harness(q).test_user_disable(id=c.user.id)
    assert (await t.rpc.call(sessions_list, as_=fresh)).status == 401


async def test_forged_or_foreign_cookies_are_anonymous(t: TFix) -> None:
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    for cookie in [session.id, f"{session.id}.forged", sign_session("panopticon", session.id)]:
        assert (await t.rpc.call(init, as_=cookie)).output.user is None
        assert (await t.rpc.call(logout, as_=cookie)).status == 401


async def test_panopticon_sessions_never_authenticate_product(t: TFix) -> None:
    """Product's side of panopticon/auth/routes_test.py::test_sessions_never_cross_apps."""
    c = await t.factory.customer()
    panopticon_session = await t.factory.session(user=c.user, app="panopticon")
    # Its row says panopticon, though signed for product (a leaked secret).
    assert (await t.rpc.call(init, as_=panopticon_session)).output.user is None
    # The panopticon cookie itself, sent under product's name.
    cookie = sign_session("panopticon", panopticon_session.id)
    assert (await t.rpc.call(init, cookies={PRODUCT.cookie: cookie})).output.user is None


async def test_last_seen_at_is_written_at_most_once_a_minute(t: TFix) -> None:
    start = t.freeze_time()
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user)

    async def last_seen() -> datetime.datetime:
        async with xact_admin() as q:
            return (await harness(q).test_session_fetch(id=session.id)).last_seen_at

    before = await last_seen()
    t.advance_time(datetime.timedelta(seconds=30))
    await t.rpc.call(init, as_=session)
    assert await last_seen() == before
    t.advance_time(datetime.timedelta(seconds=45))
    await t.rpc.call(init, as_=session)
    assert await last_seen() == start + datetime.timedelta(seconds=75)


@pytest.mark.parametrize(
    ("route", "data"),
    [
        (logout, None),
        (sessions_list, None),
        (session_revoke, SessionRevokeIn(session_id="ses_x")),
    ],
    ids=["logout", "sessions_list", "session_revoke"],
)
async def test_user_routes_need_a_session(t: TFix, route: Route[Any, Any], data: Any) -> None:
    res = await t.rpc.call(route, data)
    assert res.expect_error(UnauthorizedError) == UnauthorizedError()  # (a 401)


async def test_concurrent_signups_with_one_email_give_one_account(t: TFix) -> None:
    email = f"race-{id(t)}@example.test"
    data = SignupIn(name="R", email=email, password=PASSWORD, organization_name="O")
    results = await asyncio.gather(
        *(
            t.rpc.call(signup, dataclasses.replace(data, email=e))
            for e in [email, email.upper()] * 3
        )
    )
    assert sorted(r.status for r in results) == [200, 400, 400, 400, 400, 400]
    for r in results:
        if r.status != 200:
            r.expect_error(EmailAlreadyExistsError)
    async with xact_admin() as q:
        assert await harness(q).test_users_with_email_count(email=email) == 1


async def test_behind_a_trusted_proxy_the_lockout_is_per_client_address(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With WEB_TRUSTED_PROXIES=1 the client is the proxy's X-Forwarded-For entry: a client
    locked out by its failures does not lock the owner out (and a forged first hop is
    not believed)."""
    monkeypatch.setenv("WEB_TRUSTED_PROXIES", "1")
    reload_env()
    try:
        c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
        wrong = LoginIn(email=c.user.email, password="wrong password!")
        attacker = {"X-Forwarded-For": "1.2.3.4, 198.51.100.66"}
        for _ in range(LOCKOUT_FAILURES):
            (await t.rpc.call(login, wrong, headers=attacker)).expect_error(InvalidCredentialsError)
        forged = {"X-Forwarded-For": "203.0.113.7, 198.51.100.66"}
        (await t.rpc.call(login, wrong, headers=forged)).expect_error(TooManyAttemptsError)
        right = LoginIn(email=c.user.email, password=PASSWORD)
        owner = {"X-Forwarded-For": "203.0.113.7"}
        assert (await t.rpc.call(login, right, headers=owner)).output.user is not None
    finally:
        monkeypatch.undo()
        reload_env()


async def test_signup_is_rate_limited_per_client_and_forwarded_for_is_not_trusted(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, rate_limits="signup=2/100/600")
    async with xact_admin() as q:
        await harness(q).test_rate_limits_clear(action="signup")
    answers: list[RPCResult[InitOut]] = []
    for i in range(3):
        body = {
            "name": "Ada",
            "email": f"limited-{i}-{uuid.uuid4().hex[:8]}@example.test",
            "password": PASSWORD,
            "organization_name": "Org",
        }
        # A client on an untrusted address cannot pick the address it is counted under.
        res = await t.rpc.raw(signup, body, headers={"X-Forwarded-For": f"203.0.113.{i}"})
        answers.append(res)
    assert [r.status for r in answers] == [200, 200, 400]
    error = answers[2].expect_error(TooManyAttemptsError)
    assert 0 < error.retry_after_seconds <= 600
