// Generated from the product app's routers by tools/rpc_codegen: do not edit.
// Change the Python routes, then run `uv run just codegen-rpc`.

import { createRPCClient } from "./client.js";
import type { Client, ClientOptions, ISODateTime, RPCRuntimeSpec, RPCStream } from "./client.js";

export type ActorKindEnum = "member" | "api_key" | "support";

/** Someone with this email is already an active member. */
export interface AlreadyMemberErrorData {
  email: string;
}

export interface ApiKeyCreateIn {
  name: string;
  /**
   * The permissions the key may use (`permissions_list`): it calls the RPCs that accept
   * API keys and declare one of them. You must hold each one yourself.
   */
  scopes: string[];
  /**
   * `personal` (acts as you, with your role) or `organization` (`api_keys:manage`: the
   * organization's own service identity, independent of you).
   */
  kind?: ApiKeyKindEnum;
  /** The key stops working after this many days; null: it does not expire. */
  expires_in_days?: number | null;
}

export interface ApiKeyCreateOut {
  /** The key (`bsk_<id>_<secret>`): shown this once; send it as `Authorization: Bearer`. */
  key: string;
  api_key: ApiKeyOut;
}

/** An API key of the organization was created (the key itself is never in it). */
export interface ApiKeyCreated {
  api_key_id: string;
  name: string;
  created_by_user_id: string | null;
}

export type ApiKeyKindEnum = "organization" | "personal";

/**
 * This RPC does not accept API keys: call it from a signed-in session.
 *
 * (Sign-in, key management, account deletion, the second factor and every RPC not
 * declared for keys.)
 */
export type ApiKeyNotAllowedErrorData = Record<string, never>;

/** The current organization has no key with this id that the caller may see. */
export interface ApiKeyNotFoundErrorData {
  id: string;
}

export interface ApiKeyOut {
  id: string;
  name: string;
  kind: ApiKeyKindEnum;
  /** What identifies the key where it is used (`bsk_<id>`): the secret is never shown again. */
  prefix: string;
  scopes: string[];
  created_at: ISODateTime;
  expires_at: ISODateTime | null;
  last_used_at: ISODateTime | null;
  revoked_at: ISODateTime | null;
  /** Whether you created it. */
  mine: boolean;
}

/** Too many calls with this API key; try again after `retry_after_seconds`. */
export interface ApiKeyRateLimitedErrorData {
  retry_after_seconds: number;
}

export interface ApiKeyRevokeIn {
  id: string;
}

/**
 * The API key's scopes do not include the permission this RPC (`rpc`) needs
 * (`permission`): create a key with it.
 */
export interface ApiKeyScopeErrorData {
  rpc: string;
  permission: string;
}

/** A scope is not a permission of any RPC that accepts API keys (`scopes`: those). */
export interface ApiKeyScopeUnknownErrorData {
  scopes: string[];
}

