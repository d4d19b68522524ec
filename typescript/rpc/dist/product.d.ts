import type { Client, ClientOptions, ISODateTime } from "./client.js";
/** Someone with this email is already an active member. */
export interface AlreadyMemberErrorData {
    email: string;
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
/**
 * The external service behind this feature failed even after retries; try again
 * later.
 */
export interface ExternalServiceFailedErrorData {
    service: string;
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
/** The caller's role does not allow this. */
export interface InsufficientRoleErrorData {
    role: OrganizationRoleEnum;
}
/** Wrong email or password (also: unfinished signup, disabled user, not an admin). */
export type InvalidCredentialsErrorData = Record<string, never>;
export interface InviteAcceptIn {
    code: string;
    /** Only for a new account. */
    name?: string | null;
    /** Only for a new account: its password. */
    password?: string | null;
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
}
export interface MemberRemoveIn {
    user_id: string;
}
export interface MemberRoleIn {
    user_id: string;
    role: OrganizationRoleEnum;
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
    /** A code from the authenticator app, or one of the recovery codes. */
    code: string;
}
export interface MfaStatusOut {
    enabled: boolean;
    /** Unused recovery codes (0 while MFA is off). */
    recovery_codes_left: number;
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
export interface OrganizationSwitchIn {
    organization_id: string;
}
export interface OrganizationUpdateIn {
    name: string;
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
export interface SessionsRevokeOthersOut {
    /** How many sessions ended. */
    revoked: number;
}
export type SignInMethodEnum = "impersonation" | "invite" | "login_code" | "oauth" | "passkey" | "password" | "password_reset" | "signup";
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
/** A POST body must be `Content-Type: application/json`. */
export interface UnsupportedMediaTypeErrorData {
    expected: string;
}
export interface UserDeleteIn {
    password: string;
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
/** The verification code is unknown, used, superseded by a newer one, or expired. */
export type VerificationCodeInvalidErrorData = Record<string, never>;
/** The password is too easy to guess; `reason` says why. */
export interface WeakPasswordErrorData {
    reason: string;
}
/** The data of every error a product RPC may answer, by error name. */
export interface ProductErrorData {
    /** Someone with this email is already an active member. */
    AlreadyMemberError: AlreadyMemberErrorData;
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
    /** The caller's role does not allow this. */
    InsufficientRoleError: InsufficientRoleErrorData;
    /** Wrong email or password (also: unfinished signup, disabled user, not an admin). */
    InvalidCredentialsError: InvalidCredentialsErrorData;
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
    /** A POST body must be `Content-Type: application/json`. */
    UnsupportedMediaTypeError: UnsupportedMediaTypeErrorData;
    /** The current organization has no secret with this id. */
    VaultSecretNotFoundError: VaultSecretNotFoundErrorData;
    /** The verification code is unknown, used, superseded by a newer one, or expired. */
    VerificationCodeInvalidError: VerificationCodeInvalidErrorData;
    /** The password is too easy to guess; `reason` says why. */
    WeakPasswordError: WeakPasswordErrorData;
}
/** Errors every product RPC may answer (standard and app-wide ones). */
export type ProductCommonErrorName = "DatabaseReadOnlyError" | "ImpersonationReadOnlyError" | "InputValidationError" | "MethodNotAllowedError" | "NoOrganizationSelectedError" | "RPCNotFoundError" | "RPCTimeoutError" | "RequestTimeoutError" | "RequestTooLargeError" | "ServerJSONDeserializeError" | "ServiceUnavailableError" | "UnauthorizedError" | "UnknownError" | "UnsupportedMediaTypeError";
/** Every product RPC: HTTP method, input, output and the errors it may answer. */
export interface ProductRPCs {
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
     * The provider accounts linked to the caller (oldest first): each signs them in.
     *
     * `GET /rpc/identities_list`, authorization: user
     */
    identities_list: {
        method: "GET";
        input: null;
        output: IdentityOut[];
        errors: ProductCommonErrorName;
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
        errors: ProductCommonErrorName | "InvalidCredentialsError" | "InviteExpiredError" | "InviteNotFoundError" | "InviteSignInRequiredError" | "TooManyAttemptsError" | "WeakPasswordError";
    };
    /**
     * Invite an email into the current organization (owners and admins; only owners
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
     * Withdraw a pending invite of the current organization (owners and admins).
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
     * The current organization's pending invites, oldest first.
     *
     * `GET /rpc/invites_list`, authorization: organization
     */
    invites_list: {
        method: "GET";
        input: null;
        output: InviteOut[];
        errors: ProductCommonErrorName;
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
        errors: ProductCommonErrorName | "AuthOrganizationNotFoundError" | "CaptchaRequiredError" | "InvalidCredentialsError" | "MFARequiredError" | "TooManyAttemptsError";
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
        errors: ProductCommonErrorName | "InvalidCredentialsError" | "LoginCodeInvalidError" | "MFARequiredError" | "TooManyAttemptsError";
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
        errors: ProductCommonErrorName | "AuthOrganizationNotFoundError" | "InvalidCredentialsError" | "MFAChallengeInvalidError" | "MFACodeInvalidError" | "PasskeyInvalidError" | "TooManyAttemptsError";
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
     * authenticator app (or a recovery code, when the device is lost). The secret and the
     * recovery codes are deleted.
     *
     * `POST /rpc/mfa_disable`, authorization: user
     */
    mfa_disable: {
        method: "POST";
        input: MfaDisableIn;
        output: null;
        errors: ProductCommonErrorName | "InvalidCredentialsError" | "MFACodeInvalidError" | "MFANotEnabledError" | "TooManyAttemptsError";
    };
    /**
     * Ten new recovery codes for a code from the authenticator app; the old ones stop
     * working.
     *
     * `POST /rpc/mfa_recovery_codes_regenerate`, authorization: user
     */
    mfa_recovery_codes_regenerate: {
        method: "POST";
        input: MfaCodeIn;
        output: RecoveryCodesOut;
        errors: ProductCommonErrorName | "MFACodeInvalidError" | "MFANotEnabledError" | "TooManyAttemptsError";
    };
    /**
     * Whether the caller has two-factor authentication on, and how many recovery codes
     * are left.
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
        errors: ProductCommonErrorName | "ExternalServiceFailedError" | "InvalidCredentialsError" | "MFARequiredError" | "OAuthEmailUnverifiedError" | "OAuthFailedError" | "OAuthIdentityTakenError" | "OAuthLinkRequiredError" | "OAuthSignInRequiredError" | "OAuthStateInvalidError" | "TooManyAttemptsError";
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
     * The current organization's domains, verified or not, by name.
     *
     * `GET /rpc/organization_domains_list`, authorization: organization
     */
    organization_domains_list: {
        method: "GET";
        input: null;
        output: DomainOut[];
        errors: ProductCommonErrorName;
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
     * The open requests to join the current organization (owners and admins).
     *
     * `GET /rpc/organization_join_requests_list`, authorization: organization
     */
    organization_join_requests_list: {
        method: "GET";
        input: null;
        output: JoinRequestListed[];
        errors: ProductCommonErrorName | "InsufficientRoleError";
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
     * Remove a member (owners: anyone; admins: admins and members). Their sessions lose
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
     * Give a member another role (owners only; the last owner stays owner).
     *
     * `POST /rpc/organization_member_update_role`, authorization: organization
     */
    organization_member_update_role: {
        method: "POST";
        input: MemberRoleIn;
        output: null;
        errors: ProductCommonErrorName | "InsufficientRoleError" | "LastOwnerError" | "MemberNotFoundError";
    };
    /**
     * The active members of the current organization, in the order they joined.
     *
     * `GET /rpc/organization_members_list`, authorization: organization
     */
    organization_members_list: {
        method: "GET";
        input: null;
        output: MemberOut[];
        errors: ProductCommonErrorName;
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
     * `ReauthenticationRequiredError`.
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
        errors: ProductCommonErrorName | "AuthOrganizationNotFoundError" | "InvalidCredentialsError" | "MFARequiredError" | "TooManyAttemptsError";
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
     * The caller's passkeys, oldest first.
     *
     * `GET /rpc/passkeys_list`, authorization: user
     */
    passkeys_list: {
        method: "GET";
        input: null;
        output: PasskeyOut[];
        errors: ProductCommonErrorName;
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
        errors: ProductCommonErrorName | "MFARequiredError" | "ResetCodeInvalidError" | "TooManyAttemptsError" | "WeakPasswordError";
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
     * or `sessions_revoke_others`.
     *
     * `GET /rpc/sessions_list`, authorization: user
     */
    sessions_list: {
        method: "GET";
        input: null;
        output: SessionOut[];
        errors: ProductCommonErrorName;
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
        errors: ProductCommonErrorName | "CaptchaRequiredError" | "EmailAlreadyExistsError" | "TooManyAttemptsError" | "WeakPasswordError";
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
     * Store a secret for the current organization, encrypted (owners and admins with a
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
     * Delete a secret of the current organization (owners and admins).
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
     * The current organization's secrets (names only), oldest first.
     *
     * `GET /rpc/vault_secrets_list`, authorization: organization
     */
    vault_secrets_list: {
        method: "GET";
        input: null;
        output: VaultSecretOut[];
        errors: ProductCommonErrorName;
    };
}
export type ProductRPCName = keyof ProductRPCs;
export type ProductClient = Client<ProductRPCs, ProductErrorData>;
/** A client of the product app: `createClient({ baseUrl }).call(name, input)`. */
export declare function createClient(options: ClientOptions): ProductClient;
