"""The declared mutations of the security core, and the equivalent mutants.

Each entry: a name (`area.what-the-mutant-does`), the file, a text that must occur in it
exactly once (`just mutate` refuses the list otherwise, so it stays true as the code
changes), its replacement, and the tests that must fail under the mutant (keep them to
the files that matter: each mutant runs them). A `queries.sql` mutant is regenerated
(`just codegen-db`) before its tests run.

Adding security code (a check, a limit, a query condition) means adding its mutations
here; a survivor is a missing test, or, when no test could ever tell, an entry of
EQUIVALENT with the reason.
"""

from __future__ import annotations

from tools.mutate.runner import Mutation, mutation

# -- the files mutated ------------------------------------------------------------------
FUNNEL = "foundation/auth/funnel.py"
LOGIN = "foundation/auth/login.py"
RATELIMIT = "foundation/auth/ratelimit.py"
FACTORS = "foundation/auth/second_factor.py"
COOKIES = "foundation/auth/cookies.py"
SESSIONS = "foundation/auth/sessions.py"
AUTH_SQL = "foundation/auth/queries.sql"
SESSION_APP = "foundation/session_app/framework.py"
MEMBERSHIPS = "foundation/tenancy/memberships.py"
TENANCY_SQL = "foundation/tenancy/queries.sql"
XACT = "database/xact.py"
PRODUCT_REQ = "product/framework/req.py"
IMPERSONATION_GUARD = "product/framework/impersonation.py"
PRODUCT_ROLES = "product/organizations/roles.py"
PERMISSIONS = "product/framework/permissions.py"
MFA_POLICY = "product/framework/mfa_policy.py"
ORGANIZATIONS = "product/organizations/routes.py"
ACCOUNT = "product/account/routes.py"
ACCOUNT_SQL = "product/account/queries.sql"
INVITES = "product/invites/routes.py"
INVITES_SQL = "product/invites/queries.sql"
IMPERSONATION_SQL = "product/impersonation/queries.sql"
ADMIN_ROLES = "panopticon/roles.py"
ADMINS_SQL = "panopticon/admins/queries.sql"
AUDIT = "panopticon/audit/audit.py"
AUDIT_ROUTES = "panopticon/audit/routes.py"
AUDIT_SQL = "panopticon/audit/queries.sql"
ADMIN_USERS = "panopticon/users/routes.py"
ADMIN_ACCOUNTS = "panopticon/accounts/routes.py"
ADMIN_IMPERSONATION = "panopticon/impersonation/routes.py"
PRODUCT_APP = "product/app.py"
DEV_OUTBOX = "foundation/webserver/dev_outbox.py"
EMAIL_LINKS = "foundation/email/links.py"
PASSKEYS = "foundation/auth/passkeys.py"
PASSKEY_ROUTES = "product/passkeys/routes.py"
PASSKEYS_SQL = "product/passkeys/queries.sql"
PRODUCT_AUTH_SQL = "product/auth/queries.sql"
PRODUCT_SIGN_IN = "product/auth/sign_in.py"
OAUTH = "foundation/auth/oauth.py"
SSO = "foundation/auth/sso.py"
SSO_ROUTES = "product/sso/routes.py"
SSO_SQL = "product/sso/queries.sql"
SSO_METADATA_URL = "product/sso/metadata_url.py"
SIGN_IN_METHODS = "product/sign_in_methods/routes.py"
SIGN_IN_METHODS_SQL = "product/sign_in_methods/queries.sql"
BREACHED = "foundation/auth/breached.py"
PASSWORDS = "foundation/auth/passwords.py"
CAPTCHA = "foundation/auth/captcha.py"
AUTH_ROUTES = "product/auth/routes.py"
EMAIL_RENDER = "foundation/email/render.py"
OUTBOX = "foundation/email/outbox.py"
WEBHOOK_TARGETS = "foundation/webhooks/targets.py"
WEBHOOKS_SQL = "foundation/webhooks/queries.sql"
WEBHOOK_SENDER = "foundation/webhooks/sender.py"
ENV_FILE = "foundation/base/env.py"
WEBHOOK_ROUTES = "product/webhooks/routes.py"
WEBHOOK_SECRETS = "foundation/webhooks/secrets.py"
WEBHOOK_SECRETS_MIGRATION = "database/migrations/0033_webhook_secrets_sealed.sql"
PERMISSION_CHECK_MIGRATION = "database/migrations/0044_membership_permission_require.sql"
SECOND_FACTOR_MIGRATION = "database/migrations/0046_user_has_second_factor.sql"
PRODUCT_FRAMEWORK_APP = "product/framework/app.py"
API_KEYS = "product/api_keys/routes.py"
PRODUCT_AUDIT = "product/audit/routes.py"
RPC_STREAMS = "foundation/rpc/streams.py"
VAULT_CLI = "product/vault/cli.py"
EXPORT_WORKER = "product/exports/worker.py"
EXPORT_ROUTES = "product/exports/routes.py"
DOMAINS = "foundation/tenancy/domains.py"
DOMAIN_ROUTES = "product/domains/routes.py"
DOMAINS_SQL = "product/domains/queries.sql"
PIPELINE_SQL = "pipeline/queries.sql"
SCIM = "product/scim/endpoint.py"
SCIM_SQL = "product/scim/queries.sql"
SCIM_PROVISION_MIGRATION = "database/migrations/0050_scim_provision_user.sql"

# -- the tests run ----------------------------------------------------------------------
T_LOGIN = "foundation/auth/login_test.py"
T_RATELIMIT = "foundation/auth/ratelimit_test.py"
T_COOKIES = "foundation/auth/cookies_test.py"
T_FUNNEL = "foundation/auth/funnel_test.py"
T_SECOND_FACTOR = "foundation/auth/second_factor_test.py"
T_XACT = "database/xact_test.py"
T_SESSION_APP = "foundation/session_app/framework_test.py"
T_RLS = "database/rls_test.py"
T_MFA = "product/mfa/routes_test.py"
T_ACCOUNT = "product/account/routes_test.py"
T_AUTH = "product/auth/routes_test.py"
T_KEY_ROTATION = "product/auth/key_rotation_test.py"
T_MALFORMED_COOKIES = "product/app_test.py::test_malformed_cookies_are_signed_out_on_every_route"
T_SECURITY = "product/security_test.py"
T_SECURITY_HTTP = "product/security_http_test.py"
T_DOMAINS = "product/domains/routes_test.py"
T_HOUSEKEEPING = "pipeline/housekeeping_test.py"
T_INVITES = "product/invites/routes_test.py"
T_IMPERSONATION = "product/impersonation/routes_test.py"
T_FRAMEWORK = "product/framework/app_test.py"
T_SESSIONS = "foundation/auth/sessions_test.py"
T_READ_ONLY = "product/app_test.py::test_every_mutation_is_refused_while_impersonated"
T_ORGANIZATIONS = "product/organizations/routes_test.py"
T_RACES = "product/organizations/races_test.py"
T_PERMISSIONS = "product/permissions_test.py"
T_MFA_POLICY = "product/mfa_policy_test.py"
T_ADMIN_ROLES = "panopticon/roles_test.py"
T_ADMIN_AUTH = "panopticon/auth/routes_test.py"
T_ADMIN_SECURITY = "panopticon/security_test.py"
T_AUDIT = "panopticon/audit/audit_test.py"
T_AUDIT_ROUTES = "panopticon/audit/routes_test.py"
T_ADMIN_USERS = "panopticon/users/routes_test.py"
T_ADMIN_MFA_RESET = "panopticon/users/mfa_reset_test.py"
T_ADMIN_ACCOUNTS = "panopticon/accounts/routes_test.py"
T_ADMIN_IMPERSONATION = "panopticon/impersonation/routes_test.py"
T_PRODUCT_APP = "product/app_test.py"
T_WEB_APP = "foundation/webserver/app_test.py"
T_PASSKEYS = "product/passkeys/routes_test.py"
T_PASSKEY_FACTOR = "product/passkeys/second_factor_test.py"
T_PRODUCT_SESSIONS = "product/auth/sessions_test.py"
T_LOGIN_CODE = "product/sign_in_methods/login_code_test.py"
T_OAUTH = "product/sign_in_methods/oauth_test.py"
T_OAUTH_GITHUB = "product/sign_in_methods/oauth_github_test.py"
T_OAUTH_CLIENT = "foundation/auth/oauth_test.py"
T_SSO_OIDC = "product/sso/oidc_test.py"
T_SSO_SAML = "product/sso_saml_test.py"
T_SSO_METADATA_URL = "product/sso/metadata_url_test.py"
T_PROTECTION = "product/protection_test.py"
T_PROTECTION_HTTP = "product/protection_http_test.py"
T_EMAIL_RENDER = "foundation/email/render_test.py"
T_OUTBOX = "foundation/email/outbox_test.py"
T_WEBHOOK_TARGETS = "foundation/webhooks/targets_test.py"
T_WEBHOOK_SENDER = "foundation/webhooks/sender_test.py"
T_WEBHOOK_ROUTES = "product/webhooks/routes_test.py"
T_WEBHOOK_SECRETS = "foundation/webhooks/secrets_test.py"
T_WEBHOOK_SECRETS_HIDDEN = "database/rls_test.py::test_customer_never_reads_webhook_secrets"
T_API_KEYS = "product/api_keys/routes_test.py"
T_KEYS_REFUSED = "product/app_test.py::test_every_route_not_declared_for_keys_refuses_them"
T_TENANCY = "product/tenancy_property_test.py"
T_PRODUCT_AUDIT = "product/audit/routes_test.py"
T_AUDIT_EXPORT_HTTP = "product/audit_export_http_test.py"
T_VAULT_CLI = "product/vault/cli_test.py"
T_EXPORT_WORKER = "product/exports/worker_test.py"
T_EXPORT_ROUTES = "product/exports/routes_test.py"
T_EXPORT_HTTP = "product/exports_http_test.py"
T_SCIM_HTTP = "product/scim_http_test.py"
T_SCIM_PROVISION = "product/scim/provision_test.py"

m = mutation