export interface ApiKeysPage {
  items: ApiKeyOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export interface AuditActor {
  /**
   * `member`: someone of the organization (or the system: no id); `api_key`: an
   * organization API key (its id and name); `support`: Blossom staff.
   */
  kind: ActorKindEnum;
  id: string | null;
  name: string | null;
}

/** The cursor is not one this log answered (`next_cursor`). */
export type AuditCursorInvalidErrorData = Record<string, never>;

export interface AuditEvent {
  id: string;
  at: ISODateTime;
  action: string;
  /**
   * What changed: organization, membership, invite, vault_secret, api_key, scim_token,
   * support.
   */
  subject_type: string;
  subject: string;
  actor: AuditActor;
  /** The reason Blossom staff gave (support actions only). */
  reason: string | null;
  /**
   * The address the change came from (support actions, member role changes and
   * removals; null otherwise).
   */
  client: string | null;
  /**
   * Fields changed, `{field: {before, after}}` (support actions, member role changes and
   * removals: `{"role": {"before", "after"}}`; `{}` otherwise).
   */
  diff: Record<string, unknown>;
}

export interface AuditExportIn {
  format: ExportFormatEnum;
  actor?: string | null;
  action?: string | null;
  /** Events at or after this time. */
  from_at?: ISODateTime | null;
  /** Events before this time. */
  to_at?: ISODateTime | null;
}

export interface AuditLogIn {
  cursor?: string | null;
  /**
   * A user id: their actions (a member's, an organization API key's id, or a support
   * admin's id as shown).
   */
  actor?: string | null;
  action?: string | null;
  /** Events at or after this time. */
  from_at?: ISODateTime | null;
  /** Events before this time. */
  to_at?: ISODateTime | null;
}

export interface AuditLogOut {
  events: AuditEvent[];
  /** Pass as `cursor` for the older events; null at the end. */
  next_cursor: string | null;
}

/** The user is not an active member of the requested organization. */
export interface AuthOrganizationNotFoundErrorData {
  organization_id: string;
}

/**
 * This call needs a solved captcha: show the `provider`'s widget (`turnstile`:
 * Cloudflare Turnstile, `hcaptcha`: hCaptcha) with `site_key`, then call again with the
 * token it gives as `captcha_token`. Answered when the token is missing, invalid, used
 * already or expired (a token is good once).
 */
export interface CaptchaRequiredErrorData {
  provider: "turnstile" | "hcaptcha";
  site_key: string;
}

/**
 * A custom role is given with the built-in role `member` (owners and admins hold
 * their built-in permissions).
 */
export type CustomRoleNeedsMemberErrorData = Record<string, never>;

/**
 * The database this server reached only reads right now (a read replica, or a
 * primary being failed over); nothing was changed. Retry after `retry_after_seconds`
 * (also sent as the `Retry-After` header).
 */
export interface DatabaseReadOnlyErrorData {
  retry_after_seconds: number;
}

export interface DomainEnrollmentIn {
  domain: string;
  /**
   * none; suggest: people with a verified address at the domain see the organization
   * in `init.suggested_organizations` and may ask to join; automatic: they join as
   * member when they verify their address or sign in.
   */
  enrollment: OrganizationDomainEnrollmentEnum;
}

export interface DomainIn {
  domain: string;
}

/** Not a domain name (at least two labels, like `example.com`). */
export interface DomainInvalidErrorData {
  domain: string;
}

/** The organization has not added this domain. */
export interface DomainNotFoundErrorData {
  domain: string;
}

export interface DomainOut {
  domain: string;
  /** Publish a TXT record at this name ... */
  record_name: string;
  /** ... with this value, then call `organization_domain_verify`. */
  record_value: string;
  /** Null until verified (and again if the record disappears: housekeeping re-checks it). */
  verified_at: ISODateTime | null;
  enrollment: OrganizationDomainEnrollmentEnum;
}

/**
 * The domain belongs to a public email provider (gmail.com, outlook.com, ...): anyone
 * can have an address there, so no organization can claim it.
 */
export interface DomainPublicProviderErrorData {
  domain: string;
}

/**
 * The TXT record was not found (not published yet, another value, or the DNS change
 * has not reached the resolver yet: try again in a few minutes).
 */
export interface DomainRecordNotFoundErrorData {
  record_name: string;
  record_value: string;
}

/** Another organization has verified this domain. */
export interface DomainTakenErrorData {
  domain: string;
}

export interface DomainsPage {
  items: DomainOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/** A user with this email exists already. */
export type EmailAlreadyExistsErrorData = Record<string, never>;

/** The address is verified already. */
export type EmailAlreadyVerifiedErrorData = Record<string, never>;

/** The code is unknown, used, superseded, expired, or was sent for another user. */
export type EmailChangeCodeInvalidErrorData = Record<string, never>;

export interface EmailChangeConfirmIn {
  code: string;
}

export interface EmailChangeRequestIn {
  new_email: string;
  password: string;
}

/**
 * Verify your email address first (`email_verify` with the emailed code;
 * `email_verification_resend` sends a new one).
 */
export type EmailNotVerifiedErrorData = Record<string, never>;

export interface EmailVerifyIn {
  code: string;
}

export interface ExportDownloadIn {
  export_id: string;
}

export interface ExportDownloadOut {
  export_id: string;
  filename: string;
  content_type: "application/zip";
  /** The zip, base64-encoded. */
  content_base64: string;
  expires_at: ISODateTime;
}

/** The export's 7 days are over: its zip is gone; ask for a new one. */
export interface ExportExpiredErrorData {
  export_id: string;
  expired_at: ISODateTime;
}

export type ExportFormatEnum = "csv" | "jsonl";

/**
 * No export with this id was asked for by the caller (or, for an organization's,
 * the caller is no longer its owner).
 */
export interface ExportNotFoundErrorData {
  export_id: string;
}

/** The export is still being made, or making it failed (`failed`: ask for a new one). */
export interface ExportNotReadyErrorData {
  export_id: string;
  failed: boolean;
}

export interface ExportOut {
  id: string;
  scope: ScopeEnum;
  organization_id: string | null;
  status: ExportStatusEnum;
  created_at: ISODateTime;
  expires_at: ISODateTime | null;
  size_bytes: number | null;
}

/**
 * An export of this account (or organization) is already being made: wait for its
 * email.
 */
export interface ExportPendingErrorData {
  export_id: string;
}

export interface ExportRequested {
  id: string;
  scope: ScopeEnum;
  created_at: ISODateTime;
}

export type ExportStatusEnum = "pending" | "ready" | "failed" | "expired";

export interface ExportsPage {
  items: ExportOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/**
 * The external service behind this feature failed even after retries; try again
 * later.
 */
export interface ExternalServiceFailedErrorData {
  service: string;
}

export interface IdentitiesPage {
  items: IdentityOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/** The caller has no linked identity with this id. */
export interface IdentityNotFoundErrorData {
  identity_id: string;
}

export interface IdentityOut {
  id: string;
  provider: string;
  /** The address the provider gave when it was linked. */
  email: string | null;
  created_at: ISODateTime;
  last_used_at: ISODateTime | null;
}

export interface IdentityUnlinkIn {
  identity_id: string;
}

export interface ImpersonationAcceptIn {
  token: string;
}

/**
 * An admin is impersonating the user in this session, which is read-only: it cannot
 * change anything (`init.impersonator` says who).
 */
export type ImpersonationReadOnlyErrorData = Record<string, never>;

/**
 * The token is unknown, used, older than 2 minutes, its admin is no longer a
 * superadmin, or the user is disabled.
 */
export type ImpersonationTokenInvalidErrorData = Record<string, never>;

/** The admin seeing the product as this user (a read-only session). */
export interface Impersonator {
  id: string;
  name: string;
}

export interface InitOrganization {
  id: string;
  name: string;
  role: OrganizationRoleEnum;
  /** What the caller may do in it (`permissions_list`): hide what they cannot. */
  permissions: string[];
  /** The name of the caller's custom role in it, if any (`role` is then member). */
  custom_role: string | null;
  /**
   * The organization requires a second factor and the caller has none: its routes
   * answer `MfaRequiredError` until they enrol one (TOTP or a passkey).
   */
  mfa_enrolment_required: boolean;
}

/** Who is calling: `user` (and `organization`) null when signed out. */
export interface InitOut {
  user: InitUser | null;
  organization: InitOrganization | null;
  available_organizations: InitOrganization[];
  /**
   * Set when an admin impersonates the user in this session: show it, and expect every
   * mutation to answer `ImpersonationReadOnlyError`.
   */
  impersonator: Impersonator | null;
  /**
   * Organizations the user may ask to join (`organization_join_request`): they verified
   * the domain of the user's verified address.
   */
  suggested_organizations: SuggestedOrganization[];
}

export interface InitUser {
  id: string;
  name: string;
  email: string;
  /**
   * False until the address is proven (`email_verify`, or an accepted invite);
   * `invite_create` and `vault_secret_create` need it.
   */
  email_verified: boolean;
}

/**
 * The input does not match the route's input type: one message per failing field.
 *
 * Keys are dotted paths (`email`, `items.0.name`); `__root__` means the whole input.
 */
export interface InputValidationErrorData {
  fields: Record<string, string>;
}

/**
 * The caller's role does not allow this (the route's permission, listed in the
 * OpenAPI document and `/docs`, or an owners-only step).
 */
export interface InsufficientRoleErrorData {
  role: OrganizationRoleEnum;
}

/** Wrong email or password (also: unfinished signup, disabled user, not an admin). */
export type InvalidCredentialsErrorData = Record<string, never>;

/** The cursor is not one this list handed out; start again without it. */
export type InvalidCursorErrorData = Record<string, never>;

export interface InviteAcceptIn {
  code: string;
  /** Only for a new account. */
  name?: string | null;
  /** Only for a new account: its password. */
  password?: string | null;
}

/** An invite was accepted (a `member.added` follows in the same transaction). */
export interface InviteAccepted {
  invite_id: string;
  user_id: string;
}

export interface InviteCreateIn {
  email: string;
  role: OrganizationRoleEnum;
}

export interface InviteCreateOut {
  invite_id: string;
  code: string;
  expires_at: ISODateTime;
}

/** Someone was invited (the code is never in the event). */
export interface InviteCreated {
  invite_id: string;
  email: string;
  role: OrganizationRoleEnum;
  expires_at: ISODateTime;
}

/** The invite's code expired; ask for a new invite. */
export type InviteExpiredErrorData = Record<string, never>;

/** No open invite has this code (unknown, revoked or already used). */
export type InviteNotFoundErrorData = Record<string, never>;

export interface InviteOut {
  invite_id: string;
  email: string;
  role: OrganizationRoleEnum;
  /** The inviting user's id (null once that user is deleted). */
  invited_by: string | null;
  expires_at: ISODateTime;
}

export interface InviteRevokeIn {
  invite_id: string;
}

/**
 * An account with the invite's address exists: sign in as that account first
 * (`login`, with its second factor), then call `invite_accept` again with the code.
 */
export interface InviteSignInRequiredErrorData {
  email: string;
}

export interface InvitesPage {
  items: InviteOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export interface JoinRequestDecideIn {
  id: string;
  approve: boolean;
}

export interface JoinRequestIn {
  organization_id: string;
}

export interface JoinRequestListed {
  id: string;
  user_id: string;
  name: string;
  email: string;
  created_at: ISODateTime;
}

/** No open join request with this id in the current organization. */
export interface JoinRequestNotFoundErrorData {
  id: string;
}

export interface JoinRequestOut {
  /** False when an open request existed already. */
  created: boolean;
}

export interface JoinRequestsPage {
  items: JoinRequestListed[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/** An organization always keeps at least one owner. */
export type LastOwnerErrorData = Record<string, never>;

/**
 * Unlinking it would leave the account no way to sign in (no password and no other
 * linked identity): set a password or link another provider first.
 */
export type LastSignInMethodErrorData = Record<string, never>;

/**
 * The sign-in code is wrong, used, superseded by a newer one, expired (10 minutes),
 * or out of attempts (5 wrong codes): ask for a new one (`login_code_request`).
 */
export type LoginCodeInvalidErrorData = Record<string, never>;

export interface LoginCodeRequestIn {
  email: string;
  captcha_token?: string | null;
}

export interface LoginCodeVerifyIn {
  email: string;
  code: string;
  permanent?: boolean;
}

export interface LoginIn {
  email: string;
  password: string;
  permanent?: boolean;
  organization_id?: string | null;
  captcha_token?: string | null;
}

/** The challenge and one of: */
export interface LoginMfaIn {
  challenge: string;
  code?: string | null;
  recovery_code?: string | null;
  /**
   * or an answer of one of the user's passkeys to `passkey_login_options`
   * (`navigator.credentials.get()`'s credential as JSON).
   */
  passkey?: Record<string, unknown> | null;
}

/** Two-factor authentication is on already (turn it off first to enroll again). */
export type MFAAlreadyEnabledErrorData = Record<string, never>;

/**
 * The challenge is unknown, used, expired (5 minutes) or out of attempts (5), or the
 * user can no longer sign in: sign in with the password again.
 */
export type MFAChallengeInvalidErrorData = Record<string, never>;

/**
 * The code is wrong, was used already (a TOTP code works once, a recovery code once),
 * or is not for this user.
 */
export type MFACodeInvalidErrorData = Record<string, never>;

/** Two-factor authentication is off for this user. */
export type MFANotEnabledErrorData = Record<string, never>;

/** No enrollment is waiting for a code: call `mfa_totp_enroll` first. */
export type MFANotEnrolledErrorData = Record<string, never>;

/**
 * The first factor was right but the user has two-factor authentication on: no
 * session yet. Call `login_mfa` with this `challenge` and a code from the authenticator
 * app (or a recovery code) within 5 minutes; a challenge allows 5 codes.
 */
export interface MFARequiredErrorData {
  challenge: string;
}

/** A user joined the organization (an accepted invite, or an admin's addition). */
export interface MemberAdded {
  user_id: string;
  role: OrganizationRoleEnum;
}

/** The user is not an active member of the organization. */
export interface MemberNotFoundErrorData {
  organization_id: string;
  user_id: string;
}

export interface MemberOut {
  user_id: string;
  name: string;
  email: string;
  role: OrganizationRoleEnum;
  joined_at: ISODateTime;
  /** The custom role replacing the built-in role's permissions (role is then member). */
  custom_role_id: string | null;
}

export interface MemberRemoveIn {
  user_id: string;
}

/** A member left or was removed. */
export interface MemberRemoved {
  user_id: string;
  /** Who removed them (null: they left, or an admin of Blossom removed them). */
  removed_by_user_id: string | null;
}

/** A member got another role. */
export interface MemberRoleChanged {
  user_id: string;
  role: OrganizationRoleEnum;
  previous_role: OrganizationRoleEnum;
}

export interface MemberRoleIn {
  user_id: string;
  role: OrganizationRoleEnum;
  /**
   * A custom role of the organization (`roles_list`) whose permissions replace the
   * built-in role's; only with `role: "member"`. Omitted: the built-in role alone.
   */
  custom_role_id?: string | null;
}

export interface MembersPage {
  items: MemberOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/** The RPC exists but answers another HTTP method (listed in `allowed`). */
export interface MethodNotAllowedErrorData {
  allowed: string[];
}

export interface MfaCodeIn {
  code: string;
}

export interface MfaDisableIn {
  password: string;
  /** A code from the authenticator app, or one of the recovery codes; */
  code?: string | null;
  /** or an answer of one of the caller's passkeys to `passkey_login_options`. */
  passkey?: Record<string, unknown> | null;
}

/** One of: */
export interface MfaProofIn {
  /** A code from the authenticator app; */
  code?: string | null;
  /** or an answer of one of the caller's passkeys to `passkey_login_options`. */
  passkey?: Record<string, unknown> | null;
}

/**
 * The selected organization requires a second factor and the caller has none: enrol
 * one (TOTP `mfa_setup_*` or a passkey as second factor), then try again.
 */
export interface MfaRequiredErrorData {
  organization_id: string;
}

export interface MfaStatusOut {
  /** Whether the caller has a second factor (`totp` or a passkey set as one). */
  enabled: boolean;
  /** Unused recovery codes (0 while MFA is off). */
  recovery_codes_left: number;
  /** Whether an authenticator app is confirmed. */
  totp: boolean;
  /** How many of the caller's passkeys are set as second factor. */
  passkeys: number;
}

export interface MfaTotpEnrollOut {
  /** The TOTP secret (base32), for typing into an authenticator app; never shown again. */
  secret: string;
  /** The same as an `otpauth://` URI, to show as a QR code. */
  otpauth_uri: string;
}

/** The route works on an organization, and the session has none selected. */
export type NoOrganizationSelectedErrorData = Record<string, never>;

/** This session is not an impersonated one (use `logout`). */
export type NotImpersonatingErrorData = Record<string, never>;

export interface OAuthCompleteIn {
  state: string;
  code: string;
  permanent?: boolean;
}

export interface OAuthCompleteOut {
  signed_in: SignedIn;
  /** The `redirect_to` given to `oauth_start`. */
  redirect_to: string | null;
  /** True when this linked the provider to the signed-in user (`intent: "link"`). */
  linked: boolean;
}

/**
 * The provider gave no address it verified, and this provider account is linked to
 * no user: sign up another way, then link it from settings.
 */
export type OAuthEmailUnverifiedErrorData = Record<string, never>;

/**
 * The provider's answer did not prove who signed in (it refused the code, or its ID
 * token failed a check): start again (`oauth_start`).
 */
export interface OAuthFailedErrorData {
  provider: string;
}

/** This provider account is linked to another user already. */
export type OAuthIdentityTakenErrorData = Record<string, never>;

/**
 * The provider's verified address belongs to an account that is not linked to this
 * provider account: sign in to it with its existing method, then link the provider
 * from settings (`oauth_start {intent: "link"}`). Never linked silently.
 */
export interface OAuthLinkRequiredErrorData {
  email: string;
}

/** No configured provider has this id (`oauth_providers` lists them). */
export interface OAuthProviderNotFoundErrorData {
  provider: string;
}

export interface OAuthProviderOut {
  id: string;
  name: string;
}

/** Linking a provider needs the signed-in user who started it (`intent: "link"`). */
export type OAuthSignInRequiredErrorData = Record<string, never>;

export interface OAuthStartIn {
  provider: string;
  intent?: OauthIntentEnum;
  /**
   * Where the frontend goes once signed in (given back by `oauth_complete`); a path
   * starting `/accept-invite` creates no organization for a new user.
   */
  redirect_to?: string | null;
}

export interface OAuthStartOut {
  /**
   * Send the browser there; the provider sends it back to the callback page
   * (OAUTH_REDIRECT_URL) with `?code=&state=`, which calls `oauth_complete`.
   */
  authorization_url: string;
}

/**
 * The sign-in with the provider is unknown, was completed already, or is older than
 * 10 minutes (or was started in another browser): start again (`oauth_start`).
 */
export type OAuthStateInvalidErrorData = Record<string, never>;

export type OauthIntentEnum = "link" | "signin";

export interface OrganizationCreateIn {
  name: string;
}

export type OrganizationDomainEnrollmentEnum = "automatic" | "none" | "suggest";

/** The caller is not an active member of this organization. */
export interface OrganizationNotFoundErrorData {
  organization_id: string;
}

export interface OrganizationOut {
  id: string;
  name: string;
}

export type OrganizationRoleEnum = "admin" | "member" | "owner";

export interface OrganizationRoleOut {
  id: string;
  name: string;
  role: OrganizationRoleEnum;
}

export interface OrganizationSecurityIn {
  /**
   * Members without a second factor reach only enrolment, `init` and their own
   * account until they enrol.
   */
  require_mfa: boolean;
}

export interface OrganizationSecurityOut {
  require_mfa: boolean;
  /**
   * Active members with no second factor yet (TOTP or a passkey): while two-factor
   * is required they are locked out of the organization's routes until they enrol.
   */
  members_without_mfa: number;
}

export interface OrganizationSwitchIn {
  organization_id: string;
}

export interface OrganizationUpdateIn {
  name: string;
}

/** The organization's settings changed. */
export interface OrganizationUpdated {
  name: string;
}

/** The input of a list RPC without filters: which page, how many rows. */
export interface PageIn {
  /** The `next_cursor` of the previous page; none for the first page. */
  cursor?: string | null;
  /** Rows per page: 50 by default; larger values are capped at 200. */
  limit?: number;
}

/** This passkey is registered already. */
export type PasskeyAlreadyRegisteredErrorData = Record<string, never>;

export interface PasskeyDeleteIn {
  passkey_id: string;
}

/**
 * The passkey's answer was refused: its challenge is unknown, used or expired (a
 * challenge lasts 5 minutes and works once), it was made for another site (origin or
 * relying party), the user was not verified, the signature is wrong, the passkey is not
 * (or no longer) registered, or its signature counter went back (a cloned
 * authenticator). Ask the browser again with fresh options.
 */
export type PasskeyInvalidErrorData = Record<string, never>;

export interface PasskeyLoginVerifyIn {
  /** What `navigator.credentials.get()` gave, as JSON (`credential.toJSON()`). */
  credential: Record<string, unknown>;
  permanent?: boolean;
  organization_id?: string | null;
}

/** The caller has no passkey with this id. */
export interface PasskeyNotFoundErrorData {
  passkey_id: string;
}

export interface PasskeyOptionsOut {
  /**
   * Pass to `PublicKeyCredential.parseCreationOptionsFromJSON` (registering) or
   * `parseRequestOptionsFromJSON` (signing), then to `navigator.credentials.create` /
   * `.get`; the challenge inside works once, for 5 minutes.
   */
  options: Record<string, unknown>;
}

export interface PasskeyOut {
  id: string;
  name: string;
  created_at: ISODateTime;
  /** When it last signed in or passed as a second factor. */
  last_used_at: ISODateTime | null;
  /**
   * Whether the authenticator syncs it (a passkey in a password manager or cloud
   * keychain), so losing one device does not lose it.
   */
  backed_up: boolean;
  /** Whether it is set as a second factor (`passkey_second_factor_set`). */
  second_factor: boolean;
}

export interface PasskeyRegisterVerifyIn {
  /** What `navigator.credentials.create()` gave, as JSON (`credential.toJSON()`). */
  credential: Record<string, unknown>;
  /** A label to recognise it by ("MacBook Touch ID"). */
  name: string;
}

export interface PasskeyRenameIn {
  passkey_id: string;
  name: string;
}

export interface PasskeySecondFactorSetIn {
  passkey_id: string;
  /** Set (true) or unset (false) the passkey as a second factor. */
  enabled: boolean;
}

export interface PasskeySecondFactorSetOut {
  passkey: PasskeyOut;
  /**
   * When this turned two-factor authentication on: ten single-use codes that stand in
   * for the second factor, shown this once (null otherwise).
   */
  recovery_codes: string[] | null;
}

export interface PasskeysPage {
  items: PasskeyOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export interface PasswordChangeIn {
  current_password: string;
  new_password: string;
}

export interface PasswordResetCompleteIn {
  code: string;
  new_password: string;
}

export interface PasswordResetRequestIn {
  email: string;
  captcha_token?: string | null;
}

export interface PermissionOut {
  name: string;
  description: string;
}

/** No RPC has this name. */
export interface RPCNotFoundErrorData {
  name: string;
}

/** The handler did not finish within its timeout. */
export interface RPCTimeoutErrorData {
  timeout_seconds: number;
}

/**
 * This change needs a recent proof of who you are (within 10 minutes): call
 * `session_reauthenticate` with the password, a code from the authenticator app, or
 * another passkey, then retry.
 */
export type ReauthenticationRequiredErrorData = Record<string, never>;

export interface RecoveryCodesOut {
  /** Ten single-use codes that stand in for the authenticator app; shown this once. */
  recovery_codes: string[];
}

/** The request body did not arrive within `timeout_seconds`. */
export interface RequestTimeoutErrorData {
  timeout_seconds: number;
}

/** The request body is larger than the configured limit. */
export interface RequestTooLargeErrorData {
  max_bytes: number;
}

/** The reset code is unknown, used, superseded by a newer one, or expired (1 hour). */
export type ResetCodeInvalidErrorData = Record<string, never>;

export type RevokedEnum = "revoked" | "already_revoked";

export interface RoleDeleteIn {
  role_id: string;
}

export interface RoleIn {
  name: string;
  permissions: string[];
}

/** Members hold this custom role: give them another before deleting it. */
export interface RoleInUseErrorData {
  role_id: string;
  members: number;
}

/** Another custom role of the organization has this name (case-insensitively). */
export interface RoleNameTakenErrorData {
  name: string;
}

/** The current organization has no custom role with this id. */
export interface RoleNotFoundErrorData {
  role_id: string;
}

export interface RoleOut {
  id: string;
  name: string;
  permissions: string[];
  /** How many active members hold it. */
  members: number;
}

export interface RoleUpdateIn {
  role_id: string;
  name: string;
  permissions: string[];
}

export interface RolesPage {
  items: RoleOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export interface SSOCompleteIn {
  state: string;
  code: string;
  permanent?: boolean;
}

export interface SSOCompleteOut {
  /** The session started (null for a dry run). */
  signed_in: SignedIn | null;
  /** A dry run's answer (`sso_connection_test`): what the identity provider sent. */
  test: SSOTestResult | null;
}

export interface SSOConnectionIn {
  protocol: "oidc" | "saml";
  /**
   * OIDC: the issuer URL (Okta: `https://YOUR.okta.com`, Entra ID:
   * `https://login.microsoftonline.com/TENANT/v2.0`).
   */
  oidc_issuer?: string | null;
  oidc_client_id?: string | null;
  /** OIDC: write-only; leave it out to keep the stored one (same issuer and client). */
  oidc_client_secret?: string | null;
  /** SAML: the identity provider's metadata XML (its signing certificate and endpoint). */
  saml_idp_metadata?: string | null;
  /**
   * SAML, instead of `saml_idp_metadata`: the URL of that XML (Okta: Metadata URL; Entra
   * ID: App Federation Metadata Url), fetched once now (https, a public address, 10 s,
   * at most 200,000 bytes, no redirects) and stored as if pasted.
   */
  saml_idp_metadata_url?: string | null;
  /** The role of people who join through single sign-on. */
  default_role?: SsoRoleEnum;
  /**
   * Refuse password, email-code and social sign-in for addresses at the organization's
   * verified domains (their other sessions end when this is switched on).
   */
  enforce?: boolean;
  /** Owners keep password sign-in while `enforce` is on. */
  owners_break_glass?: boolean;
}

/**
 * The connection's settings are incomplete or unusable: `field` says which (OIDC:
 * issuer, client_id, client_secret; SAML: idp_metadata, which must be an identity
 * provider's metadata XML; idp_metadata_url, whose fetch was refused, failed or did not
 * answer such XML).
 */
export interface SSOConnectionInvalidErrorData {
  field: string;
}

/** The organization has no single sign-on connection. */
export type SSOConnectionNotFoundErrorData = Record<string, never>;

export interface SSOConnectionOut {
  id: string;
  protocol: "oidc" | "saml";
  oidc_issuer: string | null;
  oidc_client_id: string | null;
  saml_idp_entity_id: string | null;
  default_role: SsoRoleEnum;
  enforce: boolean;
  owners_break_glass: boolean;
  /** OIDC: register this redirect (callback) URI at the identity provider. */
  redirect_uri: string;
  /**
   * SAML: our entity id (Okta: Audience URI; Entra ID: Identifier), also the URL of
   * our metadata XML.
   */
  sp_entity_id: string;
  /** SAML: our assertion consumer service (Okta: Single sign-on URL; Entra ID: Reply URL). */
  acs_url: string;
  updated_at: ISODateTime;
}

/**
 * The identity provider's answer did not prove who signed in (a refused code, an ID
 * token or SAML assertion that failed a check: unsigned, for another audience, expired,
 * replayed, answering another request): start again (`sso_start`).
 */
export type SSOFailedErrorData = Record<string, never>;

/**
 * No organization signs this address (or organization) in with single sign-on: sign
 * in another way.
 */
export type SSONotConfiguredErrorData = Record<string, never>;

/**
 * The address is at a domain whose organization requires single sign-on: sign in
 * through its identity provider (`sso_start {email}`). Its owners keep password sign-in
 * unless the organization turned break-glass off.
 */
export interface SSORequiredErrorData {
  organization_id: string;
  organization_name: string;
}

export interface SSOStartIn {
  /** The address the person signs in with: its domain finds the organization. */
  email?: string | null;
  /** Or the organization itself. */
  organization_id?: string | null;
}

export interface SSOStartOut {
  /**
   * Send the browser there: the identity provider signs the person in and sends the
   * browser back to the callback page (`/sso/callback?state=&code=`), which calls
   * `sso_complete`.
   */
  redirect_url: string;
}

/**
 * The single sign-on is unknown, was completed already, is older than 10 minutes, was
 * started in another browser, or its connection changed: start again (`sso_start`).
 */
export type SSOStateInvalidErrorData = Record<string, never>;

export interface SSOTestResult {
  subject: string;
  email: string | null;
  name: string | null;
  /** Every claim (OIDC) or attribute (SAML) the identity provider sent. */
  claims: Record<string, unknown>;
}

export interface ScimTokenCreateIn {
  /** What the token is for (the identity provider: "Okta"). */
  name: string;
}

export interface ScimTokenCreateOut {
  /**
   * The token (`bst_<id>_<secret>`): shown this once; give it to the identity provider
   * with the base URL `/scim/v2` of this server.
   */
  token: string;
  scim_token: ScimTokenOut;
}

/** The current organization has no SCIM token with this id. */
export interface ScimTokenNotFoundErrorData {
  id: string;
}

export interface ScimTokenOut {
  id: string;
  name: string;
  created_at: ISODateTime;
  /** When the identity provider last used it (recorded at most once a minute). */
  last_used_at: ISODateTime | null;
  revoked_at: ISODateTime | null;
}

export interface ScimTokenRevokeIn {
  id: string;
}

export interface ScimTokensPage {
  items: ScimTokenOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export type ScopeEnum = "account" | "organization";

export type SecondFactorEnum = "passkey" | "recovery_code" | "totp";

/** The request body is not valid JSON. */
export interface ServerJSONDeserializeErrorData {
  message: string;
}

/**
 * The server is too busy right now (the database unreachable or busy, or too many
 * passwords being hashed); nothing was changed. Retry after `retry_after_seconds` (also
 * sent as the `Retry-After` header).
 */
export interface ServiceUnavailableErrorData {
  retry_after_seconds: number;
}

/** No live session of the caller has this id. */
export interface SessionNotFoundErrorData {
  session_id: string;
}

export interface SessionOut {
  id: string;
  /** When it was signed in. */
  created_at: ISODateTime;
  /** Its last request (recorded at most once a minute). */
  last_seen_at: ISODateTime;
  current: boolean;
  /** The browser and its major version, from the user agent ("Chrome 120"; "Unknown"). */
  browser: string;
  /** The operating system ("Mac OS X 10.15", "iOS 17.1"; "Unknown"). */
  os: string;
  /** The device ("iPhone", "Mac"; "Computer" for other desktops and laptops; "Unknown"). */
  device: string;
  /** The address it was signed in from (null: unknown, or not recorded). */
  client_address: string | null;
  /** How it was signed in (password, passkey, ...; null: not recorded). */
  sign_in_method: SignInMethodEnum | null;
  /** The second factor it passed, if one was asked. */
  second_factor: SecondFactorEnum | null;
  /** Whether an administrator opened it (read-only support access). */
  impersonated: boolean;
}

/** One of: */
export interface SessionReauthenticateIn {
  /** The password; */
  password?: string | null;
  /** a code from the authenticator app; */
  code?: string | null;
  /** or an answer of one of the caller's passkeys to `passkey_login_options`. */
  passkey?: Record<string, unknown> | null;
}

export interface SessionRevokeIn {
  session_id: string;
}

export interface SessionsPage {
  items: SessionOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export interface SessionsRevokeOthersOut {
  /** How many sessions ended. */
  revoked: number;
}

export type SignInMethodEnum = "impersonation" | "invite" | "login_code" | "oauth" | "passkey" | "password" | "password_reset" | "signup" | "sso";

/**
 * The `init` shape of a signed-in session: what every route that starts a session
 * (or changes the signed-in one) answers, `user` never null.
 */
export interface SignedIn {
  user: InitUser;
  organization: InitOrganization | null;
  available_organizations: InitOrganization[];
  /**
   * Set when an admin impersonates the user in this session: show it, and expect every
   * mutation to answer `ImpersonationReadOnlyError`.
   */
  impersonator: Impersonator | null;
  /**
   * Organizations the user may ask to join (`organization_join_request`): they verified
   * the domain of the user's verified address.
   */
  suggested_organizations: SuggestedOrganization[];
}

export interface SignupIn {
  name: string;
  email: string;
  password: string;
  organization_name: string;
  captcha_token?: string | null;
}

/** The organization's single sign-on connection was created, changed or removed. */
export interface SsoConnectionChanged {
  connection_id: string;
  /** What happened: created, updated or deleted. */
  change: string;
}

export type SsoRoleEnum = "member" | "admin";

/**
 * An organization that verified the domain of the user's address and suggests
 * itself to the people there: `organization_join_request` asks to join it.
 */
export interface SuggestedOrganization {
  id: string;
  name: string;
  domain: string;
}

/**
 * Too many attempts (failed logins for this email, or a rate limit of this action);
 * try again after `retry_after_seconds`.
 */
export interface TooManyAttemptsErrorData {
  retry_after_seconds: number;
}

/** The caller is not signed in (or may not call this route). */
export type UnauthorizedErrorData = Record<string, never>;

/** Something went wrong on our side; the log has the details under `request_id`. */
export interface UnknownErrorData {
  request_id: string;
}

/** A permission name `permissions_list` does not list. */
export interface UnknownPermissionErrorData {
  permission: string;
}

/** A POST body must be `Content-Type: application/json`. */
export interface UnsupportedMediaTypeErrorData {
  expected: string;
}

export interface UserDeleteIn {
  password: string;
}

/** A member deleted their account (sent to each organization they were in). */
export interface UserDeleted {
  user_id: string;
}

export type UserLocaleEnum = "de" | "en";

export interface UserUpdateIn {
  /** The display name (unchanged when left out). */
  name?: string | null;
  /**
   * The language of the emails the user gets (unchanged when left out; set at signup
   * from the browser's Accept-Language).
   */
  locale?: UserLocaleEnum | null;
}

export interface UserUpdateOut {
  id: string;
  name: string;
  email: string;
  /** The language of the user's emails. */
  locale: UserLocaleEnum;
}

export interface VaultSecretCreateIn {
  name: string;
  value: string;
}

export interface VaultSecretDeleteIn {
  id: string;
}

/** The current organization has no secret with this id. */
export interface VaultSecretNotFoundErrorData {
  id: string;
}

export interface VaultSecretOut {
  id: string;
  name: string;
  created_at: ISODateTime;
}

export interface VaultSecretsPage {
  items: VaultSecretOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/** The verification code is unknown, used, superseded by a newer one, or expired. */
export type VerificationCodeInvalidErrorData = Record<string, never>;

/** The password is too easy to guess; `reason` says why. */
export interface WeakPasswordErrorData {
  reason: string;
}

export interface WebhookDeliveriesListIn {
  endpoint_id: string;
  status?: WebhookDeliveryStatusEnum | null;
  /** The `next_cursor` of the previous page; none for the first page. */
  cursor?: string | null;
  /** Rows per page: 50 by default; larger values are capped at 200. */
  limit?: number;
}

export interface WebhookDeliveriesPage {
  items: WebhookDeliveryOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export interface WebhookDeliveryIn {
  delivery_id: string;
}

/** The current organization has no such delivery, or it is already pending. */
export interface WebhookDeliveryNotFoundErrorData {
  delivery_id: string;
}

export interface WebhookDeliveryOut {
  /** The `webhook-id` header of every attempt. */
  id: string;
  event_id: string;
  type: WebhookEventTypeEnum;
  status: WebhookDeliveryStatusEnum;
  attempts: number;
  created_at: ISODateTime;
  /** When a pending delivery is tried next. */
  next_attempt_at: ISODateTime;
  last_attempt_at: ISODateTime | null;
  last_status_code: number | null;
  last_error: string | null;
  /** The start (1 KiB at most) of the last answer. */
  last_response_body: string | null;
  last_latency_ms: number | null;
}

export type WebhookDeliveryStatusEnum = "delivered" | "failed" | "pending";

export interface WebhookEndpointCreateIn {
  url: string;
  /** The event types delivered to it. */
  events: WebhookEventTypeEnum[];
  description?: string;
}

export interface WebhookEndpointIn {
  endpoint_id: string;
}

/** The current organization has no webhook endpoint with this id. */
export interface WebhookEndpointNotFoundErrorData {
  endpoint_id: string;
}

export interface WebhookEndpointOut {
  id: string;
  url: string;
  description: string;
  events: WebhookEventTypeEnum[];
  enabled: boolean;
  /** Why deliveries stopped (null while enabled). */
  disabled_reason: string | null;
  created_at: ISODateTime;
}

export interface WebhookEndpointSecretOut {
  endpoint: WebhookEndpointOut;
  /** The signing secret (`whsec_...`, Standard Webhooks): shown only now. */
  secret: string;
}

export interface WebhookEndpointUpdateIn {
  endpoint_id: string;
  url?: string | null;
  events?: WebhookEventTypeEnum[] | null;
  description?: string | null;
  /** true: deliveries resume (the ones waiting first, in order); false: they stop. */
  enabled?: boolean | null;
}

export interface WebhookEndpointsPage {
  items: WebhookEndpointOut[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export type WebhookEventTypeEnum = "api_key.created" | "invite.accepted" | "invite.created" | "member.added" | "member.removed" | "member.role_changed" | "organization.updated" | "sso.connection_changed" | "user.deleted";

/**
 * Webhooks go only to https URLs of public hosts (no credentials in the URL, no
 * private, loopback or link-local address).
 */
export interface WebhookUrlRefusedErrorData {
  reason: string;
}

/** The data of every error a product RPC may answer, by error name. */
export interface ProductErrorData {
  /** Someone with this email is already an active member. */
  AlreadyMemberError: AlreadyMemberErrorData;
  /**
   * This RPC does not accept API keys: call it from a signed-in session.
   *
   * (Sign-in, key management, account deletion, the second factor and every RPC not
   * declared for keys.)
   */
  ApiKeyNotAllowedError: ApiKeyNotAllowedErrorData;
  /** The current organization has no key with this id that the caller may see. */
  ApiKeyNotFoundError: ApiKeyNotFoundErrorData;
  /** Too many calls with this API key; try again after `retry_after_seconds`. */
  ApiKeyRateLimitedError: ApiKeyRateLimitedErrorData;
  /**
   * The API key's scopes do not include the permission this RPC (`rpc`) needs
   * (`permission`): create a key with it.
   */
  ApiKeyScopeError: ApiKeyScopeErrorData;
  /** A scope is not a permission of any RPC that accepts API keys (`scopes`: those). */
  ApiKeyScopeUnknownError: ApiKeyScopeUnknownErrorData;
  /** The cursor is not one this log answered (`next_cursor`). */
  AuditCursorInvalidError: AuditCursorInvalidErrorData;
  /** The user is not an active member of the requested organization. */
  AuthOrganizationNotFoundError: AuthOrganizationNotFoundErrorData;
  /**
   * This call needs a solved captcha: show the `provider`'s widget (`turnstile`:
   * Cloudflare Turnstile, `hcaptcha`: hCaptcha) with `site_key`, then call again with the
   * token it gives as `captcha_token`. Answered when the token is missing, invalid, used
   * already or expired (a token is good once).
   */
  CaptchaRequiredError: CaptchaRequiredErrorData;
  /**
   * A custom role is given with the built-in role `member` (owners and admins hold
   * their built-in permissions).
   */
  CustomRoleNeedsMemberError: CustomRoleNeedsMemberErrorData;
  /**
   * The database this server reached only reads right now (a read replica, or a
   * primary being failed over); nothing was changed. Retry after `retry_after_seconds`
   * (also sent as the `Retry-After` header).
   */
  DatabaseReadOnlyError: DatabaseReadOnlyErrorData;
  /** Not a domain name (at least two labels, like `example.com`). */
  DomainInvalidError: DomainInvalidErrorData;
  /** The organization has not added this domain. */
  DomainNotFoundError: DomainNotFoundErrorData;
  /**
   * The domain belongs to a public email provider (gmail.com, outlook.com, ...): anyone
   * can have an address there, so no organization can claim it.
   */
  DomainPublicProviderError: DomainPublicProviderErrorData;
  /**
   * The TXT record was not found (not published yet, another value, or the DNS change
   * has not reached the resolver yet: try again in a few minutes).
   */
  DomainRecordNotFoundError: DomainRecordNotFoundErrorData;
  /** Another organization has verified this domain. */
  DomainTakenError: DomainTakenErrorData;
  /** A user with this email exists already. */
  EmailAlreadyExistsError: EmailAlreadyExistsErrorData;
  /** The address is verified already. */
  EmailAlreadyVerifiedError: EmailAlreadyVerifiedErrorData;
  /** The code is unknown, used, superseded, expired, or was sent for another user. */
  EmailChangeCodeInvalidError: EmailChangeCodeInvalidErrorData;
  /**
   * Verify your email address first (`email_verify` with the emailed code;
   * `email_verification_resend` sends a new one).
   */
  EmailNotVerifiedError: EmailNotVerifiedErrorData;
  /** The export's 7 days are over: its zip is gone; ask for a new one. */
  ExportExpiredError: ExportExpiredErrorData;
  /**
   * No export with this id was asked for by the caller (or, for an organization's,
   * the caller is no longer its owner).
   */
  ExportNotFoundError: ExportNotFoundErrorData;
  /** The export is still being made, or making it failed (`failed`: ask for a new one). */
  ExportNotReadyError: ExportNotReadyErrorData;
  /**
   * An export of this account (or organization) is already being made: wait for its
   * email.
   */
  ExportPendingError: ExportPendingErrorData;
  /**
   * The external service behind this feature failed even after retries; try again
   * later.
   */
  ExternalServiceFailedError: ExternalServiceFailedErrorData;
  /** The caller has no linked identity with this id. */
  IdentityNotFoundError: IdentityNotFoundErrorData;
  /**
   * An admin is impersonating the user in this session, which is read-only: it cannot
   * change anything (`init.impersonator` says who).
   */
  ImpersonationReadOnlyError: ImpersonationReadOnlyErrorData;
  /**
   * The token is unknown, used, older than 2 minutes, its admin is no longer a
   * superadmin, or the user is disabled.
   */
  ImpersonationTokenInvalidError: ImpersonationTokenInvalidErrorData;
  /**
   * The input does not match the route's input type: one message per failing field.
   *
   * Keys are dotted paths (`email`, `items.0.name`); `__root__` means the whole input.
   */
  InputValidationError: InputValidationErrorData;
  /**
   * The caller's role does not allow this (the route's permission, listed in the
   * OpenAPI document and `/docs`, or an owners-only step).
   */
  InsufficientRoleError: InsufficientRoleErrorData;
  /** Wrong email or password (also: unfinished signup, disabled user, not an admin). */
  InvalidCredentialsError: InvalidCredentialsErrorData;
  /** The cursor is not one this list handed out; start again without it. */
  InvalidCursorError: InvalidCursorErrorData;
  /** The invite's code expired; ask for a new invite. */
  InviteExpiredError: InviteExpiredErrorData;
  /** No open invite has this code (unknown, revoked or already used). */
  InviteNotFoundError: InviteNotFoundErrorData;
  /**
   * An account with the invite's address exists: sign in as that account first
   * (`login`, with its second factor), then call `invite_accept` again with the code.
   */
  InviteSignInRequiredError: InviteSignInRequiredErrorData;
  /** No open join request with this id in the current organization. */
  JoinRequestNotFoundError: JoinRequestNotFoundErrorData;
  /** An organization always keeps at least one owner. */
  LastOwnerError: LastOwnerErrorData;
  /**
   * Unlinking it would leave the account no way to sign in (no password and no other
   * linked identity): set a password or link another provider first.
   */
  LastSignInMethodError: LastSignInMethodErrorData;
  /**
   * The sign-in code is wrong, used, superseded by a newer one, expired (10 minutes),
   * or out of attempts (5 wrong codes): ask for a new one (`login_code_request`).
   */
  LoginCodeInvalidError: LoginCodeInvalidErrorData;
  /** Two-factor authentication is on already (turn it off first to enroll again). */
  MFAAlreadyEnabledError: MFAAlreadyEnabledErrorData;
  /**
   * The challenge is unknown, used, expired (5 minutes) or out of attempts (5), or the
   * user can no longer sign in: sign in with the password again.
   */
  MFAChallengeInvalidError: MFAChallengeInvalidErrorData;
  /**
   * The code is wrong, was used already (a TOTP code works once, a recovery code once),
   * or is not for this user.
   */
  MFACodeInvalidError: MFACodeInvalidErrorData;
  /** Two-factor authentication is off for this user. */
  MFANotEnabledError: MFANotEnabledErrorData;
  /** No enrollment is waiting for a code: call `mfa_totp_enroll` first. */
  MFANotEnrolledError: MFANotEnrolledErrorData;
  /**
   * The first factor was right but the user has two-factor authentication on: no
   * session yet. Call `login_mfa` with this `challenge` and a code from the authenticator
   * app (or a recovery code) within 5 minutes; a challenge allows 5 codes.
   */
  MFARequiredError: MFARequiredErrorData;
  /** The user is not an active member of the organization. */
  MemberNotFoundError: MemberNotFoundErrorData;
  /** The RPC exists but answers another HTTP method (listed in `allowed`). */
  MethodNotAllowedError: MethodNotAllowedErrorData;
  /**
   * The selected organization requires a second factor and the caller has none: enrol
   * one (TOTP `mfa_setup_*` or a passkey as second factor), then try again.
   */
  MfaRequiredError: MfaRequiredErrorData;
  /** The route works on an organization, and the session has none selected. */
  NoOrganizationSelectedError: NoOrganizationSelectedErrorData;
  /** This session is not an impersonated one (use `logout`). */
  NotImpersonatingError: NotImpersonatingErrorData;
  /**
   * The provider gave no address it verified, and this provider account is linked to
   * no user: sign up another way, then link it from settings.
   */
  OAuthEmailUnverifiedError: OAuthEmailUnverifiedErrorData;
  /**
   * The provider's answer did not prove who signed in (it refused the code, or its ID
   * token failed a check): start again (`oauth_start`).
   */
  OAuthFailedError: OAuthFailedErrorData;
  /** This provider account is linked to another user already. */
  OAuthIdentityTakenError: OAuthIdentityTakenErrorData;
  /**
   * The provider's verified address belongs to an account that is not linked to this
   * provider account: sign in to it with its existing method, then link the provider
   * from settings (`oauth_start {intent: "link"}`). Never linked silently.
   */
  OAuthLinkRequiredError: OAuthLinkRequiredErrorData;
  /** No configured provider has this id (`oauth_providers` lists them). */
  OAuthProviderNotFoundError: OAuthProviderNotFoundErrorData;
  /** Linking a provider needs the signed-in user who started it (`intent: "link"`). */
  OAuthSignInRequiredError: OAuthSignInRequiredErrorData;
  /**
   * The sign-in with the provider is unknown, was completed already, or is older than
   * 10 minutes (or was started in another browser): start again (`oauth_start`).
   */
  OAuthStateInvalidError: OAuthStateInvalidErrorData;
  /** The caller is not an active member of this organization. */
  OrganizationNotFoundError: OrganizationNotFoundErrorData;
  /** This passkey is registered already. */
  PasskeyAlreadyRegisteredError: PasskeyAlreadyRegisteredErrorData;
  /**
   * The passkey's answer was refused: its challenge is unknown, used or expired (a
   * challenge lasts 5 minutes and works once), it was made for another site (origin or
   * relying party), the user was not verified, the signature is wrong, the passkey is not
   * (or no longer) registered, or its signature counter went back (a cloned
   * authenticator). Ask the browser again with fresh options.
   */
  PasskeyInvalidError: PasskeyInvalidErrorData;
  /** The caller has no passkey with this id. */
  PasskeyNotFoundError: PasskeyNotFoundErrorData;
  /** No RPC has this name. */
  RPCNotFoundError: RPCNotFoundErrorData;
  /** The handler did not finish within its timeout. */
  RPCTimeoutError: RPCTimeoutErrorData;
  /**
   * This change needs a recent proof of who you are (within 10 minutes): call
   * `session_reauthenticate` with the password, a code from the authenticator app, or
   * another passkey, then retry.
   */
  ReauthenticationRequiredError: ReauthenticationRequiredErrorData;
  /** The request body did not arrive within `timeout_seconds`. */
  RequestTimeoutError: RequestTimeoutErrorData;
  /** The request body is larger than the configured limit. */
  RequestTooLargeError: RequestTooLargeErrorData;
  /** The reset code is unknown, used, superseded by a newer one, or expired (1 hour). */
  ResetCodeInvalidError: ResetCodeInvalidErrorData;
  /** Members hold this custom role: give them another before deleting it. */
  RoleInUseError: RoleInUseErrorData;
  /** Another custom role of the organization has this name (case-insensitively). */
  RoleNameTakenError: RoleNameTakenErrorData;
  /** The current organization has no custom role with this id. */
  RoleNotFoundError: RoleNotFoundErrorData;
  /**
   * The connection's settings are incomplete or unusable: `field` says which (OIDC:
   * issuer, client_id, client_secret; SAML: idp_metadata, which must be an identity
   * provider's metadata XML; idp_metadata_url, whose fetch was refused, failed or did not
   * answer such XML).
   */
  SSOConnectionInvalidError: SSOConnectionInvalidErrorData;
  /** The organization has no single sign-on connection. */
  SSOConnectionNotFoundError: SSOConnectionNotFoundErrorData;
  /**
   * The identity provider's answer did not prove who signed in (a refused code, an ID
   * token or SAML assertion that failed a check: unsigned, for another audience, expired,
   * replayed, answering another request): start again (`sso_start`).
   */
  SSOFailedError: SSOFailedErrorData;
  /**
   * No organization signs this address (or organization) in with single sign-on: sign
   * in another way.
   */
  SSONotConfiguredError: SSONotConfiguredErrorData;
  /**
   * The address is at a domain whose organization requires single sign-on: sign in
   * through its identity provider (`sso_start {email}`). Its owners keep password sign-in
   * unless the organization turned break-glass off.
   */
  SSORequiredError: SSORequiredErrorData;
  /**
   * The single sign-on is unknown, was completed already, is older than 10 minutes, was
   * started in another browser, or its connection changed: start again (`sso_start`).
   */
  SSOStateInvalidError: SSOStateInvalidErrorData;
  /** The current organization has no SCIM token with this id. */
  ScimTokenNotFoundError: ScimTokenNotFoundErrorData;
  /** The request body is not valid JSON. */
  ServerJSONDeserializeError: ServerJSONDeserializeErrorData;
  /**
   * The server is too busy right now (the database unreachable or busy, or too many
   * passwords being hashed); nothing was changed. Retry after `retry_after_seconds` (also
   * sent as the `Retry-After` header).
   */
  ServiceUnavailableError: ServiceUnavailableErrorData;
  /** No live session of the caller has this id. */
  SessionNotFoundError: SessionNotFoundErrorData;
  /**
   * Too many attempts (failed logins for this email, or a rate limit of this action);
   * try again after `retry_after_seconds`.
   */
  TooManyAttemptsError: TooManyAttemptsErrorData;
  /** The caller is not signed in (or may not call this route). */
  UnauthorizedError: UnauthorizedErrorData;
  /** Something went wrong on our side; the log has the details under `request_id`. */
  UnknownError: UnknownErrorData;
  /** A permission name `permissions_list` does not list. */
  UnknownPermissionError: UnknownPermissionErrorData;
  /** A POST body must be `Content-Type: application/json`. */
  UnsupportedMediaTypeError: UnsupportedMediaTypeErrorData;
  /** The current organization has no secret with this id. */
  VaultSecretNotFoundError: VaultSecretNotFoundErrorData;
  /** The verification code is unknown, used, superseded by a newer one, or expired. */
  VerificationCodeInvalidError: VerificationCodeInvalidErrorData;
  /** The password is too easy to guess; `reason` says why. */
  WeakPasswordError: WeakPasswordErrorData;
  /** The current organization has no such delivery, or it is already pending. */
  WebhookDeliveryNotFoundError: WebhookDeliveryNotFoundErrorData;
  /** The current organization has no webhook endpoint with this id. */
  WebhookEndpointNotFoundError: WebhookEndpointNotFoundErrorData;
  /**
   * Webhooks go only to https URLs of public hosts (no credentials in the URL, no
   * private, loopback or link-local address).
   */
  WebhookUrlRefusedError: WebhookUrlRefusedErrorData;
}

/** Errors every product RPC may answer (standard and app-wide ones). */
export type ProductCommonErrorName = "ApiKeyNotAllowedError" | "ApiKeyRateLimitedError" | "ApiKeyScopeError" | "DatabaseReadOnlyError" | "ImpersonationReadOnlyError" | "InputValidationError" | "MethodNotAllowedError" | "MfaRequiredError" | "NoOrganizationSelectedError" | "RPCNotFoundError" | "RPCTimeoutError" | "RequestTimeoutError" | "RequestTooLargeError" | "ServerJSONDeserializeError" | "ServiceUnavailableError" | "UnauthorizedError" | "UnknownError" | "UnsupportedMediaTypeError";

/** Every product RPC: HTTP method, input, output and the errors it may answer. */
export interface ProductRPCs {
  /**
   * Ask for a zip of everything your account holds (your profile, sessions, linked
   * sign-in identities: one JSON file per table, and README.txt describing every column;
   * secrets and hashes left out). It is made in the background; an email links to it when
   * it is ready, and it can be downloaded (`export_download`) for 7 days. One at a time:
   * `ExportPendingError` while one is being made. Needs a verified address.
   *
   * `POST /rpc/account_export_request`, authorization: user
   */
  account_export_request: {
    method: "POST";
    input: null;
    output: ExportRequested;
    errors: ProductCommonErrorName | "EmailNotVerifiedError" | "ExportPendingError";
  };
  /**
   * Create an API key for the current organization and answer it once. A personal key
   * acts as you (your role, while you stay a member); an organization key
   * (`api_keys:manage`) is the organization's own service identity: its calls and the
   * changes they make are the key's (audit log, webhooks), and it keeps working when you
   * leave. `scopes` are permissions you hold; the key calls the RPCs that accept API keys
   * and need one of them.
   *
   * `POST /rpc/api_key_create`, authorization: organization
   */
  api_key_create: {
    method: "POST";
    input: ApiKeyCreateIn;
    output: ApiKeyCreateOut;
    errors: ProductCommonErrorName | "ApiKeyScopeUnknownError" | "InsufficientRoleError";
  };
  /**
   * Revoke a key at once: your own personal key, or (owners and admins) an
   * organization key.
   *
   * `POST /rpc/api_key_revoke`, authorization: organization
   */
  api_key_revoke: {
    method: "POST";
    input: ApiKeyRevokeIn;
    output: RevokedEnum;
    errors: ProductCommonErrorName | "ApiKeyNotFoundError" | "InsufficientRoleError";
  };
  /**
   * Your personal keys and the organization's keys in the current organization, newest
   * first (never their secrets), one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
   * previous page's `next_cursor`).
   *
   * `GET /rpc/api_keys_list`, authorization: organization
   */
  api_keys_list: {
    method: "GET";
    input: PageIn;
    output: ApiKeysPage;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "InvalidCursorError";
  };
  /**
   * Send a new verification code (the older ones stop working). Rate-limited.
   *
   * `POST /rpc/email_verification_resend`, authorization: user
   */
  email_verification_resend: {
    method: "POST";
    input: null;
    output: null;
    errors: ProductCommonErrorName | "EmailAlreadyVerifiedError" | "TooManyAttemptsError";
  };
  /**
   * Mark the address verified with the code from the verification email (works
   * signed out too, from the email's link). A code works once. The user then joins the
   * organizations that verified the address's domain with automatic enrollment.
   *
   * `POST /rpc/email_verify`, authorization: public
   */
  email_verify: {
    method: "POST";
    input: EmailVerifyIn;
    output: null;
    errors: ProductCommonErrorName | "VerificationCodeInvalidError";
  };
  /**
   * The zip of an export you asked for (base64), until it expires (7 days after it was
   * made). An organization's export only while you are still its owner.
   *
   * `POST /rpc/export_download`, authorization: user
   */
  export_download: {
    method: "POST";
    input: ExportDownloadIn;
    output: ExportDownloadOut;
    errors: ProductCommonErrorName | "ExportExpiredError" | "ExportNotFoundError" | "ExportNotReadyError";
  };
  /**
   * The exports you asked for (account and organizations), newest first, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
   * previous page's `next_cursor`).
   *
   * `GET /rpc/exports_list`, authorization: user
   */
  exports_list: {
    method: "GET";
    input: PageIn;
    output: ExportsPage;
    errors: ProductCommonErrorName | "InvalidCursorError";
  };
  /**
   * The provider accounts linked to the caller (oldest first): each signs them in;
   * one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
   * previous page's `next_cursor`).
   *
   * `GET /rpc/identities_list`, authorization: user
   */
  identities_list: {
    method: "GET";
    input: PageIn;
    output: IdentitiesPage;
    errors: ProductCommonErrorName | "InvalidCursorError";
  };
  /**
   * Remove a linked provider account; refused with `LastSignInMethodError` when it is
   * the account's last way to sign in (no password, no other linked provider).
   *
   * `POST /rpc/identity_unlink`, authorization: user
   */
  identity_unlink: {
    method: "POST";
    input: IdentityUnlinkIn;
    output: null;
    errors: ProductCommonErrorName | "IdentityNotFoundError" | "LastSignInMethodError";
  };
  /**
   * Exchange an admin's impersonation token (from panopticon) for a product session of
   * the user: read-only, lasting the minutes the admin chose, with `init.impersonator`
   * set, and ending as soon as the admin is no longer a superadmin. The token works once,
   * within 2 minutes. Any session the request came with ends. Rate-limited per client.
   *
   * `POST /rpc/impersonation_accept`, authorization: public
   */
  impersonation_accept: {
    method: "POST";
    input: ImpersonationAcceptIn;
    output: SignedIn;
    errors: ProductCommonErrorName | "ImpersonationTokenInvalidError" | "TooManyAttemptsError";
  };
  /**
   * End this impersonated session and clear its cookie.
   *
   * `POST /rpc/impersonation_end`, authorization: user
   */
  impersonation_end: {
    method: "POST";
    input: null;
    output: null;
    errors: ProductCommonErrorName | "NotImpersonatingError";
  };
  /**
   * Who is signed in, the selected organization and every organization they belong to.
   *
   * `GET /rpc/init`, authorization: public
   */
  init: {
    method: "GET";
    input: null;
    output: InitOut;
    errors: ProductCommonErrorName;
  };
  /**
   * Join the invite's organization with it selected. A new email needs `name` and
   * `password`: the account is created (its address still to be verified: a verification
   * code is emailed) and signed in. An existing account must be signed in as itself
   * (`InviteSignInRequiredError` otherwise): this session moves to the organization. A
   * code works once. Rate-limited per client.
   *
   * `POST /rpc/invite_accept`, authorization: public
   */
  invite_accept: {
    method: "POST";
    input: InviteAcceptIn;
    output: SignedIn;
    errors: ProductCommonErrorName | "InvalidCredentialsError" | "InviteExpiredError" | "InviteNotFoundError" | "InviteSignInRequiredError" | "SSORequiredError" | "TooManyAttemptsError" | "WeakPasswordError";
  };
  /**
   * Invite an email into the current organization (`invites:manage`; only owners
   * invite owners). The code is returned once and emailed; only its hash is stored. A
   * pending invite for the same email is revoked.
   *
   * `POST /rpc/invite_create`, authorization: organization
   */
  invite_create: {
    method: "POST";
    input: InviteCreateIn;
    output: InviteCreateOut;
    errors: ProductCommonErrorName | "AlreadyMemberError" | "EmailNotVerifiedError" | "InsufficientRoleError" | "TooManyAttemptsError";
  };
  /**
   * Withdraw a pending invite of the current organization (`invites:manage`).
   *
   * `POST /rpc/invite_revoke`, authorization: organization
   */
  invite_revoke: {
    method: "POST";
    input: InviteRevokeIn;
    output: null;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "InviteNotFoundError";
  };
  /**
   * The current organization's pending invites, oldest first, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
   * previous page's `next_cursor`).
   *
   * `GET /rpc/invites_list`, authorization: organization
   */
  invites_list: {
    method: "GET";
    input: PageIn;
    output: InvitesPage;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "InvalidCursorError";
  };
  /**
   * Sign in with email and password; a new session every time. The organization
   * defaults to the one used most recently. With two-factor authentication on, the right
   * password answers `MFARequiredError` (no session yet): finish with `login_mfa`.
   * Rate-limited per client and per client+email; 10 wrong passwords from one client lock
   * that client out of the account for 15 minutes (`TooManyAttemptsError`), never the
   * owner elsewhere.
   *
   * Captcha: when the deployment turns bot protection on, a client with a few failed
   * logins (CAPTCHA_LOGIN_AFTER_FAILURES, within 15 minutes) gets `CaptchaRequiredError
   * {provider, site_key}`: show that widget and send its token as `captcha_token`.
   *
   * `POST /rpc/login`, authorization: public
   */
  login: {
    method: "POST";
    input: LoginIn;
    output: SignedIn;
    errors: ProductCommonErrorName | "AuthOrganizationNotFoundError" | "CaptchaRequiredError" | "InvalidCredentialsError" | "MFARequiredError" | "SSORequiredError" | "TooManyAttemptsError";
  };
  /**
   * Email a six-digit sign-in code and a link (valid 10 minutes, once) if the address
   * belongs to an account; a newer request replaces the older code. Always answers the
   * same way (one statement does the same work either way), so it tells nobody whether
   * an account exists. Rate-limited per client and per client+address. Finish with
   * `login_code_verify`.
   *
   * Captcha: when the deployment turns bot protection on, every call needs
   * `captcha_token`; without a valid one it answers `CaptchaRequiredError {provider,
   * site_key}` (show that widget, then call again with its token).
   *
   * `POST /rpc/login_code_request`, authorization: public
   */
  login_code_request: {
    method: "POST";
    input: LoginCodeRequestIn;
    output: null;
    errors: ProductCommonErrorName | "CaptchaRequiredError" | "TooManyAttemptsError";
  };
  /**
   * Sign in with the emailed code (`login_code_request`); it proves the address, so
   * it is marked verified. With two-factor authentication on, the answer is
   * `MFARequiredError` (finish with `login_mfa`). 5 wrong codes use the code up
   * (`LoginCodeInvalidError`: request a new one); rate-limited per client and
   * client+address, and 10 failures from one client lock it out of the address for 15
   * minutes (`TooManyAttemptsError`).
   *
   * `POST /rpc/login_code_verify`, authorization: public
   */
  login_code_verify: {
    method: "POST";
    input: LoginCodeVerifyIn;
    output: SignedIn;
    errors: ProductCommonErrorName | "InvalidCredentialsError" | "LoginCodeInvalidError" | "MFARequiredError" | "SSORequiredError" | "TooManyAttemptsError";
  };
  /**
   * Finish a login that answered `MFARequiredError`: the challenge and a code from the
   * authenticator app (`code`), a recovery code (`recovery_code`), or one of the user's
   * passkeys (`passkey`: the answer to `passkey_login_options`; `PasskeyInvalidError`
   * when refused, counted per client like recovery codes). Starts the session `login`
   * would have. A challenge lasts 5 minutes and allows 5 codes; a code works once.
   * Wrong authenticator codes are counted per user across every client and challenge: 10
   * within 15 minutes lock authenticator codes (`TooManyAttemptsError`) while recovery
   * codes keep working (they are counted per client). `InvalidCredentialsError` when the
   * user can no longer sign in (deleted or disabled meanwhile).
   *
   * `POST /rpc/login_mfa`, authorization: public
   */
  login_mfa: {
    method: "POST";
    input: LoginMfaIn;
    output: SignedIn;
    errors: ProductCommonErrorName | "AuthOrganizationNotFoundError" | "InvalidCredentialsError" | "MFAChallengeInvalidError" | "MFACodeInvalidError" | "PasskeyInvalidError" | "SSORequiredError" | "TooManyAttemptsError";
  };
  /**
   * End this session and clear its cookie.
   *
   * `POST /rpc/logout`, authorization: user
   */
  logout: {
    method: "POST";
    input: null;
    output: null;
    errors: ProductCommonErrorName;
  };
  /**
   * Turn two-factor authentication off, with the password and a code from the
   * authenticator app (or a recovery code, when the device is lost), or a passkey. The
   * secret and the recovery codes are deleted; passkeys stop being second factors (they
   * still sign in).
   *
   * `POST /rpc/mfa_disable`, authorization: user
   */
  mfa_disable: {
    method: "POST";
    input: MfaDisableIn;
    output: null;
    errors: ProductCommonErrorName | "InvalidCredentialsError" | "MFACodeInvalidError" | "MFANotEnabledError" | "PasskeyInvalidError" | "TooManyAttemptsError";
  };
  /**
   * Ten new recovery codes for a code from the authenticator app or a passkey's answer;
   * the old ones stop working.
   *
   * `POST /rpc/mfa_recovery_codes_regenerate`, authorization: user
   */
  mfa_recovery_codes_regenerate: {
    method: "POST";
    input: MfaProofIn;
    output: RecoveryCodesOut;
    errors: ProductCommonErrorName | "MFACodeInvalidError" | "MFANotEnabledError" | "PasskeyInvalidError" | "TooManyAttemptsError";
  };
  /**
   * Whether the caller has two-factor authentication on, with which factors, and how
   * many recovery codes are left.
   *
   * `GET /rpc/mfa_status`, authorization: user
   */
  mfa_status: {
    method: "GET";
    input: null;
    output: MfaStatusOut;
    errors: ProductCommonErrorName;
  };
  /**
   * Turn two-factor authentication on with a first code from the enrolled secret; the
   * answer holds the recovery codes.
   *
   * `POST /rpc/mfa_totp_confirm`, authorization: user
   */
  mfa_totp_confirm: {
    method: "POST";
    input: MfaCodeIn;
    output: RecoveryCodesOut;
    errors: ProductCommonErrorName | "MFAAlreadyEnabledError" | "MFACodeInvalidError" | "MFANotEnrolledError" | "TooManyAttemptsError";
  };
  /**
   * Start turning two-factor authentication on: a new TOTP secret (replacing one
   * enrolled earlier but not confirmed). MFA is on only once `mfa_totp_confirm` gets a
   * code from it.
   *
   * `POST /rpc/mfa_totp_enroll`, authorization: user
   */
  mfa_totp_enroll: {
    method: "POST";
    input: null;
    output: MfaTotpEnrollOut;
    errors: ProductCommonErrorName | "MFAAlreadyEnabledError";
  };
  /**
   * Finish with the provider's answer (the callback page's `state` and `code`), in
   * the browser that started it. Signing in: the user linked to the provider account is
   * signed in; with none linked, an address the provider verified that belongs to an
   * account answers `OAuthLinkRequiredError {email}` (sign in, then link from settings),
   * and a new address creates the user (verified, no password) with their organization
   * (none when `redirect_to` is an invite). With two-factor authentication on, the
   * answer is `MFARequiredError` (finish with `login_mfa`). Linking: the provider
   * account is added to the signed-in user who started it. Rate-limited per client.
   *
   * `POST /rpc/oauth_complete`, authorization: public
   */
  oauth_complete: {
    method: "POST";
    input: OAuthCompleteIn;
    output: OAuthCompleteOut;
    errors: ProductCommonErrorName | "ExternalServiceFailedError" | "InvalidCredentialsError" | "MFARequiredError" | "OAuthEmailUnverifiedError" | "OAuthFailedError" | "OAuthIdentityTakenError" | "OAuthLinkRequiredError" | "OAuthSignInRequiredError" | "OAuthStateInvalidError" | "SSORequiredError" | "TooManyAttemptsError";
  };
  /**
   * The providers configured for social login (OAUTH_PROVIDERS), in order, for the
   * sign-in page's buttons: `oauth_start {provider: id}`.
   *
   * `GET /rpc/oauth_providers`, authorization: public
   */
  oauth_providers: {
    method: "GET";
    input: null;
    output: OAuthProviderOut[];
    errors: ProductCommonErrorName;
  };
  /**
   * Start signing in (`intent: "signin"`, signed out; a new user is created when the
   * provider's verified address has no account) or linking a provider to the signed-in
   * user (`intent: "link"`, from settings). Answers the provider's authorization URL
   * (authorization code flow with PKCE S256, `state` and, for OpenID Connect, `nonce`;
   * both kept hashed, valid 10 minutes, once) and sets a short cookie binding the sign-in
   * to this browser.
   *
   * `POST /rpc/oauth_start`, authorization: public
   */
  oauth_start: {
    method: "POST";
    input: OAuthStartIn;
    output: OAuthStartOut;
    errors: ProductCommonErrorName | "ExternalServiceFailedError" | "OAuthProviderNotFoundError" | "OAuthSignInRequiredError";
  };
  /**
   * The current organization's audit log, newest first, 100 at a time (owners and
   * admins): every change its members made, and every action Blossom support took on the
   * organization or its members (impersonation included) with the reason they gave.
   * Filter by `actor` (a user id), `action`, and `from_at` (inclusive) / `to_at` (exclusive).
   *
   * `GET /rpc/organization_audit_log`, authorization: organization
   */
  organization_audit_log: {
    method: "GET";
    input: AuditLogIn;
    output: AuditLogOut;
    errors: ProductCommonErrorName | "AuditCursorInvalidError" | "InsufficientRoleError";
  };
  /**
   * The current organization's audit log as a streamed CSV or JSON lines download,
   * newest first (owners and admins).
   *
   * With the filters of `organization_audit_log`; `format` `csv` (`text/csv`, a header
   * row first) or `jsonl` (`application/x-ndjson`, one event per line). No limit
   * on its size: the server reads and sends it page by page, so read the body as it
   * arrives. The events are those before the moment the export started (or `to_at`, if
   * earlier). An error before the answer starts is a typed error as usual; after it
   * started (a permission revoked meanwhile, the database away) the connection closes
   * without the body's end, so the download fails rather than ends short.
   *
   * `POST /rpc/organization_audit_log_export`, authorization: organization
   */
  organization_audit_log_export: {
    method: "POST";
    input: AuditExportIn;
    output: RPCStream;
    errors: ProductCommonErrorName | "InsufficientRoleError";
  };
  /**
   * Create an organization with the caller as owner, and switch this session to it.
   *
   * `POST /rpc/organization_create`, authorization: user
   */
  organization_create: {
    method: "POST";
    input: OrganizationCreateIn;
    output: OrganizationRoleOut;
    errors: ProductCommonErrorName;
  };
  /**
   * Add a domain to the current organization (owners and admins): the answer says
   * which TXT record to publish before `organization_domain_verify`. Adding a domain
   * already added answers it again (same record).
   *
   * `POST /rpc/organization_domain_add`, authorization: organization
   */
  organization_domain_add: {
    method: "POST";
    input: DomainIn;
    output: DomainOut;
    errors: ProductCommonErrorName | "DomainInvalidError" | "DomainPublicProviderError" | "InsufficientRoleError";
  };
  /**
   * Remove a domain (owners and admins): its suggestions and automatic join stop
   * (members who joined through it stay members).
   *
   * `POST /rpc/organization_domain_remove`, authorization: organization
   */
  organization_domain_remove: {
    method: "POST";
    input: DomainIn;
    output: null;
    errors: ProductCommonErrorName | "DomainNotFoundError" | "InsufficientRoleError";
  };
  /**
   * Choose what a verified domain does for the people at it (owners and admins). It
   * takes effect once the domain is verified.
   *
   * `POST /rpc/organization_domain_set_enrollment`, authorization: organization
   */
  organization_domain_set_enrollment: {
    method: "POST";
    input: DomainEnrollmentIn;
    output: DomainOut;
    errors: ProductCommonErrorName | "DomainNotFoundError" | "InsufficientRoleError";
  };
  /**
   * Look the domain's TXT record up and mark the domain verified (owners and admins).
   * A domain is verified by one organization at a time (`DomainTakenError`).
   *
   * `POST /rpc/organization_domain_verify`, authorization: organization
   */
  organization_domain_verify: {
    method: "POST";
    input: DomainIn;
    output: DomainOut;
    errors: ProductCommonErrorName | "DomainInvalidError" | "DomainNotFoundError" | "DomainPublicProviderError" | "DomainRecordNotFoundError" | "DomainTakenError" | "InsufficientRoleError";
  };
  /**
   * The current organization's domains, verified or not, oldest first, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
   * previous page's `next_cursor`).
   *
   * `GET /rpc/organization_domains_list`, authorization: organization
   */
  organization_domains_list: {
    method: "GET";
    input: PageIn;
    output: DomainsPage;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "InvalidCursorError";
  };
  /**
   * Ask for a zip of everything the current organization holds (the organization, its
   * members, invites, the names of its vault secrets: one JSON file per table, and
   * README.txt describing every column; secrets and hashes left out). Owners only. Made in
   * the background and emailed to you like `account_export_request`; one at a time per
   * organization.
   *
   * `POST /rpc/organization_export_request`, authorization: organization
   */
  organization_export_request: {
    method: "POST";
    input: null;
    output: ExportRequested;
    errors: ProductCommonErrorName | "EmailNotVerifiedError" | "ExportPendingError" | "InsufficientRoleError";
  };
  /**
   * Ask to join an organization of `init.suggested_organizations`; its owners and
   * admins decide (`organization_join_request_decide`).
   *
   * `POST /rpc/organization_join_request`, authorization: user
   */
  organization_join_request: {
    method: "POST";
    input: JoinRequestIn;
    output: JoinRequestOut;
    errors: ProductCommonErrorName | "OrganizationNotFoundError";
  };
  /**
   * Approve (the user joins as member) or decline an open join request (owners and
   * admins).
   *
   * `POST /rpc/organization_join_request_decide`, authorization: organization
   */
  organization_join_request_decide: {
    method: "POST";
    input: JoinRequestDecideIn;
    output: null;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "JoinRequestNotFoundError";
  };
  /**
   * The open requests to join the current organization (owners and admins), oldest
   * first, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
   * previous page's `next_cursor`).
   *
   * `GET /rpc/organization_join_requests_list`, authorization: organization
   */
  organization_join_requests_list: {
    method: "GET";
    input: PageIn;
    output: JoinRequestsPage;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "InvalidCursorError";
  };
  /**
   * Leave the current organization (not as its last owner).
   *
   * `POST /rpc/organization_leave`, authorization: organization
   */
  organization_leave: {
    method: "POST";
    input: null;
    output: null;
    errors: ProductCommonErrorName | "LastOwnerError";
  };
  /**
   * Remove a member (`members:manage`; only owners remove owners). Their sessions lose
   * this organization at once; the membership row stays, marked removed.
   *
   * `POST /rpc/organization_member_remove`, authorization: organization
   */
  organization_member_remove: {
    method: "POST";
    input: MemberRemoveIn;
    output: null;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "LastOwnerError" | "MemberNotFoundError";
  };
  /**
   * Give a member another role, built-in or custom (`roles:manage`; only owners make
   * or unmake owners; the last owner stays owner).
   *
   * `POST /rpc/organization_member_update_role`, authorization: organization
   */
  organization_member_update_role: {
    method: "POST";
    input: MemberRoleIn;
    output: null;
    errors: ProductCommonErrorName | "CustomRoleNeedsMemberError" | "InsufficientRoleError" | "LastOwnerError" | "MemberNotFoundError" | "RoleNotFoundError";
  };
  /**
   * The active members of the current organization, in the order they joined, one
   * page at a time (`limit`, 50 by default, at most 200; `cursor`: the previous page's
   * `next_cursor`).
   *
   * `GET /rpc/organization_members_list`, authorization: organization
   */
  organization_members_list: {
    method: "GET";
    input: PageIn;
    output: MembersPage;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "InvalidCursorError";
  };
  /**
   * Require (or stop requiring) a second factor of every member (`security:manage`:
   * owners, with a second factor of their own). The answer counts the members who have
   * none yet: call with the current setting first to see the count before switching it
   * on.
   *
   * `POST /rpc/organization_security_set`, authorization: organization
   */
  organization_security_set: {
    method: "POST";
    input: OrganizationSecurityIn;
    output: OrganizationSecurityOut;
    errors: ProductCommonErrorName | "InsufficientRoleError";
  };
  /**
   * Select another organization the caller is an active member of for this session.
   *
   * `POST /rpc/organization_switch`, authorization: user
   */
  organization_switch: {
    method: "POST";
    input: OrganizationSwitchIn;
    output: SignedIn;
    errors: ProductCommonErrorName | "OrganizationNotFoundError";
  };
  /**
   * Rename the current organization (owners and admins).
   *
   * `POST /rpc/organization_update`, authorization: organization
   */
  organization_update: {
    method: "POST";
    input: OrganizationUpdateIn;
    output: OrganizationOut;
    errors: ProductCommonErrorName | "InsufficientRoleError";
  };
  /**
   * Delete one of the caller's passkeys. Needs a recent proof of who the caller is:
   * this session signed in, or passed `session_reauthenticate` (password, authenticator
   * code or another passkey), within the last 10 minutes; else
   * `ReauthenticationRequiredError`. Deleting the last second factor turns two-factor
   * authentication off.
   *
   * `POST /rpc/passkey_delete`, authorization: user
   */
  passkey_delete: {
    method: "POST";
    input: PasskeyDeleteIn;
    output: null;
    errors: ProductCommonErrorName | "PasskeyNotFoundError" | "ReauthenticationRequiredError";
  };
  /**
   * Options to sign with a passkey (`navigator.credentials.get`): the browser offers the
   * user their passkeys for this site. The answer goes to `passkey_login_verify`
   * (passwordless sign-in), `login_mfa {challenge, passkey}` (the second factor) or
   * `session_reauthenticate {passkey}`. Rate-limited per client.
   *
   * `POST /rpc/passkey_login_options`, authorization: public
   */
  passkey_login_options: {
    method: "POST";
    input: null;
    output: PasskeyOptionsOut;
    errors: ProductCommonErrorName | "TooManyAttemptsError";
  };
  /**
   * Sign in with a passkey instead of a password: the browser's answer to
   * `passkey_login_options` (its challenge works once, for 5 minutes), made for this site
   * with user verification (a PIN or biometric: no second factor is asked) and by a
   * registered passkey whose signature counter grew. Wrong answers count toward the
   * login lockout and rate limits of the passkey's user like wrong passwords
   * (`InvalidCredentialsError`, `TooManyAttemptsError`).
   *
   * `POST /rpc/passkey_login_verify`, authorization: public
   */
  passkey_login_verify: {
    method: "POST";
    input: PasskeyLoginVerifyIn;
    output: SignedIn;
    errors: ProductCommonErrorName | "AuthOrganizationNotFoundError" | "InvalidCredentialsError" | "MFARequiredError" | "SSORequiredError" | "TooManyAttemptsError";
  };
  /**
   * Options to create a new passkey for the caller (`navigator.credentials.create`);
   * finish with `passkey_register_verify`. The caller's passkeys are excluded, so an
   * authenticator holding one already says so.
   *
   * `POST /rpc/passkey_register_options`, authorization: user
   */
  passkey_register_options: {
    method: "POST";
    input: null;
    output: PasskeyOptionsOut;
    errors: ProductCommonErrorName;
  };
  /**
   * Keep the passkey the browser created from `passkey_register_options`: it must
   * answer that challenge (once, within 5 minutes), for this site, with user
   * verification. It can then sign in (`passkey_login_verify`) and pass as the second
   * factor.
   *
   * `POST /rpc/passkey_register_verify`, authorization: user
   */
  passkey_register_verify: {
    method: "POST";
    input: PasskeyRegisterVerifyIn;
    output: PasskeyOut;
    errors: ProductCommonErrorName | "PasskeyAlreadyRegisteredError" | "PasskeyInvalidError";
  };
  /**
   * Rename one of the caller's passkeys.
   *
   * `POST /rpc/passkey_rename`, authorization: user
   */
  passkey_rename: {
    method: "POST";
    input: PasskeyRenameIn;
    output: PasskeyOut;
    errors: ProductCommonErrorName | "PasskeyNotFoundError";
  };
  /**
   * Set one of the caller's passkeys as a second factor, or unset it. Needs a recent
   * proof of who the caller is, like `passkey_delete`. Setting the caller's first second
   * factor turns two-factor authentication on and answers ten recovery codes; unsetting
   * the last one turns it off (the recovery codes go).
   *
   * `POST /rpc/passkey_second_factor_set`, authorization: user
   */
  passkey_second_factor_set: {
    method: "POST";
    input: PasskeySecondFactorSetIn;
    output: PasskeySecondFactorSetOut;
    errors: ProductCommonErrorName | "PasskeyNotFoundError" | "ReauthenticationRequiredError";
  };
  /**
   * The caller's passkeys, oldest first, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
   * previous page's `next_cursor`).
   *
   * `GET /rpc/passkeys_list`, authorization: user
   */
  passkeys_list: {
    method: "GET";
    input: PageIn;
    output: PasskeysPage;
    errors: ProductCommonErrorName | "InvalidCursorError";
  };
  /**
   * Set a new password with the emailed code: every session of the user ends, their
   * other reset codes stop working, their login lockout lifts, and this request is signed
   * in; with two-factor authentication on, the password is set but the answer is
   * `MFARequiredError {challenge}` (finish with `login_mfa`). The code is checked before
   * the new password; rate-limited per client.
   *
   * `POST /rpc/password_reset_complete`, authorization: public
   */
  password_reset_complete: {
    method: "POST";
    input: PasswordResetCompleteIn;
    output: SignedIn;
    errors: ProductCommonErrorName | "MFARequiredError" | "ResetCodeInvalidError" | "SSORequiredError" | "TooManyAttemptsError" | "WeakPasswordError";
  };
  /**
   * Email a single-use reset code (valid 1 hour) if the address belongs to an account.
   * Always answers `{ok: true}` the same way, so it tells nobody whether an account
   * exists. A newer request leaves older codes working (someone else asking cannot cancel
   * yours); once 5 codes are open, no more are sent until one is used or expires. Using
   * one ends the others. Rate-limited per client and per client+address.
   *
   * Captcha: when the deployment turns bot protection on, every call needs
   * `captcha_token`; without a valid one it answers `CaptchaRequiredError {provider,
   * site_key}` (show that widget, then call again with its token).
   *
   * `POST /rpc/password_reset_request`, authorization: public
   */
  password_reset_request: {
    method: "POST";
    input: PasswordResetRequestIn;
    output: null;
    errors: ProductCommonErrorName | "CaptchaRequiredError" | "TooManyAttemptsError";
  };
  /**
   * Every permission a route may need and a custom role may grant, with what it allows
   * (`init.organization.permissions`: the caller's). Not paginated: the catalogue is the
   * code's fixed `PERMISSIONS`, the same few dozen entries for everyone.
   *
   * `GET /rpc/permissions_list`, authorization: public
   */
  permissions_list: {
    method: "GET";
    input: null;
    output: PermissionOut[];
    errors: ProductCommonErrorName;
  };
  /**
   * Create a custom role: a name and the permissions it grants (`roles:manage`).
   *
   * `POST /rpc/role_create`, authorization: organization
   */
  role_create: {
    method: "POST";
    input: RoleIn;
    output: RoleOut;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "RoleNameTakenError" | "UnknownPermissionError";
  };
  /**
   * Delete a custom role no active member holds (`roles:manage`).
   *
   * `POST /rpc/role_delete`, authorization: organization
   */
  role_delete: {
    method: "POST";
    input: RoleDeleteIn;
    output: null;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "RoleInUseError" | "RoleNotFoundError";
  };
  /**
   * Rename a custom role and set its permissions (`roles:manage`); its members hold the
   * new ones from their next call.
   *
   * `POST /rpc/role_update`, authorization: organization
   */
  role_update: {
    method: "POST";
    input: RoleUpdateIn;
    output: RoleOut;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "RoleNameTakenError" | "RoleNotFoundError" | "UnknownPermissionError";
  };
  /**
   * The current organization's custom roles, oldest first, one page at a time (the
   * built-in owner, admin and member are not listed: `permissions_list` and `init`
   * describe them).
   *
   * `GET /rpc/roles_list`, authorization: organization
   */
  roles_list: {
    method: "GET";
    input: PageIn;
    output: RolesPage;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "InvalidCursorError";
  };
  /**
   * Create a SCIM token for the current organization's identity provider and answer it
   * once (`scim:manage`). It provisions members at `/scim/v2/` while you hold
   * `scim:manage`, until revoked.
   *
   * `POST /rpc/scim_token_create`, authorization: organization
   */
  scim_token_create: {
    method: "POST";
    input: ScimTokenCreateIn;
    output: ScimTokenCreateOut;
    errors: ProductCommonErrorName | "InsufficientRoleError";
  };
  /**
   * Revoke a SCIM token at once (`scim:manage`): its next request is refused.
   *
   * `POST /rpc/scim_token_revoke`, authorization: organization
   */
  scim_token_revoke: {
    method: "POST";
    input: ScimTokenRevokeIn;
    output: RevokedEnum;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "ScimTokenNotFoundError";
  };
  /**
   * The organization's SCIM tokens, newest first: names and last use (never secrets),
   * one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
   * previous page's `next_cursor`).
   *
   * `GET /rpc/scim_tokens_list`, authorization: organization
   */
  scim_tokens_list: {
    method: "GET";
    input: PageIn;
    output: ScimTokensPage;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "InvalidCursorError";
  };
  /**
   * Prove who the caller is again, for changes that need a recent proof
   * (`passkey_delete`): for 10 minutes this session counts as freshly signed in. With the
   * password (`InvalidCredentialsError`), a code from the authenticator app
   * (`MFACodeInvalidError`) or a passkey (`PasskeyInvalidError`); wrong ones count toward
   * the same lockouts as at sign-in.
   *
   * `POST /rpc/session_reauthenticate`, authorization: user
   */
  session_reauthenticate: {
    method: "POST";
    input: SessionReauthenticateIn;
    output: null;
    errors: ProductCommonErrorName | "InvalidCredentialsError" | "MFACodeInvalidError" | "PasskeyInvalidError" | "TooManyAttemptsError";
  };
  /**
   * End one of the caller's sessions (this one too: then the cookie is cleared).
   *
   * `POST /rpc/session_revoke`, authorization: user
   */
  session_revoke: {
    method: "POST";
    input: SessionRevokeIn;
    output: null;
    errors: ProductCommonErrorName | "SessionNotFoundError";
  };
  /**
   * The caller's live sessions, newest first, each with the device and browser it was
   * signed in from (parsed from its user agent), its address, how it was signed in and
   * when it was last used; `current` marks this one. End others with `session_revoke`
   * or `sessions_revoke_others`. One page at a time (`limit`, 50 by default, at most 200; `cursor`: the
   * previous page's `next_cursor`).
   *
   * `GET /rpc/sessions_list`, authorization: user
   */
  sessions_list: {
    method: "GET";
    input: PageIn;
    output: SessionsPage;
    errors: ProductCommonErrorName | "InvalidCursorError";
  };
  /**
   * End every session of the caller but this one (signed in elsewhere, a lost device).
   *
   * `POST /rpc/sessions_revoke_others`, authorization: user
   */
  sessions_revoke_others: {
    method: "POST";
    input: null;
    output: SessionsRevokeOthersOut;
    errors: ProductCommonErrorName;
  };
  /**
   * Create a user with their first organization (as owner) and sign them in; a
   * verification code is emailed (`email_verify`). Rate-limited per client and email.
   *
   * Where the deployment hides who has an account (SIGNUP_ENUMERATION_SAFE), signup
   * answers the same signed-out `init` whether or not the address is taken, and signs
   * nobody in (so its `user` may be null, unlike `login`'s `SignedIn`): the email says
   * what happened (a verification code for a new account, or a notice that the address
   * has an account already), and the user signs in with `login` after verifying.
   * Otherwise a taken address answers `EmailAlreadyExistsError`.
   *
   * The password must be at least 10 characters, not the email, and (where the deployment
   * checks) not known from a data breach: `WeakPasswordError {reason}`.
   *
   * Captcha: when the deployment turns bot protection on, every call needs
   * `captcha_token`; without a valid one it answers `CaptchaRequiredError {provider,
   * site_key}` (show that widget, then call again with its token).
   *
   * `POST /rpc/signup`, authorization: public
   */
  signup: {
    method: "POST";
    input: SignupIn;
    output: InitOut;
    errors: ProductCommonErrorName | "CaptchaRequiredError" | "EmailAlreadyExistsError" | "SSORequiredError" | "TooManyAttemptsError" | "WeakPasswordError";
  };
  /**
   * Finish single sign-on with the callback page's `state` and `code`, in the browser
   * that started it. The identity provider's address must be at a verified domain of its
   * organization (`SSOFailedError` otherwise). The user with that address is signed in
   * (and joins the organization with the connection's default role if not a member);
   * a new address creates the user (verified, no password) as a member. With two-factor
   * authentication on, the answer is `MFARequiredError` (finish with `login_mfa`).
   * Rate-limited per client.
   *
   * `POST /rpc/sso_complete`, authorization: public
   */
  sso_complete: {
    method: "POST";
    input: SSOCompleteIn;
    output: SSOCompleteOut;
    errors: ProductCommonErrorName | "ExternalServiceFailedError" | "InvalidCredentialsError" | "MFARequiredError" | "SSOFailedError" | "SSORequiredError" | "SSOStateInvalidError" | "TooManyAttemptsError";
  };
  /**
   * Remove the organization's single sign-on connection (its enforcement ends with
   * it; people who joined through it stay members). Written to the organization's
   * history; emits `sso.connection_changed`.
   *
   * `POST /rpc/sso_connection_delete`, authorization: organization
   */
  sso_connection_delete: {
    method: "POST";
    input: null;
    output: null;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "SSOConnectionNotFoundError";
  };
  /**
   * The organization's single sign-on connection (never its client secret), or null;
   * with the URLs to register at the identity provider.
   *
   * `GET /rpc/sso_connection_get`, authorization: organization
   */
  sso_connection_get: {
    method: "GET";
    input: null;
    output: SSOConnectionOut | null;
    errors: ProductCommonErrorName | "InsufficientRoleError";
  };
  /**
   * Create or replace the organization's single sign-on connection (`security:manage`:
   * owners). OIDC needs the issuer, client id and (first time, or for another issuer or
   * client) the client secret, which is stored sealed and never answered; SAML needs
   * the identity provider's metadata XML, pasted or fetched once from its URL
   * (`saml_idp_metadata_url`). Switching `enforce` on ends the sessions of people at the
   * organization's verified domains that did not start with single sign-on (an owner's
   * password session stays while `owners_break_glass` is on).
   * Written to the organization's history; emits `sso.connection_changed`.
   *
   * `POST /rpc/sso_connection_set`, authorization: organization
   */
  sso_connection_set: {
    method: "POST";
    input: SSOConnectionIn;
    output: SSOConnectionOut;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "SSOConnectionInvalidError";
  };
  /**
   * A dry run of the organization's connection (`security:manage`): sign in at the
   * identity provider in this browser; `sso_complete` then answers the claims it sent
   * (`test`) and signs nobody in.
   *
   * `POST /rpc/sso_connection_test`, authorization: organization
   */
  sso_connection_test: {
    method: "POST";
    input: null;
    output: SSOStartOut;
    errors: ProductCommonErrorName | "ExternalServiceFailedError" | "InsufficientRoleError" | "SSOConnectionInvalidError" | "SSOConnectionNotFoundError";
  };
  /**
   * Start signing in with single sign-on: the organization whose verified domain the
   * `email` is at (or `organization_id`) answers the URL of its identity provider
   * (OIDC: authorization code flow with PKCE, state and nonce; SAML: an AuthnRequest),
   * and a short cookie binds the sign-in to this browser. `SSONotConfiguredError` when
   * no connection applies (sign in another way). Rate-limited per client.
   *
   * `POST /rpc/sso_start`, authorization: public
   */
  sso_start: {
    method: "POST";
    input: SSOStartIn;
    output: SSOStartOut;
    errors: ProductCommonErrorName | "ExternalServiceFailedError" | "SSOConnectionInvalidError" | "SSONotConfiguredError";
  };
  /**
   * Delete your account (password required). Refused with `LastOwnerError` while you
   * are the only owner of an organization with other members. Otherwise your
   * organizations without other members are deleted with their data, you leave the
   * others, every session ends, and your personal data is erased (the address can sign
   * up again). A confirmation goes to your address.
   *
   * `POST /rpc/user_delete`, authorization: user
   */
  user_delete: {
    method: "POST";
    input: UserDeleteIn;
    output: null;
    errors: ProductCommonErrorName | "InvalidCredentialsError" | "LastOwnerError" | "TooManyAttemptsError";
  };
  /**
   * Switch to the new address with the code sent there (it is then verified); the old
   * address gets a notice, your other sessions end and codes sent to the old address stop
   * working. The address is checked again, under a lock every path that claims an address
   * takes, in case someone took it meanwhile.
   *
   * `POST /rpc/user_email_change_confirm`, authorization: user
   */
  user_email_change_confirm: {
    method: "POST";
    input: EmailChangeConfirmIn;
    output: null;
    errors: ProductCommonErrorName | "EmailAlreadyExistsError" | "EmailChangeCodeInvalidError";
  };
  /**
   * Ask to change your address (password required): a code goes to the new address,
   * and `user_email_change_confirm` switches. Rate-limited.
   *
   * `POST /rpc/user_email_change_request`, authorization: user
   */
  user_email_change_request: {
    method: "POST";
    input: EmailChangeRequestIn;
    output: null;
    errors: ProductCommonErrorName | "EmailAlreadyExistsError" | "InvalidCredentialsError" | "TooManyAttemptsError";
  };
  /**
   * Change the caller's password; every other session of theirs ends. Wrong current
   * passwords count toward a lockout of this user from this client
   * (`TooManyAttemptsError`).
   *
   * `POST /rpc/user_password_change`, authorization: user
   */
  user_password_change: {
    method: "POST";
    input: PasswordChangeIn;
    output: null;
    errors: ProductCommonErrorName | "InvalidCredentialsError" | "TooManyAttemptsError" | "WeakPasswordError";
  };
  /**
   * Change the caller's display name and/or the language of their emails (both left
   * out: nothing changes, and the answer says what they are).
   *
   * `POST /rpc/user_update`, authorization: user
   */
  user_update: {
    method: "POST";
    input: UserUpdateIn;
    output: UserUpdateOut;
    errors: ProductCommonErrorName;
  };
  /**
   * Store a secret for the current organization, encrypted (`vault:write`, with a
   * verified email address). Its value is never returned by any RPC.
   *
   * `POST /rpc/vault_secret_create`, authorization: organization
   */
  vault_secret_create: {
    method: "POST";
    input: VaultSecretCreateIn;
    output: VaultSecretOut;
    errors: ProductCommonErrorName | "EmailNotVerifiedError" | "InsufficientRoleError";
  };
  /**
   * Delete a secret of the current organization (`vault:write`).
   *
   * `POST /rpc/vault_secret_delete`, authorization: organization
   */
  vault_secret_delete: {
    method: "POST";
    input: VaultSecretDeleteIn;
    output: null;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "VaultSecretNotFoundError";
  };
  /**
   * The current organization's secrets (names only), oldest first, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
   * previous page's `next_cursor`).
   *
   * `GET /rpc/vault_secrets_list`, authorization: organization
   */
  vault_secrets_list: {
    method: "GET";
    input: PageIn;
    output: VaultSecretsPage;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "InvalidCursorError";
  };
  /**
   * The endpoint's deliveries, newest first, optionally only of one status (owners and
   * admins), each with its last attempt, one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
   * previous page's `next_cursor`).
   *
   * `POST /rpc/webhook_deliveries_list`, authorization: organization
   */
  webhook_deliveries_list: {
    method: "POST";
    input: WebhookDeliveriesListIn;
    output: WebhookDeliveriesPage;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "InvalidCursorError";
  };
  /**
   * Deliver a delivered or failed delivery again, now (owners and admins); it keeps its
   * `webhook-id`, so receivers can tell a repeat.
   *
   * `POST /rpc/webhook_delivery_retry`, authorization: organization
   */
  webhook_delivery_retry: {
    method: "POST";
    input: WebhookDeliveryIn;
    output: null;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "WebhookDeliveryNotFoundError";
  };
  /**
   * Add a webhook endpoint (owners and admins): the events of the current organization
   * of the given types are POSTed to `url`, signed (Standard Webhooks). The signing secret
   * is in this answer only; events emitted from now on are delivered.
   *
   * `POST /rpc/webhook_endpoint_create`, authorization: organization
   */
  webhook_endpoint_create: {
    method: "POST";
    input: WebhookEndpointCreateIn;
    output: WebhookEndpointSecretOut;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "WebhookUrlRefusedError";
  };
  /**
   * Delete an endpoint with its deliveries (owners and admins).
   *
   * `POST /rpc/webhook_endpoint_delete`, authorization: organization
   */
  webhook_endpoint_delete: {
    method: "POST";
    input: WebhookEndpointIn;
    output: null;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "WebhookEndpointNotFoundError";
  };
  /**
   * A new signing secret for the endpoint (owners and admins), in this answer only. For
   * 24 hours deliveries carry two signatures, with the new and the old secret, so the
   * receiver can switch without losing any.
   *
   * `POST /rpc/webhook_endpoint_rotate_secret`, authorization: organization
   */
  webhook_endpoint_rotate_secret: {
    method: "POST";
    input: WebhookEndpointIn;
    output: WebhookEndpointSecretOut;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "WebhookEndpointNotFoundError";
  };
  /**
   * Change an endpoint (owners and admins): what is given changes, the rest stays.
   * Enabling a disabled endpoint resumes its waiting deliveries.
   *
   * `POST /rpc/webhook_endpoint_update`, authorization: organization
   */
  webhook_endpoint_update: {
    method: "POST";
    input: WebhookEndpointUpdateIn;
    output: WebhookEndpointOut;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "WebhookEndpointNotFoundError" | "WebhookUrlRefusedError";
  };
  /**
   * The current organization's webhook endpoints, oldest first (owners and admins;
   * secrets are never listed), one page at a time (`limit`, 50 by default, at most 200; `cursor`: the
   * previous page's `next_cursor`).
   *
   * `GET /rpc/webhook_endpoints_list`, authorization: organization
   */
  webhook_endpoints_list: {
    method: "GET";
    input: PageIn;
    output: WebhookEndpointsPage;
    errors: ProductCommonErrorName | "InsufficientRoleError" | "InvalidCursorError";
  };
}

/** The `data` of each webhook event product sends, by event type (every one also carries
 * `organization_id`). */
export interface ProductWebhookData {
  "api_key.created": ApiKeyCreated & { organization_id: string };
  "invite.accepted": InviteAccepted & { organization_id: string };
  "invite.created": InviteCreated & { organization_id: string };
  "member.added": MemberAdded & { organization_id: string };
  "member.removed": MemberRemoved & { organization_id: string };
  "member.role_changed": MemberRoleChanged & { organization_id: string };
  "organization.updated": OrganizationUpdated & { organization_id: string };
  "sso.connection_changed": SsoConnectionChanged & { organization_id: string };
  "user.deleted": UserDeleted & { organization_id: string };
}

/** A webhook's JSON body (verify its signature first: see the package README); checking
 * `type` narrows `data`. */
export type ProductWebhookEvent = {
  [T in keyof ProductWebhookData]: {
    type: T;
    timestamp: ISODateTime;
    data: ProductWebhookData[T];
  };
}[keyof ProductWebhookData];

export type ProductRPCName = keyof ProductRPCs;

export type ProductClient = Client<ProductRPCs, ProductErrorData>;

const COMMON_ERRORS: readonly ProductCommonErrorName[] = ["ApiKeyNotAllowedError", "ApiKeyRateLimitedError", "ApiKeyScopeError", "DatabaseReadOnlyError", "ImpersonationReadOnlyError", "InputValidationError", "MethodNotAllowedError", "MfaRequiredError", "NoOrganizationSelectedError", "RPCNotFoundError", "RPCTimeoutError", "RequestTimeoutError", "RequestTooLargeError", "ServerJSONDeserializeError", "ServiceUnavailableError", "UnauthorizedError", "UnknownError", "UnsupportedMediaTypeError"];

const RPC_TABLE = {
  account_export_request: { method: "POST", output: true, errors: ["EmailNotVerifiedError", "ExportPendingError"] },
  api_key_create: { method: "POST", output: true, errors: ["ApiKeyScopeUnknownError", "InsufficientRoleError"] },
  api_key_revoke: { method: "POST", output: true, errors: ["ApiKeyNotFoundError", "InsufficientRoleError"] },
  api_keys_list: { method: "GET", output: true, errors: ["InsufficientRoleError", "InvalidCursorError"] },
  email_verification_resend: { method: "POST", output: false, errors: ["EmailAlreadyVerifiedError", "TooManyAttemptsError"] },
  email_verify: { method: "POST", output: false, errors: ["VerificationCodeInvalidError"] },
  export_download: { method: "POST", output: true, errors: ["ExportExpiredError", "ExportNotFoundError", "ExportNotReadyError"] },
  exports_list: { method: "GET", output: true, errors: ["InvalidCursorError"] },
  identities_list: { method: "GET", output: true, errors: ["InvalidCursorError"] },
  identity_unlink: { method: "POST", output: false, errors: ["IdentityNotFoundError", "LastSignInMethodError"] },
  impersonation_accept: { method: "POST", output: true, errors: ["ImpersonationTokenInvalidError", "TooManyAttemptsError"] },
  impersonation_end: { method: "POST", output: false, errors: ["NotImpersonatingError"] },
  init: { method: "GET", output: true, errors: [] },
  invite_accept: { method: "POST", output: true, errors: ["InvalidCredentialsError", "InviteExpiredError", "InviteNotFoundError", "InviteSignInRequiredError", "SSORequiredError", "TooManyAttemptsError", "WeakPasswordError"] },
  invite_create: { method: "POST", output: true, errors: ["AlreadyMemberError", "EmailNotVerifiedError", "InsufficientRoleError", "TooManyAttemptsError"] },
  invite_revoke: { method: "POST", output: false, errors: ["InsufficientRoleError", "InviteNotFoundError"] },
  invites_list: { method: "GET", output: true, errors: ["InsufficientRoleError", "InvalidCursorError"] },
  login: { method: "POST", output: true, errors: ["AuthOrganizationNotFoundError", "CaptchaRequiredError", "InvalidCredentialsError", "MFARequiredError", "SSORequiredError", "TooManyAttemptsError"] },
  login_code_request: { method: "POST", output: false, errors: ["CaptchaRequiredError", "TooManyAttemptsError"] },
  login_code_verify: { method: "POST", output: true, errors: ["InvalidCredentialsError", "LoginCodeInvalidError", "MFARequiredError", "SSORequiredError", "TooManyAttemptsError"] },
  login_mfa: { method: "POST", output: true, errors: ["AuthOrganizationNotFoundError", "InvalidCredentialsError", "MFAChallengeInvalidError", "MFACodeInvalidError", "PasskeyInvalidError", "SSORequiredError", "TooManyAttemptsError"] },
  logout: { method: "POST", output: false, errors: [] },
  mfa_disable: { method: "POST", output: false, errors: ["InvalidCredentialsError", "MFACodeInvalidError", "MFANotEnabledError", "PasskeyInvalidError", "TooManyAttemptsError"] },
  mfa_recovery_codes_regenerate: { method: "POST", output: true, errors: ["MFACodeInvalidError", "MFANotEnabledError", "PasskeyInvalidError", "TooManyAttemptsError"] },
  mfa_status: { method: "GET", output: true, errors: [] },
  mfa_totp_confirm: { method: "POST", output: true, errors: ["MFAAlreadyEnabledError", "MFACodeInvalidError", "MFANotEnrolledError", "TooManyAttemptsError"] },
  mfa_totp_enroll: { method: "POST", output: true, errors: ["MFAAlreadyEnabledError"] },
  oauth_complete: { method: "POST", output: true, errors: ["ExternalServiceFailedError", "InvalidCredentialsError", "MFARequiredError", "OAuthEmailUnverifiedError", "OAuthFailedError", "OAuthIdentityTakenError", "OAuthLinkRequiredError", "OAuthSignInRequiredError", "OAuthStateInvalidError", "SSORequiredError", "TooManyAttemptsError"] },
  oauth_providers: { method: "GET", output: true, errors: [] },
  oauth_start: { method: "POST", output: true, errors: ["ExternalServiceFailedError", "OAuthProviderNotFoundError", "OAuthSignInRequiredError"] },
  organization_audit_log: { method: "GET", output: true, errors: ["AuditCursorInvalidError", "InsufficientRoleError"] },
  organization_audit_log_export: { method: "POST", output: true, stream: true, errors: ["InsufficientRoleError"] },
  organization_create: { method: "POST", output: true, errors: [] },
  organization_domain_add: { method: "POST", output: true, errors: ["DomainInvalidError", "DomainPublicProviderError", "InsufficientRoleError"] },
  organization_domain_remove: { method: "POST", output: false, errors: ["DomainNotFoundError", "InsufficientRoleError"] },
  organization_domain_set_enrollment: { method: "POST", output: true, errors: ["DomainNotFoundError", "InsufficientRoleError"] },
  organization_domain_verify: { method: "POST", output: true, errors: ["DomainInvalidError", "DomainNotFoundError", "DomainPublicProviderError", "DomainRecordNotFoundError", "DomainTakenError", "InsufficientRoleError"] },
  organization_domains_list: { method: "GET", output: true, errors: ["InsufficientRoleError", "InvalidCursorError"] },
  organization_export_request: { method: "POST", output: true, errors: ["EmailNotVerifiedError", "ExportPendingError", "InsufficientRoleError"] },
  organization_join_request: { method: "POST", output: true, errors: ["OrganizationNotFoundError"] },
  organization_join_request_decide: { method: "POST", output: false, errors: ["InsufficientRoleError", "JoinRequestNotFoundError"] },
  organization_join_requests_list: { method: "GET", output: true, errors: ["InsufficientRoleError", "InvalidCursorError"] },
  organization_leave: { method: "POST", output: false, errors: ["LastOwnerError"] },
  organization_member_remove: { method: "POST", output: false, errors: ["InsufficientRoleError", "LastOwnerError", "MemberNotFoundError"] },
  organization_member_update_role: { method: "POST", output: false, errors: ["CustomRoleNeedsMemberError", "InsufficientRoleError", "LastOwnerError", "MemberNotFoundError", "RoleNotFoundError"] },
  organization_members_list: { method: "GET", output: true, errors: ["InsufficientRoleError", "InvalidCursorError"] },
  organization_security_set: { method: "POST", output: true, errors: ["InsufficientRoleError"] },
  organization_switch: { method: "POST", output: true, errors: ["OrganizationNotFoundError"] },
  organization_update: { method: "POST", output: true, errors: ["InsufficientRoleError"] },
  passkey_delete: { method: "POST", output: false, errors: ["PasskeyNotFoundError", "ReauthenticationRequiredError"] },
  passkey_login_options: { method: "POST", output: true, errors: ["TooManyAttemptsError"] },
  passkey_login_verify: { method: "POST", output: true, errors: ["AuthOrganizationNotFoundError", "InvalidCredentialsError", "MFARequiredError", "SSORequiredError", "TooManyAttemptsError"] },
  passkey_register_options: { method: "POST", output: true, errors: [] },
  passkey_register_verify: { method: "POST", output: true, errors: ["PasskeyAlreadyRegisteredError", "PasskeyInvalidError"] },
  passkey_rename: { method: "POST", output: true, errors: ["PasskeyNotFoundError"] },
  passkey_second_factor_set: { method: "POST", output: true, errors: ["PasskeyNotFoundError", "ReauthenticationRequiredError"] },
  passkeys_list: { method: "GET", output: true, errors: ["InvalidCursorError"] },
  password_reset_complete: { method: "POST", output: true, errors: ["MFARequiredError", "ResetCodeInvalidError", "SSORequiredError", "TooManyAttemptsError", "WeakPasswordError"] },
  password_reset_request: { method: "POST", output: false, errors: ["CaptchaRequiredError", "TooManyAttemptsError"] },
  permissions_list: { method: "GET", output: true, errors: [] },
  role_create: { method: "POST", output: true, errors: ["InsufficientRoleError", "RoleNameTakenError", "UnknownPermissionError"] },
  role_delete: { method: "POST", output: false, errors: ["InsufficientRoleError", "RoleInUseError", "RoleNotFoundError"] },
  role_update: { method: "POST", output: true, errors: ["InsufficientRoleError", "RoleNameTakenError", "RoleNotFoundError", "UnknownPermissionError"] },
  roles_list: { method: "GET", output: true, errors: ["InsufficientRoleError", "InvalidCursorError"] },
  scim_token_create: { method: "POST", output: true, errors: ["InsufficientRoleError"] },
  scim_token_revoke: { method: "POST", output: true, errors: ["InsufficientRoleError", "ScimTokenNotFoundError"] },
  scim_tokens_list: { method: "GET", output: true, errors: ["InsufficientRoleError", "InvalidCursorError"] },
  session_reauthenticate: { method: "POST", output: false, errors: ["InvalidCredentialsError", "MFACodeInvalidError", "PasskeyInvalidError", "TooManyAttemptsError"] },
  session_revoke: { method: "POST", output: false, errors: ["SessionNotFoundError"] },
  sessions_list: { method: "GET", output: true, errors: ["InvalidCursorError"] },
  sessions_revoke_others: { method: "POST", output: true, errors: [] },
  signup: { method: "POST", output: true, errors: ["CaptchaRequiredError", "EmailAlreadyExistsError", "SSORequiredError", "TooManyAttemptsError", "WeakPasswordError"] },
  sso_complete: { method: "POST", output: true, errors: ["ExternalServiceFailedError", "InvalidCredentialsError", "MFARequiredError", "SSOFailedError", "SSORequiredError", "SSOStateInvalidError", "TooManyAttemptsError"] },
  sso_connection_delete: { method: "POST", output: false, errors: ["InsufficientRoleError", "SSOConnectionNotFoundError"] },
  sso_connection_get: { method: "GET", output: true, errors: ["InsufficientRoleError"] },
  sso_connection_set: { method: "POST", output: true, errors: ["InsufficientRoleError", "SSOConnectionInvalidError"] },
  sso_connection_test: { method: "POST", output: true, errors: ["ExternalServiceFailedError", "InsufficientRoleError", "SSOConnectionInvalidError", "SSOConnectionNotFoundError"] },
  sso_start: { method: "POST", output: true, errors: ["ExternalServiceFailedError", "SSOConnectionInvalidError", "SSONotConfiguredError"] },
  user_delete: { method: "POST", output: false, errors: ["InvalidCredentialsError", "LastOwnerError", "TooManyAttemptsError"] },
  user_email_change_confirm: { method: "POST", output: false, errors: ["EmailAlreadyExistsError", "EmailChangeCodeInvalidError"] },
  user_email_change_request: { method: "POST", output: false, errors: ["EmailAlreadyExistsError", "InvalidCredentialsError", "TooManyAttemptsError"] },
  user_password_change: { method: "POST", output: false, errors: ["InvalidCredentialsError", "TooManyAttemptsError", "WeakPasswordError"] },
  user_update: { method: "POST", output: true, errors: [] },
  vault_secret_create: { method: "POST", output: true, errors: ["EmailNotVerifiedError", "InsufficientRoleError"] },
  vault_secret_delete: { method: "POST", output: false, errors: ["InsufficientRoleError", "VaultSecretNotFoundError"] },
  vault_secrets_list: { method: "GET", output: true, errors: ["InsufficientRoleError", "InvalidCursorError"] },
  webhook_deliveries_list: { method: "POST", output: true, errors: ["InsufficientRoleError", "InvalidCursorError"] },
  webhook_delivery_retry: { method: "POST", output: false, errors: ["InsufficientRoleError", "WebhookDeliveryNotFoundError"] },
  webhook_endpoint_create: { method: "POST", output: true, errors: ["InsufficientRoleError", "WebhookUrlRefusedError"] },
  webhook_endpoint_delete: { method: "POST", output: false, errors: ["InsufficientRoleError", "WebhookEndpointNotFoundError"] },
  webhook_endpoint_rotate_secret: { method: "POST", output: true, errors: ["InsufficientRoleError", "WebhookEndpointNotFoundError"] },
  webhook_endpoint_update: { method: "POST", output: true, errors: ["InsufficientRoleError", "WebhookEndpointNotFoundError", "WebhookUrlRefusedError"] },
  webhook_endpoints_list: { method: "GET", output: true, errors: ["InsufficientRoleError", "InvalidCursorError"] },
} satisfies Record<ProductRPCName, RPCRuntimeSpec>;

/** A client of the product app: `createClient({ baseUrl }).call(name, input)`. */
export function createClient(options: ClientOptions): ProductClient {
  return createRPCClient<ProductRPCs, ProductErrorData>(RPC_TABLE, COMMON_ERRORS, options);
}
