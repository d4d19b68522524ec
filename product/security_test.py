"""Regression tests of the outside attack on the account system (issue 23), one block per
finding, in process (`security_http_test.py` has the ones made over real HTTP; finding 2
is `foundation/email/outbox_test.py`, 4 `panopticon/security_test.py`, 16 the pool's
bulkhead tests). Each failed on the code before the authentication funnel."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator

import pytest

from database.testing import harness
from database.testing.factory import Customer
from database.testing.waiting import once_waiting_for_a_lock, until_waiting
from database.xact import xact_admin
from foundation.auth import passwords
from foundation.auth.errors import (
    InvalidCredentialsError,
    MFACodeInvalidError,
    MFARequiredError,
    TooManyAttemptsError,
)
from foundation.auth.login import LOCKOUT_FAILURES
from foundation.auth.passwords import hash_password
from foundation.auth.second_factor import TOTP_FAILURES
from foundation.base.env import reload_env
from foundation.rpc.errors import UnauthorizedError
from foundation.testing.fixture import TFix
from foundation.testing.mfa import MfaOn, enable_mfa
from foundation.testing.outbox import code_in, delivered_to
from foundation.testing.server import fresh_address
from foundation.testing.settings import override_env
from product.account.routes import (
    EmailChangeConfirmIn,
    EmailChangeRequestIn,
    EmailVerifyIn,
    PasswordResetCompleteIn,
    PasswordResetRequestIn,
    ResetCodeInvalidError,
    UserDeleteIn,
    delete_account,
    email_verify,
    password_reset_complete,
    password_reset_request,
    user_delete,
    user_email_change_confirm,
    user_email_change_request,
)
from product.auth.routes import (
    EmailAlreadyExistsError,
    LoginIn,
    SignupIn,
    init,
    login,
    sessions_list,
    signup,
)
from product.db import xact_admin as product_xact_admin
from product.framework import PRODUCT
from product.invites.routes import InviteAcceptIn, invite_accept
from product.mfa.routes import LoginMfaIn, login_mfa
from product.profile.routes import PasswordChangeIn, user_password_change
from product.testing import impersonated

PASSWORD = "a long enough password"
NEW_PASSWORD = "another long password"


@pytest.fixture
def proxied(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Clients told apart by X-Forwarded-For (one trusted proxy), as in production."""
    monkeypatch.setenv("WEB_TRUSTED_PROXIES", "1")
    reload_env()
    yield
    monkeypatch.undo()
    reload_env()


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


async def _customer(t: TFix) -> Customer:
    return await t.factory.customer(password_hash=await hash_password(PASSWORD))


async def _mfa_customer(t: TFix) -> tuple[Customer, MfaOn]:
    t.freeze_time()
    c = await _customer(t)
    return c, await enable_mfa(c.user.id)


# -- 5: accepting an invite proves nothing about the address --------------------------


async def test_an_invited_new_account_stays_unverified_until_email_verify(t: TFix) -> None:
    owner = await t.factory.customer()
    email = f"minted-{uuid.uuid4().hex[:8]}@example.test"
    await t.factory.invite(organization=owner.organization, code="minted-code", email=email)
    res = await t.rpc.call(
        invite_accept, InviteAcceptIn(code="minted-code", name="Minted", password=PASSWORD)
    )
    user = res.output.user
    assert user is not None and not user.email_verified
    [message] = await delivered_to(email)  # a verification code went to the address
    assert "Verify" in message.subject and code_in(message)
    async with xact_admin() as q:
        signed_in = await harness(q).test_session_sign_in(
            id=(await harness(q).test_user_sessions(user_id=user.id))[0]
        )
    assert signed_in.sign_in_method == "invite"


# -- 6: a password reset asks for the second factor ------------------------------------


async def test_password_reset_with_mfa_on_answers_a_challenge_not_a_session(t: TFix) -> None:
    c, mfa = await _mfa_customer(t)
    await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=c.user.email))
    [message] = await delivered_to(c.user.email)
    res = await t.rpc.call(
        password_reset_complete,
        PasswordResetCompleteIn(code=code_in(message), new_password=NEW_PASSWORD),
    )
    challenge = res.expect_error(MFARequiredError).challenge
    assert PRODUCT.cookie not in res.cookies
    # The password is set all the same, and the old one no longer works.
    old = await t.rpc.call(login, LoginIn(email=c.user.email, password=PASSWORD))
    old.expect_error(InvalidCredentialsError)
    done = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=mfa.code()))
    assert done.output.user is not None and done.cookies[PRODUCT.cookie]
    async with xact_admin() as q:
        [session_id] = await harness(q).test_user_sessions(user_id=c.user.id)
        signed_in = await harness(q).test_session_sign_in(id=session_id)
    assert (signed_in.sign_in_method, signed_in.second_factor) == ("password_reset", "totp")