MUTATIONS: list[Mutation] = [
    # -- the funnel: second-factor challenges --------------------------------------------
    m(
        "challenge.ttl-lengthened",
        FUNNEL,
        "CHALLENGE_TTL = datetime.timedelta(minutes=5)",
        "CHALLENGE_TTL = datetime.timedelta(minutes=6)",
        T_MFA,
    ),
    m(
        "challenge.expiry-inclusive",
        FUNNEL,
        "or row.expires_at <= now",
        "or row.expires_at < now",
        T_MFA,
    ),
    m(
        "challenge.attempts-off-by-one",
        FUNNEL,
        "or row.attempts >= CHALLENGE_ATTEMPTS",
        "or row.attempts > CHALLENGE_ATTEMPTS",
        T_MFA,
    ),
    m(
        "challenge.disabled-user-accepted",
        FUNNEL,
        "            or not row.user_active\n",
        "",
        T_MFA,
    ),
    m(
        "challenge.no-rate-limit",
        FUNNEL,
        'await rate_limit(q, "login_mfa", client=client, identifier=row.user_id)',
        "pass",
        T_MFA,
    ),
    m(
        "challenge.lockout-ignored",
        FUNNEL,
        "    if locked is not None:\n        raise locked\n    async with xact_admin() as q:\n"
        "        row = await q.orm.mfa_challenge_fetch(",
        "    async with xact_admin() as q:\n        row = await q.orm.mfa_challenge_fetch(",
        T_MFA,
        T_SECURITY,
    ),
    m(
        "challenge.completed-meanwhile-accepted",
        FUNNEL,
        "if row is None or row.completed_at is not None:\n"
        "            raise MFAChallengeInvalidError()  # completed meanwhile",
        "if row is None:\n            raise MFAChallengeInvalidError()  # completed meanwhile",
        T_MFA,
    ),
    m(
        "challenge.not-completed",
        FUNNEL,
        "await q.orm.mfa_challenge_complete(id=row.id, now=now)",
        "pass",
        T_MFA,
    ),
    m(
        "challenge.right-code-forgives-nothing",
        FUNNEL,
        "await factors.forgive(q, app, user_id=row.user_id, factor=factor, client=client)",
        "pass",
        T_MFA,
    ),
    # -- the funnel: signed-in re-checks, codes, sessions ---------------------------------
    m(
        "reauthenticate.no-rate-limit",
        FUNNEL,
        'await rate_limit(q, "reauthenticate", client=client, identifier=user_id)',
        "pass",
        T_MFA,
        T_SECURITY,
        T_ACCOUNT,
    ),
    m(
        "reauthenticate.lockout-ignored",
        FUNNEL,
        '    if locked is not None:\n        metric_count("login_lockouts_total", app=app)\n'
        "        raise locked\n    if not await verify_password",
        "    if not await verify_password",
        T_SECURITY,
    ),
    m(
        "reauthenticate.success-forgives-nothing",
        FUNNEL,
        "        await q.orm.auth_login_succeeded(email=key, app=app, client=client)",
        "        pass",
        T_MFA,
        T_SECURITY,
        T_ACCOUNT,
    ),
    m(
        "second-factor.not-counted",
        FUNNEL,
        "await _count_code_check(app, user_id, factor, client=client, now=CLOCK.now())",
        "pass",
        T_MFA,
    ),
    m(
        "code-check.no-rate-limit",
        FUNNEL,
        'await rate_limit(q, "second_factor", client=client, identifier=user_id)',
        "pass",
        T_MFA,
    ),
    m(
        "code-check.lockout-ignored",
        FUNNEL,
        "    if locked is not None:\n        raise locked\n\n\n@dataclass",
        "\n\n@dataclass",
        T_MFA,
    ),
    m(
        "new-account.any-user",
        FUNNEL,
        "if not await q.orm.auth_user_created_here(user_id=user_id):",
        "if False:",
        T_FUNNEL,
    ),
    m(
        "sign-in.enrollment-not-required",
        FUNNEL,
        "        if require_second_factor:\n            raise MFAEnrollmentRequiredError()\n",
        "",
        T_ADMIN_SECURITY,
    ),
    # -- the password lockout ---------------------------------------------------------
    m(
        "login.no-rate-limit",
        LOGIN,
        "await rate_limit(c, action, client=client, identifier=email)",
        "pass",
        T_ACCOUNT,
        T_LOGIN,
    ),
    m(
        "login.disabled-user-accepted",
        LOGIN,
        'accepted = matches and found.signup_step == "complete" and bool(found.is_enabled)',
        'accepted = matches and found.signup_step == "complete"',
        T_LOGIN,
    ),
    m(
        "login.allowed-ignored",
        LOGIN,
        "if accepted and allowed is not None and found.user_id is not None:",
        "if False:",
        T_ADMIN_AUTH,
    ),
    m(
        "login.success-forgives-nothing",
        LOGIN,
        "        await c.orm.auth_login_succeeded(email=email, app=app, client=client)",
        "        pass",
        T_LOGIN,
    ),
    m("login.more-failures", LOGIN, "LOCKOUT_FAILURES = 10", "LOCKOUT_FAILURES = 11", T_LOGIN),
    m(
        "login.shorter-window",
        LOGIN,
        "LOCKOUT_WINDOW = datetime.timedelta(minutes=15)",
        "LOCKOUT_WINDOW = datetime.timedelta(minutes=14)",
        T_LOGIN,
    ),
    # -- rate limits -------------------------------------------------------------------
    m(
        "ratelimit.target-shared-by-clients",
        RATELIMIT,
        "if action in PER_CLIENT_TARGET",
        "if action not in PER_CLIENT_TARGET",
        T_RATELIMIT,
    ),
    m(
        "ratelimit.login-target-shared",
        RATELIMIT,
        '        "login",\n        "login_mfa",\n',
        '        "login_mfa",\n',
        T_RATELIMIT,
        T_SECURITY_HTTP,
    ),
    m(
        "ratelimit.reset-request-limit-widened",
        RATELIMIT,
        '"password_reset_request": Limit(20, 5, _HOUR),',
        '"password_reset_request": Limit(200, 50, _HOUR),',
        T_RATELIMIT,
    ),
    m(
        "ratelimit.login-limit-widened",
        RATELIMIT,
        '"login": Limit(60, 30, _QUARTER),',
        '"login": Limit(600, 300, _QUARTER),',
        T_RATELIMIT,
    ),
    # -- TOTP and recovery codes -------------------------------------------------------
    m("totp.window-widened", FACTORS, "VALID_WINDOW = 1", "VALID_WINDOW = 2", T_MFA),
    m("totp.window-narrowed", FACTORS, "VALID_WINDOW = 1", "VALID_WINDOW = 0", T_MFA),
    m("totp.more-failures", FACTORS, "TOTP_FAILURES = 10", "TOTP_FAILURES = 11", T_MFA, T_SECURITY),
    m(
        "totp.lockout-per-client",
        FACTORS,
        'return EVERY_CLIENT if factor == "totp" else client',
        "return client",
        T_SECURITY,
    ),
    m(
        "totp.one-lockout-for-both-factors",
        FACTORS,
        '"recovery_code": "recovery",',
        '"recovery_code": "mfa",',
        T_SECURITY,
        T_SECOND_FACTOR,
    ),
    m(
        "totp.forgives-another-client",
        FACTORS,
        "email=lockout_key(user_id, factor), app=app, client=_lockout_client(factor, client)",
        "email=lockout_key(user_id, factor), app=app, client=client",
        T_MFA,
    ),
    m(
        "totp.unconfirmed-secret-checked",
        FACTORS,
        "if row is None or row.confirmed_at is None:",
        "if row is None:",
        T_MFA,
    ),
    m(
        "totp.replay-accepted",
        AUTH_SQL,
        "last_used_step < sqlc.arg(step)::bigint",
        "last_used_step <= sqlc.arg(step)::bigint",
        T_MFA,
    ),
    m(
        "recovery.any-users-code",
        AUTH_SQL,
        "WHERE user_id = @user_id AND code_hash = @code_hash AND used_at IS NULL",
        "WHERE code_hash = @code_hash AND used_at IS NULL",
        T_MFA,
    ),
    # -- sessions and cookies ----------------------------------------------------------
    m(
        "cookie.app-not-signed",
        COOKIES,
        'f"{app}:{session_id}".encode()',
        'f"{session_id}".encode()',
        T_COOKIES,
    ),
    m(
        "cookie.every-key-must-match",
        COOKIES,
        "return session_id if any(valid) else None",
        "return session_id if all(valid) else None",
        T_COOKIES,
    ),
    m(
        "cookie.signed-with-the-oldest-key",
        COOKIES,
        "ENV.session_secrets[0]",
        "ENV.session_secrets[-1]",
        T_COOKIES,
    ),
    m(
        "cookie.prefix-unchecked",
        COOKIES,
        "if match is None or match.group(1) != SESSION_PREFIX:",
        "if match is None:",
        T_COOKIES,
    ),
    m(
        "session.disabled-user-accepted",
        SESSIONS,
        "if row is None or not row.user_is_enabled:",
        "if row is None:",
        T_AUTH,
    ),
    m(
        "session.lookup-any-app",
        AUTH_SQL,
        "      AND sessions.app = @app\n",
        "",
        T_AUTH,
    ),
    m(
        "session.impersonator-any-admin",
        AUTH_SQL,
        "          AND admins.role = 'superadmin'\n",
        "",
        T_SECURITY,
    ),
    m(
        "session.impersonator-disabled-accepted",
        AUTH_SQL,
        "AND admin_users.is_enabled AND admin_users.deleted_at IS NULL",
        "AND admin_users.deleted_at IS NULL",
        T_SECURITY,
    ),
    m(
        "session.removed-membership-kept",
        AUTH_SQL,
        "    AND organizations_users.removed_at IS NULL\nLEFT JOIN organizations",
        "LEFT JOIN organizations",
        T_FRAMEWORK,
    ),
    # The replica's session lookup (AuthSessionRead) repeats AuthSessionLookup's rules.
    m("session-read.any-app", AUTH_SQL, "      AND s.app = @app\n", "", T_SESSIONS),
    m("session-read.ended-accepted", AUTH_SQL, "      AND s.expired_at IS NULL\n", "", T_SESSIONS),
    m(
        "session-read.expired-accepted",
        AUTH_SQL,
        "      AND s.expires_at > sqlc.arg(now)::timestamptz\n",
        "",
        T_SESSIONS,
    ),
    m(
        "session-read.impersonator-any-admin",
        AUTH_SQL,
        "          AND a.role = 'superadmin'\n",
        "",
        T_SESSIONS,
    ),
    m(
        "session-read.impersonator-disabled-accepted",
        AUTH_SQL,
        "          AND admin_user.is_enabled\n",
        "",
        T_SESSIONS,
    ),
    m(
        "session-read.removed-membership-kept",
        AUTH_SQL,
        "    AND m.removed_at IS NULL\n",
        "",
        T_SESSIONS,
    ),
    m(
        "session-read.unknown-session-signed-out",
        SESSION_APP,
        "if auth is None and pool is not None and unsign_session(self.name, cookie):",
        "if False:",
        "product/replicas_test.py",
    ),
    m(
        "session-read.lookup-writes-on-the-replica",
        SESSION_APP,
        "await authenticate(c, self.name, cookie, replica=pool is not None)",
        "await authenticate(c, self.name, cookie)",
        "product/replicas_test.py",
    ),
    m(
        "session.user-lock-disabled-accepted",
        AUTH_SQL,
        "  AND users.is_enabled\n  AND users.signup_step = 'complete'\nFOR SHARE;",
        "  AND users.signup_step = 'complete'\nFOR SHARE;",
        T_SECURITY,
        T_INVITES,
        T_FUNNEL,
    ),
    m(
        "session.user-lock-not-shared",
        AUTH_SQL,
        "  AND users.signup_step = 'complete'\nFOR SHARE;",
        "  AND users.signup_step = 'complete';",
        T_SECURITY,
        T_FUNNEL,
    ),
    # -- RLS context and the session-app framework -------------------------------------
    m(
        "xact.customer-role-not-set",
        XACT,
        '"BEGIN; SET LOCAL ROLE customer; "',
        '"BEGIN; "',
        T_XACT,
        T_RLS,
    ),
    m(
        "xact.user-context-outlives-the-transaction",
        XACT,
        "SET LOCAL app.current_user_id = '{user_id}'",
        "SET app.current_user_id = '{user_id}'",
        T_RLS,
    ),
    m(
        "framework.customer-route-runs-as-admin",
        SESSION_APP,
        "opener = functools.partial(\n"
        "                self.db.xact_customer,\n"
        "                user=auth.user.id,\n"
        "                organization=organization,\n"
        "                pool=pool,\n"
        "                check=check,\n"
        "            )",
        "opener = functools.partial(self.db.xact_admin, pool=pool)",
        T_FRAMEWORK,
    ),
    m(
        "framework.customer-organization-dropped",
        SESSION_APP,
        "organization = auth.organization.id if auth.organization else None",
        "organization = None",
        T_FRAMEWORK,
    ),
    m(
        "framework.policy-skipped",
        SESSION_APP,
        "if auth is not None and self.policy is not None:",
        "if False:",
        T_ADMIN_AUTH,
    ),
    m(
        "framework.guard-skipped",
        SESSION_APP,
        "if auth is not None and self.guard is not None:",
        "if False:",
        T_IMPERSONATION,
        T_READ_ONLY,
    ),
    m(
        "framework.confirm-skipped",
        SESSION_APP,
        "        if level.confirm is None:\n            return opener\n",
        "        return opener\n",
        T_ADMIN_ROLES,
    ),
    m(
        "framework.signed-in-level-unchecked",
        SESSION_APP,
        "if auth is None and level.signed_in:",
        "if False:",
        T_SESSION_APP,
    ),
    m(
        "framework.unverified-cookie-cleared",
        SESSION_APP,
        "return well_formed(cookie) and unsign_session(app, cookie) is None",
        "return False",
        T_SESSION_APP,
        T_KEY_ROTATION,
    ),
    m(
        "framework.dead-session-cookie-kept",
        SESSION_APP,
        "return well_formed(cookie) and unsign_session(app, cookie) is None",
        "return True",
        T_SESSION_APP,
        T_AUTH,
        T_KEY_ROTATION,
    ),
    m(
        "framework.malformed-cookie-kept",
        SESSION_APP,
        "return well_formed(cookie) and unsign_session(app, cookie) is None",
        "return unsign_session(app, cookie) is None",
        T_MALFORMED_COOKIES,
    ),
    m(
        "cookie.signature-shape-unchecked",
        COOKIES,
        "if _SIGNATURE.fullmatch(signature) is None:",
        "if False:",
        T_COOKIES,
    ),
    # -- impersonation -----------------------------------------------------------------
    m(
        "impersonation.extra-route-allowed",
        IMPERSONATION_GUARD,
        '{"logout", "organization_switch", "impersonation_end", "impersonation_accept"}',
        '{"logout", "organization_switch", "impersonation_end", "impersonation_accept",'
        ' "organization_update"}',
        T_IMPERSONATION,
    ),
    m(
        "impersonation.token-reused",
        IMPERSONATION_SQL,
        "  AND impersonations.accepted_at IS NULL\n",
        "",
        T_IMPERSONATION,
    ),
    m(
        "impersonation.token-of-a-demoted-admin",
        IMPERSONATION_SQL,
        "admins.user_id = impersonations.admin_user_id AND admins.role = 'superadmin')",
        "admins.user_id = impersonations.admin_user_id)",
        T_IMPERSONATION,
    ),
    m(
        "impersonation.token-for-a-disabled-user",
        IMPERSONATION_SQL,
        "WHERE users.id = impersonations.user_id AND users.is_enabled)",
        "WHERE users.id = impersonations.user_id)",
        T_IMPERSONATION,
    ),
    m(
        "impersonation.start-for-a-disabled-user",
        ADMIN_IMPERSONATION,
        "    if not user.is_enabled:\n        raise UserDisabledError(user_id=user.id)\n",
        "",
        T_ADMIN_IMPERSONATION,
    ),
    m(
        "admin-policy.impersonated-sessions-accepted",
        ADMIN_ROLES,
        "if auth.admin_role is None or auth.impersonator is not None:",
        "if auth.admin_role is None:",
        T_ADMIN_IMPERSONATION,
        T_ADMIN_AUTH,
    ),
    # -- admin roles and the audit log ---------------------------------------------------
    m(
        "admin-policy.non-admins-accepted",
        ADMIN_ROLES,
        "if auth.admin_role is None or auth.impersonator is not None:",
        "if auth.impersonator is not None:",
        T_ADMIN_AUTH,
    ),
    m(
        "admin-role.revoked-admin-passes",
        ADMIN_ROLES,
        "    if role is None:\n        raise UnauthorizedError()",
        "    if role is None and False:\n        raise UnauthorizedError()",
        T_ADMIN_ROLES,
    ),
    m(
        "admin-role.support-passes-as-superadmin",
        ADMIN_ROLES,
        'if role != "superadmin":',
        "if role not in ADMIN_ROLES:",
        T_ADMIN_ROLES,
    ),
    m(
        "admin-role.lock-not-shared",
        ADMINS_SQL,
        "WHERE admins.user_id = @user_id FOR SHARE;",
        "WHERE admins.user_id = @user_id;",
        T_ADMIN_ROLES,
    ),
    m(
        "audit.no-admin-recorded",
        AUDIT,
        "admin_user_id=req.admin.id,",
        "admin_user_id=None,",
        T_AUDIT,
        T_AUDIT_ROUTES,
        T_ADMIN_USERS,
    ),
    m(
        "audit.reason-dropped",
        AUDIT,
        "        reason=reason,\n        diff=dict(diff or {}),",
        '        reason="",\n        diff=dict(diff or {}),',
        T_AUDIT,
        T_ADMIN_USERS,
    ),
    m(
        "audit.support-reads-every-entry",
        AUDIT_ROUTES,
        'if await current_role(req.q, req.admin.id) != "superadmin":',
        "if False:",
        T_AUDIT_ROUTES,
    ),
    m(
        "audit.support-asks-for-another-admin",
        AUDIT_ROUTES,
        "        if admin_id is not None and admin_id != req.admin.id:\n"
        '            raise AdminInsufficientRoleError(role="support", required="superadmin")\n',
        "",
        T_AUDIT_ROUTES,
    ),
    m(
        "audit.list-admin-filter-dropped",
        AUDIT_SQL,
        "OR admin_audit_log.admin_user_id = sqlc.narg(admin_user_id))",
        "OR TRUE)",
        T_AUDIT_ROUTES,
    ),
    m(
        "audit.mfa-reset-unrecorded",
        ADMIN_USERS,
        '    await audit(\n        req,\n        "user.mfa_reset",',
        '    dict(\n        req=req,\n        action="user.mfa_reset",',
        T_ADMIN_MFA_RESET,
    ),
    m(
        "audit.impersonation-unrecorded",
        ADMIN_IMPERSONATION,
        '    await audit(\n        req,\n        "user.impersonate",',
        '    dict(\n        req=req,\n        action="user.impersonate",',
        T_ADMIN_IMPERSONATION,
    ),
    # -- organization roles ------------------------------------------------------------
    m(
        "roles.any-role-allowed",
        PRODUCT_ROLES,
        "    if role not in allowed:\n        raise InsufficientRoleError(role=role)",
        "    if False:\n        raise InsufficientRoleError(role=role)",
        T_ORGANIZATIONS,
    ),
    m(
        "roles.member-lock-skipped",
        PRODUCT_ROLES,
        "    await memberships.lock_members(q, req.organization.id)\n",
        "",
        T_RACES,
    ),
    m(
        "roles.removed-member-keeps-role",
        TENANCY_SQL,
        "WHERE user_id = @user_id AND organization_id = @organization_id AND removed_at IS NULL;",
        "WHERE user_id = @user_id AND organization_id = @organization_id;",
        T_ORGANIZATIONS,
    ),
    m(
        "roles.last-owner-off-by-one",
        MEMBERSHIPS,
        "organization_owners_count(organization_id=organization_id) <= 1:",
        "organization_owners_count(organization_id=organization_id) < 1:",
        T_ORGANIZATIONS,
    ),
    m(
        "roles.last-owner-removed",
        MEMBERSHIPS,
        '    if current == "owner":\n        await ensure_another_owner(q, organization_id)\n'
        "    await q.orm.member_remove(",
        "    await q.orm.member_remove(",
        T_ORGANIZATIONS,
    ),
    m(
        "roles.admin-removes-an-owner",
        ORGANIZATIONS,
        '    if target == "owner":\n        check_role(role, "owner")\n',
        "",
        T_ORGANIZATIONS,
    ),
    m(
        "roles.admin-changes-roles",
        PERMISSIONS,
        'ADMIN_WITHHELD = frozenset({ROLES_MANAGE, SECURITY_MANAGE, BILLING_MANAGE, "scim:manage"})',
        'ADMIN_WITHHELD = frozenset({SECURITY_MANAGE, BILLING_MANAGE, "scim:manage"})',
        T_PERMISSIONS,
    ),
    m(
        "roles.admin-makes-an-owner",
        ORGANIZATIONS,
        '    if "owner" in (current, data.role):\n        check_role(caller, "owner")\n',
        "",
        T_PERMISSIONS,
    ),
    # -- required two-factor --------------------------------------------------------------
    m(
        "mfa-policy.second-factor-not-checked",
        MFA_POLICY,
        "    if auth.second_factor_missing:",
        "    if False:",
        T_MFA_POLICY,
    ),
    m(
        "mfa-policy.not-in-the-guard",
        PRODUCT_FRAMEWORK_APP,
        "    require_second_factor(route, auth)\n",
        "",
        T_MFA_POLICY,
    ),
    m(
        "mfa-policy.every-organization-requires-it",
        AUTH_SQL,
        "    coalesce(organizations.require_mfa AND NOT user_has_second_factor(",
        "    coalesce(NOT user_has_second_factor(",
        T_MFA_POLICY,
        T_SESSIONS,
    ),
    m(
        "mfa-policy.unconfirmed-totp-counts",
        SECOND_FACTOR_MIGRATION,
        "WHERE mfa_totp.user_id = target_user_id AND mfa_totp.confirmed_at IS NOT NULL",
        "WHERE mfa_totp.user_id = target_user_id",
        T_SESSIONS,
    ),
    m(
        "mfa-policy.anyones-totp-counts",
        SECOND_FACTOR_MIGRATION,
        "WHERE mfa_totp.user_id = target_user_id AND ",
        "WHERE ",
        T_SESSIONS,
    ),
    m(
        "mfa-policy.anyones-passkey-counts",
        SECOND_FACTOR_MIGRATION,
        "WHERE passkeys.user_id = target_user_id AND ",
        "WHERE ",
        T_SESSIONS,
    ),
    m(
        "mfa-policy.sign-in-passkey-counts",
        SECOND_FACTOR_MIGRATION,
        "WHERE passkeys.user_id = target_user_id AND passkeys.second_factor",
        "WHERE passkeys.user_id = target_user_id",
        T_SESSIONS,
    ),
    m(
        "session-read.every-organization-requires-a-second-factor",
        AUTH_SQL,
        "    coalesce(o.require_mfa AND NOT user_has_second_factor(",
        "    coalesce(NOT user_has_second_factor(",
        T_SESSIONS,
    ),
    m(
        "session-read.second-factor-never-missing",
        AUTH_SQL,
        "AND NOT user_has_second_factor(live.user_id)",
        "AND false",
        T_SESSIONS,
    ),
    m(
        "mfa-policy.owner-locks-themselves-out",
        ORGANIZATIONS,
        "    if req.data.require_mfa and not await q.orm.mfa_enabled(user_id=req.user.id):",
        "    if False:",
        T_MFA_POLICY,
    ),
    # -- permissions ---------------------------------------------------------------------
    m(
        "permissions.check-skipped",
        PERMISSION_CHECK_MIGRATION,
        "    ELSIF caller_role = ANY (roles_holding) THEN",
        "    ELSIF true THEN",
        T_PERMISSIONS,
    ),
    m(
        "permissions.database-custom-role-for-any-role",
        PERMISSION_CHECK_MIGRATION,
        "    IF caller_role = 'member' AND caller_custom IS NOT NULL THEN",
        "    IF caller_custom IS NOT NULL THEN",
        T_PERMISSIONS,
    ),
    m(
        "permissions.database-custom-role-ignored",
        PERMISSION_CHECK_MIGRATION,
        "        IF permission = ANY (caller_custom) THEN",
        "        IF false THEN",
        T_PERMISSIONS,
    ),
    m(
        "permissions.non-member-told-insufficient-role",
        PERMISSION_CHECK_MIGRATION,
        "    IF caller_role IS NULL THEN\n"
        "        RAISE EXCEPTION 'not a member of the organization' USING ERRCODE = 'BL401';\n"
        "    END IF;\n",
        "",
        T_XACT,
    ),
    m(
        "permissions.folded-check-dropped",
        SESSION_APP,
        "                check=check,\n",
        "",
        T_PERMISSIONS,
    ),
    m(
        "permissions.folded-refusal-untyped",
        SESSION_APP,
        "        raise refused(e) from None",
        "        raise",
        T_PERMISSIONS,
    ),
    m(
        "permissions.key-check-skipped",
        SESSION_APP,
        "        if access.permission is not None and self.permissions is not None and check is None:",
        "        if False:",
        T_API_KEYS,
    ),
    m(
        "permissions.member-lock-skipped",
        PERMISSION_CHECK_MIGRATION,
        "        PERFORM 1 FROM organizations WHERE organizations.id = target_organization_id"
        " FOR UPDATE;\n",
        "",
        T_RACES,
    ),
    m(
        "permissions.writes-skip-the-member-lock",
        SESSION_APP,
        "check = self.permissions.check(auth, access.permission, writes=writes)",
        "check = self.permissions.check(auth, access.permission, writes=False)",
        T_RACES,
    ),
    m(
        "permissions.reads-wait-for-the-member-lock",
        SESSION_APP,
        "check = self.permissions.check(auth, access.permission, writes=writes)",
        "check = self.permissions.check(auth, access.permission, writes=True)",
        T_RACES,
    ),
    m(
        "permissions.custom-role-for-any-role",
        PERMISSIONS,
        '    if custom is None or role != "member":',
        "    if custom is None:",
        T_PERMISSIONS,
    ),
    m(
        "permissions.member-holds-everything",
        PERMISSIONS,
        "    return MEMBER_HOLDS\n",
        "    return frozenset(PERMISSIONS)\n",
        T_PERMISSIONS,
    ),
    m(
        "permissions.custom-role-of-another-organization",
        ORGANIZATIONS,
        "            raise RoleNotFoundError(role_id=data.custom_role_id)\n",
        "            pass\n",
        T_PERMISSIONS,
    ),
    m(
        "roles.admin-invites-an-owner",
        INVITES,
        '        if req.data.role == "owner":\n            check_role(await lock_members(q, req), "owner")\n',
        "",
        T_INVITES,
    ),
    # -- account codes: password reset, verification ------------------------------------
    m(
        "reset.request-not-rate-limited",
        ACCOUNT,
        '    await rate_limit(q, "password_reset_request", client=req.client, identifier=req.data.email)\n',
        "",
        T_ACCOUNT,
    ),
    m(
        "reset.code-for-a-disabled-user",
        ACCOUNT_SQL,
        "WHERE lower(users.email) = lower(@email) AND users.is_enabled AND users.deleted_at IS NULL",
        "WHERE lower(users.email) = lower(@email) AND users.deleted_at IS NULL",
        T_ACCOUNT,
    ),
    m(
        "reset.lockout-not-lifted",
        ACCOUNT_SQL,
        "        (SELECT lower(users.email) FROM users WHERE users.id = @user_id),\n",
        "",
        T_ACCOUNT,
    ),
    m(
        "reset.sessions-kept",
        ACCOUNT_SQL,
        "    WHERE sessions.user_id = @user_id AND sessions.expired_at IS NULL\n), revoked AS (",
        "    WHERE FALSE\n), revoked AS (",
        T_ACCOUNT,
    ),
    m(
        "reset.second-factor-skipped",
        ACCOUNT,
        '"password_reset", redeemed.user_id if redeemed else None, ResetCodeInvalidError()\n',
        '"password_reset",\n            redeemed.user_id if redeemed else None,\n'
        "            ResetCodeInvalidError(),\n            asks_second_factor=False,\n",
        T_SECURITY,
    ),
    m(
        "codes.redeem-any-purpose",
        ACCOUNT_SQL,
        "UPDATE user_codes SET used_at = sqlc.arg(now)::timestamptz\n"
        "WHERE user_codes.code_hash = @code_hash AND user_codes.purpose = @purpose",
        "UPDATE user_codes SET used_at = sqlc.arg(now)::timestamptz\n"
        "WHERE user_codes.code_hash = @code_hash",
        T_ACCOUNT,
    ),
    m(
        "codes.peek-any-purpose",
        ACCOUNT_SQL,
        "JOIN users ON users.id = user_codes.user_id\n"
        "WHERE user_codes.code_hash = @code_hash AND user_codes.purpose = @purpose",
        "JOIN users ON users.id = user_codes.user_id\nWHERE user_codes.code_hash = @code_hash",
        T_ACCOUNT,
    ),
    m(
        "codes.redeemed-twice",
        ACCOUNT_SQL,
        "  AND user_codes.used_at IS NULL AND user_codes.revoked_at IS NULL\n"
        "  AND user_codes.expires_at > sqlc.arg(now)::timestamptz\nRETURNING",
        "  AND user_codes.revoked_at IS NULL\n"
        "  AND user_codes.expires_at > sqlc.arg(now)::timestamptz\nRETURNING",
        T_ACCOUNT,
    ),
    m(
        "codes.peek-disabled-user",
        ACCOUNT_SQL,
        "  AND users.is_enabled AND users.deleted_at IS NULL;",
        "  AND users.deleted_at IS NULL;",
        T_ACCOUNT,
    ),
    # -- invites ------------------------------------------------------------------------
    m(
        "invites.signed-in-as-another-user",
        INVITES,
        "if req.user is None or req.user.id != invite.user_id or req.session_id is None:",
        "if req.user is None or req.session_id is None:",
        T_INVITES,
        T_SECURITY_HTTP,
    ),
    m(
        "invites.join-without-user-recheck",
        INVITES,
        "        user = await q.orm.auth_user_lock(user_id=user_id)\n"
        "        if user is None:\n            raise InvalidCredentialsError()\n",
        "        user = await q.orm.user_fetch(id=user_id)\n",
        T_INVITES,
        T_SECURITY,
    ),
    m(
        "invites.accepted-invite-locked",
        INVITES_SQL,
        "WHERE invites.id = @id AND invites.accepted_at IS NULL AND invites.revoked_at IS NULL",
        "WHERE invites.id = @id AND invites.revoked_at IS NULL",
        T_INVITES,
    ),
    # -- passkeys: the funnel's passwordless sign-in and second factor -------------------
    m(
        "passkey.no-rate-limit",
        FUNNEL,
        'await rate_limit(q, "login", client=client, identifier=key)',
        "pass",
        T_PASSKEYS,
    ),
    m(
        "passkey.lockout-ignored",
        FUNNEL,
        '    if locked is not None:\n        metric_count("login_lockouts_total", app=app)\n'
        "        raise locked\n    async with xact_admin() as q:\n        user_id = await _use_passkey(",
        "    async with xact_admin() as q:\n        user_id = await _use_passkey(",
        T_PASSKEYS,
    ),
    m(
        "passkey.lockout-apart-from-passwords",
        FUNNEL,
        "key = row.user_email if row is not None else f\"passkey:{(raw_id or b'').hex()}\"",
        "key = f\"passkey:{(raw_id or b'').hex()}\"",
        T_PASSKEYS,
    ),
    m(
        "passkey.success-forgives-nothing",
        FUNNEL,
        "            await q.orm.auth_login_succeeded(email=key, client=client, app=app)",
        "            pass",
        T_PASSKEYS,
    ),
    m(
        "passkey.another-users-passkey-accepted",
        FUNNEL,
        "if row is None or (owner is not None and row.user_id != owner):",
        "if row is None:",
        T_PASSKEYS,
    ),
    m(
        "passkey.counter-not-checked",
        FUNNEL,
        "credential, challenge, public_key=row.public_key, sign_count=row.sign_count",
        "credential, challenge, public_key=row.public_key, sign_count=0",
        T_PASSKEYS,
    ),
    m(
        "passkey.counter-not-recorded",
        FUNNEL,
        "    await q.orm.passkey_used(id=row.id, sign_count=sign_count, now=CLOCK.now())\n",
        "",
        T_PASSKEYS,
    ),
    m(
        "passkey.second-factor-asked-after-user-verification",
        FUNNEL,
        'return _passed(user_id, "passkey", asks_second_factor=False)',
        'return _passed(user_id, "passkey")',
        T_PASSKEYS,
    ),
    m(
        "passkey.assertion-without-user-verification",
        PASSKEYS,
        "            credential_current_sign_count=sign_count,\n"
        "            require_user_verification=True,",
        "            credential_current_sign_count=sign_count,\n"
        "            require_user_verification=False,",
        T_PASSKEYS,
    ),
    # -- a passkey set as second factor --------------------------------------------------
    m(
        "passkey-factor.not-asked-for",
        FUNNEL,
        'if factors.totp or (factors.passkey and app == "product"):',
        "if factors.totp:",
        T_PASSKEY_FACTOR,
    ),
    m(
        "passkey-factor.asked-for-in-panopticon",
        FUNNEL,
        'if factors.totp or (factors.passkey and app == "product"):',
        "if factors.totp or factors.passkey:",
        T_ADMIN_SECURITY,
    ),
    m(
        "passkey-factor.any-passkey-counts",
        AUTH_SQL,
        "        SELECT 1 FROM passkeys WHERE user_id = sqlc.arg(user_id)::text AND second_factor\n"
        "    ) AS passkey;",
        "        SELECT 1 FROM passkeys WHERE user_id = sqlc.arg(user_id)::text\n    ) AS passkey;",
        T_PASSKEY_FACTOR,
    ),
    m(
        "passkey-factor.set-without-recent-proof",
        PASSKEY_ROUTES,
        "    await _require_recent_authentication(req)\n    q, user_id = req.q, req.user.id\n"
        "    await q.orm.passkey_owner_lock(user_id=user_id)\n"
        "    before = await q.orm.mfa_enabled(user_id=user_id)\n    row =",
        "    q, user_id = req.q, req.user.id\n"
        "    await q.orm.passkey_owner_lock(user_id=user_id)\n"
        "    before = await q.orm.mfa_enabled(user_id=user_id)\n    row =",
        T_PASSKEY_FACTOR,
    ),
    m(
        "passkey-factor.another-users-passkey-set",
        PASSKEYS_SQL,
        "                                user_id, sqlc.arg(now)::timestamptz)\n"
        "WHERE id = @id AND user_id = @user_id",
        "                                user_id, sqlc.arg(now)::timestamptz)\n"
        "WHERE id = @id AND (user_id = @user_id OR true)",
        T_PASSKEY_FACTOR,
    ),
    m(
        "passkey.registration-without-user-verification",
        PASSKEYS,
        "            expected_origin=ENV.webauthn_origin_list,\n"
        "            require_user_verification=True,\n        )\n    except",
        "            expected_origin=ENV.webauthn_origin_list,\n"
        "            require_user_verification=False,\n        )\n    except",
        T_PASSKEYS,
    ),
    m(
        "passkey.challenge-ttl-lengthened",
        PASSKEYS,
        "CHALLENGE_TTL = datetime.timedelta(minutes=5)",
        "CHALLENGE_TTL = datetime.timedelta(minutes=6)",
        T_PASSKEYS,
    ),
    m(
        "passkey.challenge-reused",
        AUTH_SQL,
        "  AND user_id IS NOT DISTINCT FROM sqlc.narg(user_id)\n  AND used_at IS NULL\n",
        "  AND user_id IS NOT DISTINCT FROM sqlc.narg(user_id)\n",
        T_PASSKEYS,
    ),
    m(
        "passkey.challenge-never-expires",
        AUTH_SQL,
        "  AND used_at IS NULL\n  AND expires_at > sqlc.arg(now)::timestamptz\nRETURNING id;",
        "  AND used_at IS NULL\nRETURNING id;",
        T_PASSKEYS,
    ),
    m(
        "passkey.challenge-expiry-inclusive",
        AUTH_SQL,
        "  AND used_at IS NULL\n  AND expires_at > sqlc.arg(now)::timestamptz\nRETURNING id;",
        "  AND used_at IS NULL\n  AND expires_at >= sqlc.arg(now)::timestamptz\nRETURNING id;",
        T_PASSKEYS,
    ),
    m(
        "passkey.challenge-any-purpose",
        AUTH_SQL,
        "WHERE challenge_hash = @challenge_hash\n  AND purpose = @purpose\n",
        "WHERE challenge_hash = @challenge_hash\n",
        T_PASSKEYS,
    ),
    m(
        "passkey.challenge-any-user",
        AUTH_SQL,
        "  AND user_id IS NOT DISTINCT FROM sqlc.narg(user_id)\n",
        "",
        T_PASSKEYS,
    ),
    m(
        "passkey.recent-proof-lengthened",
        PASSKEY_ROUTES,
        "RECENT_AUTHENTICATION = datetime.timedelta(minutes=10)",
        "RECENT_AUTHENTICATION = datetime.timedelta(minutes=11)",
        T_PASSKEYS,
    ),
    m(
        "passkey.recent-proof-boundary",
        PASSKEY_ROUTES,
        "or session.authenticated_at <= CLOCK.now() - RECENT_AUTHENTICATION",
        "or session.authenticated_at < CLOCK.now() - RECENT_AUTHENTICATION",
        T_PASSKEYS,
    ),
    m(
        "passkey.delete-without-recent-proof",
        PASSKEY_ROUTES,
        "        raise ReauthenticationRequiredError()\n",
        "        pass\n",
        T_PASSKEYS,
    ),
    m(
        "passkey.delete-anyones",
        PASSKEYS_SQL,
        "DELETE FROM passkeys WHERE passkeys.id = @id AND passkeys.user_id = @user_id",
        "DELETE FROM passkeys WHERE passkeys.id = @id",
        T_PASSKEYS,
    ),
    m(
        "passkey.rename-anyones",
        PASSKEYS_SQL,
        "'renamed', user_id, sqlc.arg(now)::timestamptz)\n"
        "WHERE id = @id AND user_id = @user_id\nRETURNING *;",
        "'renamed', user_id, sqlc.arg(now)::timestamptz)\nWHERE id = @id\nRETURNING *;",
        T_PASSKEYS,
    ),
    m(
        "passkey.wrong-password-reauthenticates",
        PASSKEY_ROUTES,
        "        await funnel.reauthenticate(PRODUCT.name, user_id, data.password, client=req.client)\n",
        "        pass\n",
        T_PASSKEYS,
    ),
    m(
        "passkey.empty-reauthentication-accepted",
        PASSKEY_ROUTES,
        "    else:\n        raise InvalidCredentialsError()\n",
        "",
        T_PASSKEYS,
    ),
    # -- sessions users recognise ------------------------------------------------------------
    m(
        "sessions.revoke-others-ends-this-one",
        PRODUCT_AUTH_SQL,
        "AND expired_at IS NULL AND id <> @session_id;",
        "AND expired_at IS NULL;",
        T_PRODUCT_SESSIONS,
    ),
    m(
        "sessions.new-device-unnoticed",
        PRODUCT_SIGN_IN,
        "    if passed.impersonator_user_id is None:\n        await _notice_new_device(q, outcome)\n",
        "",
        T_PRODUCT_SESSIONS,
    ),
    m(
        "sessions.every-sign-in-noticed",
        PRODUCT_SIGN_IN,
        "if not earlier or any(same_device(session.user_agent, e.user_agent) for e in earlier):",
        "if not earlier:",
        T_PRODUCT_SESSIONS,
    ),
    m(
        "sessions.first-sign-in-noticed",
        PRODUCT_SIGN_IN,
        "if not earlier or any(same_device(session.user_agent, e.user_agent) for e in earlier):",
        "if any(same_device(session.user_agent, e.user_agent) for e in earlier):",
        T_PRODUCT_SESSIONS,
    ),
    # -- development helpers, never in production -----------------------------------------
    m(
        "dev.pages-in-production",
        PRODUCT_APP,
        "    if not ENV.is_production:\n        add_dev_pages(app)",
        "    if True:\n        add_dev_pages(app)",
        T_PRODUCT_APP,
    ),
    m(
        "dev.mailbox-in-production",
        DEV_OUTBOX,
        'if ENV.environment == "production" or ENV.email_backend != "maildir":',
        'if ENV.email_backend != "maildir":',
        T_WEB_APP,
    ),
    m(
        "dev.impersonation-link-in-production",
        EMAIL_LINKS,
        "if not template and not ENV.is_production:",
        "if not template:",
        T_ADMIN_IMPERSONATION,
    ),
    # -- email-code sign-in (funnel.login_code, LoginCodeIssue/LoginCodeCheck) -----------
    m(
        "login_code.no-rate-limit",
        FUNNEL,
        'await rate_limit(q, "login_code_verify", client=client, identifier=email)',
        "pass",
        T_LOGIN_CODE,
    ),
    m(
        "login_code.lockout-ignored",
        FUNNEL,
        "        raise locked\n    async with xact_admin() as q:\n        user_id = await q.orm.login_code_check(",
        "        pass\n    async with xact_admin() as q:\n        user_id = await q.orm.login_code_check(",
        T_LOGIN_CODE,
    ),
    m(
        "login_code.more-attempts",
        FUNNEL,
        "LOGIN_CODE_ATTEMPTS = 5",
        "LOGIN_CODE_ATTEMPTS = 6",
        T_LOGIN_CODE,
    ),
    m(
        "login_code.attempts-off-by-one",
        AUTH_SQL,
        "AND login_codes.attempts < sqlc.arg(max_attempts)::bigint",
        "AND login_codes.attempts <= sqlc.arg(max_attempts)::bigint",
        T_LOGIN_CODE,
    ),
    m(
        "login_code.wrong-guesses-not-counted",
        AUTH_SQL,
        "UPDATE login_codes SET attempts = login_codes.attempts + 1",
        "UPDATE login_codes SET attempts = login_codes.attempts",
        T_LOGIN_CODE,
    ),
    m(
        "login_code.used-code-accepted",
        AUTH_SQL,
        "AND login_codes.used_at IS NULL AND login_codes.revoked_at IS NULL",
        "AND login_codes.revoked_at IS NULL",
        T_LOGIN_CODE,
    ),
    m(
        "login_code.revoked-code-accepted",
        AUTH_SQL,
        "AND login_codes.used_at IS NULL AND login_codes.revoked_at IS NULL",
        "AND login_codes.used_at IS NULL",
        T_LOGIN_CODE,
    ),
    m(
        "login_code.expired-code-accepted",
        AUTH_SQL,
        "AND login_codes.expires_at > sqlc.arg(now)::timestamptz",
        "AND login_codes.expires_at > sqlc.arg(now)::timestamptz - interval '1 hour'",
        T_LOGIN_CODE,
    ),
    m(
        "login_code.address-not-verified",
        AUTH_SQL,
        "    WHERE users.id = (SELECT target.user_id FROM target WHERE target.right_code)",
        "    WHERE false",
        T_LOGIN_CODE,
    ),
    m(
        "login_code.older-codes-not-revoked",
        SIGN_IN_METHODS_SQL,
        "    WHERE login_codes.user_id = (SELECT target.id FROM target)",
        "    WHERE false",
        T_LOGIN_CODE,
    ),
    m(
        "login_code.lifetime-lengthened",
        SIGN_IN_METHODS,
        "LOGIN_CODE_LIFETIME = datetime.timedelta(minutes=10)",
        "LOGIN_CODE_LIFETIME = datetime.timedelta(minutes=11)",
        T_LOGIN_CODE,
    ),
    m(
        "login_code.request-not-rate-limited",
        SIGN_IN_METHODS,
        'await rate_limit(q, "login_code_request", client=req.client, identifier=email)',
        "pass",
        T_LOGIN_CODE,
    ),
    # -- social login (funnel.oauth, foundation/auth/oauth.py, the routes) ---------------
    m(
        "oauth.no-rate-limit",
        FUNNEL,
        'await rate_limit(q, "oauth_complete", client=client, identifier="oauth")',
        "pass",
        T_OAUTH,
    ),
    m(
        "oauth.state-not-bound-to-the-browser",
        FUNNEL,
        "if browser_state is None or not hmac.compare_digest(hash_code(browser_state), state_hash):",
        "if False:",
        T_OAUTH,
    ),
    m(
        "oauth.state-replayed",
        AUTH_SQL,
        "  AND oauth_states.used_at IS NULL\n",
        "",
        T_OAUTH,
    ),
    m(
        "oauth.state-expiry-ignored",
        AUTH_SQL,
        "  AND oauth_states.expires_at > sqlc.arg(now)::timestamptz",
        "  AND oauth_states.expires_at > sqlc.arg(now)::timestamptz - interval '1 hour'",
        T_OAUTH,
    ),
    m(
        "oauth.state-lifetime-lengthened",
        SIGN_IN_METHODS,
        "STATE_LIFETIME = datetime.timedelta(minutes=10)",
        "STATE_LIFETIME = datetime.timedelta(minutes=11)",
        T_OAUTH,
    ),
    m(
        "oauth.nonce-unchecked",
        OAUTH,
        'if not hmac.compare_digest(hash_code(str(claims["nonce"])), nonce_hash):',
        "if False:",
        T_OAUTH,
        T_OAUTH_CLIENT,
    ),
    m(
        "oauth.issuer-unchecked",
        OAUTH,
        'iss={"essential": True, "value": _expected_issuer(str(meta["issuer"]), claims)},',
        'iss={"essential": True},',
        T_OAUTH_CLIENT,
    ),
    m(
        "oauth.tenant-issuer-any",
        OAUTH,
        'return issuer.replace("{tenantid}", str(claims.get("tid", "")))',
        'return str(claims.get("iss", ""))',
        T_OAUTH_CLIENT,
    ),
    m(
        "oauth.audience-unchecked",
        OAUTH,
        'aud={"essential": True, "value": provider.client_id},',
        'aud={"essential": True},',
        T_OAUTH_CLIENT,
    ),
    m(
        "oauth.authorized-party-unchecked",
        OAUTH,
        'if len(audiences) > 1 and claims.get("azp") != provider.client_id:',
        "if False:",
        T_OAUTH_CLIENT,
    ),
    m(
        "oauth.symmetric-tokens-accepted",
        OAUTH,
        'ID_TOKEN_ALGORITHMS = ("RS256",',
        'ID_TOKEN_ALGORITHMS = ("HS256", "RS256",',
        T_OAUTH_CLIENT,
    ),
    m(
        "oauth.clock-leeway-widened",
        OAUTH,
        "CLOCK_LEEWAY_SECONDS = 60",
        "CLOCK_LEEWAY_SECONDS = 600",
        T_OAUTH,
        T_OAUTH_CLIENT,
    ),
    m(
        "oauth.keys-cached-forever",
        OAUTH,
        "if not fresh and cached is not None and now - cached[0] < JWKS_MAX_AGE:",
        "if not fresh and cached is not None:",
        T_OAUTH,
        T_OAUTH_CLIENT,
    ),
    m(
        "oauth.unverified-email-accepted",
        SIGN_IN_METHODS,
        "if identity.email is None or not identity.email_verified:",
        "if identity.email is None:",
        T_OAUTH,
        T_OAUTH_GITHUB,
    ),
    m(
        "oauth.github-unverified-primary-trusted",
        OAUTH,
        'return str(item["email"]), item.get("verified") is True',
        'return str(item["email"]), True',
        T_OAUTH_GITHUB,
    ),
    m(
        "oauth.link-by-another-user",
        SIGN_IN_METHODS,
        "if user is None or done.user_id is None or not hmac.compare_digest(user.id, done.user_id):",
        "if user is None:",
        T_OAUTH,
    ),
    m(
        "oauth.link-taken-identity",
        SIGN_IN_METHODS,
        "if owner is not None and owner != user.id:",
        "if False:",
        T_OAUTH,
    ),
    m(
        "oauth.link-while-signed-out",
        SIGN_IN_METHODS,
        'if data.intent == "link" and req.user is None:',
        "if False:",
        T_OAUTH,
    ),
    m(
        "oauth.open-redirect",
        SIGN_IN_METHODS,
        r'StringConstraints(max_length=2000, pattern=r"^/[^/\\\s][^\s\\]*$|^/$"),',
        "StringConstraints(max_length=2000),",
        T_OAUTH,
    ),
    m(
        "oauth.unlink-last-method",
        SIGN_IN_METHODS_SQL,
        "      AND ((SELECT owner.has_password FROM owner) OR (SELECT others.n FROM others) > 0)\n",
        "",
        T_OAUTH,
    ),
    m(
        "oauth.unlink-anyones",
        SIGN_IN_METHODS_SQL,
        "    WHERE user_identities.id = @identity_id AND user_identities.user_id = @user_id\n",
        "    WHERE user_identities.id = @identity_id\n",
        T_OAUTH,
    ),
    # -- breached passwords and captchas (issue 30) -------------------------------------
    m(
        "breached.not-enforced",
        BREACHED,
        'if mode == "enforce":',
        "if False:",
        T_PROTECTION,
        T_PROTECTION_HTTP,
    ),
    m(
        "breached.min-count-off-by-one",
        BREACHED,
        "if count < ENV.pwned_passwords_min_count:",
        "if count <= ENV.pwned_passwords_min_count:",
        T_PROTECTION,
    ),
    m(
        "breached.not-checked",
        PASSWORDS,
        "    await require_unbreached_password(password)",
        "    pass",
        T_PROTECTION,
    ),
    m(
        "captcha.refusal-accepted",
        CAPTCHA,
        "if not accepted:",
        "if False:",
        T_PROTECTION,
        T_PROTECTION_HTTP,
    ),
    m(
        "captcha.missing-token-sent",
        CAPTCHA,
        "if not token:",
        "if False:",
        T_PROTECTION_HTTP,
    ),
    m(
        "captcha.signup-unchecked",
        AUTH_ROUTES,
        '    await require_captcha("signup", data.captcha_token, client=req.client)\n',
        "",
        T_PROTECTION,
        T_PROTECTION_HTTP,
    ),
    m(
        "captcha.reset-request-unchecked",
        ACCOUNT,
        '    await require_captcha("password_reset_request", req.data.captcha_token, client=req.client)\n',
        "",
        T_PROTECTION,
    ),
    m(
        "captcha.login-code-request-unchecked",
        SIGN_IN_METHODS,
        '    await require_captcha("login_code_request", req.data.captcha_token, client=req.client)\n',
        "",
        T_PROTECTION,
    ),
    m(
        "captcha.login-threshold-off-by-one",
        CAPTCHA,
        "return failures >= threshold",
        "return failures > threshold",
        T_PROTECTION,
    ),
    m(
        "captcha.login-never-required",
        LOGIN,
        "needs_captcha = not isinstance(captcha_token, NoCaptcha) and await",
        "needs_captcha = False and await",
        T_PROTECTION,
    ),
    # -- emails: what users typed stays text in the HTML part ---------------------------
    m(
        "email.html-not-autoescaped",
        EMAIL_RENDER,
        'enabled_extensions=("html",)',
        "enabled_extensions=()",
        T_EMAIL_RENDER,
    ),
    m(
        "email.code-not-escaped-in-html",
        OUTBOX,
        'html.replace("{code}", escape(row.secret))',
        'html.replace("{code}", row.secret)',
        T_OUTBOX,
    ),
    # -- webhooks: safe targets (SSRF) ----------------------------------------------------
    m(
        "webhooks.private-addresses-allowed",
        WEBHOOK_TARGETS,
        "    return ip.is_global\n",
        "    return True\n",
        T_WEBHOOK_TARGETS,
    ),
    m(
        "webhooks.resolved-address-not-checked",
        WEBHOOK_TARGETS,
        "    if refused or not addresses:",
        "    if not addresses:",
        T_WEBHOOK_TARGETS,
    ),
    m(
        "webhooks.http-allowed",
        WEBHOOK_TARGETS,
        'allowed = ("https", "http") if ENV.webhooks_allow_private_targets else ("https",)',
        'allowed = ("https", "http")',
        T_WEBHOOK_TARGETS,
    ),
    m(
        "webhooks.url-not-checked-before-delivery",
        WEBHOOK_SENDER,
        "        check_url(url)\n",
        "        pass\n",
        T_WEBHOOK_TARGETS,
    ),
    m(
        "webhooks.url-not-checked-at-creation",
        WEBHOOK_ROUTES,
        "        check_url(url)\n",
        "        pass\n",
        T_WEBHOOK_ROUTES,
    ),
    m(
        "webhooks.private-targets-allowed-in-production",
        ENV_FILE,
        'if self.webhooks_allow_private_targets and self.environment == "production":',
        "if False:",
        T_WEBHOOK_TARGETS,
    ),
    # -- webhooks: delivered once at a time, in order ------------------------------------
    m(
        "webhooks.claim-not-locked",
        WEBHOOKS_SQL,
        "FOR UPDATE OF webhook_deliveries, webhook_endpoints SKIP LOCKED;",
        ";",
        T_WEBHOOK_SENDER,
    ),
    m(
        "webhooks.claim-ignores-older-pending",
        WEBHOOKS_SQL,
        "AND older.status = 'pending' AND older.seq < webhook_deliveries.seq",
        "AND false",
        T_WEBHOOK_SENDER,
    ),
    m(
        "webhooks.claim-ignores-disabled-endpoints",
        WEBHOOKS_SQL,
        "  AND webhook_endpoints.disabled_at IS NULL\n  AND NOT EXISTS",
        "  AND NOT EXISTS",
        T_WEBHOOK_SENDER,
    ),
    m(
        "webhooks.previous-secret-signs-forever",
        WEBHOOKS_SQL,
        "       OR webhook_secrets.signs_until > sqlc.arg(now)::timestamptz)",
        "       OR true)",
        T_WEBHOOK_ROUTES,
    ),
    # -- webhooks: signing secrets sealed, never readable by the customer role ------------
    m(
        "webhooks.secret-stored-unsealed",
        WEBHOOK_SECRETS,
        "        key_name=sealed.key_id,\n        ciphertext=sealed.blob,",
        "        key_name=UNSEALED,\n        ciphertext=secret.encode(),",
        T_WEBHOOK_ROUTES,
    ),
    m(
        "webhooks.secret-readable-by-customer",
        WEBHOOK_SECRETS_MIGRATION,
        "GRANT SELECT (id, created_at, updated_at, storytime, organization_id, endpoint_id, signs_until)\n    ON webhook_secrets TO customer;",
        "GRANT SELECT ON webhook_secrets TO customer;",
        T_WEBHOOK_SECRETS_HIDDEN,
    ),
    m(
        "webhooks.unsealed-secrets-left-unsealed",
        WEBHOOK_SENDER,
        "        await seal_unsealed(q)\n",
        "        pass\n",
        T_WEBHOOK_SECRETS,
    ),
    m(
        "email.unknown-variable-renders-empty",
        EMAIL_RENDER,
        "undefined=jinja2.StrictUndefined,",
        "undefined=jinja2.Undefined,",
        T_EMAIL_RENDER,
    ),
    # -- API keys: the lookup (funnel), the dispatch checks, key management -----------
    m(
        "apikey.revoked-still-works",
        AUTH_SQL,
        "      AND k.revoked_at IS NULL\n",
        "",
        T_API_KEYS,
    ),
    m(
        "apikey.expiry-ignored",
        AUTH_SQL,
        "      AND (k.expires_at IS NULL OR k.expires_at > sqlc.arg(now)::timestamptz)",
        "      AND (k.expires_at IS NULL OR k.expires_at >= sqlc.arg(now)::timestamptz)",
        T_API_KEYS,
    ),
    m(
        "apikey.secret-unchecked",
        AUTH_SQL,
        "      AND k.secret_hash = @secret_hash",
        "      AND (k.secret_hash = @secret_hash OR true)",
        T_API_KEYS,
    ),
    m(
        "apikey.removed-member-still-works",
        AUTH_SQL,
        "    AND membership.user_id = key_user.id\n    AND membership.removed_at IS NULL\n",
        "    AND membership.user_id = key_user.id\n",
        T_API_KEYS,
    ),
    m(
        "apikey.disabled-user-still-works",
        AUTH_SQL,
        "    AND key_user.is_enabled\n",
        "",
        T_API_KEYS,
    ),
    m(
        "apikey.organization-key-acts-as-its-creator",
        FUNNEL,
        '    if row.key_kind == "organization":\n        auth = Auth(',
        "    if False:\n        auth = Auth(",
        T_API_KEYS,
    ),
    m(
        "apikey.organization-key-transaction-as-a-user",
        SESSION_APP,
        '        if kind == "customer" and auth is not None and auth.service and auth.organization:',
        "        if False:",
        T_API_KEYS,
    ),
    m(
        "apikey.organization-key-scopes-not-rechecked",
        PERMISSIONS,
        "            if permission not in auth.api_key_scopes:\n                raise",
        "            if False:\n                raise",
        T_API_KEYS,
    ),
    m(
        "apikey.organization-key-ranks-as-owner",
        PRODUCT_ROLES,
        '    if req.service:  # an organization key holds no built-in role above member\n        return "member"',
        '    if req.service:  # an organization key holds no built-in role above member\n        return "owner"',
        T_API_KEYS,
    ),
    m(
        "apikey.scopes-not-held-by-their-maker",
        API_KEYS,
        "        await require_permission(req.q, req.user.id, req.organization.id, scope)",
        "        pass",
        T_API_KEYS,
    ),
    m(
        "apikey.last-used-every-call",
        AUTH_SQL,
        "           OR api_keys.last_used_at < sqlc.arg(now)::timestamptz - interval '1 minute')",
        "           OR true)",
        T_API_KEYS,
    ),
    m(
        "apikey.rate-limit-ignored",
        FUNNEL,
        "    if row.retry_at is not None:\n        raise ApiKeyRateLimitedError",
        "    if False:\n        raise ApiKeyRateLimitedError",
        T_API_KEYS,
    ),
    m(
        "apikey.scope-unchecked",
        SESSION_APP,
        "        if permission is None or permission not in auth.api_key_scopes:",
        "        if False:",
        T_API_KEYS,
    ),
    m(
        "apikey.route-opt-in-ignored",
        SESSION_APP,
        "            if not access.api_keys:\n",
        "            if False:\n",
        T_API_KEYS,
        T_KEYS_REFUSED,
    ),
    m(
        "apikey.organization-key-any-creator",
        API_KEYS,
        '    if req.data.kind == "organization":\n        await require_permission',
        "    if False:\n        await require_permission",
        T_API_KEYS,
    ),
    m(
        "apikey.revoke-anyones-personal-key",
        API_KEYS,
        'if row is None or (row.kind == "personal" and row.user_id != req.user.id):',
        "if row is None:",
        T_API_KEYS,
    ),
    m(
        "apikey.unknown-scopes-accepted",
        API_KEYS,
        "if s not in PRODUCT.key_permissions",
        "if False",
        T_API_KEYS,
    ),
    # -- the organization's audit log ------------------------------------------------
    m(
        "orgaudit.support-actions-not-copied",
        AUDIT,
        "    await q.orm.audit_copy_to_organizations(audit_id=entry.id)",
        "    pass",
        T_ADMIN_IMPERSONATION,
        T_AUDIT,
    ),
    m(
        "orgaudit.members-read-it",
        PRODUCT_AUDIT,
        '    "organization_audit_log",\n    authorization="organization",\n'
        "    permission=ORGANIZATION_MANAGE,\n",
        '    "organization_audit_log",\n    authorization="organization",\n'
        '    permission="members:read",\n',
        T_PRODUCT_AUDIT,
    ),
    m(
        "orgaudit.admin-named-by-default",
        PRODUCT_AUDIT,
        "if ENV.organization_audit_admin_names and row.admin_actor",
        "if row.admin_actor",
        T_PRODUCT_AUDIT,
    ),
    m(
        "orgaudit.export-members-read-it",
        PRODUCT_AUDIT,
        '    "organization_audit_log_export",\n    authorization="organization",\n'
        "    permission=ORGANIZATION_MANAGE,\n",
        '    "organization_audit_log_export",\n    authorization="organization",\n'
        '    permission="members:read",\n',
        T_PRODUCT_AUDIT,
        T_AUDIT_EXPORT_HTTP,
    ),
    m(
        "orgaudit.export-permission-checked-only-after-the-first-byte",
        PRODUCT_AUDIT,
        "    async with req.transaction() as q:  # the permission, checked before the first byte\n"
        "        started = await q.orm.audit_export_started_at()",
        "    started = datetime.datetime.now(datetime.UTC)",
        T_AUDIT_EXPORT_HTTP,
    ),
    m(
        "stream.cut-stream-ends-as-if-complete",
        RPC_STREAMS,
        '        raise StreamBrokenError("the stream failed after its first byte") from error',
        "        pass",
        T_AUDIT_EXPORT_HTTP,
    ),
    # -- webhook signing secrets re-sealed by `blossom vault rotate` ------------------------
    m(
        "webhooks.rotation-leaves-secrets-under-the-old-key",
        WEBHOOK_SECRETS,
        "        await q.orm.webhook_secret_reseal(\n"
        "            key_name=sealed.key_id, ciphertext=sealed.blob, id=secret_id\n"
        "        )\n",
        "        pass\n",
        T_WEBHOOK_SECRETS,
    ),
    m(
        "webhooks.rotation-only-seals-unsealed",
        WEBHOOKS_SQL,
        "WHERE webhook_secrets.key_name <> @key_name AND webhook_secrets.id > @after_id",
        "WHERE webhook_secrets.key_name = '' AND webhook_secrets.id > @after_id",
        T_WEBHOOK_SECRETS,
    ),
    m(
        "webhooks.vault-rotate-skips-webhook-secrets",
        VAULT_CLI,
        "            webhooks = await rotate_secrets(\n"
        '                batch=batch, progress=lambda d, t: step(f"processed {d}/{t} webhook secrets")\n'
        "            )\n",
        "            webhooks = result\n",
        T_VAULT_CLI,
    ),
    # -- data export: tenant confinement (RLS of the requester) and who may download ------
    m(
        "export.read-as-admin",
        EXPORT_WORKER,
        "async with DB.xact_customer(user=user_id, organization=organization_id) as q:",
        "async with xact_admin() as q:",
        T_EXPORT_WORKER,
    ),
    m(
        "export.read-without-organization-context",
        EXPORT_WORKER,
        "DB.xact_customer(user=user_id, organization=organization_id)",
        "DB.xact_customer(user=user_id, organization=None)",
        T_EXPORT_WORKER,
    ),
    m(
        "export.former-owner-exports-organization",
        EXPORT_WORKER,
        '            if role != "owner":\n                raise RequesterNotOwnerError',
        "            if False:\n                raise RequesterNotOwnerError",
        T_EXPORT_WORKER,
    ),
    m(
        "export.secrets-not-excluded",
        EXPORT_WORKER,
        "await table.read(q.orm, sorted(table.excluded))",
        "await table.read(q.orm, [])",
        T_EXPORT_WORKER,
    ),
    m(
        "export.request-any-role",
        EXPORT_ROUTES,
        'check_role(await lock_members(req.q, req), "owner")',
        'check_role(await lock_members(req.q, req), "owner", "admin", "member")',
        T_EXPORT_ROUTES,
    ),
    m(
        "export.download-by-anyone",
        EXPORT_ROUTES,
        "if row is None or row.user_id != req.user.id:",
        "if row is None:",
        T_EXPORT_ROUTES,
        T_EXPORT_HTTP,
    ),
    m(
        "export.download-by-former-owner",
        EXPORT_ROUTES,
        '        if role != "owner":\n            raise ExportNotFoundError',
        "        if False:\n            raise ExportNotFoundError",
        T_EXPORT_ROUTES,
    ),
    m(
        "export.expiry-inclusive",
        EXPORT_ROUTES,
        "if row.expires_at <= now or row.archive is None:",
        "if row.expires_at < now or row.archive is None:",
        T_EXPORT_ROUTES,
    ),
    m(
        "export.erased-zip-served",
        EXPORT_ROUTES,
        "if row.expires_at <= now or row.archive is None:",
        "if row.expires_at <= now:",
        T_EXPORT_ROUTES,
    ),
    # -- verified domains and automatic join -----------------------------------------------
    m(
        "domains.public-provider-accepted",
        DOMAINS,
        'return any(".".join(parts[i:]) in PUBLIC_EMAIL_PROVIDERS for i in range(len(parts) - 1))',
        "return False",
        T_DOMAINS,
    ),
    m(
        "domains.verified-without-the-record",
        DOMAIN_ROUTES,
        "        if not found:\n",
        "        if False:\n",
        T_DOMAINS,
    ),
    m(
        "domains.verified-by-two-organizations",
        DOMAIN_ROUTES,
        "        if await q.orm.domain_verified_elsewhere(",
        "        if False and await q.orm.domain_verified_elsewhere(",
        T_DOMAINS,
    ),
    m(
        "domains.members-manage-domains",
        DOMAIN_ROUTES,
        '    "organization_domain_add",\n    authorization="organization",\n'
        "    permission=DOMAINS_MANAGE,\n",
        '    "organization_domain_add",\n    authorization="organization",\n',
        T_DOMAINS,
    ),
    m(
        "domains.join-any-organization",
        DOMAIN_ROUTES,
        "    if organization_id not in {s.id for s in suggested}:",
        "    if False:",
        T_DOMAINS,
    ),
    m(
        "domains.automatic-join-unverified-address",
        DOMAINS_SQL,
        "WHERE users.id = @user_id AND users.email_verified_at IS NOT NULL AND users.deleted_at IS NULL",
        "WHERE users.id = @user_id AND users.deleted_at IS NULL",
        T_DOMAINS,
    ),
    m(
        "domains.automatic-join-brings-back-the-removed",
        DOMAINS_SQL,
        "        AND earlier.user_id = users.id\n",
        "        AND earlier.user_id = users.id AND earlier.removed_at IS NULL\n",
        T_DOMAINS,
    ),
    m(
        "domains.automatic-join-ignores-enrollment",
        DOMAINS_SQL,
        " AND organization_domains.enrollment = 'automatic'",
        "",
        T_DOMAINS,
    ),
    m(
        "domains.automatic-join-unverified-domain",
        DOMAINS_SQL,
        " AND organization_domains.verified_at IS NOT NULL\n AND organization_domains.enrollment = 'automatic'",
        " AND organization_domains.enrollment = 'automatic'",
        T_DOMAINS,
    ),
    m(
        "domains.recheck-never-unverifies",
        PIPELINE_SQL,
        "        WHEN NOT @found AND check_failures + 1 >= sqlc.arg(max_failures)::bigint THEN NULL",
        "        WHEN false THEN NULL",
        T_HOUSEKEEPING,
    ),
    m(
        "domains.recheck-unverifies-at-first-miss",
        PIPELINE_SQL,
        "        WHEN NOT @found AND check_failures + 1 >= sqlc.arg(max_failures)::bigint THEN NULL",
        "        WHEN NOT @found THEN NULL",
        T_HOUSEKEEPING,
    ),
    # -- panopticon: resending a failed email (email_resend) ------------------------------
    m(
        "email-resend.any-status",
        "panopticon/emails/routes.py",
        'if row.status != "failed":',
        "if False:",
        "panopticon/emails/routes_test.py",
    ),
    # -- SCIM tokens and the organization's scope --------------------------------------
    m(
        "scim.revoked-token-works",
        AUTH_SQL,
        "      AND t.secret_hash = @secret_hash\n      AND t.revoked_at IS NULL",
        "      AND t.secret_hash = @secret_hash",
        T_SCIM_HTTP,
    ),
    m(
        "scim.secret-unchecked",
        AUTH_SQL,
        "      AND t.id = @token_id\n      AND t.secret_hash = @secret_hash",
        "      AND t.id = @token_id",
        T_SCIM_HTTP,
    ),
    m(
        "scim.rate-limit-ignored",
        FUNNEL,
        "        raise ScimTokenRateLimitedError(",
        "        pass\n        None and ScimTokenRateLimitedError(",
        T_SCIM_HTTP,
    ),
    m(
        "scim.admins-hold-scim-manage",
        PERMISSIONS,
        ', BILLING_MANAGE, "scim:manage"})',
        ", BILLING_MANAGE})",
        T_SCIM_HTTP,
    ),
    m(
        "scim.permission-unchecked",
        SCIM,
        "            await require_permission(q, user_id, organization_id, SCIM_MANAGE)",
        "            pass",
        T_SCIM_HTTP,
    ),
    m(
        "scim.provision-any-domain-verified",
        SCIM_PROVISION_MIGRATION,
        "                CASE WHEN ours THEN at END,",
        "                at,",
        T_SCIM_HTTP,
    ),
    m(
        "scim.foreign-account-joins",
        SCIM_PROVISION_MIGRATION,
        "            IF ours THEN\n                RETURN QUERY SELECT found_id, false;",
        "            IF true THEN\n                RETURN QUERY SELECT found_id, false;",
        T_SCIM_HTTP,
    ),
    m(
        "scim.provision-for-another-organization",
        SCIM_PROVISION_MIGRATION,
        "    IF target_organization_id IS DISTINCT FROM\n"
        "            nullif(current_setting('app.current_organization_id', true), '')\n"
        "        OR NOT EXISTS (",
        "    IF NOT EXISTS (",
        T_SCIM_PROVISION,
    ),
    m(
        "scim.provision-by-a-non-member",
        SCIM_PROVISION_MIGRATION,
        "              AND organizations_users.user_id = current_setting('app.current_user_id', true)\n",
        "",
        T_SCIM_PROVISION,
    ),
    m(
        "scim.account-outlives-a-refused-membership",
        SCIM,
        "            )\n        added = await q.orm.scim_member_add(",
        "            )\n"
        "    async with _tx(c, caller) as q:\n"
        '        await _check_user_name(q, caller, user_name, except_user_id="")\n'
        "        added = await q.orm.scim_member_add(",
        T_SCIM_HTTP,
    ),
    m(
        "scim.sessions-of-every-organization-end",
        SCIM_SQL,
        "  AND sessions.organization_id = @organization_id\n",
        "\n",
        T_SCIM_HTTP,
    ),
    m(
        "scim.sessions-kept",
        SCIM,
        "        await q.orm.scim_sessions_end(",
        "        None and q.orm.scim_sessions_end(",
        T_SCIM_HTTP,
    ),
    m(
        "scim.owner-change-by-non-owner",
        SCIM,
        '    if role != "owner":\n        raise MutabilityException(detail="only an owner',
        '    if False:\n        raise MutabilityException(detail="only an owner',
        T_SCIM_HTTP,
    ),
    m(
        "email-resend.code-resent",
        "panopticon/emails/routes.py",
        "if row.had_code:",
        "if False:",
        "panopticon/emails/routes_test.py",
    ),
    m(
        "email-resend.unaudited",
        "panopticon/emails/routes.py",
        'await audit(\n        req,\n        "email.resend",',
        'None and await audit(\n        req,\n        "email.resend",',
        "panopticon/emails/routes_test.py",
    ),
    # -- single sign-on (funnel.sso, funnel.saml_answer, foundation/auth/sso.py) ---------
    m(
        "sso.enforcement-skipped",
        FUNNEL,
        "        if enforced is not None:\n",
        "        if False:\n",
        T_SSO_OIDC,
    ),
    m(
        "sso.enforcement-lets-passwords-through",
        FUNNEL,
        'frozenset({"sso", "impersonation"})',
        'frozenset({"sso", "impersonation", "password"})',
        T_SSO_OIDC,
    ),
    m(
        "sso.break-glass-ignored",
        AUTH_SQL,
        "sqlc.arg(owner_exempt)::boolean AND sso_connections.owners_break_glass AND EXISTS",
        "sqlc.arg(owner_exempt)::boolean AND EXISTS",
        T_SSO_OIDC,
    ),
    m(
        "sso.metadata-fetched-before-the-permission-check",
        SSO_ROUTES,
        "        async with req.transaction():\n            pass  # the caller may set",
        "        if False:\n            pass  # the caller may set",
        T_SSO_METADATA_URL,
    ),
    m(
        "sso.enforcement-keeps-sessions",
        SSO_ROUTES,
        "        await q.orm.sso_enforced_sessions_end(",
        "        None and await q.orm.sso_enforced_sessions_end(",
        T_SSO_OIDC,
    ),
    m(
        "sso.state-not-bound-to-the-browser",
        FUNNEL,
        "    if not same_browser:",
        "    if False:",
        T_SSO_OIDC,
    ),
    m(
        "sso.request-replayed",
        AUTH_SQL,
        "WHERE sso_requests.state_hash = @state_hash\n  AND sso_requests.used_at IS NULL\n"
        "  AND sso_requests.expires_at > sqlc.arg(now)::timestamptz\n  AND (",
        "WHERE sso_requests.state_hash = @state_hash\n"
        "  AND sso_requests.expires_at > sqlc.arg(now)::timestamptz\n  AND (",
        T_SSO_OIDC,
    ),
    m(
        "sso.another-domain-accepted",
        FUNNEL,
        "    if not at_domain:",
        "    if False:",
        T_SSO_OIDC,
        T_SSO_SAML,
    ),
    m(
        "sso.metadata-url-not-checked",
        SSO_METADATA_URL,
        "        check_url(url)\n",
        "        pass\n",
        T_SSO_METADATA_URL,
    ),
    m(
        "sso.metadata-url-any-address",
        SSO_METADATA_URL,
        "network_backend=SafeNetworkBackend()",
        "network_backend=httpcore.AnyIOBackend()",
        T_SSO_METADATA_URL,
    ),
    m(
        "saml.assertion-replayed",
        FUNNEL,
        "    if fresh is None:",
        "    if False:",
        T_SSO_SAML,
    ),
    m(
        "saml.in-response-to-unchecked",
        SSO,
        "if not in_response_to or not hmac.compare_digest(hash_code(in_response_to), request_id_hash):",
        "if False:",
        T_SSO_SAML,
    ),
    m(
        "saml.unsigned-assertion-accepted",
        SSO,
        '"want_assertions_signed": True,',
        '"want_assertions_signed": False,',
        T_SSO_SAML,
    ),
    # -- panopticon: support's actions on a user (send reset, resend verification, edit) --
    m(
        "support.reset-send-unaudited",
        ADMIN_USERS,
        '    await audit(req, "user.password_reset_send",',
        '    None and await audit(req, "user.password_reset_send",',
        T_ADMIN_USERS,
    ),
    m(
        "support.verification-resend-unaudited",
        ADMIN_USERS,
        '    await audit(req, "user.verification_resend",',
        '    None and await audit(req, "user.verification_resend",',
        T_ADMIN_USERS,
    ),
    m(
        "support.email-to-a-disabled-user",
        ADMIN_USERS,
        "    if not user.is_enabled or user.deleted_at is not None:\n        raise UserNotActiveError",
        "    if user.deleted_at is not None:\n        raise UserNotActiveError",
        T_ADMIN_USERS,
    ),
    m(
        "support.verified-address-sent-a-code",
        ADMIN_USERS,
        "    if user.email_verified_at is not None:\n        return Done(changed=False)",
        "    if False:\n        return Done(changed=False)",
        T_ADMIN_USERS,
    ),
    m(
        "support.older-codes-keep-working",
        "panopticon/users/queries.sql",
        "      AND user_codes.used_at IS NULL AND user_codes.revoked_at IS NULL\n), noted AS (",
        "      AND false\n), noted AS (",
        T_ADMIN_USERS,
    ),
    m(
        "support.user-update-by-any-admin",
        ADMIN_USERS,
        '    "user_update",\n    authorization="superadmin",',
        '    "user_update",\n    authorization="admin",',
        T_ADMIN_USERS,
    ),
    m(
        "support.user-update-unaudited",
        ADMIN_USERS,
        '    await audit(req, "user.update",',
        '    None and await audit(req, "user.update",',
        T_ADMIN_USERS,
    ),
    m(
        "support.deleted-user-edited",
        ADMIN_USERS,
        "    if user is None or user.deleted_at is not None:\n        raise UserNotFoundError(user_id=data.user_id)",
        "    if user is None:\n        raise UserNotFoundError(user_id=data.user_id)",
        "panopticon/accounts/routes_test.py",
    ),
    m(
        "support.email-taken-unchecked",
        ADMIN_USERS,
        "    if await q.orm.admin_email_taken(email=data.email, user_id=user.id):",
        "    if False:",
        T_ADMIN_USERS,
    ),
    m(
        "support.email-change-not-told",
        ADMIN_USERS,
        '    await queue_email(\n        q,\n        to=user.email,\n        kind="email_changed",',
        '    None and await queue_email(\n        q,\n        to=user.email,\n        kind="email_changed",',
        T_ADMIN_USERS,
    ),
    m(
        "support.email-change-told-to-the-new-address",
        ADMIN_USERS,
        '        to=user.email,\n        kind="email_changed",',
        '        to=data.email,\n        kind="email_changed",',
        T_ADMIN_USERS,
    ),
    m(
        "support.new-email-stays-verified",
        "panopticon/users/queries.sql",
        "    email_verified_at = CASE WHEN lower(users.email) = lower(@email) THEN users.email_verified_at END,",
        "    email_verified_at = users.email_verified_at,",
        T_ADMIN_USERS,
    ),
]

EQUIVALENT: dict[str, str] = {
    "totp.unconfirmed-secret-checked": (
        "use_totp_code's early refusal of a pending (unconfirmed) secret is repeated by the "
        "query that uses the code: MfaTotpStepUse updates only a row whose confirmed_at IS "
        "NOT NULL, so the mutant checks the code against the pending secret and still "
        "answers False, with the same row locked (MfaTotpFetch) and nothing written. It "
        "differs only in opening the sealed pending secret, which only a vault missing its "
        "key could tell (an error instead of False); the callers check that MFA is on "
        "first, so a pending secret gets there only by racing a re-enrolment, where both "
        "answer False all the same."
    ),
}
"""Mutants no test can kill, by name, with the reason (they still run, and must survive:
a killed one is taken off this list)."""
