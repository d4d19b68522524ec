-- name: AuthSessionLookup :one
-- @optional
-- The live session behind a cookie with its user, selected organization and role, the
-- user's admin role and the impersonating admin, in one statement, which also records
-- the visit (at most once a minute).
WITH found AS (
    SELECT sessions.id, sessions.user_id, sessions.organization_id, sessions.impersonator_user_id
    FROM sessions
    WHERE sessions.id = @session_id
      AND sessions.app = @app
      AND sessions.expired_at IS NULL
      AND sessions.expires_at > sqlc.arg(now)::timestamptz
    -- An impersonated session lives only while its admin is still an enabled superadmin.
    AND (sessions.impersonator_user_id IS NULL OR EXISTS (
        SELECT 1 FROM admins
        JOIN users AS admin_users ON admin_users.id = admins.user_id
        WHERE admins.user_id = sessions.impersonator_user_id
          AND admins.role = 'superadmin'
          AND admin_users.is_enabled AND admin_users.deleted_at IS NULL
    ))
), touched_session AS (
    UPDATE sessions SET last_seen_at = sqlc.arg(now)::timestamptz
    WHERE sessions.id = (SELECT found.id FROM found)
      AND sessions.last_seen_at < sqlc.arg(now)::timestamptz - interval '1 minute'
    RETURNING sessions.id
), touched_user AS (
    UPDATE users SET last_visited_at = sqlc.arg(now)::timestamptz
    WHERE users.id = (SELECT found.user_id FROM found)
      AND (users.last_visited_at IS NULL
           OR users.last_visited_at < sqlc.arg(now)::timestamptz - interval '1 minute')
    RETURNING users.id
)
SELECT
    found.id AS session_id,
    users.id AS user_id,
    users.name AS user_name,
    users.email AS user_email,
    users.is_enabled AS user_is_enabled,
    (users.email_verified_at IS NOT NULL) AS user_email_verified,
    organizations.id AS organization_id,
    organizations.name AS organization_name,
    organizations_users.role AS role,
    admins.role AS admin_role,
    impersonators.id AS impersonator_id,
    impersonators.name AS impersonator_name,
    impersonators.email AS impersonator_email,
    -- The selected organization requires a second factor and the user has none (product's
    -- `MfaRequiredError`), read with the session: no round trip of its own.
    coalesce(organizations.require_mfa AND NOT user_has_second_factor(found.user_id), false)
        AS second_factor_missing
FROM found
JOIN users ON users.id = found.user_id
LEFT JOIN admins ON admins.user_id = found.user_id
LEFT JOIN users AS impersonators ON impersonators.id = found.impersonator_user_id
LEFT JOIN organizations_users
    ON organizations_users.organization_id = found.organization_id
    AND organizations_users.user_id = found.user_id
    AND organizations_users.removed_at IS NULL
LEFT JOIN organizations ON organizations.id = organizations_users.organization_id;

-- name: AuthSessionRead :one
-- @optional
-- AuthSessionLookup without its writes, for a read replica (a hot standby refuses any):
-- the same sessions, and whether the visit is due to be recorded (AuthSessionTouch, on
-- the primary, off the request path). Its aliases differ from AuthSessionLookup's so
-- that each condition of either is written once (tools/mutate).
WITH live AS (
    SELECT s.id, s.user_id, s.organization_id, s.impersonator_user_id, s.last_seen_at
    FROM sessions AS s
    WHERE s.id = @session_id
      AND s.app = @app
      AND s.expired_at IS NULL
      AND s.expires_at > sqlc.arg(now)::timestamptz
    -- An impersonated session lives only while its admin is still an enabled superadmin.
    AND (s.impersonator_user_id IS NULL OR EXISTS (
        SELECT 1 FROM admins AS a
        JOIN users AS admin_user ON admin_user.id = a.user_id
        WHERE a.user_id = s.impersonator_user_id
          AND a.role = 'superadmin'
          AND admin_user.is_enabled
          AND admin_user.deleted_at IS NULL
    ))
)
SELECT
    live.id AS session_id,
    u.id AS user_id,
    u.name AS user_name,
    u.email AS user_email,
    u.is_enabled AS user_is_enabled,
    (u.email_verified_at IS NOT NULL) AS user_email_verified,
    o.id AS organization_id,
    o.name AS organization_name,
    m.role AS role,
    own_admin.role AS admin_role,
    i.id AS impersonator_id,
    i.name AS impersonator_name,
    i.email AS impersonator_email,
    (live.last_seen_at < sqlc.arg(now)::timestamptz - interval '1 minute'
     OR u.last_visited_at IS NULL
     OR u.last_visited_at < sqlc.arg(now)::timestamptz - interval '1 minute') AS visit_due,
    coalesce(o.require_mfa AND NOT user_has_second_factor(live.user_id), false)
        AS second_factor_missing
