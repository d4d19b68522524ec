import asyncio
import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from pyotp.totp import TOTP

from database.testing import harness
from database.testing.factory import Customer
from database.testing.waiting import once_waiting_for_a_lock
from database.xact import xact_admin
from foundation.__codegen__.orm import FoundationORM
from foundation.auth.errors import (
    InvalidCredentialsError,
    MFAChallengeInvalidError,
    MFACodeInvalidError,
    MFARequiredError,
    TooManyAttemptsError,
)
from foundation.auth.funnel import CHALLENGE_ATTEMPTS, CHALLENGE_TTL
from foundation.auth.login import LOCKOUT_FAILURES
from foundation.auth.passwords import hash_password
from foundation.auth.ratelimit import rate_limit, unlimited
from foundation.auth.second_factor import RECOVERY_CODES, open_secret
from foundation.base.clock import CLOCK
from foundation.db import xact_admin as foundation_xact_admin
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env
from product.auth.init import SignedIn
from product.auth.routes import LoginIn, login
from product.auth.sign_in import AuthOrganizationNotFoundError
from product.framework import PRODUCT
from product.mfa.routes import (
    LoginMfaIn,
    MFAAlreadyEnabledError,
    MfaCodeIn,
    MfaDisableIn,
    MFANotEnabledError,
    MFANotEnrolledError,
    MfaProofIn,
    MfaStatusOut,
    login_mfa,
    mfa_disable,
    mfa_recovery_codes_regenerate,
    mfa_status,
    mfa_totp_confirm,
    mfa_totp_enroll,
)

PASSWORD = "a long enough password"
STEP = datetime.timedelta(seconds=30)
TEST_CLIENT = "127.0.0.1"
"""The client address of `t.rpc` calls (Quart's test client)."""


@dataclass
class MfaUser:
    customer: Customer
    secret: str
    recovery_codes: list[str]


def _code(secret: str, offset: int = 0) -> str:
    return TOTP(secret).at(CLOCK.now(), counter_offset=offset)


def _wrong(secret: str) -> str:
    right = {_code(secret, o) for o in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(1000)) if c not in right)


async def _customer(t: TFix) -> Customer:
    return await t.factory.customer(password_hash=await hash_password(PASSWORD))


async def _mfa_user(t: TFix) -> MfaUser:
    """A user with MFA on; the clock frozen and moved past the confirming code's step."""
    t.freeze_time()
    c = await _customer(t)
    secret = (await t.rpc.call(mfa_totp_enroll, as_=c)).output.secret
    out = (await t.rpc.call(mfa_totp_confirm, MfaCodeIn(code=_code(secret)), as_=c)).output
    t.advance_time(STEP)
    return MfaUser(customer=c, secret=secret, recovery_codes=out.recovery_codes)


async def _challenge(t: TFix, u: MfaUser, **kwargs: object) -> str:
    res = await t.rpc.call(
        login,
        LoginIn(email=u.customer.user.email, password=PASSWORD, **kwargs),  # type: ignore[arg-type]
    )
    assert PRODUCT.cookie not in res.cookies
    return res.expect_error(MFARequiredError).challenge


