-- name: TestOrganizationCreate :one
INSERT INTO organizations (name, inbound_source)
VALUES (@name, @inbound_source)
RETURNING *;

-- name: TestUserCreate :one
INSERT INTO users (name, email, password_hash, signup_step, is_enabled, email_verified_at)
VALUES (@name, @email, sqlc.narg(password_hash), @signup_step, @is_enabled,
        CASE WHEN sqlc.arg(email_verified)::boolean THEN now() END)
RETURNING *;

-- name: TestMembershipCreate :one
INSERT INTO organizations_users (user_id, organization_id, role)
VALUES (@user_id, @organization_id, @role)
RETURNING *;

-- name: TestSessionCreate :one
INSERT INTO sessions (user_id, organization_id, app, expires_at, impersonator_user_id)
VALUES (@user_id, sqlc.narg(organization_id), @app, @expires_at, sqlc.narg(impersonator_user_id))
RETURNING *;

-- name: TestSessionSignedInFrom :exec
-- Record where and how a factory-made session was signed in (as the funnel does).
UPDATE sessions
SET client_address = @client_address, user_agent = @user_agent,
    sign_in_method = @sign_in_method, second_factor = sqlc.narg(second_factor)
WHERE id = @id;

-- name: TestSessionFetch :one
SELECT * FROM sessions WHERE id = @id;

-- name: TestUserFetch :one
SELECT * FROM users WHERE id = @id;

-- name: TestUserSetLocale :exec
UPDATE users SET locale = @locale WHERE id = @id;

-- name: TestUserDisable :exec
UPDATE users SET is_enabled = false WHERE id = @id;

-- name: TestUsersWithEmailCount :one
SELECT count(*) FROM users WHERE lower(email) = lower(@email);

-- name: TestSignupShape :one
-- The signup step of a user, and the inbound source of and role in their organization.
SELECT users.signup_step, organizations.inbound_source, organizations_users.role
FROM users
JOIN organizations_users ON organizations_users.user_id = users.id
JOIN organizations ON organizations.id = organizations_users.organization_id
WHERE users.id = @user_id;

-- name: TestOrganizationFetch :one
SELECT * FROM organizations WHERE id = @id;

-- name: TestMembershipFetch :one
SELECT * FROM organizations_users WHERE user_id = @user_id AND organization_id = @organization_id;

-- name: TestMembershipRemove :exec
UPDATE organizations_users SET removed_at = now() WHERE id = @id;

-- name: TestInviteFetch :one
SELECT * FROM invites WHERE id = @id;

-- name: TestVaultSecretFetch :one
SELECT * FROM vaulted_secrets WHERE id = @id;

-- name: TestVaultSecretKeyNames :many
SELECT id, key_name FROM vaulted_secrets WHERE id = ANY(@ids::text[]) ORDER BY id;

-- name: TestVaultCiphertextCopy :exec
-- Overwrite the ciphertext of `ids` with that of `source` (an attacker with database access).
UPDATE vaulted_secrets
SET ciphertext = (SELECT source.ciphertext FROM vaulted_secrets AS source WHERE source.id = @source)
WHERE vaulted_secrets.id = ANY(@ids::text[]);

-- name: TestActiveMemberships :many
SELECT user_id, organization_id, role FROM organizations_users
WHERE removed_at IS NULL AND organization_id = ANY(@organization_ids::text[]);

-- name: TestInvitesOf :many
SELECT organization_id, id FROM invites WHERE organization_id = ANY(@organization_ids::text[]);

-- name: TestVaultSecretsOf :many
SELECT organization_id, id FROM vaulted_secrets WHERE organization_id = ANY(@organization_ids::text[]);

-- name: TestRLSContext :one
-- Who the current transaction runs as: its role and RLS context.
SELECT current_user::text AS role, current_user_id() AS user_id, current_organization_id() AS organization_id;

-- name: TestOrganizationNames :many
-- Organization names with this id, as the current transaction sees them (RLS applies).
SELECT name FROM organizations WHERE id = @id;

-- name: TestAdvisoryLocksHeld :one
-- Advisory locks held in this database (a session lock left behind leaks).
SELECT count(*) FROM pg_locks
WHERE locktype = 'advisory'
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database());