FROM live
JOIN users AS u ON u.id = live.user_id
LEFT JOIN admins AS own_admin ON own_admin.user_id = live.user_id
LEFT JOIN users AS i ON i.id = live.impersonator_user_id
LEFT JOIN organizations_users AS m
    ON m.organization_id = live.organization_id
    AND m.user_id = live.user_id
    AND m.removed_at IS NULL
LEFT JOIN organizations AS o ON o.id = m.organization_id;

-- name: AuthSessionTouch :exec
-- Record a visit of a session read on a replica (AuthSessionRead): its `last_seen_at`
-- and its user's `last_visited_at`, each at most once a minute.
WITH touched_session AS (
    UPDATE sessions SET last_seen_at = sqlc.arg(now)::timestamptz
    WHERE sessions.id = @session_id
      AND sessions.last_seen_at < sqlc.arg(now)::timestamptz - interval '1 minute'
    RETURNING sessions.id
)
UPDATE users SET last_visited_at = sqlc.arg(now)::timestamptz
WHERE users.id = @user_id
  AND (users.last_visited_at IS NULL
       OR users.last_visited_at < sqlc.arg(now)::timestamptz - interval '1 minute');

-- name: AuthSessionCreate :one
-- A session, with how it was signed in (only the funnel creates one).
INSERT INTO sessions (user_id, organization_id, app, expires_at, last_seen_at, impersonator_user_id,
                      sign_in_method, second_factor, client_address, user_agent, authenticated_at)
VALUES (@user_id, sqlc.narg(organization_id), @app, @expires_at, @now, sqlc.narg(impersonator_user_id),
        @sign_in_method, sqlc.narg(second_factor), @client_address, sqlc.narg(user_agent), @now)
RETURNING *;

-- name: AuthUserLock :one
-- @optional
-- The user, share-locked until the transaction ends, if they may sign in (not deleted,
-- enabled, signup complete): deleting or disabling them waits for this transaction, and
-- a deletion that committed first makes this answer nothing.
SELECT users.id, users.name, users.email, (users.email_verified_at IS NOT NULL) AS email_verified
FROM users
WHERE users.id = @user_id
  AND users.deleted_at IS NULL
  AND users.is_enabled
  AND users.signup_step = 'complete'
FOR SHARE;

-- name: AuthPasswordHash :one
-- @optional
-- The password hash of a user who may sign in ('': none set; no row: gone).
SELECT coalesce(users.password_hash, '') AS password_hash
FROM users
WHERE users.id = @user_id AND users.deleted_at IS NULL AND users.is_enabled;

-- name: AuthSessionExpire :execrows
UPDATE sessions SET expired_at = @now
WHERE id = @session_id AND app = @app AND expired_at IS NULL;

