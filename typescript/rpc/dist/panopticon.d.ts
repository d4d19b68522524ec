import type { Client, ClientOptions, ISODate, ISODateTime } from "./client.js";
/** The admin's role does not allow this (`required` is the role it needs). */
export interface AdminInsufficientRoleErrorData {
    role: AdminRoleEnum;
    required: AdminRoleEnum;
}
export type AdminRoleEnum = "superadmin" | "support";
export interface AnalyticsDay {
    day: ISODate;
    /** Users created that day. */
    signups: number;
    signups_completed: number;
    /** Organizations with at least one member active that day. */
    active_organizations: number;
    /** Organizations existing at the end of the day (0: the day is not materialized). */
    organizations: number;
    invites_sent: number;
    invites_accepted: number;
    invites_revoked: number;
    invites_expired: number;
    median_seconds_to_accept: number | null;
    /** Failed sign-ins that day, product and panopticon together. */
    failed_logins: number;
    /** Sign-in lockouts that started that day. */
    lockouts: number;
    sessions_started: number;
}
export interface AnalyticsOverviewIn {
    /** First UTC day (inclusive). */
    from_day: ISODate;
    /** Last UTC day (inclusive). */
    to_day: ISODate;
}
export interface AnalyticsOverviewOut {
    /** Every day of the range, oldest first (zeros where the pipeline wrote nothing). */
    days: AnalyticsDay[];
    funnel: InviteFunnel;
}
/** `from` must not be after `to`, and the range spans at most 366 days. */
export interface AnalyticsRangeErrorData {
    max_days: number;
}
export interface AuditEntry {
    id: string;
    at: ISODateTime;
    /** The acting admin's user id (null for the command line, or a deleted user). */
    admin_id: string | null;
    /** The admin's email at the time, or `os:<user>` for the `blossom admin` command. */
    actor: string;
    action: string;
    target_type: string;
    target: string;
    /** The target user's or organization's name (null for other targets, or once deleted). */
    target_name: string | null;
    /** The target user's email (null when the target is not a user). */
    target_email: string | null;
    reason: string;
    /** What changed: `{field: {before, after}}` and counts. */
    diff: Record<string, unknown>;
    request_id: string | null;
    client: string | null;
}
export interface AuditLogListIn {
    /**
     * Only this admin's entries (a user id). Support admins may only read their own:
     * they get them without asking, and `AdminInsufficientRoleError` for anyone else's.
     */
    admin_id?: string | null;
    /** Only entries about this id (a user, organization, invite...) or email. */
    target?: string | null;
    /** Only this action, e.g. `user.disable` (`actions` of the answer lists them). */
    action?: string | null;
    /** Only entries on or after this day (UTC). */
    from_day?: ISODate | null;
    /** Only entries on or before this day (UTC). */
    to_day?: ISODate | null;
    cursor?: string | null;
    limit?: number;
}
export interface AuditLogListOut {
    items: AuditEntry[];
    next_cursor: string | null;
    /** Every action the log holds, sorted (the choices of the `action` filter). */
    actions: string[];
}
/** One of the organization's custom roles (`role_create`). */
export interface CustomRole {
    role_id: string;
    name: string;
    permissions: string[];
    members: number;
}
/**
 * The database this server reached only reads right now (a read replica, or a
 * primary being failed over); nothing was changed. Retry after `retry_after_seconds`
 * (also sent as the `Retry-After` header).
 */
export interface DatabaseReadOnlyErrorData {
    retry_after_seconds: number;
}
/** The organization has no such domain. */
export interface DomainNotFoundErrorData {
    organization_id: string;
    domain: string;
}
/** A mutation's outcome: `changed` is false when there was nothing to change. */
export interface Done {
    changed: boolean;
    /** How many rows it touched, where that is meaningful (sessions ended, failures cleared). */
    count: number;
}
/**
 * The email carried a one-time code, erased when delivery was given up: it cannot be
 * sent again. The user asks for a new code (or support sends a password reset).
 */
export interface EmailCodeGoneErrorData {
    email_id: string;
}
/** An outbox row; the code an email carries is never shown. */
export interface EmailEntry {
    id: string;
    created_at: ISODateTime;
    user_id: string | null;
    kind: string;
    to: string;
    subject: string;
    status: EmailStatusEnum;
    attempts: number;
    /** When a pending email is tried next. */
    next_attempt_at: ISODateTime;
    last_error: string | null;
    sent_at: ISODateTime | null;
}
/**
 * Only a failed email is resent (a pending one is still being tried, a sent one
 * arrived).
 */
export interface EmailNotFailedErrorData {
    email_id: string;
    email_status: EmailStatusEnum;
}
/** No email in the outbox has this id. */
export interface EmailNotFoundErrorData {
    email_id: string;
}
export interface EmailResendIn {
    email_id: string;
    reason: string;
}
export type EmailStatusEnum = "failed" | "pending" | "sent";
/** Another user has this email (in any case). */
export interface EmailTakenErrorData {
    email: string;
}
export interface EmailsListIn {
    /** Only `pending`, `sent` or `failed` emails. */
    status?: EmailStatusEnum | null;
    /** Only emails to this address (any case). */
    to?: string | null;
    cursor?: string | null;
    limit?: number;
}
export interface EmailsListOut {
    items: EmailEntry[];
    next_cursor: string | null;
}
/**
 * The external service behind this feature failed even after retries; try again
 * later.
 */