-- name: TestLockWaiters :one
-- Backends of this database waiting for a lock held by another transaction.
SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND wait_event_type = 'Lock';

-- name: TestImpersonationCreate :one
INSERT INTO impersonations (admin_user_id, user_id, token_hash, reason, minutes, accept_by)
VALUES (@admin_user_id, @user_id, @token_hash, 'testing', @minutes, @accept_by)
RETURNING *;

-- name: TestAuditLogUpdate :execrows
UPDATE admin_audit_log SET reason = @reason WHERE id = @id;

-- name: TestAuditLogDelete :execrows
DELETE FROM admin_audit_log WHERE id = @id;

-- name: TestAuditLogTruncate :exec
TRUNCATE admin_audit_log;

-- name: TestAuditLogFetch :one
SELECT * FROM admin_audit_log WHERE id = @id;

-- name: TestUserDelete :execrows
DELETE FROM users WHERE id = @id;

-- name: TestInviteCreate :one
INSERT INTO invites (organization_id, invited_by_user_id, email, role, code_hash, expires_at)
VALUES (@organization_id, sqlc.narg(invited_by_user_id), @email, @role, @code_hash, @expires_at)
RETURNING *;

-- name: TestUsersBulkCreate :execrows
-- `how_many` users named and addressed `<prefix>-<n>` (set-based: fast for plan tests).
INSERT INTO users (name, email, signup_step)
SELECT @prefix::text || '-' || n, @prefix::text || '-' || n || '@example.test', 'complete'
FROM generate_series(1, @how_many::bigint) AS n;

-- name: TestMembershipsBulkCreate :execrows
-- Every user addressed `<prefix>-...` joins the organization as a member (set-based).
INSERT INTO organizations_users (user_id, organization_id, role)
SELECT users.id, @organization_id, 'member'
FROM users WHERE users.email LIKE @prefix::text || '-%';

-- name: TestAnalyze :exec
ANALYZE users, organizations, organizations_users;

-- name: TestVaultSecretCreate :one
INSERT INTO vaulted_secrets (organization_id, name, ciphertext, key_name)
VALUES (@organization_id, @name, @ciphertext, 'test-key')
RETURNING *;

-- name: TestImpersonationFetch :one
SELECT * FROM impersonations WHERE id = @id;

-- name: TestAdminGrant :exec
INSERT INTO admins (user_id, role) VALUES (@user_id, @role)
ON CONFLICT (user_id) DO UPDATE SET role = EXCLUDED.role;

-- name: TestDailySignupsInsert :exec
INSERT INTO daily_signups (day, inbound_source, users_created, users_completed)
VALUES (@day, @inbound_source, @users_created, @users_completed);

-- name: TestOrganizationActivityInsert :exec
INSERT INTO organization_daily_activity (
    day, organization_id, active_users, owners, admins, members, invites_sent, invites_accepted
) VALUES (@day, @organization_id, @active_users, 1, 0, 0, 0, 0);

-- name: TestInviteFunnelInsert :exec
INSERT INTO invite_funnel_daily (day, sent, accepted, revoked, expired, median_seconds_to_accept)
VALUES (@day, @sent, @accepted, @revoked, @expired, sqlc.narg(median_seconds_to_accept));

-- name: TestAnalyticsRowsDelete :exec
-- Analytics rows of a day (tests over fixed days clean up after themselves).
WITH a AS (DELETE FROM daily_signups WHERE day = @day::date),
     b AS (DELETE FROM organization_daily_activity WHERE day = @day::date),
     c AS (DELETE FROM invite_funnel_daily WHERE day = @day::date)
DELETE FROM login_security_daily WHERE day = @day::date;

-- name: TestLoginSecurityInsert :exec
INSERT INTO login_security_daily (day, app, failed_logins, lockouts, sessions_started)
VALUES (@day, @app, @failed_logins, @lockouts, @sessions_started);

-- name: TestUserBackdate :exec
UPDATE users SET created_at = @at WHERE id = @id;

-- name: TestOrganizationBackdate :exec
UPDATE organizations SET created_at = @at WHERE id = @id;

-- name: TestMembershipBackdate :exec
UPDATE organizations_users SET created_at = @at, removed_at = sqlc.narg(removed_at) WHERE id = @id;

