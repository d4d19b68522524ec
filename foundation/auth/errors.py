"""The typed errors of authentication, shared by both apps' routes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from foundation.rpc.errors import RPCError


@dataclass
class InvalidCredentialsError(RPCError):
    """Wrong email or password (also: unfinished signup, disabled user, not an admin)."""


@dataclass
class TooManyAttemptsError(RPCError):
    """Too many attempts (failed logins for this email, or a rate limit of this action);
    try again after `retry_after_seconds`."""

    retry_after_seconds: int


@dataclass
class WeakPasswordError(RPCError):
    """The password is too easy to guess; `reason` says why."""

    reason: str


@dataclass
class CaptchaRequiredError(RPCError):
    """This call needs a solved captcha: show the `provider`'s widget (`turnstile`:
    Cloudflare Turnstile, `hcaptcha`: hCaptcha) with `site_key`, then call again with the
    token it gives as `captcha_token`. Answered when the token is missing, invalid, used
    already or expired (a token is good once)."""

    provider: Literal["turnstile", "hcaptcha"]
    site_key: str


@dataclass
class MFARequiredError(RPCError):
    """The first factor was right but the user has two-factor authentication on: no
    session yet. Call `login_mfa` with this `challenge` and a code from the authenticator
    app (or a recovery code) within 5 minutes; a challenge allows 5 codes."""

    challenge: str


@dataclass
class MFAChallengeInvalidError(RPCError):
    """The challenge is unknown, used, expired (5 minutes) or out of attempts (5), or the
    user can no longer sign in: sign in with the password again."""


@dataclass
class MFACodeInvalidError(RPCError):
    """The code is wrong, was used already (a TOTP code works once, a recovery code once),
    or is not for this user."""


@dataclass
class MFAEnrollmentRequiredError(RPCError):
    """The password was right, but this app needs two-factor authentication and the user
    has none: turn it on first (in the product: `mfa_totp_enroll`, `mfa_totp_confirm`),
    then sign in again."""


@dataclass
class LoginCodeInvalidError(RPCError):
    """The sign-in code is wrong, used, superseded by a newer one, expired (10 minutes),
    or out of attempts (5 wrong codes): ask for a new one (`login_code_request`)."""


@dataclass
class OAuthStateInvalidError(RPCError):
    """The sign-in with the provider is unknown, was completed already, or is older than
    10 minutes (or was started in another browser): start again (`oauth_start`)."""


@dataclass
class OAuthFailedError(RPCError):
    """The provider's answer did not prove who signed in (it refused the code, or its ID
    token failed a check): start again (`oauth_start`)."""

    provider: str


@dataclass
class SSORequiredError(RPCError):
    """The address is at a domain whose organization requires single sign-on: sign in
    through its identity provider (`sso_start {email}`). Its owners keep password sign-in
    unless the organization turned break-glass off."""

    organization_id: str
    organization_name: str


@dataclass
class SSOStateInvalidError(RPCError):
    """The single sign-on is unknown, was completed already, is older than 10 minutes, was
    started in another browser, or its connection changed: start again (`sso_start`)."""


@dataclass
class SSOFailedError(RPCError):
    """The identity provider's answer did not prove who signed in (a refused code, an ID
    token or SAML assertion that failed a check: unsigned, for another audience, expired,
    replayed, answering another request): start again (`sso_start`)."""


SIGN_IN_ERRORS: tuple[type[RPCError], ...] = (
    InvalidCredentialsError,
    TooManyAttemptsError,
    MFARequiredError,
)
"""What a password sign-in (`login`) may answer in both apps, besides an app's own."""

SECOND_FACTOR_ERRORS: tuple[type[RPCError], ...] = (
    InvalidCredentialsError,
    TooManyAttemptsError,
    MFAChallengeInvalidError,
    MFACodeInvalidError,
)
"""What the second step of a sign-in (`login_mfa`) may answer in both apps."""


@dataclass
class PasskeyInvalidError(RPCError):
    """The passkey's answer was refused: its challenge is unknown, used or expired (a
    challenge lasts 5 minutes and works once), it was made for another site (origin or
    relying party), the user was not verified, the signature is wrong, the passkey is not
    (or no longer) registered, or its signature counter went back (a cloned
    authenticator). Ask the browser again with fresh options."""


@dataclass
class ReauthenticationRequiredError(RPCError):
    """This change needs a recent proof of who you are (within 10 minutes): call
    `session_reauthenticate` with the password, a code from the authenticator app, or
    another passkey, then retry."""


@dataclass
class ApiKeyNotAllowedError(RPCError):
    """This RPC does not accept API keys: call it from a signed-in session.

    (Sign-in, key management, account deletion, the second factor and every RPC not
    declared for keys.)"""

    status: ClassVar[int] = 403


@dataclass
class ApiKeyScopeError(RPCError):
    """The API key's scopes do not include the permission this RPC (`rpc`) needs
    (`permission`): create a key with it."""

    status: ClassVar[int] = 403
    rpc: str
    permission: str


@dataclass
class ApiKeyRateLimitedError(RPCError):
    """Too many calls with this API key; try again after `retry_after_seconds`."""

    status: ClassVar[int] = 429
    retry_after_seconds: int


@dataclass
class ScimTokenRateLimitedError(RPCError):
    """Too many SCIM requests with this token; try again after `retry_after_seconds`."""

    status: ClassVar[int] = 429
    retry_after_seconds: int


API_KEY_ERRORS: tuple[type[RPCError], ...] = (
    ApiKeyNotAllowedError,
    ApiKeyScopeError,
    ApiKeyRateLimitedError,
)
"""What any route of an app that accepts API keys may answer to a key."""