-- name: AuthLoginAttemptReserve :one
-- Reserve a login attempt before its password is checked: (attempt id, null), or (null,
-- when to retry) when refused. Counted per email and client, atomically; the policy is
-- `login_attempt_reserve` in migration 0005.
SELECT reserved.attempt_id, reserved.retry_at
FROM login_attempt_reserve(
    sqlc.arg(email)::text,
    sqlc.arg(app)::text,
    sqlc.arg(client)::text,
    sqlc.arg(now)::timestamptz,
    sqlc.arg(lockout_window)::interval,
    sqlc.arg(client_limit)::bigint,
    sqlc.arg(email_limit)::bigint,
    sqlc.arg(email_interval)::interval
) AS reserved;

-- name: AuthLoginLookup :one
-- The user with this email (compared case-insensitively; all null when there is none).
SELECT
    users.id AS user_id,
    users.name,
    users.email,
    users.password_hash,
    users.signup_step,
    (users.is_enabled AND users.deleted_at IS NULL) AS is_enabled
FROM (SELECT 1) AS one
LEFT JOIN users ON lower(users.email) = lower(@email);

-- name: AuthLoginSucceeded :exec
-- The attempt was right: it is no failure, and this client's earlier failures are forgiven.
DELETE FROM login_failures
WHERE email = lower(@email) AND app = @app AND client = @client;

-- name: RateLimitTake :one
-- Take one hit of the bucket (NULL), or when to retry (see rate_limit_take in 0008).
SELECT rate_limit_take(@bucket, sqlc.arg(now)::timestamptz, sqlc.arg(max_hits)::bigint,
                       sqlc.arg(win)::interval) AS retry_at;

-- name: MfaEnabled :one
-- Whether the user has a second factor: a confirmed TOTP secret or a passkey set as
-- second factor.
SELECT user_has_second_factor(sqlc.arg(user_id)::text) AS enabled;

-- name: MfaFactors :one
-- The user's second factors: a confirmed TOTP secret, passkeys set as second factor.
SELECT
    EXISTS (
        SELECT 1 FROM mfa_totp
        WHERE user_id = sqlc.arg(user_id)::text AND confirmed_at IS NOT NULL
    ) AS totp,
    EXISTS (
        SELECT 1 FROM passkeys WHERE user_id = sqlc.arg(user_id)::text AND second_factor
    ) AS passkey;

-- name: MfaTotpFetch :one
-- @optional
-- The user's TOTP row (pending or confirmed), locked for the check or change that follows.
SELECT * FROM mfa_totp WHERE user_id = @user_id FOR UPDATE;

-- name: MfaTotpStepUse :one
-- @optional
-- Accept a code of time step `step` once: null when a code of this step or a later one
-- was accepted already (replay).
UPDATE mfa_totp
SET last_used_step = sqlc.arg(step)::bigint
WHERE user_id = @user_id
    AND confirmed_at IS NOT NULL
    AND (last_used_step IS NULL OR last_used_step < sqlc.arg(step)::bigint)
RETURNING id;

-- name: MfaRecoveryCodeUse :one
-- @optional
-- Use one of the user's unused recovery codes; null when it is unknown or used.
UPDATE mfa_recovery_codes
SET used_at = sqlc.arg(now)::timestamptz,
    storytime = storytime_event(storytime, 'used', user_id, sqlc.arg(now)::timestamptz)
WHERE user_id = @user_id AND code_hash = @code_hash AND used_at IS NULL
RETURNING id;

-- name: MfaChallengeCreate :exec
-- A second-factor challenge for the user's sign-in to `app`; their finished and expired
-- challenges go on the way.
WITH stale AS (
    DELETE FROM mfa_challenges
    WHERE mfa_challenges.user_id = @user_id
        AND (mfa_challenges.completed_at IS NOT NULL OR mfa_challenges.expires_at <= @now)
)
INSERT INTO mfa_challenges (user_id, organization_id, permanent, challenge_hash, expires_at, app,
                            sign_in_method)
VALUES (@user_id, sqlc.narg(organization_id), @permanent, @challenge_hash, @expires_at, @app,
        @sign_in_method);

