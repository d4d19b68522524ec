"""SAML metadata by URL: fetched like a webhook delivery (safe targets), every failure a
typed `SSOConnectionInvalidError(field="saml_idp_metadata_url")`, never a 500."""

from __future__ import annotations

import asyncio
import socket

import pytest

from database.testing.activity import open_transactions
from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env
from product.organizations.roles import InsufficientRoleError
from product.sso.metadata_url import MAX_BYTES, MetadataFetchError, fetch_metadata
from product.sso.routes import SSOConnectionIn, SSOConnectionInvalidError, sso_connection_set

METADATA = """<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
 entityID="https://idp.example.com/idp"><md:IDPSSODescriptor
 protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>"""


async def _set_by_url(t: TFix, url: str) -> SSOConnectionInvalidError:
    owner = await t.factory.customer()
    session = await t.factory.session(user=owner.user, organization=owner.organization)
    connection = SSOConnectionIn(protocol="saml", saml_idp_metadata_url=url)
    res = await t.rpc.call(sso_connection_set, connection, as_=session)
    return res.expect_error(SSOConnectionInvalidError)


async def test_the_metadata_is_fetched_and_stored_as_if_pasted(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=True)
    owner = await t.factory.customer()
    session = await t.factory.session(user=owner.user, organization=owner.organization)
    with fake_http() as idp:
        idp.respond("GET", "/metadata", FakeResponse(200, METADATA))
        connection = SSOConnectionIn(protocol="saml", saml_idp_metadata_url=f"{idp.url}/metadata")
        out = (await t.rpc.call(sso_connection_set, connection, as_=session)).output
    assert out.saml_idp_entity_id == "https://idp.example.com/idp"


async def test_unusable_answers_are_a_typed_error(t: TFix, monkeypatch: pytest.MonkeyPatch) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=True)
    with fake_http() as idp:
        idp.respond("GET", "/html", FakeResponse(200, "<html>sign in</html>"))
        idp.respond("GET", "/big", FakeResponse(200, "x" * (MAX_BYTES + 1)))
        idp.respond("GET", "/moved", FakeResponse(302, "", headers={"Location": "/html"}))
        idp.respond("GET", "/broken", FakeResponse(500, METADATA))
        for path in ("/html", "/big", "/moved", "/broken", "/missing"):
            error = await _set_by_url(t, f"{idp.url}{path}")
            assert error.field == "saml_idp_metadata_url", path
        assert not idp.calls("GET", "/html")[1:]  # the redirect was not followed
        with pytest.raises(MetadataFetchError, match="refused"):
            await fetch_metadata(idp.url.replace("://", "://user:secret@") + "/html")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    assert (await _set_by_url(t, f"http://127.0.0.1:{port}/m")).field == "saml_idp_metadata_url"


async def test_a_private_address_is_refused(t: TFix, monkeypatch: pytest.MonkeyPatch) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=False)
    with fake_http() as idp:
        idp.respond("GET", "/metadata", FakeResponse(200, METADATA))
        https_url = idp.url.replace("http://", "https://") + "/metadata"
        for url in (https_url, f"{idp.url}/metadata", "https://localhost:1/metadata"):
            with pytest.raises(MetadataFetchError, match="refused"):
                await fetch_metadata(url)
        assert (await _set_by_url(t, https_url)).field == "saml_idp_metadata_url"
        assert not idp.requests


async def test_no_transaction_is_open_while_the_metadata_is_fetched(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=True)
    owner = await t.factory.customer()
    session = await t.factory.session(user=owner.user, organization=owner.organization)
    with fake_http() as idp:
        idp.respond("GET", "/metadata", FakeResponse(200, METADATA, delay=1.0))
        connection = SSOConnectionIn(protocol="saml", saml_idp_metadata_url=f"{idp.url}/metadata")
        call = asyncio.create_task(t.rpc.call(sso_connection_set, connection, as_=session))
        for _ in range(500):  # until the identity provider is answering, slowly
            if idp.requests:
                break
            await asyncio.sleep(0.01)
        assert await open_transactions() == 0
        assert (await call).output.saml_idp_entity_id == "https://idp.example.com/idp"


async def test_a_caller_without_the_permission_makes_no_fetch(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=True)
    owner = await t.factory.customer()
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=owner.organization, role="member")
    session = await t.factory.session(user=member, organization=owner.organization)
    with fake_http() as idp:
        idp.respond("GET", "/metadata", FakeResponse(200, METADATA))
        connection = SSOConnectionIn(protocol="saml", saml_idp_metadata_url=f"{idp.url}/metadata")
        res = await t.rpc.call(sso_connection_set, connection, as_=session)
        res.expect_error(InsufficientRoleError)
        assert not idp.requests
