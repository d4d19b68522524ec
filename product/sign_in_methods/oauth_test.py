"""Social login against a real OpenID Provider (the npm package `oidc-provider`, run by
`foundation.testing.oidc` on a free port, real HTTP): the whole authorization code +
PKCE flow, as a browser and the frontend's callback page drive it."""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
import pytest_asyncio

from database.__codegen__.enums import OauthIntentEnum
from database.testing import harness
from database.xact import xact_admin
from foundation.auth.errors import (
    MFARequiredError,
    OAuthFailedError,
    OAuthStateInvalidError,
    TooManyAttemptsError,
)
from foundation.auth.oauth import JWKS_MAX_AGE
from foundation.auth.passwords import hash_password
from foundation.base.env import ENV
from foundation.testing.authenticator import SoftAuthenticator
from foundation.testing.fixture import TFix
from foundation.testing.mfa import enable_mfa
from foundation.testing.oidc import OIDC_PROVIDER_DIR, OIDCProvider, oidc_provider
from foundation.testing.rpc import As
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES
from product.account.routes import delete_account
from product.db import xact_admin as product_xact_admin
from product.framework import PRODUCT
from product.mfa.routes import LoginMfaIn, login_mfa
from product.passkeys.routes import (
    PasskeyRegisterVerifyIn,
    passkey_register_options,
    passkey_register_verify,
)
from product.sign_in_methods.routes import (
    STATE_COOKIE,
    IdentityNotFoundError,
    IdentityUnlinkIn,
    LastSignInMethodError,
    OAuthCompleteIn,
    OAuthEmailUnverifiedError,
    OAuthIdentityTakenError,
    OAuthLinkRequiredError,
    OAuthProviderNotFoundError,
    OAuthSignInRequiredError,
    OAuthStartIn,
    identities_list,
    identity_unlink,
    oauth_complete,
    oauth_providers,
    oauth_start,
)
from tools.testing.browser import require_node

pytestmark = STARTS_PROCESSES  # Node: foundation/testing/timeouts.py

REDIRECT_URI = "http://localhost:5999/oauth/callback"


@pytest.fixture(scope="module")
def provider_process() -> Iterator[OIDCProvider]:
    node = require_node(OIDC_PROVIDER_DIR)
    with oidc_provider(node, redirect_uri=REDIRECT_URI) as op:
        yield op