async def test_enroll_confirm_then_login_needs_the_second_factor(t: TFix) -> None:
    t.freeze_time()
    c = await _customer(t)
    assert (await t.rpc.call(mfa_status, as_=c)).output == MfaStatusOut(False, 0)
    enrolled = (await t.rpc.call(mfa_totp_enroll, as_=c)).output
    assert enrolled.otpauth_uri.startswith("otpauth://totp/Blossom:")
    assert f"secret={enrolled.secret}" in enrolled.otpauth_uri
    # Still off until confirmed: login signs in directly.
    res = await t.rpc.call(login, LoginIn(email=c.user.email, password=PASSWORD))
    assert res.output.user is not None
    confirmed = await t.rpc.call(mfa_totp_confirm, MfaCodeIn(code=_code(enrolled.secret)), as_=c)
    codes = confirmed.output.recovery_codes
    assert len(codes) == len(set(codes)) == RECOVERY_CODES
    assert (await t.rpc.call(mfa_status, as_=c)).output == MfaStatusOut(
        True, RECOVERY_CODES, totp=True
    )
    async with xact_admin() as q:  # the secret is stored sealed, never in the clear
        row = await harness(q).test_mfa_totp_fetch(user_id=c.user.id)
    assert enrolled.secret.encode() not in row.ciphertext
    assert open_secret(row) == enrolled.secret

    t.advance_time(STEP)
    challenge = await _challenge(t, MfaUser(c, enrolled.secret, codes))
    res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=_code(enrolled.secret)))
    out = res.output
    assert isinstance(out, SignedIn) and out.user.id == c.user.id
    assert out.organization is not None and out.organization.id == c.organization.id
    assert res.cookies[PRODUCT.cookie]
    # A challenge completes one login only.
    again = await t.rpc.call(
        login_mfa, LoginMfaIn(challenge=challenge, code=_code(enrolled.secret))
    )
    again.expect_error(MFAChallengeInvalidError)


async def test_enroll_again_replaces_a_pending_secret(t: TFix) -> None:
    t.freeze_time()
    c = await _customer(t)
    first = (await t.rpc.call(mfa_totp_enroll, as_=c)).output.secret
    second = (await t.rpc.call(mfa_totp_enroll, as_=c)).output.secret
    assert first != second
    res = await t.rpc.call(mfa_totp_confirm, MfaCodeIn(code=_code(first)), as_=c)
    if _code(first) != _code(second):
        res.expect_error(MFACodeInvalidError)
    res = await t.rpc.call(mfa_totp_confirm, MfaCodeIn(code=_code(second)), as_=c)
    assert len(res.output.recovery_codes) == RECOVERY_CODES


async def test_confirm_errors(t: TFix) -> None:
    t.freeze_time()
    c = await _customer(t)
    res = await t.rpc.call(mfa_totp_confirm, MfaCodeIn(code="123456"), as_=c)
    res.expect_error(MFANotEnrolledError)
    secret = (await t.rpc.call(mfa_totp_enroll, as_=c)).output.secret
    res = await t.rpc.call(mfa_totp_confirm, MfaCodeIn(code=_wrong(secret)), as_=c)
    res.expect_error(MFACodeInvalidError)
    assert (await t.rpc.call(mfa_status, as_=c)).output.enabled is False
    await t.rpc.call(mfa_totp_confirm, MfaCodeIn(code=_code(secret)), as_=c)
    res = await t.rpc.call(mfa_totp_confirm, MfaCodeIn(code=_code(secret, 1)), as_=c)
    res.expect_error(MFAAlreadyEnabledError)
    (await t.rpc.call(mfa_totp_enroll, as_=c)).expect_error(MFAAlreadyEnabledError)


async def test_a_totp_code_is_accepted_once(t: TFix) -> None:
    u = await _mfa_user(t)
    code = _code(u.secret)
    first = await t.rpc.call(login_mfa, LoginMfaIn(challenge=await _challenge(t, u), code=code))
    assert first.output.user is not None
    replay = await t.rpc.call(login_mfa, LoginMfaIn(challenge=await _challenge(t, u), code=code))
    replay.expect_error(MFACodeInvalidError)
    # An older step (still inside the drift window) is refused as well; the next one works.
    older = await t.rpc.call(
        login_mfa, LoginMfaIn(challenge=await _challenge(t, u), code=_code(u.secret, -1))
    )
    older.expect_error(MFACodeInvalidError)
    t.advance_time(STEP)
    res = await t.rpc.call(
        login_mfa, LoginMfaIn(challenge=await _challenge(t, u), code=_code(u.secret))
    )
    assert res.output.user is not None


