"""Single sign-on per organization: its owners connect the organization's identity
provider (OpenID Connect or SAML 2.0), and people at its verified domains sign in
through it, joining the organization just in time with the connection's default role.
With `enforce` on, the funnel refuses every other sign-in for those addresses
(`SSORequiredError`; owners keep their password while break-glass is on).

Every answer of the identity provider goes through the authentication funnel
(`funnel.sso`; SAML responses first through `funnel.saml_answer` at the ACS endpoint,
`product.sso.saml_http`), then `sign_in`: rate limits, the fresh user re-check, the
second factor (`MFARequiredError` as after a password), the sign-in method `sso`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from database.__codegen__.models import SsoConnectionModel
from foundation.auth import funnel
from foundation.auth import oauth as oauth_protocol
from foundation.auth import sso as sso_protocol
from foundation.auth.errors import (
    SIGN_IN_ERRORS,
    SSOFailedError,
    SSORequiredError,
    SSOStateInvalidError,
)
from foundation.auth.ratelimit import rate_limit
from foundation.base.clock import CLOCK
from foundation.base.types import Email
from foundation.crypto.codes import hash_code, new_code
from foundation.crypto.vault import VaultError
from foundation.external.errors import ExternalServiceError, ExternalServiceFailedError
from foundation.rpc.errors import RPCError
from foundation.webhooks.events import SsoConnectionChanged, emit
from product.auth.init import SignedIn
from product.auth.sign_in import answered, sign_in
from product.db import ProductQ
from product.framework import PRODUCT, OrgReq, PublicReq, route
from product.framework.permissions import SECURITY_MANAGE
from product.organizations.roles import InsufficientRoleError
from product.sso.metadata_url import MetadataFetchError, fetch_metadata

STATE_LIFETIME = datetime.timedelta(minutes=10)
STATE_COOKIE = "blossom_sso_state"
"""Holds the state of the single sign-on this browser started (`sso_complete` checks it)."""

SsoRoleEnum = Literal["member", "admin"]
Url = Annotated[
    str,
    StringConstraints(max_length=2000, pattern=r"^https?://[^\s]+$"),
    Field(examples=["https://example.okta.com"]),
]


@dataclass
class SSOConnectionInvalidError(RPCError):
    """The connection's settings are incomplete or unusable: `field` says which (OIDC:
    issuer, client_id, client_secret; SAML: idp_metadata, which must be an identity
    provider's metadata XML; idp_metadata_url, whose fetch was refused, failed or did not
    answer such XML)."""

    field: str


@dataclass
class SSOConnectionNotFoundError(RPCError):
    """The organization has no single sign-on connection."""


@dataclass
class SSONotConfiguredError(RPCError):
    """No organization signs this address (or organization) in with single sign-on: sign
    in another way."""


@dataclass
class SSOConnectionIn:
    protocol: Literal["oidc", "saml"]
    oidc_issuer: Url | None = None
    """OIDC: the issuer URL (Okta: `https://YOUR.okta.com`, Entra ID:
    `https://login.microsoftonline.com/TENANT/v2.0`)."""
    oidc_client_id: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = None
    oidc_client_secret: Annotated[str, StringConstraints(min_length=1, max_length=2000)] | None = (
        None
    )
    """OIDC: write-only; leave it out to keep the stored one (same issuer and client)."""
    saml_idp_metadata: (
        Annotated[str, StringConstraints(min_length=1, max_length=200_000)] | None
    ) = None
    """SAML: the identity provider's metadata XML (its signing certificate and endpoint)."""
    saml_idp_metadata_url: (
        Annotated[Url, Field(examples=["https://example.okta.com/app/APP/sso/saml/metadata"])]
        | None
    ) = None
    """SAML, instead of `saml_idp_metadata`: the URL of that XML (Okta: Metadata URL; Entra
    ID: App Federation Metadata Url), fetched once now (https, a public address, 10 s,
    at most 200,000 bytes, no redirects) and stored as if pasted."""
    default_role: SsoRoleEnum = "member"
    """The role of people who join through single sign-on."""
    enforce: bool = False
    """Refuse password, email-code and social sign-in for addresses at the organization's
    verified domains (their other sessions end when this is switched on)."""
    owners_break_glass: bool = True
    """Owners keep password sign-in while `enforce` is on."""


@dataclass
class SSOConnectionOut:
    id: str
    protocol: Literal["oidc", "saml"]
    oidc_issuer: str | None
    oidc_client_id: str | None
    saml_idp_entity_id: str | None
    default_role: SsoRoleEnum
    enforce: bool
    owners_break_glass: bool
    redirect_uri: str
    """OIDC: register this redirect (callback) URI at the identity provider."""
    sp_entity_id: str
    """SAML: our entity id (Okta: Audience URI; Entra ID: Identifier), also the URL of
    our metadata XML."""
    acs_url: str
    """SAML: our assertion consumer service (Okta: Single sign-on URL; Entra ID: Reply URL)."""
    updated_at: datetime.datetime