-- name: MfaChallengeFetch :one
-- @optional
-- The challenge of `app` with this hash, locked, with whether its user may still sign in.
SELECT
    mfa_challenges.*,
    (users.is_enabled AND users.deleted_at IS NULL AND users.signup_step = 'complete')
        AS user_active
FROM mfa_challenges
JOIN users ON users.id = mfa_challenges.user_id
WHERE mfa_challenges.challenge_hash = @challenge_hash AND mfa_challenges.app = @app
FOR UPDATE OF mfa_challenges;

-- name: MfaChallengeAttempt :exec
-- Count one code tried against the challenge.
UPDATE mfa_challenges SET attempts = attempts + 1 WHERE id = @id;

-- name: MfaChallengeComplete :execrows
-- The challenge completed its sign-in: it works no more (0 when it had already).
UPDATE mfa_challenges
SET completed_at = sqlc.arg(now)::timestamptz,
    storytime = storytime_event(storytime, 'completed', user_id, sqlc.arg(now)::timestamptz)
WHERE id = @id AND completed_at IS NULL;

-- name: AuthUserCreatedHere :one
-- Whether this very transaction inserted (or last wrote) the user's row: a brand-new
-- account may sign in without a credential of its own.
SELECT EXISTS (
    SELECT 1 FROM users
    WHERE users.id = @user_id AND users.xmin = pg_current_xact_id()::xid
) AS created_here;

-- name: WebauthnChallengeCreate :exec
-- A WebAuthn challenge handed out (its hash), for `purpose` (a registration's: the user);
-- challenges that expired go on the way.
WITH stale AS (
    DELETE FROM webauthn_challenges WHERE webauthn_challenges.expires_at <= sqlc.arg(now)::timestamptz
)
INSERT INTO webauthn_challenges (purpose, user_id, challenge_hash, expires_at)
VALUES (@purpose, sqlc.narg(user_id), @challenge_hash, @expires_at);

-- name: WebauthnChallengeUse :one
-- @optional
-- Use up a live, unused challenge of `purpose` (and of the user when given): null when
-- there is none (unknown, used already, expired, another purpose or another user's).
UPDATE webauthn_challenges
SET used_at = sqlc.arg(now)::timestamptz
WHERE challenge_hash = @challenge_hash
  AND purpose = @purpose
  AND user_id IS NOT DISTINCT FROM sqlc.narg(user_id)
  AND used_at IS NULL
  AND expires_at > sqlc.arg(now)::timestamptz
RETURNING id;

-- name: PasskeyByCredential :one
-- @optional
-- The passkey with this credential id, locked for the counter update that follows, with
-- its user's email (the login lockout's key).
SELECT passkeys.*, users.email AS user_email
FROM passkeys
JOIN users ON users.id = passkeys.user_id
WHERE passkeys.credential_extid = @credential_extid
FOR UPDATE OF passkeys;

-- name: PasskeyUsed :exec
-- A verified assertion: its signature counter (checked to have grown against the row
-- PasskeyByCredential locked) and the time.
UPDATE passkeys
SET sign_count = sqlc.arg(sign_count)::bigint,
    last_used_at = sqlc.arg(now)::timestamptz
WHERE id = @id;

-- name: PasskeyCredentialIds :many
-- The credential ids of the user's passkeys (a challenge's `allowCredentials`).
SELECT passkeys.credential_extid, passkeys.transports
FROM passkeys
WHERE passkeys.user_id = @user_id
ORDER BY passkeys.id;

-- name: SessionAuthenticated :exec
-- The user proved who they are again in this session (`session_reauthenticate`).
UPDATE sessions SET authenticated_at = sqlc.arg(now)::timestamptz
WHERE id = @session_id AND user_id = @user_id AND expired_at IS NULL;

