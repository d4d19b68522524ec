"""Single sign-on through OpenID Connect against a real provider (the npm package
`oidc-provider`, run by `foundation.testing.oidc`, real HTTP), and the connection's
management and enforcement."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any, cast

import pytest
import pytest_asyncio

from database.testing import harness
from database.testing.factory import Customer
from database.xact import xact_admin
from foundation.auth import sso as sso_protocol
from foundation.auth.errors import (
    MFARequiredError,
    SSOFailedError,
    SSORequiredError,
    SSOStateInvalidError,
)
from foundation.auth.passwords import hash_password
from foundation.base.clock import CLOCK
from foundation.testing.fixture import TFix
from foundation.testing.mfa import enable_mfa
from foundation.testing.oidc import (
    CLIENT_ID,
    CLIENT_SECRET,
    OIDC_PROVIDER_DIR,
    OIDCProvider,
    oidc_provider,
)
from foundation.testing.timeouts import STARTS_PROCESSES
from product.auth.routes import LoginIn, login
from product.framework import PRODUCT
from product.sso.routes import (
    STATE_COOKIE,
    SSOCompleteIn,
    SSOConnectionIn,
    SSOConnectionInvalidError,
    SSOConnectionNotFoundError,
    SSONotConfiguredError,
    SSOStartIn,
    sso_complete,
    sso_connection_delete,
    sso_connection_get,
    sso_connection_set,
    sso_connection_test,
    sso_start,
)
from tools.testing.browser import require_node

pytestmark = STARTS_PROCESSES  # Node: foundation/testing/timeouts.py

PASSWORD = "a long enough password for sso"


@pytest.fixture(scope="module")
def provider_process() -> Iterator[OIDCProvider]:
    node = require_node(OIDC_PROVIDER_DIR)
    with oidc_provider(node, redirect_uri=sso_protocol.redirect_uri()) as op:
        yield op


@pytest_asyncio.fixture
async def op(provider_process: OIDCProvider) -> AsyncIterator[OIDCProvider]:
    yield provider_process
    await provider_process.id_token_lifetime(3600)


@dataclass
class Org:
    owner: Customer
    domain: str


async def _organization(t: TFix, op: OIDCProvider) -> Org:
    """An organization with a verified domain and an OIDC connection to the provider."""
    domain = f"sso-{uuid.uuid4().hex[:10]}.test"
    owner = await t.factory.customer(
        email=f"owner-{uuid.uuid4().hex[:6]}@{domain}", password_hash=await hash_password(PASSWORD)
    )
    async with xact_admin() as q:
        await harness(q).test_domain_create(
            organization_id=owner.organization.id,
            domain=domain,
            verification_token="t",
            verified_at=CLOCK.now(),
            checked_at=None,
        )
    connection = SSOConnectionIn(
        protocol="oidc",
        oidc_issuer=op.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
    )
    session = await t.factory.session(user=owner.user, organization=owner.organization)
    await t.rpc.call(sso_connection_set, connection, as_=session)
    return Org(owner, domain)


async def _sign_in(
    t: TFix, op: OIDCProvider, email: str, *, cookies: dict[str, str] | None = None
) -> tuple[SSOCompleteIn, dict[str, str]]:
    """sso_start by email, then the browser at the provider: the callback's answer."""
    subject = f"sub-{uuid.uuid4().hex[:12]}"
    await op.account(subject, email=email, email_verified=True, name="Sam Single")
    res = await t.rpc.call(sso_start, SSOStartIn(email=email))
    code, state = await op.authorize(res.output.redirect_url, subject)
    return SSOCompleteIn(state=state, code=code), cookies or {STATE_COOKIE: state}