async def test_a_recovery_code_works_once(t: TFix) -> None:
    u = await _mfa_user(t)
    code = u.recovery_codes[0]
    res = await t.rpc.call(
        login_mfa, LoginMfaIn(challenge=await _challenge(t, u), recovery_code=code.upper())
    )
    assert res.output.user is not None
    status = (await t.rpc.call(mfa_status, as_=u.customer)).output
    assert status.recovery_codes_left == RECOVERY_CODES - 1
    res = await t.rpc.call(
        login_mfa, LoginMfaIn(challenge=await _challenge(t, u), recovery_code=code)
    )
    res.expect_error(MFACodeInvalidError)


async def test_challenge_expires_after_five_minutes(t: TFix) -> None:
    u = await _mfa_user(t)
    challenge = await _challenge(t, u)
    t.advance_time(CHALLENGE_TTL)
    res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=_code(u.secret)))
    res.expect_error(MFAChallengeInvalidError)
    unknown = await t.rpc.call(login_mfa, LoginMfaIn(challenge="nope", code=_code(u.secret)))
    unknown.expect_error(MFAChallengeInvalidError)


async def test_challenge_allows_five_codes(t: TFix) -> None:
    u = await _mfa_user(t)
    challenge = await _challenge(t, u)
    for _ in range(CHALLENGE_ATTEMPTS):
        res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=_wrong(u.secret)))
        res.expect_error(MFACodeInvalidError)
    res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=_code(u.secret)))
    res.expect_error(MFAChallengeInvalidError)
    # Neither code nor recovery code: a wrong attempt too.
    res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=await _challenge(t, u)))
    res.expect_error(MFACodeInvalidError)


async def test_wrong_codes_count_toward_the_login_lockout(t: TFix) -> None:
    u = await _mfa_user(t)
    for _ in range(LOCKOUT_FAILURES):
        # A right password forgives no wrong code.
        challenge = await _challenge(t, u)
        res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=_wrong(u.secret)))
        res.expect_error(MFACodeInvalidError)
    challenge = await _challenge(t, u)
    res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=_code(u.secret)))
    assert res.expect_error(TooManyAttemptsError).retry_after_seconds > 0
    for locked in (
        await t.rpc.call(
            mfa_recovery_codes_regenerate, MfaProofIn(code=_code(u.secret)), as_=u.customer
        ),
        await t.rpc.call(
            mfa_disable, MfaDisableIn(password=PASSWORD, code=_code(u.secret)), as_=u.customer
        ),
    ):
        locked.expect_error(TooManyAttemptsError)


async def test_confirm_is_locked_out_too(t: TFix) -> None:
    t.freeze_time()
    c = await _customer(t)
    secret = (await t.rpc.call(mfa_totp_enroll, as_=c)).output.secret
    for _ in range(LOCKOUT_FAILURES):
        res = await t.rpc.call(mfa_totp_confirm, MfaCodeIn(code=_wrong(secret)), as_=c)
        res.expect_error(MFACodeInvalidError)
    res = await t.rpc.call(mfa_totp_confirm, MfaCodeIn(code=_code(secret)), as_=c)
    res.expect_error(TooManyAttemptsError)


async def test_login_mfa_checks_the_organization_again(t: TFix) -> None:
    u = await _mfa_user(t)
    other = await t.factory.organization()
    membership = await t.factory.membership(user=u.customer.user, organization=other, role="member")
    challenge = await _challenge(t, u, organization_id=other.id)
    async with xact_admin() as q:
        await harness(q).test_membership_remove(id=membership.id)
    res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=_code(u.secret)))
    assert res.expect_error(AuthOrganizationNotFoundError).organization_id == other.id