def connection_out(row: SsoConnectionModel) -> SSOConnectionOut:
    return SSOConnectionOut(
        id=row.id,
        protocol="oidc" if row.protocol == "oidc" else "saml",
        oidc_issuer=row.oidc_issuer,
        oidc_client_id=row.oidc_client_extid,
        saml_idp_entity_id=row.saml_idp_entity_extid,
        default_role="admin" if row.default_role == "admin" else "member",
        enforce=row.enforce,
        owners_break_glass=row.owners_break_glass,
        redirect_uri=sso_protocol.redirect_uri(),
        sp_entity_id=sso_protocol.metadata_url(row.id),
        acs_url=sso_protocol.acs_url(row.id),
        updated_at=row.updated_at,
    )


# Ending the sessions of people at the organization's domains (enforcement switched on)
# reaches beyond its members' rows: an admin transaction, every query scoped to the
# caller's organization here.
@route(
    "sso_connection_set",
    authorization="organization",
    transaction="admin",
    permission=SECURITY_MANAGE,
    errors=(InsufficientRoleError, SSOConnectionInvalidError),
    hold=False,
)
async def sso_connection_set(req: OrgReq[SSOConnectionIn]) -> SSOConnectionOut:
    """Create or replace the organization's single sign-on connection (`security:manage`:
    owners). OIDC needs the issuer, client id and (first time, or for another issuer or
    client) the client secret, which is stored sealed and never answered; SAML needs
    the identity provider's metadata XML, pasted or fetched once from its URL
    (`saml_idp_metadata_url`). Switching `enforce` on ends the sessions of people at the
    organization's verified domains that did not start with single sign-on (an owner's
    password session stays while `owners_break_glass` is on).
    Written to the organization's history; emits `sso.connection_changed`."""
    # Metadata by URL is fetched (up to its timeout) between two transactions, never while
    # one is open: the first checks the caller's permission, the second (again) saves.
    data = req.data
    fetched = None
    if data.protocol == "saml" and data.saml_idp_metadata is None and data.saml_idp_metadata_url:
        async with req.transaction():
            pass  # the caller may set the connection: only then fetch on their behalf
        try:
            fetched = await fetch_metadata(data.saml_idp_metadata_url)
        except MetadataFetchError as e:
            raise SSOConnectionInvalidError(field="saml_idp_metadata_url") from e
    async with req.transaction() as q:
        return await _save(q, req, fetched)


async def _save(q: ProductQ, req: OrgReq[SSOConnectionIn], fetched: str | None) -> SSOConnectionOut:
    organization_id, data = req.organization.id, req.data
    before = await q.orm.sso_connection_fetch(organization_id=organization_id)
    key_name = ciphertext = issuer = client_id = metadata = entity_id = None
    if data.protocol == "oidc":
        if not data.oidc_issuer:
            raise SSOConnectionInvalidError(field="oidc_issuer")
        if not data.oidc_client_id:
            raise SSOConnectionInvalidError(field="oidc_client_id")
        issuer, client_id = data.oidc_issuer.rstrip("/"), data.oidc_client_id
        if data.oidc_client_secret:
            sealed = sso_protocol.seal_client_secret(organization_id, data.oidc_client_secret)
            key_name, ciphertext = sealed.key_id, sealed.blob
        elif (
            before is not None
            and before.oidc_issuer == issuer
            and before.oidc_client_extid == client_id
        ):
            key_name, ciphertext = before.oidc_secret_key_name, before.oidc_secret_ciphertext
        if ciphertext is None:
            raise SSOConnectionInvalidError(field="oidc_client_secret")
    else:
        metadata, field = data.saml_idp_metadata, "saml_idp_metadata"
        if metadata is None and data.saml_idp_metadata_url:
            metadata, field = fetched, "saml_idp_metadata_url"
        entity_id = sso_protocol.idp_entity_id(metadata) if metadata else None
        if metadata is None or entity_id is None:
            raise SSOConnectionInvalidError(field=field)
    row = await q.orm.sso_connection_save(
        organization_id=organization_id,
        protocol=data.protocol,
        oidc_issuer=issuer,
        oidc_client_extid=client_id,
        oidc_secret_key_name=key_name,
        oidc_secret_ciphertext=ciphertext,
        saml_idp_metadata=metadata,
        saml_idp_entity_extid=entity_id,
        default_role=data.default_role,
        enforce=data.enforce,
        owners_break_glass=data.owners_break_glass,
        by_user_id=req.user.id,
    )
    change = "created" if before is None else "updated"
    await _changed(q, req, row.id, change, enforce=data.enforce)
    if data.enforce and (before is None or not before.enforce or not data.owners_break_glass):
        await q.orm.sso_enforced_sessions_end(
            organization_id=organization_id,
            owners_break_glass=data.owners_break_glass,
            now=CLOCK.now(),
        )
    return connection_out(row)


