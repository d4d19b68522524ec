// Generated from the product app's routers by tools/rpc_codegen: do not edit.
// Change the Python routes, then run `uv run just codegen-rpc`.
import { createRPCClient } from "./client.js";
const COMMON_ERRORS = ["ImpersonationReadOnlyError", "InputValidationError", "MethodNotAllowedError", "NoOrganizationSelectedError", "RPCNotFoundError", "RPCTimeoutError", "RequestTimeoutError", "RequestTooLargeError", "ServerJSONDeserializeError", "ServiceUnavailableError", "UnauthorizedError", "UnknownError", "UnsupportedMediaTypeError"];
const RPC_TABLE = {
    email_verification_resend: { method: "POST", output: false, errors: ["EmailAlreadyVerifiedError", "TooManyAttemptsError"] },
    email_verify: { method: "POST", output: false, errors: ["VerificationCodeInvalidError"] },
    impersonation_accept: { method: "POST", output: true, errors: ["ImpersonationTokenInvalidError", "TooManyAttemptsError"] },
    impersonation_end: { method: "POST", output: false, errors: ["NotImpersonatingError"] },
    init: { method: "GET", output: true, errors: [] },
    invite_accept: { method: "POST", output: true, errors: ["InvalidCredentialsError", "InviteExpiredError", "InviteNotFoundError", "InviteSignInRequiredError", "TooManyAttemptsError", "WeakPasswordError"] },
    invite_create: { method: "POST", output: true, errors: ["AlreadyMemberError", "EmailNotVerifiedError", "InsufficientRoleError", "TooManyAttemptsError"] },
    invite_revoke: { method: "POST", output: false, errors: ["InsufficientRoleError", "InviteNotFoundError"] },
    invites_list: { method: "GET", output: true, errors: [] },
    login: { method: "POST", output: true, errors: ["AuthOrganizationNotFoundError", "CaptchaRequiredError", "InvalidCredentialsError", "MFARequiredError", "TooManyAttemptsError"] },
    login_mfa: { method: "POST", output: true, errors: ["AuthOrganizationNotFoundError", "InvalidCredentialsError", "MFAChallengeInvalidError", "MFACodeInvalidError", "TooManyAttemptsError"] },
    logout: { method: "POST", output: false, errors: [] },
    mfa_disable: { method: "POST", output: false, errors: ["InvalidCredentialsError", "MFACodeInvalidError", "MFANotEnabledError", "TooManyAttemptsError"] },
    mfa_recovery_codes_regenerate: { method: "POST", output: true, errors: ["MFACodeInvalidError", "MFANotEnabledError", "TooManyAttemptsError"] },
    mfa_status: { method: "GET", output: true, errors: [] },
    mfa_totp_confirm: { method: "POST", output: true, errors: ["MFAAlreadyEnabledError", "MFACodeInvalidError", "MFANotEnrolledError", "TooManyAttemptsError"] },
    mfa_totp_enroll: { method: "POST", output: true, errors: ["MFAAlreadyEnabledError"] },
    organization_create: { method: "POST", output: true, errors: [] },
    organization_leave: { method: "POST", output: false, errors: ["LastOwnerError"] },
    organization_member_remove: { method: "POST", output: false, errors: ["InsufficientRoleError", "LastOwnerError", "MemberNotFoundError"] },
    organization_member_update_role: { method: "POST", output: false, errors: ["InsufficientRoleError", "LastOwnerError", "MemberNotFoundError"] },
    organization_members_list: { method: "GET", output: true, errors: [] },
    organization_switch: { method: "POST", output: true, errors: ["OrganizationNotFoundError"] },
    organization_update: { method: "POST", output: true, errors: ["InsufficientRoleError"] },
    password_reset_complete: { method: "POST", output: true, errors: ["MFARequiredError", "ResetCodeInvalidError", "TooManyAttemptsError", "WeakPasswordError"] },
    password_reset_request: { method: "POST", output: false, errors: ["CaptchaRequiredError", "TooManyAttemptsError"] },
    session_revoke: { method: "POST", output: false, errors: ["SessionNotFoundError"] },
    sessions_list: { method: "GET", output: true, errors: [] },
    signup: { method: "POST", output: true, errors: ["CaptchaRequiredError", "EmailAlreadyExistsError", "TooManyAttemptsError", "WeakPasswordError"] },
    user_delete: { method: "POST", output: false, errors: ["InvalidCredentialsError", "LastOwnerError", "TooManyAttemptsError"] },
    user_email_change_confirm: { method: "POST", output: false, errors: ["EmailAlreadyExistsError", "EmailChangeCodeInvalidError"] },
    user_email_change_request: { method: "POST", output: false, errors: ["EmailAlreadyExistsError", "InvalidCredentialsError", "TooManyAttemptsError"] },
    user_password_change: { method: "POST", output: false, errors: ["InvalidCredentialsError", "TooManyAttemptsError", "WeakPasswordError"] },
    user_update: { method: "POST", output: true, errors: [] },
    vault_secret_create: { method: "POST", output: true, errors: ["EmailNotVerifiedError", "InsufficientRoleError"] },
    vault_secret_delete: { method: "POST", output: false, errors: ["InsufficientRoleError", "VaultSecretNotFoundError"] },
    vault_secrets_list: { method: "GET", output: true, errors: [] },
};
/** A client of the product app: `createClient({ baseUrl }).call(name, input)`. */
export function createClient(options) {
    return createRPCClient(RPC_TABLE, COMMON_ERRORS, options);
}