@pytest_asyncio.fixture
async def op(
    provider_process: OIDCProvider, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[OIDCProvider]:
    override_env(
        monkeypatch,
        oauth_providers=json.dumps([provider_process.config()]),
        oauth_redirect_url=REDIRECT_URI,
    )
    yield provider_process
    await provider_process.publish("signing")
    await provider_process.id_token_lifetime(3600)


@dataclass
class Answer:
    data: OAuthCompleteIn
    cookies: dict[str, str]
    authorization_url: str


async def _at_provider(
    t: TFix,
    op: OIDCProvider,
    account: str,
    *,
    intent: OauthIntentEnum = "signin",
    as_: As = None,
    redirect_to: str | None = None,
    nonce: str | None = None,
) -> Answer:
    """oauth_start, then the browser at the provider: what comes back to the callback."""
    start = OAuthStartIn(provider="test", intent=intent, redirect_to=redirect_to)
    res = await t.rpc.call(oauth_start, start, as_=as_)
    url = res.output.authorization_url
    if nonce is not None:  # someone altered the request on its way to the provider
        original = parse_qs(urlsplit(url).query)["nonce"][0]
        url = url.replace(f"nonce={original}", f"nonce={nonce}")
    code, state = await op.authorize(url, account)
    return Answer(OAuthCompleteIn(state=state, code=code), {STATE_COOKIE: state}, url)


async def _account(
    op: OIDCProvider, *, email: str | None = None, verified: bool = True
) -> tuple[str, str]:
    subject = f"sub-{uuid.uuid4().hex[:12]}"
    email = email or f"{subject}@example.test"
    await op.account(subject, email=email, email_verified=verified, name="Olive Provider")
    return subject, email


async def _methods(user_id: str) -> list[tuple[str | None, str | None]]:
    async with xact_admin() as q:
        sessions = await harness(q).test_user_sessions(user_id=user_id)
        rows = [await harness(q).test_session_sign_in(id=s) for s in sessions]
    return [(r.sign_in_method, r.second_factor) for r in rows]


async def test_the_first_sign_in_creates_the_user_and_the_next_signs_them_in(
    t: TFix, op: OIDCProvider
) -> None:
    subject, email = await _account(op)
    answer = await _at_provider(t, op, subject, redirect_to="/welcome")
    assert "code_challenge_method=S256" in answer.authorization_url
    first = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    out = first.output
    assert (out.signed_in.user.email, out.signed_in.user.email_verified) == (email, True)
    assert out.redirect_to == "/welcome" and not out.linked
    assert out.signed_in.organization is not None  # made as signup makes it
    assert out.signed_in.organization.role == "owner"
    user_id = out.signed_in.user.id
    assert first.cookies[PRODUCT.cookie]
    assert first.cookies[STATE_COOKIE] == ""  # the binding cookie is cleared
    [identity] = (await t.rpc.call(identities_list, as_=first.cookies[PRODUCT.cookie])).output.items
    assert (identity.provider, identity.email) == ("test", email)

    again = await _at_provider(t, op, subject)
    second = await t.rpc.call(oauth_complete, again.data, cookies=again.cookies)
    assert second.output.signed_in.user.id == user_id
    assert await _methods(user_id) == [("oauth", None), ("oauth", None)]


async def test_a_new_user_from_an_invite_link_gets_no_organization(
    t: TFix, op: OIDCProvider
) -> None:
    subject, _ = await _account(op)
    answer = await _at_provider(t, op, subject, redirect_to="/accept-invite#code=abc")
    res = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    assert res.output.signed_in.organization is None
    assert res.output.signed_in.available_organizations == []


async def test_an_existing_verified_address_is_never_linked_silently(
    t: TFix, op: OIDCProvider
) -> None:
    user = await t.factory.user(password_hash=await hash_password("a long enough password"))
    subject, _ = await _account(op, email=user.email.upper())
    answer = await _at_provider(t, op, subject)
    res = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    assert res.expect_error(OAuthLinkRequiredError).email == user.email.upper()
    assert PRODUCT.cookie not in res.cookies
    assert (await t.rpc.call(identities_list, as_=user)).output.items == []
    # Signed in with their own method, the user links the provider from settings...
    link = await _at_provider(t, op, subject, intent="link", as_=user)
    linked = await t.rpc.call(oauth_complete, link.data, cookies=link.cookies, as_=user)
    assert linked.output.linked and linked.output.signed_in.user.id == user.id
    # ...and from then on it signs them in.
    answer = await _at_provider(t, op, subject)
    res = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    assert res.output.signed_in.user.id == user.id
    # With a password left, unlinking is allowed.
    [identity] = (await t.rpc.call(identities_list, as_=user)).output.items
    assert (
        await t.rpc.call(identity_unlink, IdentityUnlinkIn(identity.id), as_=user)
    ).status == 200
    assert (await t.rpc.call(identities_list, as_=user)).output.items == []
    gone = await t.rpc.call(identity_unlink, IdentityUnlinkIn(identity.id), as_=user)
    gone.expect_error(IdentityNotFoundError)


async def test_the_last_way_to_sign_in_cannot_be_unlinked(t: TFix, op: OIDCProvider) -> None:
    first, _ = await _account(op)
    answer = await _at_provider(t, op, first)
    res = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    cookie = res.cookies[PRODUCT.cookie]  # a user with no password: the provider only
    [only] = (await t.rpc.call(identities_list, as_=cookie)).output.items
    refused = await t.rpc.call(identity_unlink, IdentityUnlinkIn(only.id), as_=cookie)
    refused.expect_error(LastSignInMethodError)
    # A second provider account linked: either may go, not both.
    second, _ = await _account(op)
    link = await _at_provider(t, op, second, intent="link", as_=cookie)
    assert (
        await t.rpc.call(oauth_complete, link.data, cookies=link.cookies, as_=cookie)
    ).output.linked
    assert (await t.rpc.call(identity_unlink, IdentityUnlinkIn(only.id), as_=cookie)).status == 200
    [last] = (await t.rpc.call(identities_list, as_=cookie)).output.items
    again = await t.rpc.call(identity_unlink, IdentityUnlinkIn(last.id), as_=cookie)
    again.expect_error(LastSignInMethodError)


async def test_a_passkey_is_a_way_to_sign_in_so_the_identity_may_go(
    t: TFix, op: OIDCProvider
) -> None:
    subject, _ = await _account(op)
    answer = await _at_provider(t, op, subject)
    cookie = (await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)).cookies[
        PRODUCT.cookie
    ]
    [only] = (await t.rpc.call(identities_list, as_=cookie)).output.items
    key = SoftAuthenticator(origin=ENV.webauthn_origin_list[0], rp_id=ENV.webauthn_rp)
    options = (await t.rpc.call(passkey_register_options, as_=cookie)).output.options
    registered = await t.rpc.call(
        passkey_register_verify,
        PasskeyRegisterVerifyIn(credential=key.create(options), name="Phone"),
        as_=cookie,
    )
    assert registered.status == 200
    assert (await t.rpc.call(identity_unlink, IdentityUnlinkIn(only.id), as_=cookie)).status == 200