async def test_a_new_address_at_the_domain_joins_just_in_time_and_signs_in_again(
    t: TFix, op: OIDCProvider
) -> None:
    org = await _organization(t, op)
    email = f"new@{org.domain}"
    data, cookies = await _sign_in(t, op, email)
    first = await t.rpc.call(sso_complete, data, cookies=cookies)
    signed_in = first.output.signed_in
    assert signed_in is not None and first.output.test is None
    assert (signed_in.user.email, signed_in.user.email_verified) == (email, True)
    assert signed_in.organization is not None
    assert (signed_in.organization.id, signed_in.organization.role) == (
        org.owner.organization.id,
        "member",
    )
    assert first.cookies[PRODUCT.cookie]
    async with xact_admin() as q:
        [session_id] = await harness(q).test_user_sessions(user_id=signed_in.user.id)
        assert (await harness(q).test_session_sign_in(id=session_id)).sign_in_method == "sso"
    # The state is used up: the same answer again is refused.
    again = await t.rpc.call(sso_complete, data, cookies=cookies)
    again.expect_error(SSOStateInvalidError)
    data, cookies = await _sign_in(t, op, email)
    second = await t.rpc.call(sso_complete, data, cookies=cookies)
    assert second.output.signed_in is not None
    assert second.output.signed_in.user.id == signed_in.user.id


async def test_an_existing_user_is_linked_with_the_default_role_and_asked_a_second_factor(
    t: TFix, op: OIDCProvider
) -> None:
    org = await _organization(t, op)
    user = await t.factory.user(email=f"existing-{uuid.uuid4().hex[:6]}@{org.domain}")
    await enable_mfa(user.id)
    res = await t.rpc.call(
        sso_connection_set,
        SSOConnectionIn(
            protocol="oidc", oidc_issuer=op.issuer, oidc_client_id=CLIENT_ID, default_role="admin"
        ),
        as_=await t.factory.session(user=org.owner.user, organization=org.owner.organization),
    )
    assert res.output.default_role == "admin"  # the stored secret is kept
    data, cookies = await _sign_in(t, op, user.email)
    answer = await t.rpc.call(sso_complete, data, cookies=cookies)
    answer.expect_error(MFARequiredError)
    async with xact_admin() as q:
        membership = await harness(q).test_membership_fetch(
            organization_id=org.owner.organization.id, user_id=user.id
        )
    assert membership.role == "admin"


async def test_an_address_at_another_domain_is_refused(t: TFix, op: OIDCProvider) -> None:
    org = await _organization(t, op)
    other = f"sso-other-{uuid.uuid4().hex[:8]}.test"
    # The provider answers for an address outside the organization's verified domains.
    subject = f"sub-{uuid.uuid4().hex[:12]}"
    await op.account(subject, email=f"someone@{other}", email_verified=True)
    res = await t.rpc.call(sso_start, SSOStartIn(organization_id=org.owner.organization.id))
    code, state = await op.authorize(res.output.redirect_url, subject)
    answer = await t.rpc.call(
        sso_complete, SSOCompleteIn(state=state, code=code), cookies={STATE_COOKIE: state}
    )
    answer.expect_error(SSOFailedError)
    assert PRODUCT.cookie not in answer.cookies


async def test_another_browser_cannot_complete(t: TFix, op: OIDCProvider) -> None:
    org = await _organization(t, op)
    data, _ = await _sign_in(t, op, f"victim@{org.domain}")
    res = await t.rpc.call(sso_complete, data, cookies={STATE_COOKIE: "another browser's"})
    res.expect_error(SSOStateInvalidError)


async def test_an_address_without_a_connection_is_told_so(t: TFix) -> None:
    res = await t.rpc.call(sso_start, SSOStartIn(email=f"x@nosso-{uuid.uuid4().hex[:8]}.test"))
    res.expect_error(SSONotConfiguredError)
    (await t.rpc.call(sso_start, SSOStartIn())).expect_error(SSONotConfiguredError)