# -- 7: nobody else can cancel or block the owner's reset ------------------------------


async def test_a_stranger_cannot_cancel_or_block_the_owners_reset(
    t: TFix, proxied: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, rate_limits="")  # the documented defaults (5 per target)
    c = await _customer(t)
    owner, stranger = _from(fresh_address()), _from(fresh_address())
    request = PasswordResetRequestIn(email=c.user.email)
    await t.rpc.call(password_reset_request, request, headers=owner)
    [owners] = await delivered_to(c.user.email)
    answers = [
        await t.rpc.call(password_reset_request, request, headers=stranger) for _ in range(6)
    ]
    assert [a.status for a in answers] == [200] * 5 + [400]
    answers[-1].expect_error(TooManyAttemptsError)  # the stranger's own allowance
    # The owner may still ask (their allowance is their own) ...
    assert (await t.rpc.call(password_reset_request, request, headers=owner)).status == 200
    # ... at most 5 codes are open, every one in the owner's mailbox ...
    assert len(await delivered_to(c.user.email)) == 5
    # ... and the owner's first code still works: newer requests did not revoke it.
    res = await t.rpc.call(
        password_reset_complete,
        PasswordResetCompleteIn(code=code_in(owners), new_password=NEW_PASSWORD),
        headers=owner,
    )
    assert res.output.user is not None


# -- 8: no argon2 work for a wrong reset code; rate-limited per client -----------------