async def _changed(
    q: ProductQ, req: OrgReq[Any], connection_id: str, change: str, *, enforce: bool
) -> None:
    """The organization's history and its webhook event, in the change's transaction."""
    await q.orm.organization_note(
        id=req.organization.id,
        did=f"sso connection {change}" + (" (enforced)" if enforce else ""),
        by_user_id=req.user.id,
    )
    await emit(
        q,
        req.organization.id,
        "sso.connection_changed",
        SsoConnectionChanged(connection_id=connection_id, change=change),
    )


@route(
    "sso_connection_get",
    authorization="organization",
    method="GET",
    permission=SECURITY_MANAGE,
    errors=(InsufficientRoleError,),
)
async def sso_connection_get(req: OrgReq[None]) -> SSOConnectionOut | None:
    """The organization's single sign-on connection (never its client secret), or null;
    with the URLs to register at the identity provider."""
    row = await req.q.orm.sso_connection_fetch(organization_id=req.organization.id)
    return connection_out(row) if row is not None else None


@route(
    "sso_connection_delete",
    authorization="organization",
    permission=SECURITY_MANAGE,
    errors=(InsufficientRoleError, SSOConnectionNotFoundError),
)
async def sso_connection_delete(req: OrgReq[None]) -> None:
    """Remove the organization's single sign-on connection (its enforcement ends with
    it; people who joined through it stay members). Written to the organization's
    history; emits `sso.connection_changed`."""
    q = req.q
    removed = await q.orm.sso_connection_remove(organization_id=req.organization.id)
    if removed is None:
        raise SSOConnectionNotFoundError()
    await _changed(q, req, removed, "deleted", enforce=False)


@dataclass
class SSOStartOut:
    redirect_url: str
    """Send the browser there: the identity provider signs the person in and sends the
    browser back to the callback page (`/sso/callback?state=&code=`), which calls
    `sso_complete`."""


async def _start(
    req: PublicReq[Any] | OrgReq[Any], connection: SsoConnectionModel, *, test: bool
) -> SSOStartOut:
    """A pending request of the connection (state, nonce and PKCE verifier or the
    AuthnRequest's id, hashed; 10 minutes, once) and the browser-binding cookie."""
    state, state_hash = new_code()
    verifier = None
    try:
        if connection.protocol == "oidc":
            nonce, nonce_hash = new_code()
            verifier = oauth_protocol.new_verifier()
            url = await oauth_protocol.authorization_url(
                sso_protocol.oidc_provider(connection),
                state=state,
                nonce=nonce,
                verifier=verifier,
                redirect=sso_protocol.redirect_uri(),
            )
        else:
            request_id, url = sso_protocol.saml_request(connection, state)
            nonce_hash = hash_code(request_id)
    except (sso_protocol.SSOInvalidError, VaultError):
        raise SSOConnectionInvalidError(field="connection") from None
    except ExternalServiceError:
        raise ExternalServiceFailedError(service="sso") from None
    async with req.transaction() as q:
        await q.orm.sso_request_create(
            state_hash=state_hash,
            nonce_hash=nonce_hash,
            code_verifier=verifier,
            connection_id=connection.id,
            organization_id=connection.organization_id,
            test=test,
            expires_at=CLOCK.now() + STATE_LIFETIME,
        )
    req.set_cookie(STATE_COOKIE, state, max_age=STATE_LIFETIME, same_site=PRODUCT.same_site)
    return SSOStartOut(redirect_url=url)


@route(
    "sso_connection_test",
    authorization="organization",
    transaction="admin",
    permission=SECURITY_MANAGE,
    errors=(
        InsufficientRoleError,
        SSOConnectionNotFoundError,
        SSOConnectionInvalidError,
        ExternalServiceFailedError,
    ),
    hold=False,
)
async def sso_connection_test(req: OrgReq[None]) -> SSOStartOut:
    """A dry run of the organization's connection (`security:manage`): sign in at the
    identity provider in this browser; `sso_complete` then answers the claims it sent
    (`test`) and signs nobody in."""
    async with req.transaction() as q:
        connection = await q.orm.sso_connection_fetch(organization_id=req.organization.id)
    if connection is None:
        raise SSOConnectionNotFoundError()
    return await _start(req, connection, test=True)


