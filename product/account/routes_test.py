"""Email verification, password reset, email change and account deletion."""

from __future__ import annotations

import datetime
import uuid

import pytest

from database.testing import harness
from database.xact import xact_admin
from foundation.auth.errors import InvalidCredentialsError, TooManyAttemptsError, WeakPasswordError
from foundation.auth.login import LOCKOUT_FAILURES
from foundation.auth.passwords import hash_password
from foundation.base.clock import CLOCK
from foundation.crypto.codes import hash_code
from foundation.rpc.errors import UnauthorizedError
from foundation.testing.fixture import TFix
from foundation.testing.outbox import code_in, delivered_to
from foundation.testing.settings import override_env
from product.account.routes import (
    EmailAlreadyVerifiedError,
    EmailChangeCodeInvalidError,
    EmailChangeConfirmIn,
    EmailChangeRequestIn,
    EmailVerifyIn,
    PasswordResetCompleteIn,
    PasswordResetRequestIn,
    ResetCodeInvalidError,
    UserDeleteIn,
    VerificationCodeInvalidError,
    email_verification_resend,
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
from product.auth.verification import EmailNotVerifiedError
from product.db import xact_admin as product_xact_admin
from product.framework import PRODUCT
from product.invites.routes import InviteCreateIn, invite_create
from product.organizations.roles import LastOwnerError
from product.vault.routes import VaultSecretCreateIn, vault_secret_create

PASSWORD = "a long enough password"
COOKIE = PRODUCT.cookie


def _email() -> str:
    return f"acct-{uuid.uuid4().hex[:10]}@example.test"


async def _signup(t: TFix, email: str) -> str:
    res = await t.rpc.call(
        signup, SignupIn(name="Ada", email=email, password=PASSWORD, organization_name="Org")
    )
    return res.cookies[COOKIE]


async def test_signup_sends_a_code_that_verifies_the_address_once(t: TFix) -> None:
    email = _email()
    cookie = await _signup(t, email)
    user = (await t.rpc.call(init, as_=cookie)).output.user
    assert user is not None and not user.email_verified
    [message] = await delivered_to(email)
    code = code_in(message)
    assert f"/verify-email#code={code}" in message.text
    assert (await t.rpc.call(email_verify, EmailVerifyIn(code=code))).output is None
    user = (await t.rpc.call(init, as_=cookie)).output.user
    assert user is not None and user.email_verified
    again = await t.rpc.call(email_verify, EmailVerifyIn(code=code))
    again.expect_error(VerificationCodeInvalidError)
    res = await t.rpc.call(email_verification_resend, as_=cookie)
    res.expect_error(EmailAlreadyVerifiedError)


async def test_a_resent_code_replaces_the_old_one_and_codes_expire(t: TFix) -> None:
    email = _email()
    t.freeze_time()
    cookie = await _signup(t, email)
    assert (await t.rpc.call(email_verification_resend, as_=cookie)).output is None
    first, second = await delivered_to(email)
    old = await t.rpc.call(email_verify, EmailVerifyIn(code=code_in(first)))
    old.expect_error(VerificationCodeInvalidError)
    t.advance_time(datetime.timedelta(days=7, seconds=1))
    late = await t.rpc.call(email_verify, EmailVerifyIn(code=code_in(second)))
    late.expect_error(VerificationCodeInvalidError)


async def test_unverified_users_cannot_invite_or_store_secrets(t: TFix) -> None:
    c = await t.factory.customer()
    async with xact_admin() as q:
        unverified = await harness(q).test_user_create(
            name="New",
            email=_email(),
            password_hash=None,
            signup_step="complete",
            is_enabled=True,
            email_verified=False,
        )
        await harness(q).test_membership_create(
            user_id=unverified.id, organization_id=c.organization.id, role="admin"
        )
    as_ = unverified
    res = await t.rpc.call(
        invite_create,
        InviteCreateIn(email=_email(), role="member"),
        as_=as_,
        organization=c.organization,
    )
    res.expect_error(EmailNotVerifiedError)
    res = await t.rpc.call(
        vault_secret_create,
        VaultSecretCreateIn(name="k", value="v"),
        as_=as_,
        organization=c.organization,
    )
    res.expect_error(EmailNotVerifiedError)


async def test_password_reset_tells_nobody_whether_an_account_exists(t: TFix) -> None:
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    unknown = _email()
    known = await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=c.user.email))
    nobody = await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=unknown))
    assert known.output == nobody.output is None
    assert known.status == nobody.status == 200
    assert await delivered_to(unknown) == []
    [message] = await delivered_to(c.user.email)
    assert "Your reset code:" in message.text