-- name: LoginCodeCheck :one
-- @optional
-- One guess at the open sign-in code of the live user with this email (the newest; a
-- newer request revoked the older ones): a right guess uses it up and marks the address
-- verified (the code proved it) and answers the user; a wrong one counts, and after
-- `max_attempts` wrong guesses the code no longer matches. No row: no open code, or a
-- wrong guess.
WITH target AS (
    SELECT login_codes.id, login_codes.user_id, login_codes.attempts,
           (login_codes.code_hash = @code_hash) AS right_code
    FROM login_codes
    JOIN users ON users.id = login_codes.user_id
    WHERE lower(users.email) = lower(@email) AND users.is_enabled AND users.deleted_at IS NULL
      AND users.signup_step = 'complete'
      AND login_codes.used_at IS NULL AND login_codes.revoked_at IS NULL
      AND login_codes.expires_at > sqlc.arg(now)::timestamptz
      AND login_codes.attempts < sqlc.arg(max_attempts)::bigint
    ORDER BY login_codes.created_at DESC
    LIMIT 1
    FOR UPDATE OF login_codes
), used AS (
    UPDATE login_codes SET used_at = sqlc.arg(now)::timestamptz
    WHERE login_codes.id = (SELECT target.id FROM target WHERE target.right_code)
), missed AS (
    UPDATE login_codes SET attempts = login_codes.attempts + 1
    WHERE login_codes.id = (SELECT target.id FROM target WHERE NOT target.right_code)
), verified AS (
    UPDATE users
    SET email_verified_at = coalesce(users.email_verified_at, sqlc.arg(now)::timestamptz)
    WHERE users.id = (SELECT target.user_id FROM target WHERE target.right_code)
)
SELECT target.user_id FROM target WHERE target.right_code;

-- name: OauthStateRedeem :one
-- @optional
-- Use a pending authorization request (once, before it expires): what it was for.
UPDATE oauth_states SET used_at = sqlc.arg(now)::timestamptz
WHERE oauth_states.state_hash = @state_hash
  AND oauth_states.used_at IS NULL
  AND oauth_states.expires_at > sqlc.arg(now)::timestamptz
RETURNING oauth_states.provider, oauth_states.intent, oauth_states.user_id,
          oauth_states.nonce_hash, oauth_states.code_verifier, oauth_states.redirect_to;

-- name: OauthIdentityUser :one
-- @optional
-- The user a provider's account is linked to (recording the use).
UPDATE user_identities SET last_used_at = sqlc.arg(now)::timestamptz
WHERE user_identities.provider = @provider AND user_identities.subject = @subject
RETURNING user_identities.user_id;

-- name: AuthClientLoginFailures :one
-- Failed (or still running) logins from `client` to `app` since `since`, whatever the
-- email: past CAPTCHA_LOGIN_AFTER_FAILURES the client's logins need a captcha.
SELECT count(*) AS failures
FROM login_failures
WHERE login_failures.app = @app
  AND login_failures.client = @client
  AND login_failures.failed_at > sqlc.arg(since)::timestamptz;

