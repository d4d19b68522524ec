"""Account protection on the product's routes (issue 30): the breached-password policy on
every new password (signup, password change, reset, an invite's new account) and the
captcha on signup, password_reset_request and login after failures; here with the fakes
of the two services (`protection_http_test.py` runs the real clients over HTTP)."""

from __future__ import annotations

import uuid

import pytest

from foundation.auth.breached import BREACHED_REASON
from foundation.auth.errors import (
    CaptchaRequiredError,
    InvalidCredentialsError,
    WeakPasswordError,
)
from foundation.auth.passwords import hash_password
from foundation.base.observability.metrics import metrics_text
from foundation.base.observability.metrics_test import sample
from foundation.external.captcha import FakeCaptcha
from foundation.external.pwned import FakePwnedPasswords
from foundation.external.registry import override_services
from foundation.testing.fixture import TFix
from foundation.testing.outbox import code_in, delivered_to
from foundation.testing.server import fresh_address
from foundation.testing.settings import override_env
from product.account.routes import (
    PasswordResetCompleteIn,
    PasswordResetRequestIn,
    password_reset_complete,
    password_reset_request,
)
from product.auth.routes import LoginIn, SignupIn, login, signup
from product.invites.routes import InviteAcceptIn, invite_accept
from product.profile.routes import PasswordChangeIn, user_password_change
from product.sign_in_methods.routes import LoginCodeRequestIn, login_code_request

PASSWORD = "a long enough password"  # pragma: allowlist secret
BREACHED = "correct horse battery staple"  # pragma: allowlist secret
CLEAN = "an unbreached passphrase"  # pragma: allowlist secret


def _email(what: str) -> str:
    return f"{what}-{uuid.uuid4().hex[:10]}@example.test"


def _breached(monkeypatch: pytest.MonkeyPatch, mode: str = "enforce", **kwargs: object):
    override_env(monkeypatch, pwned_passwords=mode, **kwargs)
    return override_services(pwned_passwords=FakePwnedPasswords(breached={BREACHED: 3}))


def _signup(password: str, captcha_token: str | None = None) -> SignupIn:
    return SignupIn(
        name="Ada",
        email=_email("signup"),
        password=password,
        organization_name="Org",
        captcha_token=captcha_token,
    )


async def test_every_new_password_is_checked_against_breaches(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = WeakPasswordError(reason=BREACHED_REASON)
    with _breached(monkeypatch):
        assert (await t.rpc.call(signup, _signup(BREACHED))).expect_error(
            WeakPasswordError
        ) == refused
        assert (await t.rpc.call(signup, _signup(CLEAN))).status == 200

        c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
        change = PasswordChangeIn(current_password=PASSWORD, new_password=BREACHED)
        res = await t.rpc.call(user_password_change, change, as_=c)
        assert res.expect_error(WeakPasswordError) == refused

        await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=c.user.email))
        [message] = await delivered_to(c.user.email)
        reset = PasswordResetCompleteIn(code=code_in(message), new_password=BREACHED)
        res = await t.rpc.call(password_reset_complete, reset)
        assert res.expect_error(WeakPasswordError) == refused
        reset = PasswordResetCompleteIn(code=code_in(message), new_password=CLEAN)
        assert (await t.rpc.call(password_reset_complete, reset)).status == 200

        code = f"invite-{uuid.uuid4().hex}"
        await t.factory.invite(organization=c.organization, code=code)
        accept = InviteAcceptIn(code=code, name="New", password=BREACHED)
        res = await t.rpc.call(invite_accept, accept)
        assert res.expect_error(WeakPasswordError) == refused