async def test_a_wrong_reset_code_costs_no_hashing_and_is_rate_limited(
    t: TFix, proxied: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed: list[str] = []
    real = passwords.hash_password_sync

    def counted(password: str) -> str:
        hashed.append(password)
        return real(password)

    monkeypatch.setattr(passwords, "hash_password_sync", counted)
    override_env(monkeypatch, rate_limits="password_reset_complete=3/3/3600")
    flood = _from(fresh_address())
    guess = PasswordResetCompleteIn(code="not-a-code", new_password=NEW_PASSWORD)
    answers = [await t.rpc.call(password_reset_complete, guess, headers=flood) for _ in range(4)]
    assert [a.error for a in answers] == ["ResetCodeInvalidError"] * 3 + ["TooManyAttemptsError"]
    assert hashed == []
    other = await t.rpc.call(password_reset_complete, guess, headers=_from(fresh_address()))
    other.expect_error(ResetCodeInvalidError)


# -- 9: password re-checks in a session are locked out per user and client ------------


async def test_a_stolen_session_is_no_password_oracle(t: TFix, proxied: None) -> None:
    c = await _customer(t)
    thief, owner = _from(fresh_address()), _from(fresh_address())
    wrong = PasswordChangeIn(current_password="not the password", new_password=NEW_PASSWORD)
    for _ in range(LOCKOUT_FAILURES):
        res = await t.rpc.call(user_password_change, wrong, as_=c, headers=thief)
        res.expect_error(InvalidCredentialsError)
    right = PasswordChangeIn(current_password=PASSWORD, new_password=NEW_PASSWORD)
    res = await t.rpc.call(user_password_change, right, as_=c, headers=thief)
    res.expect_error(TooManyAttemptsError)
    # The same check guards deletion and email change (one lockout per user).
    deleting = await t.rpc.call(user_delete, UserDeleteIn(password=PASSWORD), as_=c, headers=thief)
    deleting.expect_error(TooManyAttemptsError)
    change = EmailChangeRequestIn(new_email=f"n-{uuid.uuid4().hex[:6]}@example.test", password="x")
    res = await t.rpc.call(user_email_change_request, change, as_=c, headers=thief)
    res.expect_error(TooManyAttemptsError)
    # The owner, elsewhere, is not locked out.
    assert (await t.rpc.call(user_password_change, right, as_=c, headers=owner)).status == 200


# -- 10: deletion racing a sign-in or an invite acceptance ------------------------------


async def test_an_invite_accepted_while_the_account_is_deleted_adds_no_member(t: TFix) -> None:
    """The acceptance waits (on the invite, held by the test) while the deletion commits:
    the user is re-read under lock in the transaction that would add the membership."""
    owner, victim = await t.factory.customer(), await _customer(t)
    code = f"race-{uuid.uuid4().hex}"
    invite = await t.factory.invite(
        organization=owner.organization, code=code, email=victim.user.email
    )
    session = await t.rpc.cookie(PRODUCT, victim)
    async with product_xact_admin() as q:
        await q.orm.invite_lock(id=invite.id)
        accepting = await once_waiting_for_a_lock(
            t.rpc.call(invite_accept, InviteAcceptIn(code=code), as_=session)
        )
        deleted = await t.rpc.call(user_delete, UserDeleteIn(password=PASSWORD), as_=victim)
        assert deleted.status == 200
    (await accepting).expect_error(InvalidCredentialsError)
    async with xact_admin() as q:
        assert await harness(q).test_user_memberships(user_id=victim.user.id) == []


async def test_a_login_finishing_after_the_deletion_starts_no_session(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The password is right, but the account is deleted while it is being hashed: the
    session's transaction re-reads the user under lock and refuses."""
    victim = await _customer(t)
    hashing, go_on = threading.Event(), threading.Event()
    real = passwords.verify_password_sync

    def held(password: str, phc: str) -> bool:
        hashing.set()
        go_on.wait(10)
        return real(password, phc)

    monkeypatch.setattr(passwords, "verify_password_sync", held)
    logging_in = asyncio.ensure_future(
        t.rpc.call(login, LoginIn(email=victim.user.email, password=PASSWORD))
    )
    assert await asyncio.to_thread(hashing.wait, 10)
    async with product_xact_admin() as q:
        await delete_account(q, victim.user.id, victim.user.email, by_user_id=victim.user.id)
    go_on.set()
    (await logging_in).expect_error(InvalidCredentialsError)
    async with xact_admin() as q:
        assert await harness(q).test_user_sessions(user_id=victim.user.id) == []


# -- 11: an impersonated session ends with the admin's superadmin role ------------------


@pytest.mark.parametrize("change", ["demoted", "revoked", "disabled"])
async def test_an_impersonated_session_ends_when_its_admin_loses_the_right(
    t: TFix, change: str
) -> None:
    _, admin, cookie = await impersonated(t)
    assert (await t.rpc.call(init, as_=cookie)).output.user is not None
    async with xact_admin() as q:
        if change == "demoted":
            await harness(q).test_admin_grant(user_id=admin.id, role="support")
        elif change == "revoked":
            await harness(q).test_admin_revoke(user_id=admin.id)
        else:
            await harness(q).test_user_disable(id=admin.id)
    res = await t.rpc.call(init, as_=cookie)
    assert res.output.user is None and res.cookies[PRODUCT.cookie] == ""
    (await t.rpc.call(sessions_list, as_=cookie)).expect_error(UnauthorizedError)


# -- 12: an email change racing a signup of the same address ----------------------------


async def test_email_change_racing_signup_of_the_address_never_answers_500(t: TFix) -> None:
    """The confirmation has found the address free and waits (on the user's row, held by
    the test) to switch to it while a signup of the same address runs: the signup waits
    for the address lock instead of taking the address underneath (a unique violation)."""
    c = await _customer(t)
    here = await t.rpc.cookie(PRODUCT, c)
    await t.rpc.call(init, as_=here)  # the visit is recorded now, not under the test's lock
    wanted = f"wanted-{uuid.uuid4().hex[:10]}@example.test"
    change = EmailChangeRequestIn(new_email=wanted, password=PASSWORD)
    await t.rpc.call(user_email_change_request, change, as_=here)
    [message] = await delivered_to(wanted)
    async with xact_admin() as q:
        await harness(q).test_user_lock(id=c.user.id)
        confirming = await once_waiting_for_a_lock(
            t.rpc.call(
                user_email_change_confirm, EmailChangeConfirmIn(code=code_in(message)), as_=here
            )
        )
        signing_up = asyncio.ensure_future(
            t.rpc.call(
                signup,
                SignupIn(name="Racer", email=wanted, password=PASSWORD, organization_name="Org"),
            )
        )
        await until_waiting(2, unless=signing_up)  # queued behind the confirmation, or done
    confirmed, signed_up = await confirming, await signing_up
    assert confirmed.status == 200, confirmed.response
    signed_up.expect_error(EmailAlreadyExistsError)


# -- 13: an email change ends other sessions and the old address's codes ----------------


async def test_email_change_ends_other_sessions_and_old_address_codes(t: TFix) -> None:
    c = await _customer(t)
    here, elsewhere = await t.rpc.cookie(PRODUCT, c), await t.rpc.cookie(PRODUCT, c)
    old_email = c.user.email
    await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=old_email))
    [reset] = await delivered_to(old_email)
    new_email = f"moved-{uuid.uuid4().hex[:10]}@example.test"
    change = EmailChangeRequestIn(new_email=new_email, password=PASSWORD)
    await t.rpc.call(user_email_change_request, change, as_=here)
    [message] = await delivered_to(new_email)
    confirm = EmailChangeConfirmIn(code=code_in(message))
    assert (await t.rpc.call(user_email_change_confirm, confirm, as_=here)).status == 200
    assert (await t.rpc.call(sessions_list, as_=here)).status == 200
    (await t.rpc.call(sessions_list, as_=elsewhere)).expect_error(UnauthorizedError)
    res = await t.rpc.call(
        password_reset_complete,
        PasswordResetCompleteIn(code=code_in(reset), new_password=NEW_PASSWORD),
    )
    res.expect_error(ResetCodeInvalidError)


