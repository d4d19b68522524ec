"""Passkeys through the routes, answered by a software authenticator
(`foundation.testing.authenticator`: real keys, real CBOR and signatures) and checked by
the `webauthn` library: registering and managing them, passwordless sign-in, the second
factor, re-authentication, and every refusal (a replayed or expired challenge, a counter
going back, another origin or relying party, no user verification). The browser's own
authenticator: browser_test.py."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from webauthn.helpers import bytes_to_base64url

from database.testing import harness
from database.testing.factory import Customer
from foundation.auth.errors import (
    InvalidCredentialsError,
    MFACodeInvalidError,
    MFARequiredError,
    PasskeyInvalidError,
    ReauthenticationRequiredError,
    TooManyAttemptsError,
)
from foundation.auth.login import LOCKOUT_FAILURES
from foundation.auth.passwords import hash_password
from foundation.base.env import ENV
from foundation.db import xact_admin
from foundation.testing.authenticator import SoftAuthenticator
from foundation.testing.fixture import TFix
from foundation.testing.mfa import enable_mfa
from foundation.testing.server import fresh_address
from foundation.testing.settings import override_env
from product.account.routes import UserDeleteIn, user_delete
from product.auth.routes import LoginIn, login, sessions_list
from product.framework import PRODUCT
from product.mfa.routes import LoginMfaIn, login_mfa
from product.passkeys.routes import (
    PasskeyAlreadyRegisteredError,
    PasskeyDeleteIn,
    PasskeyLoginVerifyIn,
    PasskeyNotFoundError,
    PasskeyRegisterVerifyIn,
    PasskeyRenameIn,
    SessionReauthenticateIn,
    passkey_delete,
    passkey_login_options,
    passkey_login_verify,
    passkey_register_options,
    passkey_register_verify,
    passkey_rename,
    passkeys_list,
    session_reauthenticate,
)

PASSWORD = "a long enough password"
CHALLENGE_TTL = datetime.timedelta(minutes=5)
"""How long a challenge lasts (written out: a test of the rule, not of its constant)."""
RECENT_AUTHENTICATION = datetime.timedelta(minutes=10)
"""How long a sign-in or re-authentication counts as recent (`passkey_delete`)."""


def _authenticator(**kwargs: Any) -> SoftAuthenticator:
    return SoftAuthenticator(origin=ENV.webauthn_origin_list[0], rp_id=ENV.webauthn_rp, **kwargs)


async def _customer(t: TFix) -> Customer:
    return await t.factory.customer(password_hash=await hash_password(PASSWORD))


async def _register(t: TFix, c: Customer, key: SoftAuthenticator, name: str = "Laptop") -> str:
    options = (await t.rpc.call(passkey_register_options, as_=c)).output.options
    credential = key.create(options)
    res = await t.rpc.call(
        passkey_register_verify, PasskeyRegisterVerifyIn(credential=credential, name=name), as_=c
    )
    return res.output.id


async def _login_options(t: TFix) -> dict[str, Any]:
    return (await t.rpc.call(passkey_login_options)).output.options


async def _sign_in(t: TFix, credential: dict[str, Any]) -> Any:
    return await t.rpc.call(passkey_login_verify, PasskeyLoginVerifyIn(credential=credential))


async def test_register_rename_list_and_sign_in_without_a_password(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    options = (await t.rpc.call(passkey_register_options, as_=c)).output.options
    assert options["rp"]["id"] == ENV.webauthn_rp
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    credential = key.create(options)
    made = await t.rpc.call(
        passkey_register_verify, PasskeyRegisterVerifyIn(credential=credential, name="Mac"), as_=c
    )
    passkey_id = made.output.id
    renamed = await t.rpc.call(
        passkey_rename, PasskeyRenameIn(passkey_id=passkey_id, name="Work Mac"), as_=c
    )
    assert renamed.output.name == "Work Mac"
    listed = (await t.rpc.call(passkeys_list, as_=c)).output.items
    assert [(p.id, p.name, p.backed_up, p.last_used_at) for p in listed] == [
        (passkey_id, "Work Mac", True, None)
    ]

    login_options = await _login_options(t)
    assert login_options["userVerification"] == "required"
    res = await _sign_in(t, key.get(login_options))
    assert res.output.user.id == c.user.id
    assert res.output.organization is not None
    mine = (await t.rpc.call(sessions_list, cookies=res.cookies)).output.items
    current = next(s for s in mine if s.current)
    assert (current.sign_in_method, current.second_factor) == ("passkey", None)
    assert (await t.rpc.call(passkeys_list, as_=c)).output.items[0].last_used_at is not None
    # The registration challenge worked once: the same answer again is refused.
    again = await t.rpc.call(
        passkey_register_verify, PasskeyRegisterVerifyIn(credential=credential, name="x"), as_=c
    )
    again.expect_error(PasskeyInvalidError)


async def test_a_sign_in_challenge_works_once(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    options = await _login_options(t)
    answer = key.get(options)
    assert (await _sign_in(t, answer)).output.user.id == c.user.id
    (await _sign_in(t, answer)).expect_error(InvalidCredentialsError)
    # A fresh signature of the used challenge (the counter moved on) is refused as well.
    (await _sign_in(t, key.get(options))).expect_error(InvalidCredentialsError)
    # A wrong answer uses its challenge up too.
    options = await _login_options(t)
    (await _sign_in(t, key.get(options, origin="https://elsewhere.example"))).expect_error(
        InvalidCredentialsError
    )
    (await _sign_in(t, key.get(options))).expect_error(InvalidCredentialsError)


async def test_a_challenge_lasts_five_minutes(t: TFix) -> None:
    t.freeze_time()
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    fresh = await _login_options(t)
    t.advance_time(CHALLENGE_TTL - datetime.timedelta(seconds=1))
    assert (await _sign_in(t, key.get(fresh))).output.user.id == c.user.id
    stale = await _login_options(t)
    t.advance_time(CHALLENGE_TTL)
    (await _sign_in(t, key.get(stale))).expect_error(InvalidCredentialsError)
    # The same for registering.
    options = (await t.rpc.call(passkey_register_options, as_=c)).output.options
    t.advance_time(CHALLENGE_TTL)
    late = await t.rpc.call(
        passkey_register_verify,
        PasskeyRegisterVerifyIn(credential=key.create(options), name="Late"),
        as_=c,
    )
    late.expect_error(PasskeyInvalidError)


async def test_a_signature_counter_going_back_is_refused(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    passkey = key.passkeys[0]
    for _ in range(2):
        assert (await _sign_in(t, key.get(await _login_options(t)))).output.user.id == c.user.id
    assert passkey.sign_count == 2
    passkey.sign_count = 1  # a clone that signed less often: reports 2 again
    (await _sign_in(t, key.get(await _login_options(t)))).expect_error(InvalidCredentialsError)
    passkey.sign_count = 0  # reports 1
    (await _sign_in(t, key.get(await _login_options(t)))).expect_error(InvalidCredentialsError)
    passkey.sign_count = 5  # past it again: fine
    assert (await _sign_in(t, key.get(await _login_options(t)))).output.user.id == c.user.id


async def test_an_authenticator_without_a_counter_signs_in_every_time(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    options = (await t.rpc.call(passkey_register_options, as_=c)).output.options
    credential = key.create(options)
    key.passkeys[0].counts = False
    await t.rpc.call(
        passkey_register_verify, PasskeyRegisterVerifyIn(credential=credential, name="Key"), as_=c
    )
    for _ in range(2):
        assert (await _sign_in(t, key.get(await _login_options(t)))).output.user.id == c.user.id


async def test_answers_for_another_site_or_without_user_verification_are_refused(
    t: TFix,
) -> None:
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    for answer in (
        key.get(await _login_options(t), origin="https://phishing.example"),
        key.get(await _login_options(t), rp_id="phishing.example"),
    ):
        (await _sign_in(t, answer)).expect_error(InvalidCredentialsError)
    unverified = _authenticator(user_verified=False)
    unverified.passkeys = key.passkeys
    (await _sign_in(t, unverified.get(await _login_options(t)))).expect_error(
        InvalidCredentialsError
    )
    assert (await _sign_in(t, key.get(await _login_options(t)))).output.user.id == c.user.id

    # Registering: the same three refusals, and nothing kept.
    makers: list[Callable[[dict[str, Any]], dict[str, Any]]] = [
        lambda o: key.create(o, origin="https://phishing.example"),
        lambda o: key.create(o, rp_id="phishing.example"),
        lambda o: _authenticator(user_verified=False).create(o),
    ]
    for make in makers:
        options = (await t.rpc.call(passkey_register_options, as_=c)).output.options
        refused = await t.rpc.call(
            passkey_register_verify,
            PasskeyRegisterVerifyIn(credential=make(options), name="x"),
            as_=c,
        )
        refused.expect_error(PasskeyInvalidError)
    assert len((await t.rpc.call(passkeys_list, as_=c)).output.items) == 1


async def test_malformed_answers_are_refused_not_crashed_on(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    good = key.get(await _login_options(t))
    for bad in (
        {},
        {"id": "!!", "rawId": "!!", "response": "x"},
        {**good, "response": {**good["response"], "clientDataJSON": "not base64 {"}},
        {**good, "response": {**good["response"], "signature": "AAAA"}},
        {**good, "response": {**good["response"], "authenticatorData": "AA"}},
        {**good, "rawId": "AAAA", "id": "AAAA"},
        {**good, "rawId": "A", "id": "A"},
        {**good, "rawId": "A" * 2000},
        {**good, "response": {**good["response"], "clientDataJSON": 5}},
        {**good, "response": {**good["response"], "clientDataJSON": "W10"}},  # []
    ):
        (await _sign_in(t, bad)).expect_error(InvalidCredentialsError)
        res = await t.rpc.call(
            passkey_register_verify, PasskeyRegisterVerifyIn(credential=bad, name="x"), as_=c
        )
        res.expect_error(PasskeyInvalidError)


async def test_wrong_answers_count_toward_the_login_lockout(t: TFix) -> None:
    """A passkey's wrong answers and wrong passwords fill the same lockout (the user's
    email, per client): after LOCKOUT_FAILURES, neither signs in from that client."""
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    for _ in range(LOCKOUT_FAILURES - 1):
        wrong = key.get(await _login_options(t), origin="https://phishing.example")
        (await _sign_in(t, wrong)).expect_error(InvalidCredentialsError)
    bad_password = await t.rpc.call(login, LoginIn(email=c.user.email, password="not it at all"))
    bad_password.expect_error(InvalidCredentialsError)
    (await _sign_in(t, key.get(await _login_options(t)))).expect_error(TooManyAttemptsError)
    locked = await t.rpc.call(login, LoginIn(email=c.user.email, password=PASSWORD))
    locked.expect_error(TooManyAttemptsError)


async def test_a_right_answer_forgives_earlier_failures(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    for _ in range(LOCKOUT_FAILURES - 1):
        wrong = key.get(await _login_options(t), origin="https://phishing.example")
        (await _sign_in(t, wrong)).expect_error(InvalidCredentialsError)
    assert (await _sign_in(t, key.get(await _login_options(t)))).output.user.id == c.user.id
    for _ in range(LOCKOUT_FAILURES - 1):
        wrong = key.get(await _login_options(t), origin="https://phishing.example")
        (await _sign_in(t, wrong)).expect_error(InvalidCredentialsError)
    assert (await _sign_in(t, key.get(await _login_options(t)))).output.user.id == c.user.id


async def test_a_disabled_user_or_a_deleted_passkey_signs_in_no_more(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    passkey_id = await _register(t, c, key)
    await t.rpc.call(session_reauthenticate, SessionReauthenticateIn(password=PASSWORD), as_=c)
    other = await _customer(t)
    other_key = _authenticator()
    await _register(t, other, other_key)
    async with xact_admin() as q:
        await harness(q).test_user_disable(id=other.user.id)
    (await _sign_in(t, other_key.get(await _login_options(t)))).expect_error(
        InvalidCredentialsError
    )
    # Deleting needs a recent proof in the session that deletes: sign in with the passkey.
    signed_in = await _sign_in(t, key.get(await _login_options(t)))
    deleted = await t.rpc.call(
        passkey_delete, PasskeyDeleteIn(passkey_id=passkey_id), cookies=signed_in.cookies
    )
    assert deleted.output is None
    (await _sign_in(t, key.get(await _login_options(t)))).expect_error(InvalidCredentialsError)


async def test_a_passkey_passes_as_the_second_factor(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    await enable_mfa(c.user.id)
    stranger, stranger_key = await _customer(t), _authenticator()
    await _register(t, stranger, stranger_key)

    async def challenge() -> str:
        res = await t.rpc.call(login, LoginIn(email=c.user.email, password=PASSWORD))
        return res.expect_error(MFARequiredError).challenge

    # Another user's passkey, another site's answer: refused.
    for answer in (
        stranger_key.get(await _login_options(t)),
        key.get(await _login_options(t), origin="https://phishing.example"),
    ):
        refused = await t.rpc.call(
            login_mfa, LoginMfaIn(challenge=await challenge(), passkey=answer)
        )
        refused.expect_error(PasskeyInvalidError)
    res = await t.rpc.call(
        login_mfa, LoginMfaIn(challenge=await challenge(), passkey=key.get(await _login_options(t)))
    )
    assert res.output.user.id == c.user.id
    mine = (await t.rpc.call(sessions_list, cookies=res.cookies)).output.items
    current = next(s for s in mine if s.current)
    assert (current.sign_in_method, current.second_factor) == ("password", "passkey")
    # Passwordless sign-in with the passkey asks for no second factor (user verification).
    assert (await _sign_in(t, key.get(await _login_options(t)))).output.user.id == c.user.id


async def test_deleting_a_passkey_needs_a_recent_proof(t: TFix) -> None:
    t.freeze_time()
    c, key = await _customer(t), _authenticator()
    first = await _register(t, c, key, "First")
    second = await _register(t, c, key, "Second")
    mfa = await enable_mfa(c.user.id)
    cookie = await t.rpc.cookie(PRODUCT, c)  # a session with no recorded sign-in
    jar = {PRODUCT.cookie: cookie}

    async def delete(passkey_id: str) -> Any:
        return await t.rpc.call(passkey_delete, PasskeyDeleteIn(passkey_id=passkey_id), cookies=jar)

    (await delete(first)).expect_error(ReauthenticationRequiredError)
    wrong = await t.rpc.call(
        session_reauthenticate, SessionReauthenticateIn(password="not the password"), cookies=jar
    )
    wrong.expect_error(InvalidCredentialsError)
    (await delete(first)).expect_error(ReauthenticationRequiredError)
    nothing = await t.rpc.call(session_reauthenticate, SessionReauthenticateIn(), cookies=jar)
    nothing.expect_error(InvalidCredentialsError)

    # The password: recent for 10 minutes.
    done = await t.rpc.call(
        session_reauthenticate, SessionReauthenticateIn(password=PASSWORD), cookies=jar
    )
    assert done.output is None
    t.advance_time(RECENT_AUTHENTICATION)
    (await delete(first)).expect_error(ReauthenticationRequiredError)
    # An authenticator code.
    bad_code = await t.rpc.call(
        session_reauthenticate, SessionReauthenticateIn(code=mfa.wrong_code()), cookies=jar
    )
    bad_code.expect_error(MFACodeInvalidError)
    await t.rpc.call(session_reauthenticate, SessionReauthenticateIn(code=mfa.code()), cookies=jar)
    t.advance_time(RECENT_AUTHENTICATION - datetime.timedelta(seconds=1))
    assert (await delete(first)).output is None
    t.advance_time(datetime.timedelta(seconds=1))
    (await delete(second)).expect_error(ReauthenticationRequiredError)
    # Another passkey (of this user only).
    stranger, stranger_key = await _customer(t), _authenticator()
    await _register(t, stranger, stranger_key)
    refused = await t.rpc.call(
        session_reauthenticate,
        SessionReauthenticateIn(passkey=stranger_key.get(await _login_options(t))),
        cookies=jar,
    )
    refused.expect_error(PasskeyInvalidError)
    await t.rpc.call(
        session_reauthenticate,
        SessionReauthenticateIn(passkey=key.get(await _login_options(t), passkey=key.passkeys[1])),
        cookies=jar,
    )
    assert (await delete(second)).output is None
    assert (await t.rpc.call(passkeys_list, as_=c)).output.items == []


async def test_only_ones_own_passkeys_can_be_renamed_or_deleted(t: TFix) -> None:
    owner, key = await _customer(t), _authenticator()
    passkey_id = await _register(t, owner, key)
    intruder = await _customer(t)
    jar = (await t.rpc.call(login, LoginIn(email=intruder.user.email, password=PASSWORD))).cookies
    renamed = await t.rpc.call(
        passkey_rename, PasskeyRenameIn(passkey_id=passkey_id, name="Mine now"), cookies=jar
    )
    renamed.expect_error(PasskeyNotFoundError)
    deleted = await t.rpc.call(passkey_delete, PasskeyDeleteIn(passkey_id=passkey_id), cookies=jar)
    deleted.expect_error(PasskeyNotFoundError)
    assert [p.name for p in (await t.rpc.call(passkeys_list, as_=owner)).output.items] == ["Laptop"]


async def test_a_challenge_serves_only_its_purpose_and_user(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    # A registration's challenge signs nobody in.
    registering = (await t.rpc.call(passkey_register_options, as_=c)).output.options
    (await _sign_in(t, key.get(registering))).expect_error(InvalidCredentialsError)
    # A sign-in challenge registers nothing.
    wrong_kind = key.create(await _login_options(t))
    res = await t.rpc.call(
        passkey_register_verify, PasskeyRegisterVerifyIn(credential=wrong_kind, name="x"), as_=c
    )
    res.expect_error(PasskeyInvalidError)
    # Another user's registration challenge registers nothing for this one.
    other = await _customer(t)
    theirs = (await t.rpc.call(passkey_register_options, as_=other)).output.options
    res = await t.rpc.call(
        passkey_register_verify,
        PasskeyRegisterVerifyIn(credential=key.create(theirs), name="x"),
        as_=c,
    )
    res.expect_error(PasskeyInvalidError)
    assert len((await t.rpc.call(passkeys_list, as_=c)).output.items) == 1


async def test_passkey_sign_in_is_rate_limited_like_login(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Passwordless sign-ins take hits of `login`'s rate limit (per client and
    client+user), right or wrong; and handing out challenges is limited per client."""
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    client = {"X-Forwarded-For": fresh_address()}
    override_env(monkeypatch, rate_limits="login=3/3/900", web_trusted_proxies=1)
    answers = [
        await t.rpc.call(
            passkey_login_verify,
            PasskeyLoginVerifyIn(credential=key.get(await _login_options(t))),
            headers=client,
        )
        for _ in range(4)
    ]
    assert [a.error for a in answers] == [None, None, None, "TooManyAttemptsError"]
    override_env(monkeypatch, rate_limits="passkey_options=2/2/900", web_trusted_proxies=1)
    asked = [await t.rpc.call(passkey_login_options, headers=client) for _ in range(3)]
    assert [a.error for a in asked] == [None, None, "TooManyAttemptsError"]


