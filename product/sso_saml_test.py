"""Single sign-on through SAML 2.0 against a real identity provider (pysaml2's IdP side,
`foundation.testing.saml_idp`, signing with `xmlsec1`), over real HTTP: our metadata
URL, the AuthnRequest redirect, the IdP's form POSTed to our ACS endpoint (a hypercorn
server of the product app), then `sso_complete` in the browser that started."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import pytest_asyncio

from database.testing import harness
from database.testing.factory import Customer
from database.xact import xact_admin
from foundation.auth import sso as sso_protocol
from foundation.auth.errors import SSOFailedError
from foundation.base.clock import CLOCK
from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.fixture import TFix
from foundation.testing.saml_idp import PostedForm, SAMLIdP, saml_idp
from foundation.testing.server import serve_in_background
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES
from foundation.testing.unavailable import unavailable
from product.app import create_product_app
from product.framework import PRODUCT
from product.sso.routes import (
    STATE_COOKIE,
    SSOCompleteIn,
    SSOConnectionIn,
    SSOStartIn,
    sso_complete,
    sso_connection_get,
    sso_connection_set,
    sso_start,
)

pytestmark = STARTS_PROCESSES  # a server and xmlsec1 processes: foundation/testing/timeouts.py


@pytest.fixture(scope="module")
def idp_process() -> Iterator[SAMLIdP]:
    if shutil.which("xmlsec1") is None:
        unavailable("xmlsec1 not found: install Debian's xmlsec1 (apt-get install xmlsec1)")
    with saml_idp() as idp:
        yield idp


@pytest_asyncio.fixture
async def server() -> AsyncIterator[str]:
    async with serve_in_background(create_product_app()) as base_url:
        yield base_url


@dataclass
class Org:
    owner: Customer
    domain: str
    connection_id: str


async def _organization(
    t: TFix, idp: SAMLIdP, server: str, connection: SSOConnectionIn | None = None
) -> Org:
    domain = f"saml-{uuid.uuid4().hex[:10]}.test"
    owner = await t.factory.customer(email=f"owner-{uuid.uuid4().hex[:6]}@{domain}")
    async with xact_admin() as q:
        await harness(q).test_domain_create(
            organization_id=owner.organization.id,
            domain=domain,
            verification_token="t",
            verified_at=CLOCK.now(),
            checked_at=None,
        )
    session = await t.factory.session(user=owner.user, organization=owner.organization)
    connection = connection or SSOConnectionIn(protocol="saml", saml_idp_metadata=idp.metadata)
    out = (await t.rpc.call(sso_connection_set, connection, as_=session)).output
    assert out.saml_idp_entity_id == idp.entity_id
    # The IdP is given our metadata, fetched from its stable URL over HTTP.
    path = urlsplit(out.sp_entity_id).path
    async with httpx.AsyncClient(base_url=server) as http:
        metadata = await http.get(path)
    assert metadata.status_code == 200
    assert out.sp_entity_id in metadata.text and out.acs_url in metadata.text
    idp.trust(metadata.text)
    return Org(owner, domain, out.id)


async def _start(t: TFix, email: str) -> tuple[str, str]:
    """sso_start: the IdP's URL and the browser's state cookie."""
    res = await t.rpc.call(sso_start, SSOStartIn(email=email))
    return res.output.redirect_url, res.cookies[STATE_COOKIE]


async def _post(server: str, form: PostedForm) -> httpx.Response:
    """The browser POSTs the IdP's form to our ACS endpoint (its path, on our server)."""
    async with httpx.AsyncClient(base_url=server) as http:
        return await http.post(
            urlsplit(form.acs_url).path,
            data={"SAMLResponse": form.saml_response, "RelayState": form.relay_state},
        )


def _callback(answer: httpx.Response) -> SSOCompleteIn:
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.startswith(sso_protocol.redirect_uri())
    query = parse_qs(urlsplit(location).query)
    return SSOCompleteIn(state=query["state"][0], code=query["code"][0])


async def test_a_signed_assertion_signs_a_new_user_in_just_in_time(
    t: TFix, idp_process: SAMLIdP, server: str
) -> None:
    org = await _organization(t, idp_process, server)
    email = f"saml-user@{org.domain}"
    url, state = await _start(t, email)
    form = await idp_process.login(url, email=email, name="Sally Saml")
    assert form.relay_state == state
    data = _callback(await _post(server, form))
    res = await t.rpc.call(sso_complete, data, cookies={STATE_COOKIE: state})
    signed_in = res.output.signed_in
    assert signed_in is not None
    assert (signed_in.user.email, signed_in.user.name) == (email, "Sally Saml")
    assert signed_in.organization is not None
    assert signed_in.organization.id == org.owner.organization.id
    assert res.cookies[PRODUCT.cookie]
    async with xact_admin() as q:
        [session_id] = await harness(q).test_user_sessions(user_id=signed_in.user.id)
        assert (await harness(q).test_session_sign_in(id=session_id)).sign_in_method == "sso"
    # The one-time code is used up.
    again = await t.rpc.call(sso_complete, data, cookies={STATE_COOKIE: state})
    assert again.status != 200


