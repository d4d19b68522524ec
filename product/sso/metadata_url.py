"""Fetching an identity provider's SAML metadata from its URL (Okta and Entra ID give
one), once, when an owner sets the connection: as safe as a webhook delivery
(`foundation.webhooks.targets`: https only, public addresses checked after DNS on the
address connected to, WEBHOOKS_ALLOW_PRIVATE_TARGETS for loopback in development and
tests), a short timeout, no redirects (httpcore follows none), the answer capped."""

from __future__ import annotations

import asyncio

import httpcore

from foundation.base.errors import BaseError
from foundation.webhooks.targets import (
    SafeNetworkBackend,
    UnsafeTargetError,
    check_url,
    read_capped,
)

TIMEOUT_SECONDS = 10.0
MAX_BYTES = 200_000
"""As much as a pasted metadata XML may be (`SSOConnectionIn.saml_idp_metadata`)."""


class MetadataFetchError(BaseError):
    """The metadata URL is refused, does not answer, or answers something unusable."""


async def fetch_metadata(url: str) -> str:
    """The body `url` answers (a 200 within the cap and the timeout), else
    `MetadataFetchError`."""
    limits = {k: TIMEOUT_SECONDS for k in ("connect", "read", "write", "pool")}
    try:
        check_url(url)
        async with (
            asyncio.timeout(TIMEOUT_SECONDS),
            httpcore.AsyncConnectionPool(
                network_backend=SafeNetworkBackend(), retries=0, max_connections=1
            ) as pool,
            pool.stream(
                "GET",
                url,
                headers=[("accept", "application/samlmetadata+xml, application/xml, text/xml")],
                extensions={"timeout": limits},
            ) as response,
        ):
            if response.status != 200:
                raise MetadataFetchError("metadata url answered", status=response.status)
            body = await read_capped(response, MAX_BYTES)
            if len(body) > MAX_BYTES:
                raise MetadataFetchError("metadata url answer is too big", url=url)
    except UnsafeTargetError as e:
        raise MetadataFetchError("metadata url is refused", url=url, reason=str(e)) from e
    except TimeoutError as e:
        raise MetadataFetchError("metadata url timed out", url=url) from e
    except (
        httpcore.TimeoutException,
        httpcore.NetworkError,
        httpcore.ProtocolError,
        httpcore.UnsupportedProtocol,
    ) as e:
        raise MetadataFetchError("metadata url unreachable", url=url, reason=str(e)) from e
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise MetadataFetchError("metadata url answer is not utf-8", url=url) from e