async def test_enforcement_refuses_password_sign_in_and_ends_sessions_but_owners_keep_break_glass(
    t: TFix, op: OIDCProvider
) -> None:
    org = await _organization(t, op)
    member = await t.factory.user(
        email=f"member-{uuid.uuid4().hex[:6]}@{org.domain}",
        password_hash=await hash_password(PASSWORD),
    )
    await t.factory.membership(user=member, organization=org.owner.organization, role="member")
    owner = org.owner  # at the domain too
    before = await t.rpc.call(login, LoginIn(email=member.email, password=PASSWORD))
    member_session = before.cookies[PRODUCT.cookie]
    owner_session = await t.factory.session(user=owner.user, organization=owner.organization)
    connection = SSOConnectionIn(
        protocol="oidc", oidc_issuer=op.issuer, oidc_client_id=CLIENT_ID, enforce=True
    )
    await t.rpc.call(sso_connection_set, connection, as_=owner_session)
    # The member's password session ended; a new password sign-in is refused.
    assert (await t.rpc.call(sso_connection_get, as_=member_session)).status == 401
    refused = await t.rpc.call(login, LoginIn(email=member.email, password=PASSWORD))
    error = refused.expect_error(SSORequiredError)
    assert error.organization_id == owner.organization.id
    # The owner keeps password sign-in (break-glass)...
    email = owner.user.email
    assert (await t.rpc.call(login, LoginIn(email=email, password=PASSWORD))).status == 200
    # ...until break-glass is off.
    connection.owners_break_glass = False
    await t.rpc.call(sso_connection_set, connection, as_=owner_session)
    refused = await t.rpc.call(login, LoginIn(email=email, password=PASSWORD))
    refused.expect_error(SSORequiredError)
    # Single sign-on itself still signs the member in.
    data, cookies = await _sign_in(t, op, member.email)
    res = await t.rpc.call(sso_complete, data, cookies=cookies)
    assert res.output.signed_in is not None


async def test_the_connection_is_managed_by_owners_and_never_shows_its_secret(
    t: TFix, op: OIDCProvider
) -> None:
    org = await _organization(t, op)
    owner = await t.factory.session(user=org.owner.user, organization=org.owner.organization)
    got = (await t.rpc.call(sso_connection_get, as_=owner)).output
    assert got is not None and got.oidc_issuer == op.issuer
    assert CLIENT_SECRET not in str(got)
    assert got.redirect_uri == sso_protocol.redirect_uri()
    # Another issuer needs its own secret.
    res = await t.rpc.call(
        sso_connection_set,
        SSOConnectionIn(protocol="oidc", oidc_issuer="https://other.example", oidc_client_id="x"),
        as_=owner,
    )
    assert res.expect_error(SSOConnectionInvalidError).field == "oidc_client_secret"
    bad = SSOConnectionIn(protocol="saml", saml_idp_metadata="<not-metadata/>")
    res = await t.rpc.call(sso_connection_set, bad, as_=owner)
    assert res.expect_error(SSOConnectionInvalidError).field == "saml_idp_metadata"
    # A dry run answers the claims and signs nobody in.
    subject = f"sub-{uuid.uuid4().hex[:12]}"
    await op.account(subject, email=f"dry@{org.domain}", email_verified=True, name="Dry Run")
    started = await t.rpc.call(sso_connection_test, as_=owner)
    code, state = await op.authorize(started.output.redirect_url, subject)
    tested = await t.rpc.call(
        sso_complete, SSOCompleteIn(state=state, code=code), cookies={STATE_COOKIE: state}
    )
    assert tested.output.signed_in is None and tested.output.test is not None
    assert tested.output.test.email == f"dry@{org.domain}"
    assert tested.output.test.claims["sub"] == subject
    assert PRODUCT.cookie not in tested.cookies
    # Deleting it: history and the webhook event.
    assert (await t.rpc.call(sso_connection_delete, as_=owner)).status == 200
    (await t.rpc.call(sso_connection_delete, as_=owner)).expect_error(SSOConnectionNotFoundError)
    assert (await t.rpc.call(sso_connection_get, as_=owner)).output is None
    async with xact_admin() as q:
        events = await harness(q).test_webhook_events(organization_id=org.owner.organization.id)
        organization = await harness(q).test_organization_fetch(id=org.owner.organization.id)
    changes = [
        cast("dict[str, Any]", e.data)["change"]
        for e in events
        if e.type == "sso.connection_changed"
    ]
    assert changes == ["created", "updated", "deleted"] or changes == ["created", "deleted"]
    assert "sso connection deleted" in str(organization.storytime)