# -- 14: signup can hide who has an account ---------------------------------------------


async def test_enumeration_safe_signup_answers_the_same_for_a_taken_address(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, signup_enumeration_safe=True)
    email = f"hidden-{uuid.uuid4().hex[:8]}@example.test"
    body = SignupIn(name="Ada", email=email, password=PASSWORD, organization_name="Org")
    first = await t.rpc.call(signup, body)
    second = await t.rpc.call(signup, body)
    assert first.status == second.status == 200
    assert first.response.body == second.response.body
    assert first.output.user is None and PRODUCT.cookie not in first.cookies
    assert PRODUCT.cookie not in second.cookies
    verification, notice = await delivered_to(email)
    assert notice.subject == "You already have an account"
    assert (await t.rpc.call(email_verify, EmailVerifyIn(code=code_in(verification)))).status == 200
    res = await t.rpc.call(login, LoginIn(email=email, password=PASSWORD))
    user = res.output.user
    assert user is not None and user.email_verified


# -- 15: second-factor guessing is counted per user across challenges and clients -------


async def test_totp_guesses_from_fresh_clients_lock_codes_not_recovery_codes(
    t: TFix, proxied: None
) -> None:
    c, mfa = await _mfa_customer(t)
    credentials = LoginIn(email=c.user.email, password=PASSWORD)

    async def challenge(client: dict[str, str]) -> str:
        res = await t.rpc.call(login, credentials, headers=client)
        return res.expect_error(MFARequiredError).challenge

    for _ in range(TOTP_FAILURES):  # a fresh address and a fresh challenge for every guess
        client = _from(fresh_address())
        guess = LoginMfaIn(challenge=await challenge(client), code=mfa.wrong_code())
        (await t.rpc.call(login_mfa, guess, headers=client)).expect_error(MFACodeInvalidError)
    client = _from(fresh_address())
    right = LoginMfaIn(challenge=await challenge(client), code=mfa.code())
    (await t.rpc.call(login_mfa, right, headers=client)).expect_error(TooManyAttemptsError)
    # The owner still gets in with a recovery code.
    client = _from(fresh_address())
    recovery = LoginMfaIn(challenge=await challenge(client), recovery_code=mfa.recovery_codes[0])
    assert (await t.rpc.call(login_mfa, recovery, headers=client)).output.user is not None


# -- the sign-in method is recorded on every session ------------------------------------


async def test_sessions_record_how_they_were_signed_in(t: TFix) -> None:
    c = await _customer(t)
    res = await t.rpc.call(login, LoginIn(email=c.user.email, password=PASSWORD))
    assert res.status == 200
    email = f"method-{uuid.uuid4().hex[:8]}@example.test"
    up = await t.rpc.call(
        signup, SignupIn(name="M", email=email, password=PASSWORD, organization_name="O")
    )
    signed_up = up.output.user
    assert signed_up is not None
    async with xact_admin() as q:
        methods = {
            user_id: [
                (r.sign_in_method, r.second_factor)
                for r in [
                    await harness(q).test_session_sign_in(id=s)
                    for s in await harness(q).test_user_sessions(user_id=user_id)
                ]
            ]
            for user_id in (c.user.id, signed_up.id)
        }
    assert methods == {c.user.id: [("password", None)], signed_up.id: [("signup", None)]}