async def test_login_mfa_keeps_the_login_choices(t: TFix) -> None:
    u = await _mfa_user(t)
    other = await t.factory.organization()
    await t.factory.membership(user=u.customer.user, organization=other, role="member")
    challenge = await _challenge(t, u, organization_id=other.id, permanent=True)
    res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=_code(u.secret)))
    assert res.output.organization is not None and res.output.organization.id == other.id
    assert "Max-Age" in "".join(res.headers.getlist("Set-Cookie"))


async def test_disable(t: TFix) -> None:
    u = await _mfa_user(t)
    c = u.customer
    res = await t.rpc.call(
        mfa_disable, MfaDisableIn(password="wrong password", code="000000"), as_=c
    )
    res.expect_error(InvalidCredentialsError)
    res = await t.rpc.call(
        mfa_disable, MfaDisableIn(password=PASSWORD, code=_wrong(u.secret)), as_=c
    )
    res.expect_error(MFACodeInvalidError)
    res = await t.rpc.call(
        mfa_disable, MfaDisableIn(password=PASSWORD, code=_code(u.secret)), as_=c
    )
    assert res.output is None
    assert (await t.rpc.call(mfa_status, as_=c)).output == MfaStatusOut(False, 0)
    res = await t.rpc.call(login, LoginIn(email=c.user.email, password=PASSWORD))
    assert res.output.user is not None
    res = await t.rpc.call(mfa_disable, MfaDisableIn(password=PASSWORD, code="000000"), as_=c)
    res.expect_error(MFANotEnabledError)


async def test_disable_with_a_recovery_code(t: TFix) -> None:
    u = await _mfa_user(t)
    data = MfaDisableIn(password=PASSWORD, code=u.recovery_codes[3])
    assert (await t.rpc.call(mfa_disable, data, as_=u.customer)).output is None
    assert (await t.rpc.call(mfa_status, as_=u.customer)).output.enabled is False


async def test_recovery_codes_regenerate(t: TFix) -> None:
    u = await _mfa_user(t)
    c = u.customer
    res = await t.rpc.call(mfa_recovery_codes_regenerate, MfaProofIn(code=_wrong(u.secret)), as_=c)
    res.expect_error(MFACodeInvalidError)
    res = await t.rpc.call(mfa_recovery_codes_regenerate, MfaProofIn(code=_code(u.secret)), as_=c)
    fresh = res.output.recovery_codes
    assert len(fresh) == RECOVERY_CODES and not set(fresh) & set(u.recovery_codes)
    old = await t.rpc.call(
        login_mfa, LoginMfaIn(challenge=await _challenge(t, u), recovery_code=u.recovery_codes[0])
    )
    old.expect_error(MFACodeInvalidError)
    new = await t.rpc.call(
        login_mfa, LoginMfaIn(challenge=await _challenge(t, u), recovery_code=fresh[0])
    )
    assert new.output.user is not None
    other = await _customer(t)
    res = await t.rpc.call(mfa_recovery_codes_regenerate, MfaProofIn(code="123456"), as_=other)
    res.expect_error(MFANotEnabledError)


async def test_a_disabled_user_cannot_finish_a_login(t: TFix) -> None:
    u = await _mfa_user(t)
    challenge = await _challenge(t, u)
    async with xact_admin() as q:
        await harness(q).test_user_disable(id=u.customer.user.id)
    res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=_code(u.secret)))
    res.expect_error(MFAChallengeInvalidError)


async def test_a_challenge_lasts_five_minutes_exactly(t: TFix) -> None:
    """The documented lifetime, in plain numbers (a lengthened one must fail here)."""
    u = await _mfa_user(t)
    challenge = await _challenge(t, u)
    t.advance_time(datetime.timedelta(minutes=4, seconds=59))
    res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=_code(u.secret)))
    assert res.output.user is not None
    late = await _challenge(t, u)
    t.advance_time(datetime.timedelta(minutes=5))
    res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=late, code=_code(u.secret, 1)))
    res.expect_error(MFAChallengeInvalidError)


