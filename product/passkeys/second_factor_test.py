"""A passkey set as second factor (`passkey_second_factor_set`): it turns two-factor
authentication on like a confirmed authenticator app, so a password or an emailed code
alone no longer signs in (an emailed code: sign_in_methods/login_code_test.py); the first one hands out recovery codes, and unsetting or
deleting the last second factor turns MFA off. Answered by the software authenticator
(`foundation.testing.authenticator`), checked by the `webauthn` library."""

from __future__ import annotations

import datetime
from typing import Any

from database.testing.factory import Customer
from foundation.auth.errors import (
    MFACodeInvalidError,
    MFARequiredError,
    PasskeyInvalidError,
    ReauthenticationRequiredError,
)
from foundation.auth.passwords import hash_password
from foundation.base.env import ENV
from foundation.testing.authenticator import SoftAuthenticator
from foundation.testing.fixture import TFix
from foundation.testing.mfa import enable_mfa
from product.auth.routes import LoginIn, login, sessions_list
from product.mfa.routes import (
    LoginMfaIn,
    MfaDisableIn,
    MFANotEnabledError,
    MfaProofIn,
    MfaStatusOut,
    login_mfa,
    mfa_disable,
    mfa_recovery_codes_regenerate,
    mfa_status,
)
from product.passkeys.routes import (
    PasskeyDeleteIn,
    PasskeyLoginVerifyIn,
    PasskeyNotFoundError,
    PasskeyRegisterVerifyIn,
    PasskeySecondFactorSetIn,
    passkey_delete,
    passkey_login_options,
    passkey_login_verify,
    passkey_register_options,
    passkey_register_verify,
    passkey_second_factor_set,
    passkeys_list,
)

PASSWORD = "a long enough password"
RECOVERY_CODES = 10
RECENT_AUTHENTICATION = datetime.timedelta(minutes=10)


def _authenticator() -> SoftAuthenticator:
    return SoftAuthenticator(origin=ENV.webauthn_origin_list[0], rp_id=ENV.webauthn_rp)


async def _customer(t: TFix) -> Customer:
    return await t.factory.customer(password_hash=await hash_password(PASSWORD))


async def _register(t: TFix, c: Customer, key: SoftAuthenticator, name: str = "Laptop") -> str:
    options = (await t.rpc.call(passkey_register_options, as_=c)).output.options
    res = await t.rpc.call(
        passkey_register_verify,
        PasskeyRegisterVerifyIn(credential=key.create(options), name=name),
        as_=c,
    )
    return res.output.id


async def _answer(t: TFix, key: SoftAuthenticator, n: int = 0) -> dict[str, Any]:
    options = (await t.rpc.call(passkey_login_options)).output.options
    return key.get(options, passkey=key.passkeys[n])


async def _strangers_key(t: TFix) -> SoftAuthenticator:
    """An authenticator holding another user's passkey."""
    key = _authenticator()
    await _register(t, await _customer(t), key)
    return key


async def _password_login(t: TFix, c: Customer) -> Any:
    return await t.rpc.call(login, LoginIn(email=c.user.email, password=PASSWORD))


async def _signed_in(t: TFix, c: Customer) -> dict[str, str]:
    """A fresh password sign-in's cookies (a recent proof of who the caller is)."""
    res = await _password_login(t, c)
    assert res.status == 200, res.error
    return res.cookies


async def _set(t: TFix, jar: dict[str, str], passkey_id: str, enabled: bool) -> Any:
    return await t.rpc.call(
        passkey_second_factor_set,
        PasskeySecondFactorSetIn(passkey_id=passkey_id, enabled=enabled),
        cookies=jar,
    )


async def _status(t: TFix, c: Customer) -> MfaStatusOut:
    return (await t.rpc.call(mfa_status, as_=c)).output


async def test_a_passkey_set_as_second_factor_is_asked_for_after_a_password(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    passkey_id = await _register(t, c, key)
    # Registered but not set: the password alone signs in.
    jar = await _signed_in(t, c)
    assert (await _status(t, c)) == MfaStatusOut(False, 0, totp=False, passkeys=0)

    res = await _set(t, jar, passkey_id, True)
    assert res.output.passkey.second_factor
    codes = res.output.recovery_codes
    assert codes is not None and len(codes) == RECOVERY_CODES
    assert (await _status(t, c)) == MfaStatusOut(True, RECOVERY_CODES, totp=False, passkeys=1)
    assert [p.second_factor for p in (await t.rpc.call(passkeys_list, as_=c)).output.items] == [
        True
    ]

    challenge = (await _password_login(t, c)).expect_error(MFARequiredError).challenge
    wrong = await t.rpc.call(
        login_mfa,
        LoginMfaIn(challenge=challenge, passkey=await _answer(t, await _strangers_key(t))),
    )
    wrong.expect_error(PasskeyInvalidError)
    done = await t.rpc.call(
        login_mfa, LoginMfaIn(challenge=challenge, passkey=await _answer(t, key))
    )
    mine = (await t.rpc.call(sessions_list, cookies=done.cookies)).output.items
    current = next(s for s in mine if s.current)
    assert (current.sign_in_method, current.second_factor) == ("password", "passkey")
    # A recovery code stands in for a lost passkey.
    challenge = (await _password_login(t, c)).expect_error(MFARequiredError).challenge
    by_code = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, recovery_code=codes[0]))
    assert by_code.output.user.id == c.user.id
    # Passwordless sign-in with the passkey itself asks for nothing more.
    passwordless = await t.rpc.call(
        passkey_login_verify, PasskeyLoginVerifyIn(credential=await _answer(t, key))
    )
    assert passwordless.output.user.id == c.user.id