export interface ExternalServiceFailedErrorData {
    service: string;
}
/**
 * The feature needs an external service this deployment has not configured (e.g. no
 * LLM_API_KEY): an operator has to set it up; retrying will not help.
 */
export interface ExternalServiceNotConfiguredErrorData {
    service: string;
}
export interface ImpersonationStartIn {
    user_id: string;
    reason: string;
    /** How long the impersonated product session lasts (1 to 60). */
    minutes?: number;
}
export interface ImpersonationStartOut {
    impersonation_id: string;
    /** One-time token for the product RPC `impersonation_accept`. */
    token: string;
    /** The token stops working after this instant (2 minutes). */
    accept_by: ISODateTime;
    minutes: number;
    /**
     * The product frontend's page that accepts the token (IMPERSONATION_ACCEPT_URL, with
     * the token); when that is not set: outside production, the development product
     * server's `/impersonate` page; in production null (show the token to paste).
     */
    accept_url: string | null;
}
/**
 * The input does not match the route's input type: one message per failing field.
 *
 * Keys are dotted paths (`email`, `items.0.name`); `__root__` means the whole input.
 */
export interface InputValidationErrorData {
    fields: Record<string, string>;
}
/** Wrong email or password (also: unfinished signup, disabled user, not an admin). */
export type InvalidCredentialsErrorData = Record<string, never>;
/** The cursor is not one this list handed out; start again without it. */
export type InvalidCursorErrorData = Record<string, never>;
export interface InviteActionIn {
    invite_id: string;
    reason: string;
}
/** The range's invites: sent, then how many were accepted, revoked or expired. */
export interface InviteFunnel {
    sent: number;
    accepted: number;
    revoked: number;
    expired: number;
    /**
     * The median over the range's days that have one, weighted by each day's accepted
     * invites (the median of the days' medians: the rows hold no single durations).
     */
    median_seconds_to_accept: number | null;
}
/** No invite has this id. */
export interface InviteNotFoundErrorData {
    invite_id: string;
}
/** The invite was accepted or revoked already (`state`: accepted or revoked). */
export interface InviteNotPendingErrorData {
    state: string;
}
export interface InviteResendOut {
    invite_id: string;
    email: string;
    expires_at: ISODateTime;
}
/** An organization always keeps at least one owner. */
export type LastOwnerErrorData = Record<string, never>;
export interface LoginFailure {
    app: SessionAppEnum;
    client: string;
    failed_at: ISODateTime;
}
export interface LoginLockoutClearIn {
    email: string;
    reason: string;
}
/** The input of both apps' `login_mfa`. */
export interface LoginMfaIn {
    /** `MFARequiredError.challenge` from `login`. */
    challenge: string;
    /** A code from the authenticator app; or else: */
    code?: string | null;
    /** one of the recovery codes (each works once). */
    recovery_code?: string | null;
}
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
/**
 * The password was right, but this app needs two-factor authentication and the user
 * has none: turn it on first (in the product: `mfa_totp_enroll`, `mfa_totp_confirm`),
 * then sign in again.
 */