-- name: AuthApiKeyLookup :one
-- An API key's caller in one statement (the session lookup's round trip): takes one hit
-- of the key's rate limit bucket (`retry_at` set when refused: nothing else is read),
-- then the live key whose secret matches (not revoked, not expired) and its organization.
-- A personal key: with its user (enabled, not deleted) and their active membership of the
-- key's organization, read fresh. An organization key is the organization's own service
-- identity: no user (its creator may leave). It records the use at most once a minute.
WITH limited AS (
    SELECT rate_limit_take(sqlc.arg(bucket)::text, sqlc.arg(now)::timestamptz,
                           sqlc.arg(max_hits)::bigint, sqlc.arg(win)::interval) AS retry_at
), live_key AS (
    SELECT k.id, k.user_id, k.organization_id, k.kind, k.name, k.scopes
    FROM api_keys AS k, limited
    WHERE limited.retry_at IS NULL
      AND k.id = @key_id
      AND k.secret_hash = @secret_hash
      AND k.revoked_at IS NULL
      AND (k.expires_at IS NULL OR k.expires_at > sqlc.arg(now)::timestamptz)
), touched_key AS (
    UPDATE api_keys SET last_used_at = sqlc.arg(now)::timestamptz
    WHERE api_keys.id = (SELECT live_key.id FROM live_key)
      AND (api_keys.last_used_at IS NULL
           OR api_keys.last_used_at < sqlc.arg(now)::timestamptz - interval '1 minute')
    RETURNING api_keys.id
)
SELECT
    limited.retry_at,
    live_key.id AS key_id,
    live_key.kind AS key_kind,
    live_key.name AS key_name,
    live_key.scopes AS key_scopes,
    key_user.id AS user_id,
    key_user.name AS user_name,
    key_user.email AS user_email,
    (key_user.email_verified_at IS NOT NULL) AS user_email_verified,
    key_org.id AS organization_id,
    key_org.name AS organization_name,
    membership.role AS role
FROM limited
LEFT JOIN live_key ON true
LEFT JOIN users AS key_user
    ON live_key.kind = 'personal'
    AND key_user.id = live_key.user_id
    AND key_user.is_enabled
    AND key_user.deleted_at IS NULL
LEFT JOIN organizations_users AS membership
    ON membership.organization_id = live_key.organization_id
    AND membership.user_id = key_user.id
    AND membership.removed_at IS NULL
LEFT JOIN organizations AS key_org
    ON key_org.id = live_key.organization_id
    AND (live_key.kind = 'organization' OR membership.id IS NOT NULL);

-- name: AuthSsoRequestRedeem :one
-- @optional
-- Use a pending single sign-on request (once, before it expires): its connection.
UPDATE sso_requests SET used_at = sqlc.arg(now)::timestamptz
WHERE sso_requests.state_hash = @state_hash
  AND sso_requests.used_at IS NULL
  AND sso_requests.expires_at > sqlc.arg(now)::timestamptz
  AND (sso_requests.code_verifier IS NOT NULL
       OR sso_requests.handoff_hash = sqlc.arg(handoff_hash)::text)
RETURNING sso_requests.connection_id, sso_requests.organization_id, sso_requests.nonce_hash,
          sso_requests.code_verifier, sso_requests.test, sso_requests.identity;

-- name: AuthSsoSamlRequest :one
-- @optional
-- A pending SAML request by its RelayState (not yet completed, not expired).
SELECT sso_requests.id, sso_requests.connection_id, sso_requests.organization_id,
       sso_requests.nonce_hash
FROM sso_requests
WHERE sso_requests.state_hash = @state_hash
  AND sso_requests.code_verifier IS NULL
  AND sso_requests.used_at IS NULL
  AND sso_requests.expires_at > sqlc.arg(now)::timestamptz
FOR UPDATE;

-- name: AuthSsoSamlAnswered :exec
-- The identity a verified assertion proved, and the hash of the one-time code that hands
-- it to `sso_complete` (a later answer replaces both).
UPDATE sso_requests SET identity = @identity, handoff_hash = @handoff_hash
WHERE sso_requests.id = @id;

-- name: AuthSsoConnection :one
-- @optional
-- An organization's SSO connection, by id (the sealed secret included: the funnel opens it).
SELECT * FROM sso_connections
WHERE sso_connections.id = @id AND sso_connections.organization_id = @organization_id;

-- name: AuthSsoAssertionUse :one
-- @optional
-- Record a SAML assertion's id as consumed: no row when it was consumed before (a replay).
-- Assertions past their validity go on the way.
WITH stale AS (
    DELETE FROM sso_assertions WHERE sso_assertions.expires_at <= sqlc.arg(now)::timestamptz
)
INSERT INTO sso_assertions (connection_id, assertion_extid, expires_at)
VALUES (@connection_id, @assertion_extid, @expires_at)
ON CONFLICT (connection_id, assertion_extid) DO NOTHING
RETURNING sso_assertions.id;

