"""OAuth 2.0 / OpenID Connect providers over HTTP: discovery, JWKS, the token endpoint
and the user endpoints (`foundation.auth.oauth` speaks the protocol through it).

`OAuthHTTPClient` calls a provider through `ExternalHTTP` (timeouts, retries of the
idempotent GETs, metrics under service `oauth`); the token request is not retried (a
code works once). A provider's refusal (4xx) is an `OAuthRefusedError`, anything else
that fails an `ExternalServiceError`.
"""

from __future__ import annotations

from typing import Any, Protocol

import httpx

from foundation.external.errors import ExternalServiceError
from foundation.external.http import ExternalHTTP


class OAuthHTTP(Protocol):
    async def get_json(self, operation: str, url: str, *, token: str | None = None) -> Any:
        """The JSON answer of `GET url` (with the access token as Bearer, when given)."""
        ...

    async def post_form(
        self, operation: str, url: str, form: dict[str, str], *, basic: tuple[str, str]
    ) -> Any:
        """The JSON answer of a form POST authenticated with HTTP Basic `basic`."""
        ...


class OAuthRefusedError(ExternalServiceError):
    """The provider answered 4xx (a code it does not accept, a token it refused)."""


class OAuthHTTPClient:
    """The real client of one provider (`base_url`: its issuer or authorization URL, for
    the test fence on real clients)."""

    def __init__(self, *, base_url: str) -> None:
        self.http = ExternalHTTP("oauth", base_url=base_url)

    async def get_json(self, operation: str, url: str, *, token: str | None = None) -> Any:
        headers = {"Accept": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return _json(await self._call(operation, "GET", url, retry=True, headers=headers))

    async def post_form(
        self, operation: str, url: str, form: dict[str, str], *, basic: tuple[str, str]
    ) -> Any:
        response = await self._call(
            operation,
            "POST",
            url,
            retry=False,
            headers={"Accept": "application/json"},
            data=form,
            auth=basic,
        )
        return _json(response)

    async def _call(self, operation: str, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self.http.request(operation, method, url, **kwargs)
        except ExternalServiceError as error:
            cause = error.__cause__
            if isinstance(cause, httpx.HTTPStatusError) and cause.response.status_code < 500:
                raise OAuthRefusedError(
                    "the provider refused the request",
                    operation=operation,
                    status=cause.response.status_code,
                ) from error
            raise


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as error:
        raise ExternalServiceError("the provider answered no JSON") from error