-- name: TestSessionBackdate :exec
UPDATE sessions
SET created_at = @created_at, last_seen_at = @last_seen_at, expires_at = @expires_at,
    expired_at = sqlc.narg(expired_at)
WHERE id = @id;

-- name: TestInviteBackdate :exec
UPDATE invites
SET created_at = @created_at, expires_at = @expires_at, accepted_at = sqlc.narg(accepted_at),
    revoked_at = sqlc.narg(revoked_at)
WHERE id = @id;

-- name: TestLoginFailureInsert :exec
INSERT INTO login_failures (email, app, client, failed_at)
VALUES (lower(@email), @app, @client, @failed_at);

-- name: TestLoginFailuresOf :many
SELECT * FROM login_failures WHERE email = lower(@email) ORDER BY failed_at;

-- name: TestDailySignupsOf :many
SELECT * FROM daily_signups WHERE day = @day ORDER BY inbound_source;

-- name: TestOrganizationActivityOf :many
SELECT * FROM organization_daily_activity WHERE day = @day ORDER BY organization_id;

-- name: TestInviteFunnelOf :many
SELECT * FROM invite_funnel_daily WHERE day = @day;

-- name: TestLoginSecurityOf :many
SELECT * FROM login_security_daily WHERE day = @day ORDER BY app;

-- name: TestOrganizationActivityCorrupt :exec
-- Breaks a day's organization_daily_activity on purpose (check tests).
DELETE FROM organization_daily_activity
WHERE id = (SELECT id FROM organization_daily_activity WHERE day = @day ORDER BY id LIMIT 1);

-- name: TestDailySignupsCorrupt :exec
UPDATE daily_signups SET users_created = users_created + 1 WHERE day = @day;

-- name: TestSessionExists :one
SELECT EXISTS (SELECT 1 FROM sessions WHERE id = @id) AS present;

-- name: TestInvitesOfOrganization :many
SELECT * FROM invites WHERE organization_id = @organization_id ORDER BY id;

-- name: TestBenchOrganizations :execrows
-- `how_many` organizations created evenly over the `days` days before `last_day`'s end.
INSERT INTO organizations (name, inbound_source, created_at)
SELECT 'bench ' || g, (ARRAY['organic', 'invite', 'admin'])[1 + g % 3],
       (sqlc.arg(last_day)::date + 1)::timestamp AT TIME ZONE 'UTC'
           - (sqlc.arg(days)::bigint * interval '1 day') * (g::float / sqlc.arg(how_many)::bigint)
FROM generate_series(1, sqlc.arg(how_many)::bigint) AS g;

-- name: TestBenchUsers :execrows
INSERT INTO users (name, email, signup_step, created_at)
SELECT 'Bench ' || g, 'bench-' || g || '@example.test',
       CASE WHEN g % 10 = 0 THEN 'created' ELSE 'complete' END,
       (sqlc.arg(last_day)::date + 1)::timestamp AT TIME ZONE 'UTC'
           - (sqlc.arg(days)::bigint * interval '1 day') * (g::float / sqlc.arg(how_many)::bigint)
FROM generate_series(1, sqlc.arg(how_many)::bigint) AS g;

-- name: TestBenchMemberships :execrows
-- Every bench user joins the bench organization of its number (modulo), the first of
-- each organization as owner, then admins and members.
WITH u AS (
    SELECT users.id, users.created_at, row_number() OVER (ORDER BY users.id) AS n
    FROM users WHERE users.email LIKE 'bench-%'
), o AS (
    SELECT organizations.id, row_number() OVER (ORDER BY organizations.id) AS n
    FROM organizations WHERE organizations.name LIKE 'bench %'
), total AS MATERIALIZED (SELECT count(*) AS n FROM o)
INSERT INTO organizations_users (user_id, organization_id, role, created_at)
SELECT u.id, o.id,
       CASE WHEN u.n <= total.n THEN 'owner' WHEN u.n % 5 = 0 THEN 'admin' ELSE 'member' END,
       u.created_at
FROM total, u JOIN o ON o.n = (u.n - 1) % (SELECT total.n FROM total) + 1;

