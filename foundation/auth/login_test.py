import datetime

import pytest

from database.__codegen__.enums import SessionAppEnum
from foundation.auth import passwords
from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError
from foundation.auth.login import LOCKOUT_FAILURES, LOCKOUT_WINDOW, check_login
from foundation.auth.passwords import hash_password, verify_password_sync
from foundation.testing.fixture import TFix

PASSWORD = "a long enough password"


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
    assert (await check_login("product", "ada@example.TEST", PASSWORD)).id == user.id


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
            await check_login(app, email, password, allowed=_nobody if refuse else None)
        assert len(verifications) == 1, email


async def test_lockout_after_ten_failures_until_the_window_passes(t: TFix) -> None:
    t.freeze_time()
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    for _ in range(LOCKOUT_FAILURES):  # failures at 0 s, 10 s, ... 90 s
        with pytest.raises(InvalidCredentialsError):
            await check_login("product", user.email, "wrong password!")
        t.advance_time(datetime.timedelta(seconds=10))
    # Now at 100 s: locked, even with the right password; the lock lifts when the failure
    # at 0 s leaves the 15-minute window, 800 s from now.
    with pytest.raises(TooManyAttemptsError) as locked:
        await check_login("product", user.email.upper(), PASSWORD)
    assert locked.value.retry_after_seconds == LOCKOUT_WINDOW.total_seconds() - 100
    # Another app counts separately (and does not allow this user).
    with pytest.raises(InvalidCredentialsError):
        await check_login("panopticon", user.email, PASSWORD, allowed=_nobody)
    t.advance_time(datetime.timedelta(seconds=799))
    with pytest.raises(TooManyAttemptsError):
        await check_login("product", user.email, PASSWORD)
    t.advance_time(datetime.timedelta(seconds=2))
    assert (await check_login("product", user.email, PASSWORD)).id == user.id


async def test_unknown_emails_are_locked_out_too(t: TFix) -> None:
    t.freeze_time()
    email = "ghost@example.test"
    for _ in range(LOCKOUT_FAILURES):
        with pytest.raises(InvalidCredentialsError):
            await check_login("product", email, PASSWORD)
    with pytest.raises(TooManyAttemptsError):
        await check_login("product", email, PASSWORD)


async def test_success_clears_the_failures(t: TFix) -> None:
    t.freeze_time()
    user = await t.factory.user(password_hash=await hash_password(PASSWORD))
    for _ in range(LOCKOUT_FAILURES - 1):
        with pytest.raises(InvalidCredentialsError):
            await check_login("product", user.email, "wrong password!")
    await check_login("product", user.email, PASSWORD)
    for _ in range(LOCKOUT_FAILURES - 1):
        with pytest.raises(InvalidCredentialsError):
            await check_login("product", user.email, "wrong password!")
    assert (await check_login("product", user.email, PASSWORD)).id == user.id
