"""Test helpers for SCIM: a SCIM token made through the RPC, and a synchronous
`scim2-client` over httpx (the engine scim2-client ships needs another HTTP library)."""

from __future__ import annotations

from typing import Any

import httpx
from scim2_client.client import BaseSyncSCIMClient

from database.testing.factory import Customer
from foundation.testing.fixture import TFix
from product.scim.tokens import ScimTokenCreateIn, scim_token_create


async def scim_token(t: TFix, owner: Customer, name: str = "okta") -> str:
    """A new SCIM token of `owner`'s organization, made by `owner`."""
    res = await t.rpc.call(scim_token_create, ScimTokenCreateIn(name=name), as_=owner)
    return res.output.token


class HttpxSCIMClient(BaseSyncSCIMClient):
    """scim2-client's synchronous client over an `httpx.Client` (base URL `.../scim/v2`)."""

    def __init__(self, client: httpx.Client, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client

    def _stays_under_base_url(self, endpoint: str) -> bool:
        url = self.client.build_request("GET", endpoint).url
        base = self.client.base_url
        return (
            url.scheme == base.scheme
            and url.host == base.host
            and url.port == base.port
            and (url.raw_path.startswith(base.raw_path))
        )

    def _parse_json(self, response: Any) -> Any:
        return response.json()

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        return self.client.request(method, url, **kwargs)