async def test_an_unsigned_assertion_is_refused(t: TFix, idp_process: SAMLIdP, server: str) -> None:
    org = await _organization(t, idp_process, server)
    email = f"unsigned@{org.domain}"
    url, _ = await _start(t, email)
    form = await idp_process.login(url, email=email, sign=False)
    answer = await _post(server, form)
    assert answer.status_code == 400
    assert "did not prove" in answer.text


async def test_an_assertion_for_another_audience_is_refused(
    t: TFix, idp_process: SAMLIdP, server: str
) -> None:
    org = await _organization(t, idp_process, server)
    email = f"audience@{org.domain}"
    url, _ = await _start(t, email)
    form = await idp_process.login(url, email=email, audience="https://another-sp.example/")
    assert (await _post(server, form)).status_code == 400


async def test_an_expired_assertion_is_refused(t: TFix, idp_process: SAMLIdP, server: str) -> None:
    org = await _organization(t, idp_process, server)
    email = f"expired@{org.domain}"
    url, _ = await _start(t, email)
    form = await idp_process.login(url, email=email, lifetime_minutes=-10)
    assert (await _post(server, form)).status_code == 400


async def test_a_replayed_assertion_is_refused(t: TFix, idp_process: SAMLIdP, server: str) -> None:
    org = await _organization(t, idp_process, server)
    email = f"replay@{org.domain}"
    url, _ = await _start(t, email)
    form = await idp_process.login(url, email=email)
    _callback(await _post(server, form))
    replayed = await _post(server, form)
    assert replayed.status_code == 400
    assert "did not prove" in replayed.text


async def test_an_answer_to_another_request_is_refused(
    t: TFix, idp_process: SAMLIdP, server: str
) -> None:
    org = await _organization(t, idp_process, server)
    email = f"other-request@{org.domain}"
    first, _ = await _start(t, email)
    _, second_state = await _start(t, email)
    form = await idp_process.login(first, email=email)
    swapped = PostedForm(form.acs_url, form.saml_response, second_state)
    assert (await _post(server, swapped)).status_code == 400


async def test_a_user_at_another_domain_is_refused(
    t: TFix, idp_process: SAMLIdP, server: str
) -> None:
    org = await _organization(t, idp_process, server)
    url, state = await _start(t, f"someone@{org.domain}")
    form = await idp_process.login(url, email=f"outsider@other-{uuid.uuid4().hex[:6]}.test")
    data = _callback(await _post(server, form))
    res = await t.rpc.call(sso_complete, data, cookies={STATE_COOKIE: state})
    res.expect_error(SSOFailedError)
    assert PRODUCT.cookie not in res.cookies


async def test_garbage_at_the_acs_is_a_400_never_a_500(
    t: TFix, idp_process: SAMLIdP, server: str
) -> None:
    org = await _organization(t, idp_process, server)
    _, state = await _start(t, f"garbage@{org.domain}")
    acs = urlsplit(sso_protocol.acs_url(org.connection_id)).path
    async with httpx.AsyncClient(base_url=server) as http:
        for data in (
            {},
            {"SAMLResponse": "not base64!", "RelayState": state},
            {"SAMLResponse": "PHg+PC94Pg==", "RelayState": state},
            {"SAMLResponse": "PHg+PC94Pg==", "RelayState": "unknown"},
        ):
            assert (await http.post(acs, data=data)).status_code == 400
        missing = await http.get("/sso/saml/sso_missing/metadata")
        assert missing.status_code == 404
    owner = await t.factory.session(user=org.owner.user, organization=org.owner.organization)
    assert (await t.rpc.call(sso_connection_get, as_=owner)).output is not None


async def test_a_connection_set_by_metadata_url_signs_in(
    t: TFix, idp_process: SAMLIdP, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=True)  # the IdP is on loopback
    with fake_http() as published:
        published.respond("GET", "/federationmetadata.xml", FakeResponse(200, idp_process.metadata))
        url = f"{published.url}/federationmetadata.xml"
        connection = SSOConnectionIn(protocol="saml", saml_idp_metadata_url=url)
        org = await _organization(t, idp_process, server, connection)
        assert len(published.calls("GET", "/federationmetadata.xml")) == 1
    email = f"by-url@{org.domain}"
    url, state = await _start(t, email)
    form = await idp_process.login(url, email=email, name="Ulla Url")
    data = _callback(await _post(server, form))
    res = await t.rpc.call(sso_complete, data, cookies={STATE_COOKIE: state})
    signed_in = res.output.signed_in
    assert signed_in is not None and signed_in.user.email == email