async def test_password_reset_completes_once_ends_sessions_and_signs_in(t: TFix) -> None:
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    old_session = await t.rpc.cookie(PRODUCT, c)
    t.freeze_time()
    await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=c.user.email))
    await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=c.user.email))
    older, newer = await delivered_to(c.user.email)
    weak = await t.rpc.call(
        password_reset_complete, PasswordResetCompleteIn(code=code_in(newer), new_password="short")
    )
    weak.expect_error(WeakPasswordError)  # and the code still works:
    done = await t.rpc.call(
        password_reset_complete,
        PasswordResetCompleteIn(code=code_in(newer), new_password="another long password"),
    )
    user = done.output.user
    assert user is not None and user.id == c.user.id
    (await t.rpc.call(sessions_list, as_=old_session)).expect_error(UnauthorizedError)
    assert (await t.rpc.call(sessions_list, as_=done.cookies[COOKIE])).status == 200
    ok = await t.rpc.call(login, LoginIn(email=c.user.email, password="another long password"))
    assert ok.status == 200
    reuse = await t.rpc.call(
        password_reset_complete,
        PasswordResetCompleteIn(code=code_in(newer), new_password="yet another password"),
    )
    reuse.expect_error(ResetCodeInvalidError)
    # The older code worked until one was used: using one ends the others.
    stale = await t.rpc.call(
        password_reset_complete,
        PasswordResetCompleteIn(code=code_in(older), new_password="yet another password"),
    )
    stale.expect_error(ResetCodeInvalidError)


async def test_a_reset_code_lasts_one_hour(t: TFix) -> None:
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    t.freeze_time()
    await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=c.user.email))
    [message] = await delivered_to(c.user.email)
    t.advance_time(datetime.timedelta(hours=1, seconds=1))
    res = await t.rpc.call(
        password_reset_complete,
        PasswordResetCompleteIn(code=code_in(message), new_password="another long password"),
    )
    res.expect_error(ResetCodeInvalidError)


async def test_email_change_goes_through_the_new_address(t: TFix) -> None:
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    new = _email()
    wrong = await t.rpc.call(
        user_email_change_request, EmailChangeRequestIn(new_email=new, password="nope"), as_=c
    )
    wrong.expect_error(InvalidCredentialsError)
    other = await t.factory.user()
    taken = await t.rpc.call(
        user_email_change_request,
        EmailChangeRequestIn(new_email=other.email.upper(), password=PASSWORD),
        as_=c,
    )
    taken.expect_error(EmailAlreadyExistsError)
    res = await t.rpc.call(
        user_email_change_request, EmailChangeRequestIn(new_email=new, password=PASSWORD), as_=c
    )
    assert res.output is None
    [message] = await delivered_to(new)
    code = code_in(message)
    stranger = await t.factory.customer()
    res = await t.rpc.call(user_email_change_confirm, EmailChangeConfirmIn(code=code), as_=stranger)
    res.expect_error(EmailChangeCodeInvalidError)
    assert (
        await t.rpc.call(user_email_change_confirm, EmailChangeConfirmIn(code=code), as_=c)
    ).status == 200
    user = (await t.rpc.call(init, as_=c)).output.user
    assert user is not None and user.email == new and user.email_verified
    [notice] = await delivered_to(c.user.email)
    assert new in notice.text


async def test_an_address_taken_before_confirmation_is_refused(t: TFix) -> None:
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    new = _email()
    await t.rpc.call(
        user_email_change_request, EmailChangeRequestIn(new_email=new, password=PASSWORD), as_=c
    )
    [message] = await delivered_to(new)
    await t.factory.user(email=new)  # someone signed up with it meanwhile
    res = await t.rpc.call(
        user_email_change_confirm, EmailChangeConfirmIn(code=code_in(message)), as_=c
    )
    res.expect_error(EmailAlreadyExistsError)


async def test_account_deletion_rules(t: TFix) -> None:
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=c.organization, role="member")
    wrong = await t.rpc.call(user_delete, UserDeleteIn(password="nope"), as_=c)
    wrong.expect_error(InvalidCredentialsError)
    blocked = await t.rpc.call(user_delete, UserDeleteIn(password=PASSWORD), as_=c)
    blocked.expect_error(LastOwnerError)
    # A member of another's organization and sole owner of an empty one can leave.
    solo = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    await t.factory.membership(user=solo.user, organization=c.organization, role="member")
    session = await t.rpc.cookie(PRODUCT, solo)
    done = await t.rpc.call(user_delete, UserDeleteIn(password=PASSWORD), as_=session)
    assert done.status == 200 and done.cookies[COOKIE] == ""
    (await t.rpc.call(sessions_list, as_=session)).expect_error(UnauthorizedError)
    async with xact_admin() as q:
        gone = await harness(q).test_user_fetch(id=solo.user.id)
        memberships = await harness(q).test_memberships_of_user(user_id=solo.user.id)
        names = await harness(q).test_organization_names(id=solo.organization.id)
    assert gone.name == "Deleted user" and gone.email.endswith("@deleted.invalid")
    assert gone.password_hash is None and not gone.is_enabled and gone.deleted_at is not None
    assert memberships == [] and names == []
    [goodbye] = await delivered_to(solo.user.email)
    assert "deleted" in goodbye.subject
    again = await t.rpc.call(
        signup,
        SignupIn(name="Back", email=solo.user.email, password=PASSWORD, organization_name="New"),
    )
    assert again.status == 200  # the address is free again


