"""Every email product sends, as the recipient reads it, pinned
(`__snapshots__/emails_snapshot_test/`): each is delivered by the flow that sends it, then
its subject and text are compared with codes, times, addresses and names as placeholders."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from syrupy.assertion import SnapshotAssertion

from foundation.auth.passwords import hash_password
from foundation.base.env import ENV
from foundation.email.transport import OutgoingEmail
from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.fixture import TFix
from foundation.testing.outbox import code_in, delivered_to
from foundation.testing.settings import override_env
from foundation.testing.snapshots import JSONSnapshot, email_text
from foundation.testing.webhooks import endpoint
from foundation.webhooks.sender import RETRY_FOR, send_pending
from product.account.routes import (
    EmailChangeConfirmIn,
    EmailChangeRequestIn,
    PasswordResetRequestIn,
    UserDeleteIn,
    password_reset_request,
    user_delete,
    user_email_change_confirm,
    user_email_change_request,
)
from product.auth.routes import LoginIn, SignupIn, login, signup
from product.exports.routes import account_export_request, organization_export_request
from product.exports.worker import build_pending
from product.framework import PRODUCT
from product.invites.routes import InviteCreateIn, invite_create
from product.organizations.routes import OrganizationUpdateIn, organization_update
from product.sign_in_methods.routes import LoginCodeRequestIn, login_code_request

PASSWORD = "a long enough password"  # pragma: allowlist secret


def _address(what: str) -> str:
    return f"{what}-{uuid.uuid4().hex[:10]}@example.test"


async def test_every_email_of_the_account_lifecycle(
    t: TFix, monkeypatch: pytest.MonkeyPatch, snapshot: SnapshotAssertion
) -> None:
    email, new_email = _address("mail"), _address("new")
    url = ENV.product_base_url
    sent: dict[str, dict[str, str]] = {}

    def keep(kind: str, message: OutgoingEmail) -> None:
        assert kind not in sent
        sent[kind] = email_text(message, email=email, new_email=new_email, product_url=url)

    up = SignupIn(name="Ada", email=email, password=PASSWORD, organization_name="Ada's Org")
    cookie = (await t.rpc.call(signup, up)).cookies[PRODUCT.cookie]
    [verify] = await delivered_to(email)
    keep("verify_email", verify)

    override_env(monkeypatch, signup_enumeration_safe=True)
    assert (await t.rpc.call(signup, up)).status == 200
    [_, existing] = await delivered_to(email)
    keep("signup_existing", existing)

    await t.rpc.call(password_reset_request, PasswordResetRequestIn(email=email))
    [*_, reset] = await delivered_to(email)
    keep("password_reset", reset)

    await t.rpc.call(login_code_request, LoginCodeRequestIn(email=email))
    [*_, sign_in_code] = await delivered_to(email)
    code = sign_in_code.text.split("sign-in code: ")[1][:6]
    sent["login_code"] = email_text(
        sign_in_code, quoted=quote(email), email=email, code=code, product_url=url
    )

    change = EmailChangeRequestIn(new_email=new_email, password=PASSWORD)
    assert (await t.rpc.call(user_email_change_request, change, as_=cookie)).output is None
    [confirm] = await delivered_to(new_email)
    keep("change_email", confirm)
    code = code_in(confirm)
    confirmed = await t.rpc.call(
        user_email_change_confirm, EmailChangeConfirmIn(code=code), as_=cookie
    )
    assert confirmed.status == 200
    [*_, changed] = await delivered_to(email)
    keep("email_changed", changed)

    done = await t.rpc.call(user_delete, UserDeleteIn(password=PASSWORD), as_=cookie)
    assert done.status == 200
    [*_, deleted] = await delivered_to(new_email)
    keep("account_deleted", deleted)

    assert sent == snapshot(extension_class=JSONSnapshot)


async def test_the_invite_email(t: TFix, snapshot: SnapshotAssertion) -> None:
    inviter = await t.factory.customer(name="Ada", password_hash=await hash_password(PASSWORD))
    invitee = _address("invitee")
    invite = InviteCreateIn(email=invitee, role="admin")
    assert (await t.rpc.call(invite_create, invite, as_=inviter)).status == 200

    [message] = await delivered_to(invitee)

    organization = inviter.organization.name
    text = email_text(message, organization=organization, product_url=ENV.product_base_url)
    assert text == snapshot(extension_class=JSONSnapshot)


async def test_the_new_sign_in_email(t: TFix, snapshot: SnapshotAssertion) -> None:
    c = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    for user_agent in (
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    ):
        signed_in = await t.rpc.call(
            login,
            LoginIn(email=c.user.email, password=PASSWORD),
            headers={"User-Agent": user_agent},
        )
        assert signed_in.status == 200

    [message] = await delivered_to(c.user.email)

    text = email_text(message, product_url=ENV.product_base_url)
    assert text == snapshot(extension_class=JSONSnapshot)


async def test_the_webhook_endpoint_disabled_email(
    t: TFix, monkeypatch: pytest.MonkeyPatch, snapshot: SnapshotAssertion
) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=True)
    owner = await t.factory.customer()
    t.freeze_time()
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(500))
        url = f"{receiver.url}/hook"
        async with endpoint(owner.organization.id, url, ["organization.updated"]):
            await t.rpc.call(organization_update, OrganizationUpdateIn(name="Hooked"), as_=owner)
            await send_pending()
            t.advance_time(RETRY_FOR)
            assert (await send_pending()).failed == 1
    [message] = await delivered_to(owner.user.email)
    assert message.to == owner.user.email
    assert email_text(message, url=url) == snapshot(extension_class=JSONSnapshot)


@pytest.mark.parametrize("scope", ["account", "organization"])
async def test_the_export_ready_email(t: TFix, snapshot: SnapshotAssertion, scope: str) -> None:
    c = await t.factory.customer()
    route = account_export_request if scope == "account" else organization_export_request
    assert (await t.rpc.call(route, as_=c)).status == 200
    await build_pending()

    [message] = await delivered_to(c.user.email)

    organization = c.organization.name
    text = email_text(message, organization=organization, product_url=ENV.product_base_url)
    assert text == snapshot(extension_class=JSONSnapshot)
