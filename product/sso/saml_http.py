"""The SAML endpoints an identity provider reaches over plain HTTP (not RPCs): our
service provider's metadata per connection (a stable URL, also our entity id), and the
assertion consumer service (ACS) the browser POSTs the IdP's response to.

The ACS hands the response to the funnel (`funnel.saml_answer`: every check, the
assertion id consumed once), then sends the browser to the frontend's callback page
with the request's state and a one-time code, whose `sso_complete` signs in, in the
browser that started (its cookie). Every failure is a 400 page, never a 500.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from quart import Quart, Response, request

from foundation.auth import funnel
from foundation.auth import sso as sso_protocol
from foundation.auth.errors import SSOFailedError, SSOStateInvalidError, TooManyAttemptsError
from foundation.base.env import ENV
from foundation.db import xact_admin
from foundation.rpc.client_address import client_address

MAX_RESPONSE_CHARS = 500_000


def _refused(message: str, status: int = 400) -> Response:
    return Response(
        f"single sign-on failed: {message}\n",
        status=status,
        content_type="text/plain; charset=utf-8",
    )


async def saml_metadata(connection_id: str) -> Response:
    async with xact_admin() as q:
        connection = await q.orm.auth_sso_connection_by_id(id=connection_id[:64])
    if connection is None or connection.protocol != "saml":
        return _refused("no such SAML connection", 404)
    return Response(
        sso_protocol.sp_metadata(connection), content_type="application/samlmetadata+xml"
    )


async def saml_acs(connection_id: str) -> Response:
    incoming: Any = request  # Quart's form is an untyped MultiDict
    form = cast("dict[str, str]", (await incoming.form).to_dict())
    response, relay_state = str(form.get("SAMLResponse", "")), str(form.get("RelayState", ""))
    if (
        not response
        or not relay_state
        or len(response) > MAX_RESPONSE_CHARS
        or len(relay_state) > 200
    ):
        return _refused("SAMLResponse and RelayState are required")
    client = client_address(
        request.remote_addr, request.headers.getlist("X-Forwarded-For"), ENV.web_trusted_proxies
    )
    try:
        code = await funnel.saml_answer(
            connection_id[:64], response=response, relay_state=relay_state, client=client
        )
    except SSOStateInvalidError:
        return _refused("this sign-in is unknown, expired or done: start again")
    except SSOFailedError:
        return _refused("the identity provider's answer did not prove who signed in")
    except TooManyAttemptsError:
        return _refused("too many attempts: try again later", 429)
    query = urlencode({"state": relay_state, "code": code})
    return Response("", status=303, headers={"Location": f"{sso_protocol.redirect_uri()}?{query}"})


def add_saml_routes(app: Quart) -> None:
    app.add_url_rule(
        sso_protocol.METADATA_PATH.replace("{connection_id}", "<connection_id>"),
        endpoint="sso_saml_metadata",
        view_func=saml_metadata,
        methods=["GET"],
    )
    app.add_url_rule(
        sso_protocol.ACS_PATH.replace("{connection_id}", "<connection_id>"),
        endpoint="sso_saml_acs",
        view_func=saml_acs,
        methods=["POST"],
    )