async def test_a_passkey_registers_once(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    options = (await t.rpc.call(passkey_register_options, as_=c)).output.options
    assert [e["id"] for e in options["excludeCredentials"]] == [
        bytes_to_base64url(key.passkeys[0].credential_id)
    ]
    other = await _customer(t)
    for who in (c, other):
        options = (await t.rpc.call(passkey_register_options, as_=who)).output.options
        again = key.create(options, passkey=key.passkeys[0])
        res = await t.rpc.call(
            passkey_register_verify, PasskeyRegisterVerifyIn(credential=again, name="x"), as_=who
        )
        res.expect_error(PasskeyAlreadyRegisteredError)
    assert (await t.rpc.call(passkeys_list, as_=other)).output.items == []


async def test_deleting_the_account_deletes_its_passkeys(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    deleted = await t.rpc.call(user_delete, UserDeleteIn(password=PASSWORD), as_=c)
    assert deleted.status == 200
    async with xact_admin() as q:
        assert await harness(q).test_passkeys_of_user(user_id=c.user.id) == []
    (await _sign_in(t, key.get(await _login_options(t)))).expect_error(InvalidCredentialsError)


async def test_the_configured_relying_party_and_origins(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A passkey works from every configured origin under the configured relying party,
    and from nowhere else."""
    override_env(
        monkeypatch,
        webauthn_rp_id="example.com",
        webauthn_origins="https://app.example.com,https://www.example.com",
    )
    c = await _customer(t)
    key = SoftAuthenticator(origin="https://app.example.com", rp_id="example.com")
    options = (await t.rpc.call(passkey_register_options, as_=c)).output.options
    assert options["rp"]["id"] == "example.com"
    await t.rpc.call(
        passkey_register_verify,
        PasskeyRegisterVerifyIn(credential=key.create(options), name="Site"),
        as_=c,
    )
    for origin in ("https://app.example.com", "https://www.example.com"):
        answer = key.get(await _login_options(t), origin=origin)
        assert (await _sign_in(t, answer)).output.user.id == c.user.id
    for origin, rp_id in (
        ("https://evil.example.com", "example.com"),
        ("http://app.example.com", "example.com"),
        ("https://app.example.com", "app.example.com"),
    ):
        answer = key.get(await _login_options(t), origin=origin, rp_id=rp_id)
        (await _sign_in(t, answer)).expect_error(InvalidCredentialsError)


async def test_wrong_passkeys_as_the_second_factor_lock_only_passkeys(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Passkey answers to a second-factor challenge count per client, apart from
    authenticator codes: LOCKOUT_FAILURES wrong ones lock passkeys out from that client,
    and a code from the authenticator app still signs in."""
    override_env(monkeypatch, web_trusted_proxies=1)
    client = {"X-Forwarded-For": fresh_address()}
    c, key = await _customer(t), _authenticator()
    await _register(t, c, key)
    mfa = await enable_mfa(c.user.id)
    stranger, stranger_key = await _customer(t), _authenticator()
    await _register(t, stranger, stranger_key)

    async def challenge() -> str:
        res = await t.rpc.call(
            login, LoginIn(email=c.user.email, password=PASSWORD), headers=client
        )
        return res.expect_error(MFARequiredError).challenge

    async def with_passkey(answer: dict[str, Any]) -> Any:
        data = LoginMfaIn(challenge=await challenge(), passkey=answer)
        return await t.rpc.call(login_mfa, data, headers=client)

    for _ in range(LOCKOUT_FAILURES):
        wrong = await with_passkey(stranger_key.get(await _login_options(t)))
        wrong.expect_error(PasskeyInvalidError)
    (await with_passkey(key.get(await _login_options(t)))).expect_error(TooManyAttemptsError)
    code = LoginMfaIn(challenge=await challenge(), code=mfa.code())
    assert (await t.rpc.call(login_mfa, code, headers=client)).output.user.id == c.user.id