async def test_the_minimum_count_check_mode_and_off(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _breached(monkeypatch, pwned_passwords_min_count=4):
        assert (await t.rpc.call(signup, _signup(BREACHED))).status == 200  # seen 3 times
    with _breached(monkeypatch, pwned_passwords_min_count=3):
        (await t.rpc.call(signup, _signup(BREACHED))).expect_error(WeakPasswordError)
    before = sample(metrics_text(), "blossom_pwned_passwords_checks_total", outcome="breached")
    with _breached(monkeypatch, mode="check"):
        assert (await t.rpc.call(signup, _signup(BREACHED))).status == 200
    after = sample(metrics_text(), "blossom_pwned_passwords_checks_total", outcome="breached")
    assert after == before + 1
    with _breached(monkeypatch, mode="off") as services:
        assert (await t.rpc.call(signup, _signup(BREACHED))).status == 200
        assert services.pwned_passwords is not None
        assert services.pwned_passwords.checked == []  # type: ignore[attr-defined]


async def test_an_unreachable_service_fails_open_with_a_metric_and_one_warning(
    t: TFix, monkeypatch: pytest.MonkeyPatch, logs: list[dict[str, object]]
) -> None:
    from foundation.auth import breached

    monkeypatch.setattr(breached.UNAVAILABLE, "_last", None)
    override_env(monkeypatch, pwned_passwords="enforce")
    before = sample(metrics_text(), "blossom_pwned_passwords_checks_total", outcome="unavailable")
    with override_services(pwned_passwords=FakePwnedPasswords(unreachable=True)):
        for _ in range(3):
            assert (await t.rpc.call(signup, _signup(BREACHED))).status == 200
    after = sample(metrics_text(), "blossom_pwned_passwords_checks_total", outcome="unavailable")
    assert after == before + 3
    warnings = [e for e in logs if str(e.get("event", "")).startswith("pwned passwords unreach")]
    assert len(warnings) == 1 and warnings[0]["log_level"] == "warning"


def _captcha(monkeypatch: pytest.MonkeyPatch, **kwargs: object) -> FakeCaptcha:
    override_env(
        monkeypatch,
        captcha_provider="turnstile",
        captcha_site_key="0x4AAA-site",
        captcha_secret="secret",  # pragma: allowlist secret
        web_trusted_proxies=1,
        **kwargs,
    )
    return FakeCaptcha()


def _from() -> dict[str, str]:
    """A client address of the test's own (failures are counted per client)."""
    return {"X-Forwarded-For": fresh_address()}


async def test_signup_and_reset_requests_need_a_captcha(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _captcha(monkeypatch)
    needed = CaptchaRequiredError(provider="turnstile", site_key="0x4AAA-site")
    client = _from()
    with override_services(captcha=fake):
        res = await t.rpc.call(signup, _signup(CLEAN), headers=client)
        assert res.expect_error(CaptchaRequiredError) == needed
        res = await t.rpc.call(signup, _signup(CLEAN, captcha_token="forged"), headers=client)
        assert res.expect_error(CaptchaRequiredError) == needed
        res = await t.rpc.call(signup, _signup(CLEAN, captcha_token="captcha-ok"), headers=client)
        assert res.status == 200
        assert fake.verified[-1] == ("captcha-ok", client["X-Forwarded-For"])

        email = _email("reset")
        res = await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=email))
        assert res.expect_error(CaptchaRequiredError) == needed
        ok = PasswordResetRequestIn(email=email, captcha_token="captcha-ok")
        assert (await t.rpc.call(password_reset_request, ok)).status == 200

        res = await t.rpc.call(login_code_request, LoginCodeRequestIn(email=email))
        assert res.expect_error(CaptchaRequiredError) == needed
        ok_code = LoginCodeRequestIn(email=email, captcha_token="captcha-ok")
        assert (await t.rpc.call(login_code_request, ok_code)).status == 200


async def test_login_needs_a_captcha_after_failures_from_that_client(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _captcha(monkeypatch, captcha_login_after_failures=2)
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    wrong = LoginIn(email=c.user.email, password="not the password")
    right = LoginIn(email=c.user.email, password=PASSWORD)
    attacker, owner = _from(), _from()
    with override_services(captcha=fake):
        for _ in range(2):
            res = await t.rpc.call(login, wrong, headers=attacker)
            res.expect_error(InvalidCredentialsError)
        # The third attempt from that client needs a captcha, the right password too.
        res = await t.rpc.call(login, right, headers=attacker)
        res.expect_error(CaptchaRequiredError)
        forged = LoginIn(email=c.user.email, password=PASSWORD, captcha_token="forged")
        (await t.rpc.call(login, forged, headers=attacker)).expect_error(CaptchaRequiredError)
        # The owner elsewhere signs in without one.
        assert (await t.rpc.call(login, right, headers=owner)).output.user is not None
        solved = LoginIn(email=c.user.email, password=PASSWORD, captcha_token="captcha-ok")
        assert (await t.rpc.call(login, solved, headers=attacker)).output.user is not None
    assert [token for token, _ in fake.verified] == ["forged", "captcha-ok"]
