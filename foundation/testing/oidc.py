"""A real OpenID Provider for tests: the npm package `oidc-provider` (certified) run by
`oidc_provider/server.mjs` on a free port, and a browser's part of the code flow.

    node = require_node(OIDC_PROVIDER_DIR)          # tools.testing.browser (tests only)
    with oidc_provider(node, redirect_uri=...) as op:
        await op.account("alice", email="a@example.test", email_verified=True)
        code, state = await op.authorize(authorization_url, "alice")

`authorize` does what the user's browser does: follows the authorization URL, signs in
on the provider's interaction page as the account, and returns the `code` and `state`
the provider sends back to the redirect URI. `publish("other")` makes the provider's
JWKS show only a key it does not sign with (its signing key rotated out).
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

from foundation.base.errors import ConfigurationError
from foundation.base.processes import free_port, stop_process
from foundation.testing.live_server import LiveServer, wait_for

OIDC_PROVIDER_DIR = Path(__file__).parent / "oidc_provider"
CLIENT_ID = "blossom-tests"
CLIENT_SECRET = "a client secret of the tests, long enough for oidc-provider"


@dataclass
class OIDCProvider:
    issuer: str
    redirect_uri: str
    server: LiveServer
    """The node process and what it printed (`server.output()`)."""

    def config(self, provider_id: str = "test") -> dict[str, str]:
        """This provider's OAUTH_PROVIDERS entry."""
        return {
            "id": provider_id,
            "name": "Test OP",
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        }

    async def account(
        self, account_id: str, *, email: str, email_verified: bool, name: str = "Oidc User"
    ) -> None:
        """An account to sign in as (its `sub` is `account_id`)."""
        body = {"id": account_id, "email": email, "email_verified": email_verified, "name": name}
        async with httpx.AsyncClient() as http:
            (await http.post(f"{self.issuer}/test/accounts", json=body)).raise_for_status()

    async def publish(self, which: Literal["signing", "other"]) -> None:
        """Which key the JWKS shows: the one the provider signs with, or only another."""
        async with httpx.AsyncClient() as http:
            answer = await http.post(f"{self.issuer}/test/jwks", json={"published": which})
            answer.raise_for_status()

    async def id_token_lifetime(self, seconds: int) -> None:
        """How long the ID tokens it issues from now on last (3600 at start)."""
        async with httpx.AsyncClient() as http:
            answer = await http.post(f"{self.issuer}/test/ttl", json={"id_token_seconds": seconds})
            answer.raise_for_status()

    async def authorize(self, authorization_url: str, account_id: str) -> tuple[str, str]:
        """The browser's part: (code, state) the provider sends to the redirect URI."""
        url = authorization_url
        async with httpx.AsyncClient(follow_redirects=False) as browser:
            for _ in range(10):
                if url.startswith(self.redirect_uri):
                    query = parse_qs(urlsplit(url).query)
                    if "code" not in query:
                        raise ConfigurationError("the provider answered no code", url=url)
                    return query["code"][0], query["state"][0]
                if urlsplit(url).path.startswith("/interaction/"):
                    url += f"?account={account_id}"
                answer = await browser.get(url)
                if answer.status_code not in (302, 303):
                    raise ConfigurationError(
                        "the provider did not redirect",
                        url=url,
                        status=answer.status_code,
                        body=answer.text[:500],
                    )
                url = urljoin(url, answer.headers["location"])
        raise ConfigurationError("the provider never came back", url=url)


@contextlib.contextmanager
def oidc_provider(node: str, *, redirect_uri: str) -> Iterator[OIDCProvider]:
    """Run the provider (`node` after `require_node(OIDC_PROVIDER_DIR)`) until the block
    ends; ConfigurationError with its output if it does not start."""
    port = free_port()
    options = {
        "port": port,
        "clientId": CLIENT_ID,
        "clientSecret": CLIENT_SECRET,
        "redirectUri": redirect_uri,
    }
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [node, "server.mjs", json.dumps(options)],
            cwd=OIDC_PROVIDER_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        issuer = f"http://127.0.0.1:{port}"
        provider = OIDCProvider(issuer, redirect_uri, LiveServer(issuer, process, log))
        try:
            try:
                wait_for(f"{provider.issuer}/.well-known/openid-configuration", 30, process=process)
            except ConfigurationError as error:
                raise ConfigurationError(
                    f"oidc-provider did not start: {error}", output=provider.server.output()[-3000:]
                ) from None
            yield provider
        finally:
            stop_process(process, 5)