async def test_the_totp_window_is_one_step_either_side(t: TFix) -> None:
    """Codes of the neighbouring 30-second steps pass (clock drift); two steps away do not."""
    for offset, accepted in ((-2, False), (2, False), (-1, True), (1, True)):
        u = await _mfa_user(t)
        t.advance_time(STEP * 2)  # the steps around now are all unused
        challenge = await _challenge(t, u)
        code = _code(u.secret, offset)
        res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=code))
        assert (res.status == 200) == accepted, (offset, res.response)


async def test_another_users_recovery_code_completes_nothing(t: TFix) -> None:
    mine, theirs = await _mfa_user(t), await _mfa_user(t)
    challenge = await _challenge(t, mine)
    stolen = LoginMfaIn(challenge=challenge, recovery_code=theirs.recovery_codes[0])
    (await t.rpc.call(login_mfa, stolen)).expect_error(MFACodeInvalidError)
    # ... and that code still works for its owner.
    own = LoginMfaIn(challenge=await _challenge(t, theirs), recovery_code=theirs.recovery_codes[0])
    assert (await t.rpc.call(login_mfa, own)).output.user is not None


async def test_a_right_code_forgives_the_counted_code_checks(t: TFix) -> None:
    """Nine wrong codes, a right one, nine more: the right one forgave the first nine, so
    the owner is not locked out at 10 across the two rounds."""
    u = await _mfa_user(t)
    for _ in range(2):
        for _ in range(9):
            res = await t.rpc.call(
                login_mfa, LoginMfaIn(challenge=await _challenge(t, u), code=_wrong(u.secret))
            )
            res.expect_error(MFACodeInvalidError)
        res = await t.rpc.call(
            login_mfa, LoginMfaIn(challenge=await _challenge(t, u), code=_code(u.secret))
        )
        assert res.output.user is not None
        t.advance_time(STEP)  # the next right code is of a new step