export type MFAEnrollmentRequiredErrorData = Record<string, never>;
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
export interface MembershipRemoveIn {
    organization_id: string;
    user_id: string;
    reason: string;
}
export interface MembershipSetRoleIn {
    organization_id: string;
    user_id: string;
    role: OrganizationRoleEnum;
    reason: string;
}
/** The RPC exists but answers another HTTP method (listed in `allowed`). */
export interface MethodNotAllowedErrorData {
    allowed: string[];
}
export interface OrganizationDetail {
    id: string;
    name: string;
    inbound_source: OrganizationInboundSourceEnum;
    created_at: ISODateTime;
    updated_at: ISODateTime;
    /** Its members need a second factor to reach its routes (`organization_security_set`). */
    require_mfa: boolean;
}
/** A domain the organization added (product `organization_domain_add`). */
export interface OrganizationDomain {
    domain: string;
    enrollment: OrganizationDomainEnrollmentEnum;
    verified_at: ISODateTime | null;
    /** Consecutive failed re-checks of its TXT record (housekeeping). */
    check_failures: number;
    created_at: ISODateTime;
}
export type OrganizationDomainEnrollmentEnum = "automatic" | "none" | "suggest";
export interface OrganizationDomainRemoveIn {
    organization_id: string;
    domain: string;
    reason: string;
}
export interface OrganizationGetIn {
    organization_id: string;
}
export interface OrganizationGetOut {
    organization: OrganizationDetail;
    /**
     * The first 101 active members, oldest first; every member, paginated, filtered and
     * sorted: `users_search` with `organization_id`.
     */
    members: OrganizationMember[];
    pending_invites: PendingInvite[];
    secret_names: SecretName[];
    storytime: StoryEvent[];
    /** Its custom roles, by name (the built-in owner, admin, member aside). */
    roles: CustomRole[];
    /** Its domains, verified or not, by name. */
    domains: OrganizationDomain[];
    /** Its SCIM provisioning tokens, newest first (names and last use only). */
    scim_tokens: ScimTokenSummary[];
}
export type OrganizationInboundSourceEnum = "admin" | "invite" | "organic";
export interface OrganizationListItem {
    id: string;
    name: string;
    inbound_source: OrganizationInboundSourceEnum;
    created_at: ISODateTime;
    members_count: number;
}
export interface OrganizationMember {
    user_id: string;
    name: string;
    email: string;
    is_enabled: boolean;
    role: OrganizationRoleEnum;
    joined_at: ISODateTime;
}
/** No organization has this id. */
export interface OrganizationNotFoundErrorData {
    organization_id: string;
}
export type OrganizationRoleEnum = "admin" | "member" | "owner";
/** An organization's single sign-on connection (its client secret is never shown). */
export interface OrganizationSso {
    connection_id: string;
    /** oidc or saml. */
    protocol: string;
    oidc_issuer: string | null;
    oidc_client_id: string | null;
    saml_idp_entity_id: string | null;
    default_role: string;
    enforce: boolean;
    owners_break_glass: boolean;
    created_at: ISODateTime;
    updated_at: ISODateTime;
}
export interface OrganizationSsoIn {
    organization_id: string;
}
export interface OrganizationSsoRemoveIn {
    organization_id: string;
    reason: string;
}
export interface OrganizationsSearchIn {
    /** An organization id or part of its name; empty lists all. */
    query?: string;
    cursor?: string | null;
    limit?: number;
}
export interface OrganizationsSearchOut {
    items: OrganizationListItem[];
    next_cursor: string | null;
}
export interface OverviewOut {
    users: number;
    enabled_users: number;
    organizations: number;
    /** Product sessions not ended and not expired. */
    active_product_sessions: number;
    /** Users created in the last 7 days. */
    signups_last_7_days: number;
    /** Invites neither accepted, revoked nor expired. */
    pending_invites: number;
}
/** Who is calling: `admin` null when signed out. */
export interface PanopticonInitOut {
    admin: SignedInAdmin | null;
}
export interface PanopticonLoginIn {
    email: string;
    password: string;
}
/** What a sign-in answers: the admin, never null. */
export interface PanopticonSignedIn {
    admin: SignedInAdmin;
}
export interface PendingInvite {
    invite_id: string;
    email: string;
    role: OrganizationRoleEnum;
    invited_by: string | null;
    created_at: ISODateTime;
    expires_at: ISODateTime;
}
/** No RPC has this name. */
export interface RPCNotFoundErrorData {
    name: string;
}
/** The handler did not finish within its timeout. */
export interface RPCTimeoutErrorData {
    timeout_seconds: number;
}
/** The request body did not arrive within `timeout_seconds`. */
export interface RequestTimeoutErrorData {
    timeout_seconds: number;
}
/** The request body is larger than the configured limit. */
export interface RequestTooLargeErrorData {
    max_bytes: number;
}
/**
 * One of the organization's SCIM tokens (product `scim_token_create`): its name and
 * use, never the token.
 */
export interface ScimTokenSummary {
    name: string;
    created_at: ISODateTime;
    last_used_at: ISODateTime | null;
    revoked_at: ISODateTime | null;
}
export type SecondFactorEnum = "passkey" | "recovery_code" | "totp";
/** A vault secret's name; its value never leaves the product's vault RPCs. */
export interface SecretName {
    secret_id: string;
    name: string;
    created_at: ISODateTime;
}
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
export type SessionAppEnum = "panopticon" | "product";
export type SessionStateEnum = "active" | "ended" | "expired";
export type SignInMethodEnum = "impersonation" | "invite" | "login_code" | "oauth" | "passkey" | "password" | "password_reset" | "signup" | "sso";
export interface SignedInAdmin {
    id: string;
    name: string;
    email: string;
    /** `support` or `superadmin`: what the console may offer. */
    role: AdminRoleEnum;
}
/** The organization has no single sign-on connection. */
export interface SsoConnectionNotFoundErrorData {
    organization_id: string;
}
/** One entry of a row's history (its `storytime`): what happened, by whom, when. */
export interface StoryEvent {
    did: string;
    /** The acting user's id (null for the system, or once that user is deleted). */
    by: string | null;
    /** When, as an ISO 8601 timestamp. */
    at: string;
    /** The acting user's name, else email (null with `by`, or once that user is deleted). */
    by_name: string | null;
}
/**
 * Too many attempts (failed logins for this email, or a rate limit of this action);
 * try again after `retry_after_seconds`.
 */
