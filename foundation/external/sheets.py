"""Google Sheets over its HTTP API (v4), for exporting tables.

    await services().sheets.replace_rows(spreadsheet_id, "Organizations", rows)

Credentials (`sheets_from_env`): GOOGLE_SERVICE_ACCOUNT_FILE, a service account's JSON
key: we sign a JWT (RS256, `cryptography`) and exchange it at GOOGLE_TOKEN_URL for an
access token (the sheet must be shared with the account's `client_email`); or else
GOOGLE_SHEETS_TOKEN, an OAuth access token used as is. `FakeSheets` keeps the rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from foundation.base.base64url import b64url_encode
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.base.errors import ConfigurationError
from foundation.external.http import ExternalHTTP

SCOPE = "https://www.googleapis.com/auth/spreadsheets"
Cell = str | int | float | bool | None


class Sheets(Protocol):
    async def replace_rows(
        self, spreadsheet_id: str, sheet: str, rows: Sequence[Sequence[Cell]]
    ) -> int:
        """Clear `sheet` of the spreadsheet and write `rows` from A1; the cells written."""
        ...


def service_account_jwt(key: dict[str, Any], token_url: str) -> str:
    """The signed assertion of a service account's JSON key, valid for an hour."""
    now = int(CLOCK.now().timestamp())
    header = {"alg": "RS256", "typ": "JWT"}
    if "private_key_id" in key:
        header["kid"] = key["private_key_id"]
    claims = {
        "iss": key["client_email"],
        "scope": SCOPE,
        "aud": token_url,
        "iat": now,
        "exp": now + 3600,
    }
    signing_input = (
        f"{b64url_encode(json.dumps(header).encode())}.{b64url_encode(json.dumps(claims).encode())}"
    )
    private_key = serialization.load_pem_private_key(key["private_key"].encode(), password=None)
    if not isinstance(private_key, rsa.RSAPrivateKey):
        raise ConfigurationError("the service account key is not an rsa key")
    signature = private_key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url_encode(signature)}"


class SheetsClient:
    def __init__(
        self,
        *,
        api_url: str,
        token: str = "",
        service_account: dict[str, Any] | None = None,
        token_url: str = "",
    ) -> None:
        if not token and service_account is None:
            raise ConfigurationError("google sheets needs a service account or a token")
        self.http = ExternalHTTP("sheets", base_url=api_url)
        self.token = token
        self.service_account = service_account
        self.token_url = token_url

    async def _access_token(self) -> str:
        if self.token:
            return self.token
        assert self.service_account is not None
        response = await self.http.request(
            "token",
            "POST",
            self.token_url,
            data={
                "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion": service_account_jwt(self.service_account, self.token_url),
            },
        )
        self.token = response.json()["access_token"]
        return self.token

    async def replace_rows(
        self, spreadsheet_id: str, sheet: str, rows: Sequence[Sequence[Cell]]
    ) -> int:
        auth = {"Authorization": f"Bearer {await self._access_token()}"}
        base = f"/spreadsheets/{quote(spreadsheet_id, safe='')}/values/"
        await self.http.request(
            "clear", "POST", base + quote(sheet, safe="") + ":clear", headers=auth, json={}
        )
        target = f"{sheet}!A1"
        response = await self.http.request(
            "update",
            "PUT",
            base + quote(target, safe=""),
            params={"valueInputOption": "RAW"},
            headers=auth,
            json={"range": target, "majorDimension": "ROWS", "values": [list(r) for r in rows]},
        )
        return int(response.json().get("updatedCells", 0))


def sheets_from_env() -> Sheets | None:
    if ENV.google_service_account_file:
        path = Path(ENV.google_service_account_file)
        try:
            key = json.loads(path.read_text())
        except (OSError, ValueError) as e:
            raise ConfigurationError(
                "cannot read GOOGLE_SERVICE_ACCOUNT_FILE", path=str(path), error=repr(e)
            ) from e
        return SheetsClient(
            api_url=ENV.google_sheets_api_url,
            service_account=key,
            token_url=key.get("token_uri") or ENV.google_token_url,
        )
    if ENV.google_sheets_token:
        return SheetsClient(api_url=ENV.google_sheets_api_url, token=ENV.google_sheets_token)
    return None


@dataclass
class FakeSheets:
    sheets: dict[tuple[str, str], list[list[Cell]]] = field(default_factory=dict)

    async def replace_rows(
        self, spreadsheet_id: str, sheet: str, rows: Sequence[Sequence[Cell]]
    ) -> int:
        self.sheets[(spreadsheet_id, sheet)] = [list(r) for r in rows]
        return sum(len(r) for r in rows)