async def test_code_checks_are_rate_limited_per_client(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past its limit a client is refused before any code is checked, the right one
    included: a sign-in's second step (login_mfa) and a signed-in user's code checks
    (second_factor) each have their own limit."""
    u = await _mfa_user(t)  # enrolled under the suite's generous limits
    # The other actions (login) stay unlimited: the test client's buckets hold the hits
    # of every earlier test of this process.
    limited = "login_mfa=2/100/600,second_factor=2/100/600"
    override_env(monkeypatch, rate_limits=f"{unlimited()},{limited}")
    async with xact_admin() as q:
        for action in ("login_mfa", "second_factor"):
            await harness(q).test_rate_limits_clear(action=action)
    for code in (_wrong(u.secret), _wrong(u.secret)):
        res = await t.rpc.call(login_mfa, LoginMfaIn(challenge=await _challenge(t, u), code=code))
        res.expect_error(MFACodeInvalidError)
    right = LoginMfaIn(challenge=await _challenge(t, u), code=_code(u.secret))
    (await t.rpc.call(login_mfa, right)).expect_error(TooManyAttemptsError)
    for code in (_wrong(u.secret), _wrong(u.secret)):
        res = await t.rpc.call(mfa_recovery_codes_regenerate, MfaProofIn(code=code), as_=u.customer)
        res.expect_error(MFACodeInvalidError)
    res = await t.rpc.call(
        mfa_recovery_codes_regenerate, MfaProofIn(code=_code(u.secret)), as_=u.customer
    )
    res.expect_error(TooManyAttemptsError)


async def test_password_rechecks_are_rate_limited_per_client(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signed-in user's password again (here before turning MFA off): past the limit
    the right password is refused too, before the lockout's ten failures."""
    override_env(monkeypatch, rate_limits=f"{unlimited()},reauthenticate=2/100/600")
    u = await _mfa_user(t)
    async with xact_admin() as q:
        await harness(q).test_rate_limits_clear(action="reauthenticate")
    for _ in range(2):
        wrong = MfaDisableIn(password="not the password", code=_code(u.secret))
        res = await t.rpc.call(mfa_disable, wrong, as_=u.customer)
        res.expect_error(InvalidCredentialsError)
    right = MfaDisableIn(password=PASSWORD, code=_code(u.secret))
    (await t.rpc.call(mfa_disable, right, as_=u.customer)).expect_error(TooManyAttemptsError)


async def test_a_right_password_forgives_the_counted_rechecks(t: TFix) -> None:
    """Nine wrong passwords, the right one, nine more: the right one forgave the first
    nine, so the owner is not locked out at ten across the two rounds. (The right password
    here goes on to a wrong code, so MFA stays on.)"""
    u = await _mfa_user(t)
    for _ in range(2):
        for _ in range(LOCKOUT_FAILURES - 1):
            wrong = MfaDisableIn(password="not the password", code=_wrong(u.secret))
            res = await t.rpc.call(mfa_disable, wrong, as_=u.customer)
            res.expect_error(InvalidCredentialsError)
        right = MfaDisableIn(password=PASSWORD, code=_wrong(u.secret))
        (await t.rpc.call(mfa_disable, right, as_=u.customer)).expect_error(MFACodeInvalidError)


async def test_one_challenge_completes_one_sign_in_under_concurrency(t: TFix) -> None:
    """Two answers to one challenge (a TOTP code and a recovery code, both right) pass its
    first check together; the second to get the challenge again finds it completed.
    Forced: the test holds the client's login_mfa bucket, so the first call waits holding
    the challenge and the second waits behind it."""
    u = await _mfa_user(t)
    challenge = await _challenge(t, u)
    by_code = LoginMfaIn(challenge=challenge, code=_code(u.secret))
    by_recovery = LoginMfaIn(challenge=challenge, recovery_code=u.recovery_codes[0])
    async with foundation_xact_admin() as q:
        await rate_limit(q, "login_mfa", client=TEST_CLIENT, identifier=u.customer.user.id)
        first = await once_waiting_for_a_lock(t.rpc.call(login_mfa, by_code))
        second = await once_waiting_for_a_lock(t.rpc.call(login_mfa, by_recovery), waiters=2)
    answers = [await first, await second]
    assert sorted(a.status for a in answers) == [200, 400], [a.response for a in answers]
    [refused] = [a for a in answers if a.status != 200]
    refused.expect_error(MFAChallengeInvalidError)


async def test_an_answer_that_passed_the_first_check_is_refused_once_another_completes(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A recovery-code answer passes the challenge's first check; before its second step
    reads the challenge again, a TOTP answer completes the sign-in: the second step finds
    the challenge completed and refuses (one challenge, one session). No held lock can
    force this order (each step holds the challenge's row, and a call's second step
    follows its first at once), so the second read of the challenge is held back in
    Python until the other answer is done; the query itself runs unchanged."""
    u = await _mfa_user(t)
    challenge = await _challenge(t, u)
    real = FoundationORM.mfa_challenge_fetch
    reads, held, go_on = [0], asyncio.Event(), asyncio.Event()

    async def second_read_held(self: FoundationORM, **kwargs: Any) -> Any:
        reads[0] += 1
        if reads[0] == 2:  # the recovery answer's second step
            held.set()
            await go_on.wait()
        return await real(self, **kwargs)

    monkeypatch.setattr(FoundationORM, "mfa_challenge_fetch", second_read_held)
    by_recovery = LoginMfaIn(challenge=challenge, recovery_code=u.recovery_codes[0])
    waiting = asyncio.ensure_future(t.rpc.call(login_mfa, by_recovery))
    async with asyncio.timeout(10):
        await held.wait()
    by_code = LoginMfaIn(challenge=challenge, code=_code(u.secret))
    assert (await t.rpc.call(login_mfa, by_code)).output.user is not None
    go_on.set()
    (await waiting).expect_error(MFAChallengeInvalidError)