-- name: AuthSsoUser :one
-- @optional
-- The live user with this address (case-insensitively), if any.
SELECT users.id FROM users
WHERE lower(users.email) = lower(@email) AND users.deleted_at IS NULL;

-- name: AuthSsoDomainVerified :one
-- Whether `domain` is a verified domain of the organization.
SELECT EXISTS (
    SELECT 1 FROM organization_domains
    WHERE organization_domains.organization_id = @organization_id
      AND organization_domains.domain = lower(sqlc.arg(domain)::text)
      AND organization_domains.verified_at IS NOT NULL
) AS verified;

-- name: AuthSsoRequired :one
-- @optional
-- The organization enforcing single sign-on for the user's address (its domain verified
-- by an organization whose connection has `enforce` on), unless `owner_exempt` (a password
-- sign-in) and the user owns that organization while its owners keep break-glass.
SELECT organizations.id, organizations.name
FROM users
JOIN organization_domains
  ON organization_domains.domain = lower(split_part(users.email, '@', 2))
 AND organization_domains.verified_at IS NOT NULL
JOIN sso_connections
  ON sso_connections.organization_id = organization_domains.organization_id
 AND sso_connections.enforce
JOIN organizations ON organizations.id = organization_domains.organization_id
WHERE users.id = @user_id
  AND NOT (
      sqlc.arg(owner_exempt)::boolean AND sso_connections.owners_break_glass AND EXISTS (
          SELECT 1 FROM organizations_users
          WHERE organizations_users.organization_id = organizations.id
            AND organizations_users.user_id = users.id
            AND organizations_users.role = 'owner'
            AND organizations_users.removed_at IS NULL
      )
  )
ORDER BY organizations.id
LIMIT 1;

-- name: AuthSsoConnectionById :one
-- @optional
-- A connection by id alone (its public SAML metadata).
SELECT * FROM sso_connections WHERE sso_connections.id = @id;

-- name: AuthScimTokenLookup :one
-- A SCIM token's organization and holder in one statement: takes one hit of the token's
-- rate limit bucket (`retry_at` set when refused: nothing else is read), then the live
-- token whose secret matches (not revoked) with its creator (enabled, not deleted) and
-- their active membership of the token's organization; it records the use at most once a
-- minute. Whether the creator still holds `scim:manage` is the product's check, in the
-- request's transaction.
WITH limited AS (
    SELECT rate_limit_take(sqlc.arg(bucket)::text, sqlc.arg(now)::timestamptz,
                           sqlc.arg(max_hits)::bigint, sqlc.arg(win)::interval) AS retry_at
), live_token AS (
    SELECT t.id, t.user_id, t.organization_id
    FROM scim_tokens AS t, limited
    WHERE limited.retry_at IS NULL
      AND t.id = @token_id
      AND t.secret_hash = @secret_hash
      AND t.revoked_at IS NULL
), touched_token AS (
    UPDATE scim_tokens SET last_used_at = sqlc.arg(now)::timestamptz
    WHERE scim_tokens.id = (SELECT live_token.id FROM live_token)
      AND (scim_tokens.last_used_at IS NULL
           OR scim_tokens.last_used_at < sqlc.arg(now)::timestamptz - interval '1 minute')
    RETURNING scim_tokens.id
)
SELECT
    limited.retry_at,
    live_token.id AS token_id,
    token_user.id AS user_id,
    membership.organization_id AS organization_id
FROM limited
LEFT JOIN live_token ON true
LEFT JOIN users AS token_user
    ON token_user.id = live_token.user_id
    AND token_user.is_enabled
    AND token_user.deleted_at IS NULL
LEFT JOIN organizations_users AS membership
    ON membership.organization_id = live_token.organization_id
    AND membership.user_id = token_user.id
    AND membership.removed_at IS NULL;
