import asyncio
import collections
import datetime

import pytest

from database.__codegen__.enums import SessionAppEnum
from foundation.auth import login, passwords
from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError
from foundation.auth.login import EMAIL_INTERVAL, LOCKOUT_FAILURES, LOCKOUT_WINDOW, check_login
from foundation.auth.passwords import hash_password, verify_password_sync
from foundation.testing.fixture import TFix
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # hashes many passwords: foundation/testing/timeouts.py

PASSWORD = "a long enough password"
CLIENT = "192.0.2.10"


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every argon2 verification made (the hash it checked against)."""
    seen: list[str] = []

    def counting(password: str, phc: str) -> bool:
        seen.append(phc)
        return verify_password_sync(password, phc)

    monkeypatch.setattr(passwords, "verify_password_sync", counting)
    return seen


async def test_right_password_returns_the_user_case_insensitively(t: TFix) -> None:
    user = await t.factory.user(
        email="Ada@Example.test", password_hash=await hash_password(PASSWORD)
    )
    assert (await check_login("product", "ada@example.TEST", PASSWORD, client=CLIENT)).id == user.id


async def _nobody(user_id: str) -> bool:
    """An app's `allowed` check that refuses everyone (as panopticon refuses non-admins)."""
    return False


async def test_every_refusal_takes_the_same_path(t: TFix, verifications: list[str]) -> None:
    """Unknown email, wrong password, unfinished signup, disabled user, no password and
    a user the app does not allow (panopticon: not an admin): each costs exactly one
    argon2 verification."""
    phc = await hash_password(PASSWORD)
    wrong = await t.factory.user(password_hash=phc)
    created = await t.factory.user(password_hash=phc, signup_step="created")
    disabled = await t.factory.user(password_hash=phc, is_enabled=False)
    no_password = await t.factory.user()
    not_admin = await t.factory.user(password_hash=phc)
    cases: list[tuple[SessionAppEnum, str, str, bool]] = [
        ("product", "nobody-here@example.test", PASSWORD, False),
        ("product", wrong.email, "not the password", False),
        ("product", created.email, PASSWORD, False),
        ("product", disabled.email, PASSWORD, False),
        ("product", no_password.email, PASSWORD, False),
        ("panopticon", not_admin.email, PASSWORD, True),
    ]
    for app, email, password, refuse in cases:
        verifications.clear()
        with pytest.raises(InvalidCredentialsError):
            await check_login(
                app, email, password, allowed=_nobody if refuse else None, client=CLIENT
            )
        assert len(verifications) == 1, email


async def test_lockout_after_ten_failures_until_the_window_passes(t: TFix) -> None:
    t.freeze_time()
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    for _ in range(LOCKOUT_FAILURES):  # failures at 0 s, 10 s, ... 90 s
        with pytest.raises(InvalidCredentialsError):
            await check_login("product", user.email, "wrong password!", client=CLIENT)
        t.advance_time(datetime.timedelta(seconds=10))
    # Now at 100 s: locked, even with the right password; the lock lifts when the failure
    # at 0 s leaves the 15-minute window, 800 s from now.
    with pytest.raises(TooManyAttemptsError) as locked:
        await check_login("product", user.email.upper(), PASSWORD, client=CLIENT)
    assert locked.value.retry_after_seconds == LOCKOUT_WINDOW.total_seconds() - 100
    # Another app counts separately (and does not allow this user).
    with pytest.raises(InvalidCredentialsError):
        await check_login("panopticon", user.email, PASSWORD, allowed=_nobody, client=CLIENT)
    t.advance_time(datetime.timedelta(seconds=799))
    with pytest.raises(TooManyAttemptsError):
        await check_login("product", user.email, PASSWORD, client=CLIENT)
    t.advance_time(datetime.timedelta(seconds=2))
    assert (await check_login("product", user.email, PASSWORD, client=CLIENT)).id == user.id


async def test_unknown_emails_are_locked_out_too(t: TFix) -> None:
    t.freeze_time()
    email = "ghost@example.test"
    for _ in range(LOCKOUT_FAILURES):
        with pytest.raises(InvalidCredentialsError):
            await check_login("product", email, PASSWORD, client=CLIENT)
    with pytest.raises(TooManyAttemptsError):
        await check_login("product", email, PASSWORD, client=CLIENT)


async def test_success_clears_the_failures(t: TFix) -> None:
    t.freeze_time()
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    for _ in range(LOCKOUT_FAILURES - 1):
        with pytest.raises(InvalidCredentialsError):
            await check_login("product", user.email, "wrong password!", client=CLIENT)
    await check_login("product", user.email, PASSWORD, client=CLIENT)
    for _ in range(LOCKOUT_FAILURES - 1):
        with pytest.raises(InvalidCredentialsError):
            await check_login("product", user.email, "wrong password!", client=CLIENT)
    assert (await check_login("product", user.email, PASSWORD, client=CLIENT)).id == user.id


@pytest.mark.parametrize("burst", [30, 100])
async def test_a_concurrent_burst_gets_at_most_the_limit_evaluated(
    t: TFix, verifications: list[str], burst: int
) -> None:
    """Every attempt is reserved before its hash: however many arrive at once, at most
    LOCKOUT_FAILURES passwords are checked per window (before: all of them)."""
    t.freeze_time()
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    verifications.clear()
    results = await asyncio.gather(
        *(check_login("product", user.email, f"guess {n}!", client=CLIENT) for n in range(burst)),
        return_exceptions=True,
    )
    outcomes = collections.Counter(type(r).__name__ for r in results)
    assert outcomes == {
        "InvalidCredentialsError": LOCKOUT_FAILURES,
        "TooManyAttemptsError": burst - LOCKOUT_FAILURES,
    }
    assert len(verifications) == LOCKOUT_FAILURES


async def test_an_attackers_failures_do_not_lock_the_owner_out(t: TFix) -> None:
    """50 failures from one client lock that client only; the owner signs in from another."""
    t.freeze_time()
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    attacker, owner = "198.51.100.66", "203.0.113.7"
    refused = 0
    for n in range(50):
        try:
            await check_login("product", user.email, f"guess {n}!", client=attacker)
        except TooManyAttemptsError:
            refused += 1
        except InvalidCredentialsError:
            pass
    assert refused == 50 - LOCKOUT_FAILURES
    assert (await check_login("product", user.email, PASSWORD, client=owner)).id == user.id
    with pytest.raises(TooManyAttemptsError):  # the attacker stays locked, right or wrong
        await check_login("product", user.email, PASSWORD, client=attacker)


async def test_many_clients_together_are_slowed_to_one_attempt_per_interval(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past EMAIL_CEILING attempts per window from all clients, the email gets one attempt
    per EMAIL_INTERVAL: slowed, never locked for good. (A ceiling of 3 keeps this fast.)"""
    monkeypatch.setattr(login, "EMAIL_CEILING", 3)
    t.freeze_time()
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    for n in range(3):
        with pytest.raises(InvalidCredentialsError):
            await check_login("product", user.email, "wrong password!", client=f"192.0.2.{n}")
    with pytest.raises(TooManyAttemptsError) as slowed:
        await check_login("product", user.email, PASSWORD, client="192.0.2.200")
    assert slowed.value.retry_after_seconds == EMAIL_INTERVAL.total_seconds()
    t.advance_time(EMAIL_INTERVAL)
    assert (await check_login("product", user.email, PASSWORD, client="192.0.2.200")).id == user.id