@dataclass
class SSOStartIn:
    email: Email | None = None
    """The address the person signs in with: its domain finds the organization."""
    organization_id: Annotated[str, StringConstraints(max_length=64)] | None = None
    """Or the organization itself."""


@route(
    "sso_start",
    authorization="public",
    transaction="admin",
    errors=(SSONotConfiguredError, SSOConnectionInvalidError, ExternalServiceFailedError),
    hold=False,
)
async def sso_start(req: PublicReq[SSOStartIn]) -> SSOStartOut:
    """Start signing in with single sign-on: the organization whose verified domain the
    `email` is at (or `organization_id`) answers the URL of its identity provider
    (OIDC: authorization code flow with PKCE, state and nonce; SAML: an AuthnRequest),
    and a short cookie binds the sign-in to this browser. `SSONotConfiguredError` when
    no connection applies (sign in another way). Rate-limited per client."""
    data = req.data
    domain = (data.email or "").rpartition("@")[2]
    async with req.transaction() as q:
        await rate_limit(
            q, "sso_start", client=req.client, identifier=domain or data.organization_id or ""
        )
        if domain:
            connection = await q.orm.sso_connection_for_domain(domain=domain)
        elif data.organization_id:
            connection = await q.orm.sso_connection_fetch(organization_id=data.organization_id)
        else:
            connection = None
    if connection is None:
        raise SSONotConfiguredError()
    return await _start(req, connection, test=False)


@dataclass
class SSOCompleteIn:
    state: Annotated[str, StringConstraints(max_length=200)]
    code: Annotated[str, StringConstraints(max_length=2000)]
    permanent: bool = False


@dataclass
class SSOTestResult:
    subject: str
    email: str | None
    name: str | None
    claims: dict[str, Any]
    """Every claim (OIDC) or attribute (SAML) the identity provider sent."""


@dataclass
class SSOCompleteOut:
    signed_in: SignedIn | None
    """The session started (null for a dry run)."""
    test: SSOTestResult | None
    """A dry run's answer (`sso_connection_test`): what the identity provider sent."""


@route(
    "sso_complete",
    authorization="public",
    transaction="admin",
    errors=(
        *SIGN_IN_ERRORS,
        SSORequiredError,
        SSOStateInvalidError,
        SSOFailedError,
        ExternalServiceFailedError,
    ),
    hold=False,
)
async def sso_complete(req: PublicReq[SSOCompleteIn]) -> SSOCompleteOut:
    """Finish single sign-on with the callback page's `state` and `code`, in the browser
    that started it. The identity provider's address must be at a verified domain of its
    organization (`SSOFailedError` otherwise). The user with that address is signed in
    (and joins the organization with the connection's default role if not a member);
    a new address creates the user (verified, no password) as a member. With two-factor
    authentication on, the answer is `MFARequiredError` (finish with `login_mfa`).
    Rate-limited per client."""
    data = req.data
    done = await funnel.sso(
        state=data.state,
        code=data.code,
        client=req.client,
        browser_state=req.cookies.get(STATE_COOKIE),
    )
    req.delete_cookie(STATE_COOKIE)
    identity = done.identity
    if done.test:
        return SSOCompleteOut(
            signed_in=None,
            test=SSOTestResult(
                subject=identity.subject,
                email=identity.email,
                name=identity.name,
                claims=identity.claims,
            ),
        )
    email = identity.email or ""
    role = "admin" if done.default_role == "admin" else "member"
    async with req.transaction() as q:
        if done.passed is not None:
            passed = done.passed
            await q.orm.sso_user_verify_email(user_id=passed.user_id, now=CLOCK.now())
        else:
            await q.orm.email_address_lock(email=email)
            name = (identity.name or email.split("@")[0]).strip()[:200] or email[:200]
            user_id = await q.orm.sso_user_create(
                name=name, email=email, organization_id=done.organization_id, now=CLOCK.now()
            )
            if user_id is None:  # created meanwhile: start again finds them
                raise SSOStateInvalidError()
            passed = await funnel.new_account(q, user_id, "sso")
        await q.orm.sso_membership_ensure(
            organization_id=done.organization_id, user_id=passed.user_id, role=role
        )
        answer = await sign_in(
            q, req, passed, organization_id=done.organization_id, permanent=data.permanent
        )
    return SSOCompleteOut(signed_in=answered(answer), test=None)


ROUTES = (
    sso_connection_set,
    sso_connection_get,
    sso_connection_test,
    sso_connection_delete,
    sso_start,
    sso_complete,
)