-- name: TestBenchSessions :execrows
-- `how_many` product sessions of bench users in their organization, created evenly over
-- the days, each seen for a few hours and lasting a day; every 7th ended early.
WITH m AS (
    SELECT organizations_users.user_id, organizations_users.organization_id,
           row_number() OVER (ORDER BY organizations_users.id) AS n
    FROM organizations_users
    JOIN users ON users.id = organizations_users.user_id AND users.email LIKE 'bench-%'
), total AS MATERIALIZED (SELECT count(*) AS n FROM m), g AS (
    SELECT g AS i,
           (sqlc.arg(last_day)::date + 1)::timestamp AT TIME ZONE 'UTC'
               - (sqlc.arg(days)::bigint * interval '1 day') * (g::float / sqlc.arg(how_many)::bigint)
               AS at
    FROM generate_series(1, sqlc.arg(how_many)::bigint) AS g
)
INSERT INTO sessions (user_id, organization_id, app, created_at, last_seen_at, expires_at, expired_at)
SELECT m.user_id, m.organization_id, 'product', g.at, g.at + interval '3 hours',
       g.at + interval '1 day', CASE WHEN g.i % 7 = 0 THEN g.at + interval '4 hours' END
FROM g JOIN m ON m.n = (g.i - 1) % (SELECT total.n FROM total) + 1;

-- name: TestBenchOwnerSessions :many
-- One live product session (a day long) per owner of a bench organization, in that
-- organization: the signed-in callers of `just bench`'s members list.
INSERT INTO sessions (user_id, organization_id, app, expires_at, last_seen_at)
SELECT organizations_users.user_id, organizations_users.organization_id, 'product',
       now() + interval '1 day', now()
FROM organizations_users
JOIN organizations ON organizations.id = organizations_users.organization_id
WHERE organizations.name LIKE 'bench %' AND organizations_users.role = 'owner'
  AND organizations_users.removed_at IS NULL
ORDER BY organizations_users.id
RETURNING sessions.id;

-- name: TestBenchInvites :execrows
-- `how_many` invites into bench organizations over the days: half accepted after an
-- hour, a tenth revoked, the rest pending (expiring after a week).
WITH o AS (
    SELECT organizations.id, row_number() OVER (ORDER BY organizations.id) AS n
    FROM organizations WHERE organizations.name LIKE 'bench %'
), total AS MATERIALIZED (SELECT count(*) AS n FROM o), g AS (
    SELECT g AS i,
           (sqlc.arg(last_day)::date + 1)::timestamp AT TIME ZONE 'UTC'
               - (sqlc.arg(days)::bigint * interval '1 day') * (g::float / sqlc.arg(how_many)::bigint)
               AS at
    FROM generate_series(1, sqlc.arg(how_many)::bigint) AS g
)
INSERT INTO invites (organization_id, email, role, code_hash, created_at, expires_at, accepted_at, revoked_at)
SELECT o.id, 'bench-invite-' || g.i || '@example.test', 'member', md5('bench' || g.i), g.at,
       g.at + interval '7 days',
       CASE WHEN g.i % 2 = 0 THEN g.at + interval '1 hour' END,
       CASE WHEN g.i % 10 = 1 THEN g.at + interval '2 hours' END
FROM g JOIN o ON o.n = (g.i - 1) % (SELECT total.n FROM total) + 1;

-- name: TestBenchLoginFailures :execrows
INSERT INTO login_failures (email, app, client, failed_at)
SELECT 'bench-' || (g % 1000) || '@example.test', 'product', '10.0.' || (g % 7) || '.1',
       (sqlc.arg(last_day)::date + 1)::timestamp AT TIME ZONE 'UTC'
           - (sqlc.arg(days)::bigint * interval '1 day') * (g::float / sqlc.arg(how_many)::bigint)
FROM generate_series(1, sqlc.arg(how_many)::bigint) AS g;

-- name: TestBenchAuditRows :execrows
-- `how_many` admin audit entries by one admin, one a second back from now, about bench
-- users (`usr_bench<n>`, 100,000 distinct targets) with four actions in turn.
INSERT INTO admin_audit_log (admin_user_id, actor, action, target_type, target, reason, at)
SELECT @admin_user_id, 'bench-admin@example.test',
       (ARRAY['user.disable', 'user.enable', 'user.sessions_expire', 'organization.update'])[1 + g % 4],
       'user', 'usr_bench' || (g % 100000), 'bench entry', now() - g * interval '1 second'
