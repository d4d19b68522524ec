"""Passkeys (WebAuthn, through the maintained `webauthn` library): the options a browser
needs, the one-use challenges behind them, and checking what the browser answers.

- The relying party is WEBAUTHN_RP_ID and the pages allowed to use it WEBAUTHN_ORIGINS
  (`ENV.webauthn_rp`, `ENV.webauthn_origin_list`): an answer made for another site is
  refused.
- A challenge is 32 random bytes handed to the browser; only its sha256 is stored
  (`webauthn_challenges`), it lasts CHALLENGE_TTL and an answer uses it up, right or
  wrong (`WebauthnChallengeUse`).
- Registration asks for a discoverable credential (resident key) with user verification,
  so every passkey can sign in without a password; an assertion is accepted only with
  user verification (the PIN or biometric makes the passkey two factors in one) and a
  signature counter that grew (or stays 0 for authenticators that keep none).

Checking an assertion is a credential check: only the funnel does it
(`funnel.passkey`, `funnel.challenge`, `funnel.second_factor`; `funnel_check` lists
`verify_assertion` among what no route may reach outside it).

`webauthn` (and the cryptography and ASN.1 modules it loads, about 70 ms) is imported by
the first passkey flow, not by every process that imports the funnel.
"""

from __future__ import annotations

import datetime
import json
import secrets
from dataclasses import dataclass
from typing import Any, cast

from database.__codegen__.enums import WebauthnChallengePurposeEnum
from foundation.base.base64url import b64url_decode, b64url_encode
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.crypto.codes import hash_code
from foundation.db import FoundationQ

RP_NAME = "Blossom"
CHALLENGE_TTL = datetime.timedelta(minutes=5)
CHALLENGE_BYTES = 32
TIMEOUT_MS = 300_000
"""How long the browser waits for the user (the challenge's lifetime)."""

Credential = dict[str, Any]
"""What the browser's `navigator.credentials.create()` / `.get()` gave, as JSON
(`PublicKeyCredential.toJSON()`: `id`, `rawId`, `type`, `response` with base64url
fields)."""
Options = dict[str, Any]
"""Options for `navigator.credentials.create()` / `.get()` as JSON (base64url fields:
`PublicKeyCredential.parseCreationOptionsFromJSON` / `parseRequestOptionsFromJSON`)."""


async def new_challenge(
    q: FoundationQ, purpose: WebauthnChallengePurposeEnum, user_id: str | None
) -> bytes:
    """A fresh challenge for `purpose` (a registration's: bound to `user_id`), stored
    hashed in `q` for CHALLENGE_TTL."""
    challenge = secrets.token_bytes(CHALLENGE_BYTES)
    now = CLOCK.now()
    await q.orm.webauthn_challenge_create(
        purpose=purpose,
        user_id=user_id,
        challenge_hash=hash_code(b64url_encode(challenge)),
        expires_at=now + CHALLENGE_TTL,
        now=now,
    )
    return challenge


async def use_challenge(
    q: FoundationQ,
    credential: Credential,
    purpose: WebauthnChallengePurposeEnum,
    user_id: str | None,
) -> bytes | None:
    """The challenge the browser signed, used up in `q` if it is a live, unused one of
    `purpose` (and `user_id`); None otherwise (it stays unusable either way)."""
    presented = presented_challenge(credential)
    if presented is None:
        return None
    used = await q.orm.webauthn_challenge_use(
        challenge_hash=hash_code(presented), purpose=purpose, user_id=user_id, now=CLOCK.now()
    )
    return None if used is None else b64url_decode(presented)


def registration_options(
    challenge: bytes, *, user_id: str, email: str, name: str, existing: list[bytes]
) -> Options:
    """Options to create a discoverable passkey for the user (not one of `existing`)."""
    from webauthn import generate_registration_options, options_to_json
    from webauthn.helpers.structs import (
        AuthenticatorSelectionCriteria,
        PublicKeyCredentialDescriptor,
        ResidentKeyRequirement,
        UserVerificationRequirement,
    )

    options = generate_registration_options(
        rp_id=ENV.webauthn_rp,
        rp_name=RP_NAME,
        user_id=user_id.encode(),
        user_name=email,
        user_display_name=name,
        challenge=challenge,
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=c) for c in existing],
    )
    return cast(Options, json.loads(options_to_json(options)))


def authentication_options(challenge: bytes) -> Options:
    """Options to sign with any of the user's discoverable passkeys (the browser offers
    them; the answer names its credential and user)."""
    from webauthn import generate_authentication_options, options_to_json
    from webauthn.helpers.structs import UserVerificationRequirement

    options = generate_authentication_options(
        rp_id=ENV.webauthn_rp,
        challenge=challenge,
        timeout=TIMEOUT_MS,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return cast(Options, json.loads(options_to_json(options)))


@dataclass(frozen=True, slots=True)
class Registered:
    """A verified new passkey."""

    credential_id: bytes
    public_key: bytes
    sign_count: int
    backed_up: bool
    transports: list[str]


def verify_registration(credential: Credential, challenge: bytes) -> Registered | None:
    """The new passkey if `credential` answers `challenge` for our relying party and
    origins, with user verification; else None."""
    from webauthn import verify_registration_response
    from webauthn.helpers.exceptions import WebAuthnException
    from webauthn.helpers.structs import AuthenticatorTransport

    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=ENV.webauthn_rp,
            expected_origin=ENV.webauthn_origin_list,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError):
        return None
    response = credential.get("response")
    transports = response.get("transports") if isinstance(response, dict) else None
    known = {t.value for t in AuthenticatorTransport}
    return Registered(
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        backed_up=verified.credential_backed_up,
        transports=(
            [t for t in cast(list[Any], transports) if isinstance(t, str) and t in known]
            if isinstance(transports, list)
            else []
        ),
    )


def verify_assertion(
    credential: Credential, challenge: bytes, *, public_key: bytes, sign_count: int
) -> int | None:
    """The authenticator's new signature counter if `credential` is a signature of
    `challenge` by this passkey, for our relying party and origins, with user
    verification, and its counter grew past `sign_count` (both 0: no counter); else None."""
    from webauthn import verify_authentication_response
    from webauthn.helpers.exceptions import WebAuthnException

    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=ENV.webauthn_rp,
            expected_origin=ENV.webauthn_origin_list,
            credential_public_key=public_key,
            credential_current_sign_count=sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError):
        return None
    return verified.new_sign_count


def credential_id(credential: Credential) -> bytes | None:
    """The credential id an answer names (`rawId`), or None when it names none."""
    raw = credential.get("rawId", credential.get("id"))
    if not isinstance(raw, str) or not raw or len(raw) > 1024:
        return None
    try:
        return b64url_decode(raw)
    except (ValueError, TypeError):
        return None


def presented_challenge(credential: Credential) -> str | None:
    """The challenge (base64url) in the answer's client data, or None."""
    response = credential.get("response")
    if not isinstance(response, dict):
        return None
    client_data = cast(dict[str, Any], response).get("clientDataJSON")
    if not isinstance(client_data, str) or len(client_data) > 8192:
        return None
    try:
        parsed = json.loads(b64url_decode(client_data))
    except (ValueError, TypeError):
        return None
    challenge = cast(dict[str, Any], parsed).get("challenge") if isinstance(parsed, dict) else None
    return challenge if isinstance(challenge, str) and 0 < len(challenge) <= 128 else None