async def test_setting_or_unsetting_needs_a_recent_proof_and_ones_own_passkey(t: TFix) -> None:
    t.freeze_time()
    c, key = await _customer(t), _authenticator()
    passkey_id = await _register(t, c, key)
    stale = await t.rpc.call(
        passkey_second_factor_set,
        PasskeySecondFactorSetIn(passkey_id=passkey_id, enabled=True),
        as_=c,  # a session with no recorded sign-in
    )
    stale.expect_error(ReauthenticationRequiredError)
    jar = await _signed_in(t, c)
    t.advance_time(RECENT_AUTHENTICATION)
    (await _set(t, jar, passkey_id, True)).expect_error(ReauthenticationRequiredError)
    assert not (await _status(t, c)).enabled

    other = await _customer(t)
    theirs = await _register(t, other, _authenticator())
    jar = await _signed_in(t, c)
    missing = await _set(t, jar, theirs, True)
    assert missing.expect_error(PasskeyNotFoundError) == PasskeyNotFoundError(passkey_id=theirs)
    assert not (await _status(t, other)).enabled


async def test_unsetting_the_last_second_factor_turns_mfa_off(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    first = await _register(t, c, key, "First")
    second = await _register(t, c, key, "Second")
    jar = await _signed_in(t, c)
    assert (await _set(t, jar, first, True)).output.recovery_codes is not None
    # A second one adds a factor: no new recovery codes, the old ones stay.
    assert (await _set(t, jar, second, True)).output.recovery_codes is None
    assert (await _status(t, c)) == MfaStatusOut(True, RECOVERY_CODES, totp=False, passkeys=2)
    assert (await _set(t, jar, first, False)).output.recovery_codes is None
    assert (await _status(t, c)) == MfaStatusOut(True, RECOVERY_CODES, totp=False, passkeys=1)
    (await _password_login(t, c)).expect_error(MFARequiredError)

    await _set(t, jar, second, False)
    assert (await _status(t, c)) == MfaStatusOut(False, 0, totp=False, passkeys=0)
    assert (await _password_login(t, c)).status == 200


async def test_with_an_authenticator_app_too_unsetting_the_passkey_keeps_mfa(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    passkey_id = await _register(t, c, key)
    mfa = await enable_mfa(c.user.id)
    challenge = (await _password_login(t, c)).expect_error(MFARequiredError).challenge
    signed_in = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=mfa.code()))
    jar = signed_in.cookies
    # MFA was on already: setting the passkey hands out no codes, unsetting keeps them.
    assert (await _set(t, jar, passkey_id, True)).output.recovery_codes is None
    await _set(t, jar, passkey_id, False)
    assert (await _status(t, c)) == MfaStatusOut(True, RECOVERY_CODES, totp=True, passkeys=0)
    (await _password_login(t, c)).expect_error(MFARequiredError)


async def test_deleting_the_last_second_factor_turns_mfa_off(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    passkey_id = await _register(t, c, key)
    jar = await _signed_in(t, c)
    await _set(t, jar, passkey_id, True)
    deleted = await t.rpc.call(passkey_delete, PasskeyDeleteIn(passkey_id=passkey_id), cookies=jar)
    assert deleted.status == 200, deleted.error
    assert (await _status(t, c)) == MfaStatusOut(False, 0, totp=False, passkeys=0)
    assert (await _password_login(t, c)).status == 200


async def test_mfa_disable_and_new_recovery_codes_with_a_passkey(t: TFix) -> None:
    c, key = await _customer(t), _authenticator()
    passkey_id = await _register(t, c, key)
    await _set(t, await _signed_in(t, c), passkey_id, True)

    nothing = await t.rpc.call(mfa_recovery_codes_regenerate, MfaProofIn(), as_=c)
    nothing.expect_error(MFACodeInvalidError)
    stranger = await t.rpc.call(
        mfa_recovery_codes_regenerate,
        MfaProofIn(passkey=await _answer(t, await _strangers_key(t))),
        as_=c,
    )
    stranger.expect_error(PasskeyInvalidError)
    fresh = await t.rpc.call(
        mfa_recovery_codes_regenerate, MfaProofIn(passkey=await _answer(t, key)), as_=c
    )
    assert len(fresh.output.recovery_codes) == RECOVERY_CODES

    no_proof = await t.rpc.call(mfa_disable, MfaDisableIn(password=PASSWORD), as_=c)
    no_proof.expect_error(MFACodeInvalidError)
    assert (await _status(t, c)).enabled
    off = await t.rpc.call(
        mfa_disable, MfaDisableIn(password=PASSWORD, passkey=await _answer(t, key)), as_=c
    )
    assert off.status == 200, off.error
    assert (await _status(t, c)) == MfaStatusOut(False, 0, totp=False, passkeys=0)
    # The passkey stays, as a way to sign in, no longer as a second factor.
    [kept] = (await t.rpc.call(passkeys_list, as_=c)).output.items
    assert (kept.id, kept.second_factor) == (passkey_id, False)
    assert (await _password_login(t, c)).status == 200
    again = await t.rpc.call(
        mfa_disable, MfaDisableIn(password=PASSWORD, passkey=await _answer(t, key)), as_=c
    )
    again.expect_error(MFANotEnabledError)