FROM generate_series(1, sqlc.arg(how_many)::bigint) AS g;

-- name: TestBenchAuditMiddle :one
-- The id of the admin audit entry halfway down the log (a cursor deep in the list).
SELECT id FROM admin_audit_log ORDER BY id DESC
OFFSET (SELECT count(*) / 2 FROM admin_audit_log) LIMIT 1;

-- name: TestBenchScaleOrganization :one
-- An organization of `how_many` members (set-based: users `scale-<label>-<n>@example.test`,
-- the first its owner, joining in that order) and a live product session (a day long) of
-- its owner in it: the session's id. `just bench`'s members list at 10 and 10,000 members.
WITH org AS (
    INSERT INTO organizations (name, inbound_source)
    VALUES ('scale ' || sqlc.arg(label)::text, 'organic') RETURNING id
), u AS (
    INSERT INTO users (name, email, signup_step)
    SELECT 'Scale ' || g, 'scale-' || sqlc.arg(label)::text || '-' || g || '@example.test', 'complete'
    FROM generate_series(1, sqlc.arg(how_many)::bigint) AS g
    ORDER BY g
    RETURNING id, email
), m AS (
    INSERT INTO organizations_users (user_id, organization_id, role)
    SELECT u.id, org.id,
           CASE WHEN u.email = 'scale-' || sqlc.arg(label)::text || '-1@example.test'
                THEN 'owner' ELSE 'member' END
    FROM u, org
    ORDER BY u.id
    RETURNING user_id, organization_id, role
)
INSERT INTO sessions (user_id, organization_id, app, expires_at, last_seen_at)
SELECT m.user_id, m.organization_id, 'product', now() + interval '1 day', now()
FROM m WHERE m.role = 'owner'
RETURNING sessions.id;

-- name: TestBenchAnalyze :exec
ANALYZE;

-- name: TestBenchGinFlush :exec
-- Move the pending entries of every GIN index into the index proper, as autovacuum does
-- after a bulk load: until then each search of the index also reads its pending list,
-- up to gin_pending_list_limit (4 MB) after the bench's million inserts (about 3 ms per
-- search at 99 pages).
SELECT count(gin_clean_pending_list(pg_class.oid))
FROM pg_class JOIN pg_am ON pg_am.oid = pg_class.relam
WHERE pg_am.amname = 'gin' AND pg_class.relkind = 'i';

-- name: TestEmailsTo :many
SELECT * FROM emails WHERE to_address = @to_address ORDER BY id;

-- name: TestMfaTotpConfirmedCreate :exec
-- A confirmed TOTP secret (not a usable one) and a recovery code: MFA is on for the user.
WITH totp AS (
    INSERT INTO mfa_totp (user_id, key_name, ciphertext, confirmed_at)
    VALUES (@user_id, 'test', '\x00'::bytea, now())
)
INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES (@user_id, md5(random()::text));

-- name: TestPasskeySecondFactorCreate :one
-- A passkey (not a usable one) set as second factor, and a recovery code: MFA is on for
-- the user; the passkey's id.
WITH codes AS (
    INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES (@user_id, md5(random()::text))
)
INSERT INTO passkeys (user_id, name, credential_extid, public_key, second_factor)
VALUES (@user_id, 'test', convert_to(gen_random_uuid()::text, 'UTF8'), '\x00'::bytea, true)
RETURNING id;

-- name: TestMfaTotpUnconfirmedCreate :exec
-- A TOTP secret enrolled but never confirmed: no second factor yet.
INSERT INTO mfa_totp (user_id, key_name, ciphertext) VALUES (@user_id, 'test', '\x00'::bytea);

-- name: TestPasskeyFirstFactorCreate :exec
-- A passkey (not a usable one) for signing in, not set as second factor.
INSERT INTO passkeys (user_id, name, credential_extid, public_key, second_factor)
VALUES (@user_id, 'test', convert_to(gen_random_uuid()::text, 'UTF8'), '\x00'::bytea, false);

-- name: TestMfaTotpFetch :one
SELECT * FROM mfa_totp WHERE user_id = @user_id;

-- name: TestMembershipsOfUser :many
SELECT * FROM organizations_users WHERE user_id = @user_id AND removed_at IS NULL;