async def test_a_verification_code_resets_no_password(t: TFix) -> None:
    """Codes are redeemed for their purpose only: the signup's verification code is no
    reset code (and stays a verification code)."""
    email = _email()
    await _signup(t, email)
    [message] = await delivered_to(email)
    res = await t.rpc.call(
        password_reset_complete,
        PasswordResetCompleteIn(code=code_in(message), new_password="another long password"),
    )
    res.expect_error(ResetCodeInvalidError)
    assert (await t.rpc.call(email_verify, EmailVerifyIn(code=code_in(message)))).status == 200


async def test_a_disabled_user_gets_no_resetcode_in(t: TFix) -> None:
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    async with xact_admin() as q:
        await harness(q).test_user_disable(id=c.user.id)
    res = await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=c.user.email))
    assert res.status == 200  # the same answer, and no email
    assert await delivered_to(c.user.email) == []


async def test_a_reset_code_of_a_user_disabled_since_is_refused(t: TFix) -> None:
    """The code was sent before the account was disabled: it is refused at its first check
    (no new password is hashed or set)."""
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=c.user.email))
    [message] = await delivered_to(c.user.email)
    async with xact_admin() as q:
        await harness(q).test_user_disable(id=c.user.id)
    res = await t.rpc.call(
        password_reset_complete,
        PasswordResetCompleteIn(code=code_in(message), new_password="another long password"),
    )
    res.expect_error(ResetCodeInvalidError)


async def test_a_reset_lifts_the_login_lockout(t: TFix) -> None:
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    wrong = LoginIn(email=c.user.email, password="not the password")
    for _ in range(LOCKOUT_FAILURES):
        (await t.rpc.call(login, wrong)).expect_error(InvalidCredentialsError)
    right = LoginIn(email=c.user.email, password="another long password")
    (await t.rpc.call(login, right)).expect_error(TooManyAttemptsError)
    await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=c.user.email))
    [message] = await delivered_to(c.user.email)
    done = await t.rpc.call(
        password_reset_complete,
        PasswordResetCompleteIn(code=code_in(message), new_password="another long password"),
    )
    assert done.status == 200
    assert (await t.rpc.call(login, right)).output.user is not None


async def test_reset_requests_and_logins_are_rate_limited_per_client(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past its limit a client is refused, the right password included (before any
    lockout: the limit comes first)."""
    override_env(monkeypatch, rate_limits="login=2/100/600,password_reset_request=2/100/600")
    async with xact_admin() as q:
        for action in ("login", "password_reset_request"):
            await harness(q).test_rate_limits_clear(action=action)
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    request = PasswordResetRequestIn(email=c.user.email)
    answers = [await t.rpc.call(password_reset_request, request) for _ in range(3)]
    assert [a.status for a in answers] == [200, 200, 400]
    answers[2].expect_error(TooManyAttemptsError)
    right = LoginIn(email=c.user.email, password=PASSWORD)
    answers = [await t.rpc.call(login, right) for _ in range(3)]
    assert [a.status for a in answers] == [200, 200, 400]
    answers[2].expect_error(TooManyAttemptsError)


async def test_code_queries_redeem_and_peek_only_their_purpose(t: TFix) -> None:
    """Each of the two code queries checks the purpose itself (the route uses both, so a
    route test alone would not notice one of them forgetting)."""
    email = _email()
    await _signup(t, email)
    [message] = await delivered_to(email)
    code_hash = hash_code(code_in(message))
    async with product_xact_admin() as q:
        now = CLOCK.now()
        peeked = await q.orm.user_code_peek(code_hash=code_hash, purpose="reset_password", now=now)
        redeemed = await q.orm.user_code_redeem(
            code_hash=code_hash, purpose="reset_password", now=now
        )
        assert (peeked, redeemed) == (None, None)
        assert await q.orm.user_code_peek(code_hash=code_hash, purpose="verify_email", now=now)
