"""Email-code sign-in: `login_code_request` and `login_code_verify` through the funnel."""

from __future__ import annotations

import datetime
import re
import uuid
from urllib.parse import quote

import pytest

from database.testing import harness
from database.xact import xact_admin
from foundation.auth.errors import LoginCodeInvalidError, MFARequiredError, TooManyAttemptsError
from foundation.auth.login import LOCKOUT_FAILURES
from foundation.email.transport import OutgoingEmail
from foundation.testing.fixture import TFix
from foundation.testing.mfa import enable_mfa
from foundation.testing.outbox import delivered_to
from foundation.testing.settings import override_env
from product.auth.routes import init
from product.framework import PRODUCT
from product.mfa.routes import LoginMfaIn, login_mfa
from product.sign_in_methods.routes import (
    LoginCodeRequestIn,
    LoginCodeVerifyIn,
    login_code_request,
    login_code_verify,
)

# The contract's numbers (issue 27), not the constants: changing one must fail a test.
ATTEMPTS = 5
LIFETIME = datetime.timedelta(minutes=10)

_CODE = re.compile(r"sign-in code: (\d{6})")


def _code(message: OutgoingEmail) -> str:
    found = _CODE.search(message.text)
    assert found, message.text
    return found.group(1)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def _request(t: TFix, email: str) -> str:
    """Ask for a code; the newest one delivered."""
    res = await t.rpc.call(login_code_request, LoginCodeRequestIn(email=email))
    assert res.status == 200 and res.output is None
    return _code((await delivered_to(email))[-1])


async def _method(user_id: str) -> tuple[str | None, str | None]:
    async with xact_admin() as q:
        [session_id] = await harness(q).test_user_sessions(user_id=user_id)
        row = await harness(q).test_session_sign_in(id=session_id)
    return row.sign_in_method, row.second_factor


async def test_a_request_tells_nobody_whether_an_account_exists(t: TFix) -> None:
    c = await t.factory.customer()
    unknown = f"nobody-{uuid.uuid4().hex[:10]}@example.test"
    known = await t.rpc.call(login_code_request, LoginCodeRequestIn(email=c.user.email))
    nobody = await t.rpc.call(login_code_request, LoginCodeRequestIn(email=unknown))
    assert (known.status, known.output) == (nobody.status, nobody.output) == (200, None)
    assert await delivered_to(unknown) == []
    [message] = await delivered_to(c.user.email)
    code = _code(message)
    assert f"/sign-in-code#email={quote(c.user.email)}&code={code}" in message.text


async def test_the_code_signs_in_once_and_proves_the_address(t: TFix) -> None:
    user = await t.factory.user(email_verified=False)
    code = await _request(t, user.email)
    res = await t.rpc.call(login_code_verify, LoginCodeVerifyIn(email=user.email, code=code))
    signed_in = res.output.user
    assert signed_in.id == user.id and signed_in.email_verified
    assert res.cookies[PRODUCT.cookie]
    assert (await _method(user.id)) == ("login_code", None)
    again = await t.rpc.call(login_code_verify, LoginCodeVerifyIn(email=user.email, code=code))
    again.expect_error(LoginCodeInvalidError)
    me = await t.rpc.call(init, as_=res.cookies[PRODUCT.cookie])
    assert me.output.user is not None and me.output.user.email_verified


async def test_a_newer_request_ends_the_older_code(t: TFix) -> None:
    user = await t.factory.user()
    older = await _request(t, user.email)
    newer = await _request(t, user.email)
    stale = await t.rpc.call(login_code_verify, LoginCodeVerifyIn(email=user.email, code=older))
    if older != newer:  # one in a million they are the same code
        stale.expect_error(LoginCodeInvalidError)
    ok = await t.rpc.call(login_code_verify, LoginCodeVerifyIn(email=user.email, code=newer))
    assert ok.output.user.id == user.id
    # With the newer one used, the older one is still no good.
    stale = await t.rpc.call(login_code_verify, LoginCodeVerifyIn(email=user.email, code=older))
    if older != newer:
        stale.expect_error(LoginCodeInvalidError)


async def test_a_code_lasts_ten_minutes(t: TFix) -> None:
    user = await t.factory.user()
    t.freeze_time()
    code = await _request(t, user.email)
    t.advance_time(LIFETIME - datetime.timedelta(seconds=1))
    wrong = LoginCodeVerifyIn(email=user.email, code=_wrong(code))
    (await t.rpc.call(login_code_verify, wrong)).expect_error(LoginCodeInvalidError)
    t.advance_time(datetime.timedelta(seconds=1))  # 10 minutes: over
    res = await t.rpc.call(login_code_verify, LoginCodeVerifyIn(email=user.email, code=code))
    res.expect_error(LoginCodeInvalidError)