-- name: TestRateLimitsClear :exec
-- Forget the counted hits of an action (a test that sets small limits starts clean).
DELETE FROM rate_limit_hits WHERE bucket LIKE @action::text || ':%';

-- name: TestMfaEnable :exec
-- Two-factor authentication on for the user: a confirmed, sealed TOTP secret and
-- recovery codes (hashes), as mfa_totp_confirm leaves them.
WITH totp AS (
    INSERT INTO mfa_totp (user_id, key_name, ciphertext, confirmed_at)
    VALUES (@user_id, @key_name, @ciphertext, now())
)
INSERT INTO mfa_recovery_codes (user_id, code_hash)
SELECT @user_id, hashes.code_hash FROM unnest(@code_hashes::text[]) AS hashes (code_hash);

-- name: TestSessionSignIn :one
-- How a session was signed in.
SELECT sign_in_method, second_factor FROM sessions WHERE id = @id;

-- name: TestUserSessions :many
-- The ids of the user's live sessions (any app), oldest first.
SELECT id FROM sessions
WHERE user_id = @user_id AND expired_at IS NULL AND expires_at > now()
ORDER BY created_at, id;

-- name: TestUserMemberships :many
-- The organizations the user is an active member of.
SELECT organization_id FROM organizations_users WHERE user_id = @user_id AND removed_at IS NULL;

-- name: TestAdminRevoke :exec
DELETE FROM admins WHERE user_id = @user_id;

-- name: TestUserLock :exec
-- Hold the user's row (FOR UPDATE) until the transaction ends.
SELECT 1 FROM users WHERE id = @id FOR UPDATE;

-- name: TestAdminLock :exec
-- Hold the admin's row (FOR UPDATE), as a revoke or a role change would.
SELECT 1 FROM admins WHERE user_id = @user_id FOR UPDATE;

-- name: TestPasskeysOfUser :many
SELECT * FROM passkeys WHERE user_id = @user_id ORDER BY id;

-- name: TestWebhookEndpointCreate :one
INSERT INTO webhook_endpoints (organization_id, url, events)
VALUES (@organization_id, @url, sqlc.arg(events)::text[])
RETURNING *;

-- name: TestWebhookSecretInsert :exec
INSERT INTO webhook_secrets (id, organization_id, endpoint_id, key_name, ciphertext, signs_until)
VALUES (@id, @organization_id, @endpoint_id, @key_name, @ciphertext, sqlc.narg(signs_until));

-- name: TestWebhookSecrets :many
SELECT * FROM webhook_secrets WHERE webhook_secrets.endpoint_id = @endpoint_id
ORDER BY webhook_secrets.signs_until NULLS FIRST, webhook_secrets.id;

-- name: TestWebhookEndpointFetch :one
SELECT * FROM webhook_endpoints WHERE webhook_endpoints.id = @id;

-- name: TestWebhookEndpointDelete :exec
DELETE FROM webhook_endpoints WHERE webhook_endpoints.id = @id;

-- name: TestWebhookDeliveries :many
SELECT * FROM webhook_deliveries WHERE webhook_deliveries.endpoint_id = @endpoint_id
ORDER BY webhook_deliveries.seq;

-- name: TestWebhookAttempts :many
SELECT * FROM webhook_attempts WHERE webhook_attempts.delivery_id = @delivery_id
ORDER BY webhook_attempts.attempted_at, webhook_attempts.id;

-- name: TestWebhookEvents :many
SELECT * FROM webhook_events WHERE webhook_events.organization_id = @organization_id
ORDER BY webhook_events.created_at, webhook_events.id;

-- name: TestOrganizationRoleCreate :one
INSERT INTO organization_roles (organization_id, name, permissions)
VALUES (@organization_id, @name, sqlc.arg(permissions)::text[])
RETURNING *;

-- name: TestOrganizationRequireMfa :exec
UPDATE organizations SET require_mfa = @require_mfa WHERE id = @id;
-- name: TestApiKeyFetch :one
SELECT * FROM api_keys WHERE id = @id;

-- name: TestMembershipSetCustomRole :exec
UPDATE organizations_users SET custom_role_id = @custom_role_id
WHERE user_id = @user_id AND organization_id = @organization_id;

-- name: TestMembershipSetRole :exec
UPDATE organizations_users SET role = @role WHERE id = @id;