export interface TooManyAttemptsErrorData {
    retry_after_seconds: number;
}
export type TotalKindEnum = "exact" | "at_least" | "estimate";
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
export interface UserActivitySummaryIn {
    user_id: string;
}
export interface UserActivitySummaryOut {
    user_id: string;
    /** The model's summary (plain text). */
    summary: string;
    /** How many events it was given. */
    events: number;
}
export interface UserDeleteIn {
    user_id: string;
    reason: string;
}
export interface UserDetail {
    id: string;
    name: string;
    email: string;
    is_enabled: boolean;
    signup_step: UserSignupStepEnum;
    has_password: boolean;
    created_at: ISODateTime;
    updated_at: ISODateTime;
    last_visited_at: ISODateTime | null;
    /** Whether two-factor authentication (TOTP) is on. */
    mfa_enabled: boolean;
    /** When the user proved they own the email; null: not verified. */
    email_verified_at: ISODateTime | null;
}
/** The user is disabled: there is no session to impersonate. */
export interface UserDisabledErrorData {
    user_id: string;
}
export interface UserEmailSendIn {
    user_id: string;
    reason: string;
}
export interface UserGetIn {
    user_id: string;
}
export interface UserGetOut {
    user: UserDetail;
    /** Every membership, active or ended, newest first. */
    memberships: UserMembership[];
    /** The newest 100 product sessions. */
    sessions: UserSession[];
    /** The newest 50 failed logins for the user's email (any app). */
    login_failures: LoginFailure[];
    storytime: StoryEvent[];
}
export interface UserListItem {
    id: string;
    name: string;
    email: string;
    is_enabled: boolean;
    /** Whether the user proved they own the email. */
    verified: boolean;
    signup_step: UserSignupStepEnum;
    created_at: ISODateTime;
    last_visited_at: ISODateTime | null;
    /** Organizations the user is an active member of. */
    organizations_count: number;
    /** The role in the organization of the `organization_id` filter (null without it). */
    role: OrganizationRoleEnum | null;
}
export interface UserMembership {
    membership_id: string;
    organization_id: string;
    organization_name: string;
    role: OrganizationRoleEnum;
    joined_at: ISODateTime;
    /** When the membership ended; null while active. */
    removed_at: ISODateTime | null;
    /** The remover's user id (null if the user left, or the remover was deleted). */
    removed_by: string | null;
    removed_by_name: string | null;
}
export interface UserMfaResetIn {
    user_id: string;
    reason: string;
}
/** The user is disabled (or deleted): enable them first. */
export interface UserNotActiveErrorData {
    user_id: string;
}
/** No user has this id. */
export interface UserNotFoundErrorData {
    user_id: string;
}
/** A product session of the user. */
export interface UserSession {
    session_id: string;
    created_at: ISODateTime;
    last_seen_at: ISODateTime;
    expires_at: ISODateTime;
    ended_at: ISODateTime | null;
    /** `active`, `ended` (logged out or revoked) or `expired`. */
    state: SessionStateEnum;
    organization_id: string | null;
    /** The admin impersonating the user in this session, if it is an impersonated one. */
    impersonator_id: string | null;
    /** The browser and its major version, from the user agent ("Chrome 120"; "Unknown"). */
    browser: string;
    /** The operating system ("Mac OS X 10.15", "iOS 17.1"; "Unknown"). */
    os: string;
    /** The device ("iPhone", "Mac"; "Computer" for other desktops and laptops; "Unknown"). */
    device: string;
    /** The address it was signed in from (null: unknown, or not recorded). */
    client_address: string | null;
    /** How it was signed in (password, passkey, impersonation...; null: not recorded). */
    sign_in_method: SignInMethodEnum | null;
    /** The second factor it passed, if one was asked. */
    second_factor: SecondFactorEnum | null;
}
export interface UserSessionsExpireIn {
    user_id: string;
    reason: string;
}
export interface UserSetEnabledIn {
    user_id: string;
    enabled: boolean;
    reason: string;
}
export type UserSignupStepEnum = "complete" | "created";
export interface UserUpdateIn {
    user_id: string;
    name: string;
    email: string;
    reason: string;
}
export interface UsersSearchIn {
    /**
     * A user id, the start of an email (any case), `@example.com` (every user at that
     * email domain; `example.com` finds them too) or words of a name (any case; each a whole
     * word of the name but the last, which may be its start: "ann le" finds "Ann Lee";
     * punctuation separates words); empty lists all.
     */
    query?: string;
    /** Only enabled (true) or disabled (false) users; null: both. */
    is_enabled?: boolean | null;
    /** Only users whose email is verified (true) or not (false); null: both. */
    verified?: boolean | null;
    /** Only users with (true) or without (false) a second factor; null: both. */
    has_mfa?: boolean | null;
    /**
     * Only active members of this organization (the organization's members, paginated:
     * each item then has its `role`).
     */
    organization_id?: string | null;
    /** Only users created on or after this day (UTC). */
    created_from?: ISODate | null;
    /** Only users created on or before this day (UTC). */
    created_to?: ISODate | null;
    sort?: UsersSortEnum;
    /** The `next_cursor` of the previous page (of the same sort); none for the first page. */
    cursor?: string | null;
    /** Rows per page: 50 by default; larger values are capped at 200. */
    limit?: number;
}
export interface UsersSearchPage {
    items: UserListItem[];
    /**
     * Pass it as `cursor` for the next page (same search, filters and sort); null on the
     * last page.
     */
    next_cursor: string | null;
    /** How many users the search and filters keep (see `total_kind`). */
    total: number;
    /**
     * `exact`; `at_least` (counting stopped at 10,000); `estimate` (the whole table, from
     * the planner's statistics: counting every row would be slow).
     */
    total_kind: TotalKindEnum;
}
export type UsersSortEnum = "newest" | "oldest" | "email" | "email_desc";
/** The data of every error a panopticon RPC may answer, by error name. */
export interface PanopticonErrorData {
    /** The admin's role does not allow this (`required` is the role it needs). */
    AdminInsufficientRoleError: AdminInsufficientRoleErrorData;
    /** `from` must not be after `to`, and the range spans at most 366 days. */
    AnalyticsRangeError: AnalyticsRangeErrorData;
    /**
     * The database this server reached only reads right now (a read replica, or a
     * primary being failed over); nothing was changed. Retry after `retry_after_seconds`
     * (also sent as the `Retry-After` header).
     */
    DatabaseReadOnlyError: DatabaseReadOnlyErrorData;
    /** The organization has no such domain. */
    DomainNotFoundError: DomainNotFoundErrorData;
    /**
     * The email carried a one-time code, erased when delivery was given up: it cannot be
     * sent again. The user asks for a new code (or support sends a password reset).
     */
    EmailCodeGoneError: EmailCodeGoneErrorData;
    /**
     * Only a failed email is resent (a pending one is still being tried, a sent one
     * arrived).
     */
    EmailNotFailedError: EmailNotFailedErrorData;
    /** No email in the outbox has this id. */
    EmailNotFoundError: EmailNotFoundErrorData;
    /** Another user has this email (in any case). */
    EmailTakenError: EmailTakenErrorData;
    /**
     * The external service behind this feature failed even after retries; try again
     * later.
     */
    ExternalServiceFailedError: ExternalServiceFailedErrorData;
    /**
     * The feature needs an external service this deployment has not configured (e.g. no
     * LLM_API_KEY): an operator has to set it up; retrying will not help.
     */
    ExternalServiceNotConfiguredError: ExternalServiceNotConfiguredErrorData;
    /**
     * The input does not match the route's input type: one message per failing field.
     *
     * Keys are dotted paths (`email`, `items.0.name`); `__root__` means the whole input.
     */
    InputValidationError: InputValidationErrorData;
    /** Wrong email or password (also: unfinished signup, disabled user, not an admin). */
    InvalidCredentialsError: InvalidCredentialsErrorData;
    /** The cursor is not one this list handed out; start again without it. */
    InvalidCursorError: InvalidCursorErrorData;
    /** No invite has this id. */
    InviteNotFoundError: InviteNotFoundErrorData;
    /** The invite was accepted or revoked already (`state`: accepted or revoked). */
    InviteNotPendingError: InviteNotPendingErrorData;
    /** An organization always keeps at least one owner. */
    LastOwnerError: LastOwnerErrorData;
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
    /**
     * The password was right, but this app needs two-factor authentication and the user
     * has none: turn it on first (in the product: `mfa_totp_enroll`, `mfa_totp_confirm`),
     * then sign in again.
     */
    MFAEnrollmentRequiredError: MFAEnrollmentRequiredErrorData;
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
    /** No organization has this id. */
    OrganizationNotFoundError: OrganizationNotFoundErrorData;
    /** No RPC has this name. */
    RPCNotFoundError: RPCNotFoundErrorData;
    /** The handler did not finish within its timeout. */
    RPCTimeoutError: RPCTimeoutErrorData;
    /** The request body did not arrive within `timeout_seconds`. */
    RequestTimeoutError: RequestTimeoutErrorData;
    /** The request body is larger than the configured limit. */
    RequestTooLargeError: RequestTooLargeErrorData;
    /** The request body is not valid JSON. */
    ServerJSONDeserializeError: ServerJSONDeserializeErrorData;
    /**
     * The server is too busy right now (the database unreachable or busy, or too many
     * passwords being hashed); nothing was changed. Retry after `retry_after_seconds` (also
     * sent as the `Retry-After` header).
     */
    ServiceUnavailableError: ServiceUnavailableErrorData;
    /** The organization has no single sign-on connection. */
    SsoConnectionNotFoundError: SsoConnectionNotFoundErrorData;
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
    /** The user is disabled: there is no session to impersonate. */
    UserDisabledError: UserDisabledErrorData;
    /** The user is disabled (or deleted): enable them first. */
    UserNotActiveError: UserNotActiveErrorData;
    /** No user has this id. */
    UserNotFoundError: UserNotFoundErrorData;
}
/** Errors every panopticon RPC may answer (standard and app-wide ones). */
export type PanopticonCommonErrorName = "AdminInsufficientRoleError" | "DatabaseReadOnlyError" | "InputValidationError" | "MethodNotAllowedError" | "RPCNotFoundError" | "RPCTimeoutError" | "RequestTimeoutError" | "RequestTooLargeError" | "ServerJSONDeserializeError" | "ServiceUnavailableError" | "UnauthorizedError" | "UnknownError" | "UnsupportedMediaTypeError";
/** Every panopticon RPC: HTTP method, input, output and the errors it may answer. */
export interface PanopticonRPCs {
    /**
     * Signups, active organizations and the invite funnel per UTC day, from the tables the
     * Dagster pipeline fills (`blossom pipeline backfill` fills past days).
     *
     * `GET /rpc/analytics_overview`, authorization: admin
     */
    analytics_overview: {
        method: "GET";
        input: AnalyticsOverviewIn;
        output: AnalyticsOverviewOut;
        errors: PanopticonCommonErrorName | "AnalyticsRangeError";
    };
    /**
     * The admin audit log, newest first, filtered by admin, target, action or days, with
     * each target's name and email where it is a user or an organization. Superadmins read
     * every entry; support admins their own. Cursor-paginated.
     *
     * `GET /rpc/audit_log_list`, authorization: admin
     */
    audit_log_list: {
        method: "GET";
        input: AuditLogListIn;
        output: AuditLogListOut;
        errors: PanopticonCommonErrorName | "InvalidCursorError";
    };
    /**
     * Put a failed email back in the queue, due now, with its attempts counted afresh
     * (support and up; audited as `email.resend`). An email that carried a one-time code
     * cannot be resent: its code was erased (`EmailCodeGoneError`).
     *
     * `POST /rpc/email_resend`, authorization: admin
     */
    email_resend: {
        method: "POST";
        input: EmailResendIn;
        output: Done;
        errors: PanopticonCommonErrorName | "EmailCodeGoneError" | "EmailNotFailedError" | "EmailNotFoundError";
    };
    /**
     * The email outbox, newest first, by status and recipient: see failed deliveries
     * and why (`last_error`). Cursor-paginated.
     *
     * `GET /rpc/emails_list`, authorization: admin
     */
    emails_list: {
        method: "GET";
        input: EmailsListIn;
        output: EmailsListOut;
        errors: PanopticonCommonErrorName | "InvalidCursorError";
    };
    /**
     * Start impersonating a user (superadmin): a one-time token that the product app's
     * `impersonation_accept` exchanges, within 2 minutes, for a read-only product session of
     * the user lasting `minutes`. The user's `init` then shows you as `impersonator`.
     * Audited, and announced on the security Slack channel when configured.
     *
     * `POST /rpc/impersonation_start`, authorization: superadmin
     */
    impersonation_start: {
        method: "POST";
        input: ImpersonationStartIn;
        output: ImpersonationStartOut;
        errors: PanopticonCommonErrorName | "UserDisabledError" | "UserNotFoundError";
    };
    /**
     * The signed-in admin with their role, or null.
     *
     * `GET /rpc/init`, authorization: public
     */
    init: {
        method: "GET";
        input: null;
        output: PanopticonInitOut;
        errors: PanopticonCommonErrorName;
    };
    /**
     * Send a pending (or expired) invite again with a new code: the old code stops
     * working, the new one works for 14 days. Audited. The code is emailed to the invitee
     * (queued with the change) and never shown to the admin.
     *
     * `POST /rpc/invite_resend`, authorization: admin
     */
    invite_resend: {
        method: "POST";
        input: InviteActionIn;
        output: InviteResendOut;
        errors: PanopticonCommonErrorName | "InviteNotFoundError" | "InviteNotPendingError";
    };
    /**
     * Withdraw a pending invite: its code stops working. Audited.
     *
     * `POST /rpc/invite_revoke`, authorization: admin
     */
    invite_revoke: {
        method: "POST";
        input: InviteActionIn;
        output: Done;
        errors: PanopticonCommonErrorName | "InviteNotFoundError" | "InviteNotPendingError";
    };
    /**
     * Sign in as an admin (a user listed in `admins`); a new session every time. An admin
     * with two-factor authentication on gets `MFARequiredError {challenge}`: finish with
     * `login_mfa`. Where admins must have it (ADMIN_REQUIRE_MFA, on in production), an admin
     * without it gets `MFAEnrollmentRequiredError` (turn it on in the product first).
     *
     * `POST /rpc/login`, authorization: public
     */
    login: {
        method: "POST";
        input: PanopticonLoginIn;
        output: PanopticonSignedIn;
        errors: PanopticonCommonErrorName | "InvalidCredentialsError" | "MFAEnrollmentRequiredError" | "MFARequiredError" | "TooManyAttemptsError";
    };
    /**
     * Forget the failed logins of an email (every app and client address), lifting any
     * lockout at once; `count` is how many failures were forgotten. Audited.
     *
     * `POST /rpc/login_lockout_clear`, authorization: admin
     */
    login_lockout_clear: {
        method: "POST";
        input: LoginLockoutClearIn;
        output: Done;
        errors: PanopticonCommonErrorName;
    };
    /**
     * Finish an admin sign-in that answered `MFARequiredError`: the challenge and a code
     * from the authenticator app (`code`) or a recovery code (`recovery_code`). A challenge
     * lasts 5 minutes and allows 5 codes; wrong authenticator codes are counted per user
     * across every client (recovery codes keep working when they lock).
     *
     * `POST /rpc/login_mfa`, authorization: public
     */
    login_mfa: {
        method: "POST";
        input: LoginMfaIn;
        output: PanopticonSignedIn;
        errors: PanopticonCommonErrorName | "InvalidCredentialsError" | "MFAChallengeInvalidError" | "MFACodeInvalidError" | "TooManyAttemptsError";
    };
    /**
     * End this panopticon session and clear its cookie.
     *
     * `POST /rpc/logout`, authorization: admin
     */
    logout: {
        method: "POST";
        input: null;
        output: null;
        errors: PanopticonCommonErrorName;
    };
    /**
     * Remove a member from an organization (superadmin); their sessions stop selecting
     * it. The organization keeps at least one owner (`LastOwnerError`). Audited.
     *
     * `POST /rpc/membership_remove`, authorization: superadmin
     */
    membership_remove: {
        method: "POST";
        input: MembershipRemoveIn;
        output: Done;
        errors: PanopticonCommonErrorName | "LastOwnerError" | "MemberNotFoundError" | "OrganizationNotFoundError";
    };
    /**
     * Change a member's role (superadmin). The organization keeps at least one owner
     * (`LastOwnerError`). Audited.
     *
     * `POST /rpc/membership_set_role`, authorization: superadmin
     */
    membership_set_role: {
        method: "POST";
        input: MembershipSetRoleIn;
        output: Done;
        errors: PanopticonCommonErrorName | "LastOwnerError" | "MemberNotFoundError" | "OrganizationNotFoundError";
    };
    /**
     * Remove a domain from an organization (superadmin): its suggestions and automatic
     * join stop; members who joined through it stay. Audited.
     *
     * `POST /rpc/organization_domain_remove`, authorization: superadmin
     */
    organization_domain_remove: {
        method: "POST";
        input: OrganizationDomainRemoveIn;
        output: Done;
        errors: PanopticonCommonErrorName | "DomainNotFoundError";
    };
    /**
     * One organization: its members, pending invites, the names (never the values) of
     * its vault secrets, its custom roles, its two-factor policy, its domains, its SCIM
     * tokens (names and last use), and its history.
     *
     * `GET /rpc/organization_get`, authorization: admin
     */
    organization_get: {
        method: "GET";
        input: OrganizationGetIn;
        output: OrganizationGetOut;
        errors: PanopticonCommonErrorName | "OrganizationNotFoundError";
    };
    /**
     * The organization's single sign-on connection, or null (no secret).
     *
     * `GET /rpc/organization_sso_get`, authorization: admin
     */
    organization_sso_get: {
        method: "GET";
        input: OrganizationSsoIn;
        output: OrganizationSso | null;
        errors: PanopticonCommonErrorName;
    };
    /**
     * Remove an organization's single sign-on connection (superadmin: an identity
     * provider locking the organization out, say). Its enforcement ends with it; members
     * stay. Audited; noted on the organization; emits `sso.connection_changed`.
     *
     * `POST /rpc/organization_sso_remove`, authorization: superadmin
     */
    organization_sso_remove: {
        method: "POST";
        input: OrganizationSsoRemoveIn;
        output: Done;
        errors: PanopticonCommonErrorName | "SsoConnectionNotFoundError";
    };
    /**
     * Find organizations, newest first, by id or a part of the name. Cursor-paginated
     * (`limit` rows, at most 200).
     *
     * `GET /rpc/organizations_search`, authorization: admin
     */
    organizations_search: {
        method: "GET";
        input: OrganizationsSearchIn;
        output: OrganizationsSearchOut;
        errors: PanopticonCommonErrorName | "InvalidCursorError";
    };
    /**
     * Totals across every tenant.
     *
     * `GET /rpc/overview`, authorization: admin
     */
    overview: {
        method: "GET";
        input: null;
        output: OverviewOut;
        errors: PanopticonCommonErrorName;
    };
    /**
     * A short summary of a user's recent activity and of what admins did to the account,
     * written by the configured LLM for support staff (support role and up). Answers
     * `ExternalServiceNotConfiguredError` when no LLM is configured and
     * `ExternalServiceFailedError` when it failed after retries. Takes a few seconds.
     *
     * `GET /rpc/user_activity_summary`, authorization: admin
     */
    user_activity_summary: {
        method: "GET";
        input: UserActivitySummaryIn;
        output: UserActivitySummaryOut;
        errors: PanopticonCommonErrorName | "ExternalServiceFailedError" | "ExternalServiceNotConfiguredError" | "UserNotFoundError";
    };
    /**
     * Delete an account (superadmin), with the rules the user has: `LastOwnerError` while
     * they are the only owner of an organization with other members; otherwise their
     * organizations without other members are deleted, they leave the others, their
     * sessions end and their personal data is anonymized. The user is emailed. Audited.
     *
     * `POST /rpc/user_delete`, authorization: superadmin
     */
    user_delete: {
        method: "POST";
        input: UserDeleteIn;
        output: Done;
        errors: PanopticonCommonErrorName | "LastOwnerError" | "UserNotFoundError";
    };
    /**
     * Everything about one user: memberships, product sessions, recent failed logins and
     * the user's history.
     *
     * `GET /rpc/user_get`, authorization: admin
     */
    user_get: {
        method: "GET";
        input: UserGetIn;
        output: UserGetOut;
        errors: PanopticonCommonErrorName | "UserNotFoundError";
    };
    /**
     * Turn a user's two-factor authentication off (superadmin), for a user who lost both
     * the authenticator and the recovery codes: the secret, recovery codes and pending login
     * challenges are deleted, and the user is emailed. Audited; `changed` is false (and
     * nothing is sent) when MFA was off.
     *
     * `POST /rpc/user_mfa_reset`, authorization: superadmin
     */
    user_mfa_reset: {
        method: "POST";
        input: UserMfaResetIn;
        output: Done;
        errors: PanopticonCommonErrorName | "UserNotFoundError";
    };
    /**
     * Email the user a password reset code (valid 1 hour), as if they had asked on the
     * sign-in page: its link lets them choose a new password. Their older open reset codes
     * stop working. Sent through the email outbox; audited. `UserNotActiveError` for a
     * disabled or deleted user.
     *
     * `POST /rpc/user_password_reset_send`, authorization: admin
     */
    user_password_reset_send: {
        method: "POST";
        input: UserEmailSendIn;
        output: Done;
        errors: PanopticonCommonErrorName | "UserNotActiveError" | "UserNotFoundError";
    };
    /**
     * End every live product session of a user now (signs them out everywhere); `count`
     * is how many. Audited.
     *
     * `POST /rpc/user_sessions_expire`, authorization: admin
     */
    user_sessions_expire: {
        method: "POST";
        input: UserSessionsExpireIn;
        output: Done;
        errors: PanopticonCommonErrorName | "UserNotFoundError";
    };
    /**
     * Enable or disable a user (superadmin). Disabling ends every product session of the
     * user at once (their next request gets 401) and refuses their logins like a wrong
     * password. Audited (a disabling is announced on the security Slack channel when
     * configured); `changed` is false when the user already was in that state.
     *
     * `POST /rpc/user_set_enabled`, authorization: superadmin
     */
    user_set_enabled: {
        method: "POST";
        input: UserSetEnabledIn;
        output: Done;
        errors: PanopticonCommonErrorName | "UserNotFoundError";
    };
    /**
     * Change a user's name and email (superadmin). A new email is unverified until the
     * user proves it: the old address is told of the change and the new one gets a
     * verification email (valid 7 days), both through the outbox. Audited (`diff` has what
     * changed); `changed` is false (and nothing is sent) when both were already so. A change
     * of the name alone (or of the email's case) sends no email: the history and audit log
     * keep it.
     * `EmailTakenError` when another user has the email.
     *
     * `POST /rpc/user_update`, authorization: superadmin
     */
    user_update: {
        method: "POST";
        input: UserUpdateIn;
        output: Done;
        errors: PanopticonCommonErrorName | "EmailTakenError" | "UserNotFoundError";
    };
    /**
     * Email the user a new verification code for their address (valid 7 days; older ones
     * stop working), through the email outbox; audited. `changed` is false (and nothing is
     * sent) when the address is already verified. `UserNotActiveError` for a disabled or
     * deleted user.
     *
     * `POST /rpc/user_verification_resend`, authorization: admin
     */
    user_verification_resend: {
        method: "POST";
        input: UserEmailSendIn;
        output: Done;
        errors: PanopticonCommonErrorName | "UserNotActiveError" | "UserNotFoundError";
    };
    /**
     * Find users: by id, by email prefix (case-insensitive), by email domain
     * (`@example.com`) or by the words of the name, narrowed by the filters (each null filter is
     * off), sorted by creation or email (byte order). Keyset-paginated (`limit` rows, at
     * most 200; pass `next_cursor` back as `cursor`, with the same search, filters and sort):
     * users added or removed between two pages neither repeat nor skip the others. With a
     * total: exact up to 10,000, else `at_least` or (nothing to filter) the planner's
     * `estimate`.
     *
     * `GET /rpc/users_search`, authorization: admin
     */
    users_search: {
        method: "GET";
        input: UsersSearchIn;
        output: UsersSearchPage;
        errors: PanopticonCommonErrorName | "InvalidCursorError";
    };
}
export type PanopticonRPCName = keyof PanopticonRPCs;
export type PanopticonClient = Client<PanopticonRPCs, PanopticonErrorData>;
/** A client of the panopticon app: `createClient({ baseUrl }).call(name, input)`. */
export declare function createClient(options: ClientOptions): PanopticonClient;