async def test_a_code_of_another_address_does_not_sign_in(t: TFix) -> None:
    user, other = await t.factory.user(), await t.factory.user()
    code = await _request(t, user.email)
    await _request(t, other.email)
    res = await t.rpc.call(login_code_verify, LoginCodeVerifyIn(email=other.email, code=code))
    if code != _code((await delivered_to(other.email))[-1]):
        res.expect_error(LoginCodeInvalidError)


async def test_five_wrong_codes_use_the_code_up(t: TFix) -> None:
    user = await t.factory.user()
    code = await _request(t, user.email)
    for _ in range(ATTEMPTS - 1):
        wrong = LoginCodeVerifyIn(email=user.email, code=_wrong(code))
        (await t.rpc.call(login_code_verify, wrong)).expect_error(LoginCodeInvalidError)
    # Four wrong guesses leave it working...
    ok = await t.rpc.call(login_code_verify, LoginCodeVerifyIn(email=user.email, code=code))
    assert ok.output.user.id == user.id
    # ...the fifth ends it.
    code = await _request(t, user.email)
    for _ in range(ATTEMPTS):
        wrong = LoginCodeVerifyIn(email=user.email, code=_wrong(code))
        (await t.rpc.call(login_code_verify, wrong)).expect_error(LoginCodeInvalidError)
    late = await t.rpc.call(login_code_verify, LoginCodeVerifyIn(email=user.email, code=code))
    late.expect_error(LoginCodeInvalidError)


async def test_wrong_codes_lock_the_client_out_of_the_address(t: TFix) -> None:
    user = await t.factory.user()
    for _ in range(LOCKOUT_FAILURES):
        code = await _request(t, user.email)
        wrong = LoginCodeVerifyIn(email=user.email, code=_wrong(code))
        (await t.rpc.call(login_code_verify, wrong)).expect_error(LoginCodeInvalidError)
    code = await _request(t, user.email)
    res = await t.rpc.call(login_code_verify, LoginCodeVerifyIn(email=user.email, code=code))
    res.expect_error(TooManyAttemptsError)


async def test_two_factor_authentication_still_applies(t: TFix) -> None:
    user = await t.factory.user()
    mfa = await enable_mfa(user.id)
    code = await _request(t, user.email)
    res = await t.rpc.call(login_code_verify, LoginCodeVerifyIn(email=user.email, code=code))
    challenge = res.expect_error(MFARequiredError).challenge
    assert PRODUCT.cookie not in res.cookies
    done = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=mfa.code()))
    assert done.output.user.id == user.id
    assert (await _method(user.id)) == ("login_code", "totp")


async def test_a_passkey_set_as_second_factor_is_asked_for_too(t: TFix) -> None:
    user = await t.factory.user()
    async with xact_admin() as q:
        await harness(q).test_passkey_second_factor_create(user_id=user.id)
    code = await _request(t, user.email)
    res = await t.rpc.call(login_code_verify, LoginCodeVerifyIn(email=user.email, code=code))
    res.expect_error(MFARequiredError)
    assert PRODUCT.cookie not in res.cookies


async def test_a_disabled_user_gets_no_code_and_no_session(t: TFix) -> None:
    user = await t.factory.user(is_enabled=False)
    await t.rpc.call(login_code_request, LoginCodeRequestIn(email=user.email))
    assert await delivered_to(user.email) == []


async def test_requests_and_guesses_are_rate_limited(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(
        monkeypatch, rate_limits="login_code_request=2/100/600,login_code_verify=2/100/600"
    )
    async with xact_admin() as q:
        for action in ("login_code_request", "login_code_verify"):
            await harness(q).test_rate_limits_clear(action=action)
    user = await t.factory.user()
    request = LoginCodeRequestIn(email=user.email)
    answers = [await t.rpc.call(login_code_request, request) for _ in range(3)]
    assert [a.status for a in answers[:2]] == [200, 200]
    answers[2].expect_error(TooManyAttemptsError)
    guess = LoginCodeVerifyIn(email=user.email, code="000000")
    guesses = [await t.rpc.call(login_code_verify, guess) for _ in range(3)]
    guesses[2].expect_error(TooManyAttemptsError)