async def test_a_link_completes_only_for_the_user_who_started_it(t: TFix, op: OIDCProvider) -> None:
    owner, stranger = await t.factory.user(), await t.factory.user()
    subject, _ = await _account(op)
    link = await _at_provider(t, op, subject, intent="link", as_=owner)
    res = await t.rpc.call(oauth_complete, link.data, cookies=link.cookies, as_=stranger)
    res.expect_error(OAuthSignInRequiredError)
    # A provider account linked to someone cannot be linked to another.
    link = await _at_provider(t, op, subject, intent="link", as_=owner)
    assert (
        await t.rpc.call(oauth_complete, link.data, cookies=link.cookies, as_=owner)
    ).output.linked
    taken = await _at_provider(t, op, subject, intent="link", as_=stranger)
    res = await t.rpc.call(oauth_complete, taken.data, cookies=taken.cookies, as_=stranger)
    res.expect_error(OAuthIdentityTakenError)
    # Nor can anyone else unlink it.
    [identity] = (await t.rpc.call(identities_list, as_=owner)).output.items
    assert (await t.rpc.call(identities_list, as_=stranger)).output.items == []
    res = await t.rpc.call(identity_unlink, IdentityUnlinkIn(identity.id), as_=stranger)
    res.expect_error(IdentityNotFoundError)
    signed_out = await t.rpc.call(oauth_start, OAuthStartIn(provider="test", intent="link"))
    signed_out.expect_error(OAuthSignInRequiredError)


async def test_a_state_works_once_and_only_in_the_browser_that_started_it(
    t: TFix, op: OIDCProvider
) -> None:
    subject, _ = await _account(op)
    answer = await _at_provider(t, op, subject)
    elsewhere = await t.rpc.call(oauth_complete, answer.data)  # no cookie: another browser
    elsewhere.expect_error(OAuthStateInvalidError)
    other = {STATE_COOKIE: "another-state"}
    (await t.rpc.call(oauth_complete, answer.data, cookies=other)).expect_error(
        OAuthStateInvalidError
    )
    assert (await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)).status == 200
    replay = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    replay.expect_error(OAuthStateInvalidError)


async def test_a_state_lasts_ten_minutes(t: TFix, op: OIDCProvider) -> None:
    subject, _ = await _account(op)
    t.freeze_time()
    answer = await _at_provider(t, op, subject)
    t.advance_time(datetime.timedelta(minutes=10))  # the contract's 10 minutes
    res = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    res.expect_error(OAuthStateInvalidError)


async def test_an_id_token_with_another_nonce_is_refused(t: TFix, op: OIDCProvider) -> None:
    subject, _ = await _account(op)
    answer = await _at_provider(t, op, subject, nonce="a-nonce-of-another-request")
    res = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    assert res.expect_error(OAuthFailedError).provider == "test"