-- name: TestOrganizationAuditLogInsert :one
INSERT INTO organization_audit_log (organization_id, admin_audit_extid, admin_user_id, admin_actor,
                                    action, target, reason, client, at)
VALUES (@organization_id, 'aud_test', sqlc.narg(admin_user_id), @admin_actor, @action, @target,
        @reason, '192.0.2.1', @at)
RETURNING *;

-- name: TestOrganizationAuditLogFill :exec
-- `count` staff actions on `target` in one statement (a large log), two by two at the same
-- time, one second apart going back from `newest`.
INSERT INTO organization_audit_log (organization_id, admin_audit_extid, admin_user_id, admin_actor,
                                    action, target, reason, at)
SELECT sqlc.arg(organization_id)::text, 'aud_fill', NULL, 'agent@blossom.example',
       'user.impersonate', sqlc.arg(target)::text, 'ticket ' || n,
       sqlc.arg(newest)::timestamptz - (n / 2) * interval '1 second'
FROM generate_series(1, sqlc.arg(count)::int) AS n;

-- name: TestOrganizationAuditLogLockTable :exec
-- Hold the whole table (ACCESS EXCLUSIVE: even readers wait) until the transaction ends.
LOCK TABLE organization_audit_log IN ACCESS EXCLUSIVE MODE;

-- name: TestOrganizationAuditLogOf :many
SELECT * FROM organization_audit_log WHERE organization_id = @organization_id ORDER BY at, id;

-- name: TestOrganizationAuditLogUpdate :execrows
UPDATE organization_audit_log SET reason = 'rewritten' WHERE organization_id = @organization_id;

-- name: TestOrganizationAuditLogDelete :execrows
DELETE FROM organization_audit_log WHERE organization_id = @organization_id;

-- name: TestUserIdentityCreate :one
INSERT INTO user_identities (user_id, provider, subject, email)
VALUES (@user_id, @provider, @subject, @email)
RETURNING *;

-- name: TestTablesWithTenantColumns :many
-- The tables of `public` with a user_id or organization_id column (data_exports' check).
SELECT DISTINCT c.relname::text AS table_name
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  AND a.attname IN ('user_id', 'organization_id') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY 1;

-- name: TestDomainCreate :one
-- A domain of the organization, verified at `verified_at` (null: unverified), last
-- re-checked at `checked_at`.
INSERT INTO organization_domains (organization_id, domain, verification_token, verified_at, checked_at)
VALUES (@organization_id, @domain, @verification_token, sqlc.narg(verified_at), sqlc.narg(checked_at))
RETURNING *;

-- name: TestDomainFetch :one
SELECT * FROM organization_domains WHERE id = @id;

-- name: TestSsoConnectionCreate :one
-- A SAML connection of the organization (its metadata a placeholder).
INSERT INTO sso_connections (organization_id, protocol, saml_idp_metadata, saml_idp_entity_extid)
VALUES (@organization_id, 'saml', '<EntityDescriptor/>', 'https://idp.example.test')
RETURNING *;

-- name: TestSsoRequestCreate :one
-- A pending single sign-on request of the connection, valid until `expires_at`.
INSERT INTO sso_requests (state_hash, nonce_hash, connection_id, organization_id, expires_at)
SELECT gen_random_uuid()::text, gen_random_uuid()::text, sso_connections.id,
       sso_connections.organization_id, @expires_at
FROM sso_connections WHERE sso_connections.id = @connection_id
RETURNING id;

-- name: TestSsoRequestExists :one
SELECT EXISTS (SELECT 1 FROM sso_requests WHERE id = @id) AS exists;

-- name: TestUserCodeOpen :one
-- @optional
-- The open (unused, unrevoked) code with this hash: its user, purpose and expiry.
SELECT user_codes.user_id, user_codes.purpose, user_codes.expires_at FROM user_codes
WHERE user_codes.code_hash = @code_hash
  AND user_codes.used_at IS NULL AND user_codes.revoked_at IS NULL;

-- name: TestScimTokenCreate :one
INSERT INTO scim_tokens (organization_id, user_id, name, secret_hash, last_used_at)
VALUES (@organization_id, @user_id, @name, @secret_hash, sqlc.narg(last_used_at))
RETURNING *;
