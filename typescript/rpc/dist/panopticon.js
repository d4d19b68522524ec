// Generated from the panopticon app's routers by tools/rpc_codegen: do not edit.
// Change the Python routes, then run `uv run just codegen-rpc`.
import { createRPCClient } from "./client.js";
const COMMON_ERRORS = ["AdminInsufficientRoleError", "DatabaseReadOnlyError", "InputValidationError", "MethodNotAllowedError", "RPCNotFoundError", "RPCTimeoutError", "RequestTimeoutError", "RequestTooLargeError", "ServerJSONDeserializeError", "ServiceUnavailableError", "UnauthorizedError", "UnknownError", "UnsupportedMediaTypeError"];
const RPC_TABLE = {
    analytics_overview: { method: "GET", output: true, errors: ["AnalyticsRangeError"] },
    audit_log_list: { method: "GET", output: true, errors: ["InvalidCursorError"] },
    email_resend: { method: "POST", output: true, errors: ["EmailCodeGoneError", "EmailNotFailedError", "EmailNotFoundError"] },
    emails_list: { method: "GET", output: true, errors: ["InvalidCursorError"] },
    impersonation_start: { method: "POST", output: true, errors: ["UserDisabledError", "UserNotFoundError"] },
    init: { method: "GET", output: true, errors: [] },
    invite_resend: { method: "POST", output: true, errors: ["InviteNotFoundError", "InviteNotPendingError"] },
    invite_revoke: { method: "POST", output: true, errors: ["InviteNotFoundError", "InviteNotPendingError"] },
    login: { method: "POST", output: true, errors: ["InvalidCredentialsError", "MFAEnrollmentRequiredError", "MFARequiredError", "TooManyAttemptsError"] },
    login_lockout_clear: { method: "POST", output: true, errors: [] },
    login_mfa: { method: "POST", output: true, errors: ["InvalidCredentialsError", "MFAChallengeInvalidError", "MFACodeInvalidError", "TooManyAttemptsError"] },
    logout: { method: "POST", output: false, errors: [] },
    membership_remove: { method: "POST", output: true, errors: ["LastOwnerError", "MemberNotFoundError", "OrganizationNotFoundError"] },
    membership_set_role: { method: "POST", output: true, errors: ["LastOwnerError", "MemberNotFoundError", "OrganizationNotFoundError"] },
    organization_domain_remove: { method: "POST", output: true, errors: ["DomainNotFoundError"] },
    organization_get: { method: "GET", output: true, errors: ["OrganizationNotFoundError"] },
    organization_sso_get: { method: "GET", output: true, errors: [] },
    organization_sso_remove: { method: "POST", output: true, errors: ["SsoConnectionNotFoundError"] },
    organizations_search: { method: "GET", output: true, errors: ["InvalidCursorError"] },
    overview: { method: "GET", output: true, errors: [] },
    user_activity_summary: { method: "GET", output: true, errors: ["ExternalServiceFailedError", "ExternalServiceNotConfiguredError", "UserNotFoundError"] },
    user_delete: { method: "POST", output: true, errors: ["LastOwnerError", "UserNotFoundError"] },
    user_get: { method: "GET", output: true, errors: ["UserNotFoundError"] },
    user_mfa_reset: { method: "POST", output: true, errors: ["UserNotFoundError"] },
    user_password_reset_send: { method: "POST", output: true, errors: ["UserNotActiveError", "UserNotFoundError"] },
    user_sessions_expire: { method: "POST", output: true, errors: ["UserNotFoundError"] },
    user_set_enabled: { method: "POST", output: true, errors: ["UserNotFoundError"] },
    user_update: { method: "POST", output: true, errors: ["EmailTakenError", "UserNotFoundError"] },
    user_verification_resend: { method: "POST", output: true, errors: ["UserNotActiveError", "UserNotFoundError"] },
    users_search: { method: "GET", output: true, errors: ["InvalidCursorError"] },
};
/** A client of the panopticon app: `createClient({ baseUrl }).call(name, input)`. */
export function createClient(options) {
    return createRPCClient(RPC_TABLE, COMMON_ERRORS, options);
}