async def test_an_id_token_signed_by_a_rotated_out_key_is_refused(
    t: TFix, op: OIDCProvider
) -> None:
    subject, _ = await _account(op)
    t.freeze_time()
    answer = await _at_provider(t, op, subject)  # the key set is fetched and cached
    assert (await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)).status == 200
    await op.publish("other")  # the provider's JWKS no longer has the key it signs with
    t.advance_time(JWKS_MAX_AGE + datetime.timedelta(seconds=1))
    answer = await _at_provider(t, op, subject)
    res = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    res.expect_error(OAuthFailedError)
    # Published again (a key we have not seen in our cache): the set is fetched anew.
    await op.publish("signing")
    answer = await _at_provider(t, op, subject)
    assert (await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)).status == 200


async def test_an_expired_id_token_is_refused(t: TFix, op: OIDCProvider) -> None:
    subject, _ = await _account(op)
    await op.id_token_lifetime(5)
    answer = await _at_provider(t, op, subject)
    t.freeze_time()
    t.advance_time(datetime.timedelta(minutes=2))  # past the token, within the state
    res = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    res.expect_error(OAuthFailedError)


async def test_an_unverified_address_creates_nobody_and_links_nothing(
    t: TFix, op: OIDCProvider
) -> None:
    subject, _ = await _account(op, verified=False)
    answer = await _at_provider(t, op, subject)
    res = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    res.expect_error(OAuthEmailUnverifiedError)
    user = await t.factory.user()
    claimed, _ = await _account(op, email=user.email, verified=False)
    answer = await _at_provider(t, op, claimed)
    res = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    res.expect_error(OAuthEmailUnverifiedError)


async def test_two_factor_authentication_still_applies(t: TFix, op: OIDCProvider) -> None:
    subject, _ = await _account(op)
    answer = await _at_provider(t, op, subject)
    user_id = (await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)).output
    mfa = await enable_mfa(user_id.signed_in.user.id)
    answer = await _at_provider(t, op, subject)
    res = await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)
    challenge = res.expect_error(MFARequiredError).challenge
    assert PRODUCT.cookie not in res.cookies
    done = await t.rpc.call(login_mfa, LoginMfaIn(challenge=challenge, code=mfa.code()))
    assert done.output.user.id == user_id.signed_in.user.id
    assert ("oauth", "totp") in await _methods(user_id.signed_in.user.id)


async def test_the_providers_are_listed_and_unknown_ones_refused(t: TFix, op: OIDCProvider) -> None:
    listed = (await t.rpc.call(oauth_providers)).output
    assert [(p.id, p.name) for p in listed] == [("test", "Test OP")]
    res = await t.rpc.call(oauth_start, OAuthStartIn(provider="nope"))
    assert res.expect_error(OAuthProviderNotFoundError).provider == "nope"


async def test_oauth_complete_is_rate_limited(t: TFix, monkeypatch: pytest.MonkeyPatch) -> None:
    override_env(monkeypatch, rate_limits="oauth_complete=2/100/600")
    async with xact_admin() as q:
        await harness(q).test_rate_limits_clear(action="oauth_complete")
    data = OAuthCompleteIn(state="no-such-state", code="c")
    cookies = {STATE_COOKIE: "no-such-state"}
    answers = [await t.rpc.call(oauth_complete, data, cookies=cookies) for _ in range(3)]
    for answer in answers[:2]:
        answer.expect_error(OAuthStateInvalidError)
    answers[2].expect_error(TooManyAttemptsError)


@pytest.mark.parametrize(
    "redirect_to", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "relative"]
)
async def test_redirect_to_is_a_path_of_the_product(t: TFix, redirect_to: str) -> None:
    res = await t.rpc.raw(oauth_start, {"provider": "test", "redirect_to": redirect_to})
    assert res.status == 400 and res.response.error == "InputValidationError"


async def test_a_deleted_account_keeps_no_identity(t: TFix, op: OIDCProvider) -> None:
    subject, email = await _account(op)
    answer = await _at_provider(t, op, subject)
    first = (await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)).output
    async with product_xact_admin() as q:
        user_id = first.signed_in.user.id
        await delete_account(q, user_id, email, by_user_id=user_id)
    # The provider account is free again: it signs up a new user.
    answer = await _at_provider(t, op, subject)
    again = (await t.rpc.call(oauth_complete, answer.data, cookies=answer.cookies)).output
    assert again.signed_in.user.id != first.signed_in.user.id
    assert again.signed_in.user.email == email
