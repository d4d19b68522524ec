"""The product's emails in the user's language: `users.locale` set at signup from
Accept-Language and changed with `user_update`, then each email in it (a reset request,
which picks the language in SQL, among them)."""

from __future__ import annotations

import uuid

from database.testing import harness
from database.xact import xact_admin
from foundation.testing.fixture import TFix
from foundation.testing.outbox import code_in, delivered_to
from product.account.routes import PasswordResetRequestIn, password_reset_request
from product.auth.routes import SignupIn, signup
from product.framework import PRODUCT
from product.profile.routes import UserUpdateIn, user_update

PASSWORD = "a long enough password"  # pragma: allowlist secret


async def test_signup_takes_the_browsers_language_and_user_update_changes_it(t: TFix) -> None:
    email = f"sprache-{uuid.uuid4().hex[:10]}@example.test"
    up = SignupIn(name="Ada", email=email, password=PASSWORD, organization_name="Org")
    res = await t.rpc.call(signup, up, headers={"Accept-Language": "de-AT,de;q=0.9,en;q=0.5"})
    assert res.status == 200 and res.output.user is not None
    user_id = res.output.user.id
    async with xact_admin() as q:
        assert (await harness(q).test_user_fetch(id=user_id)).locale == "de"
    [verify] = await delivered_to(email)
    assert verify.subject == "Bestätigen Sie Ihre E-Mail-Adresse"
    assert "Der Code gilt 7 Tage lang." in verify.text
    assert verify.html is not None and '<html lang="de">' in verify.html
    assert len(code_in(verify)) >= 20

    await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=email))
    [_, reset] = await delivered_to(email)
    assert reset.subject == "Setzen Sie Ihr Passwort zurück" and reset.html is not None

    cookie = res.cookies[PRODUCT.cookie]
    changed = await t.rpc.call(user_update, UserUpdateIn(locale="en"), as_=cookie)
    assert changed.output.name == "Ada"  # the name stays
    await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=email))
    [*_, reset] = await delivered_to(email)
    assert reset.subject == "Reset your password"


async def test_without_accept_language_emails_are_english(t: TFix) -> None:
    email = f"lang-{uuid.uuid4().hex[:10]}@example.test"
    up = SignupIn(name="Ada", email=email, password=PASSWORD, organization_name="Org")
    res = await t.rpc.call(signup, up, headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert res.status == 200
    [verify] = await delivered_to(email)
    assert verify.subject == "Verify your email address"
