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
    impersonators.email AS impersonator_email
FROM found
JOIN users ON users.id = found.user_id
LEFT JOIN admins ON admins.user_id = found.user_id
LEFT JOIN users AS impersonators ON impersonators.id = found.impersonator_user_id
LEFT JOIN organizations_users
    ON organizations_users.organization_id = found.organization_id
    AND organizations_users.user_id = found.user_id
    AND organizations_users.removed_at IS NULL
LEFT JOIN organizations ON organizations.id = organizations_users.organization_id;

-- name: AuthSessionCreate :one
-- A session, with how it was signed in (only the funnel creates one).
INSERT INTO sessions (user_id, organization_id, app, expires_at, last_seen_at, impersonator_user_id,
                      sign_in_method, second_factor)
VALUES (@user_id, sqlc.narg(organization_id), @app, @expires_at, @now, sqlc.narg(impersonator_user_id),
        @sign_in_method, sqlc.narg(second_factor))
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
-- Whether the user has MFA on (a confirmed TOTP secret).
SELECT EXISTS (
    SELECT 1 FROM mfa_totp WHERE user_id = @user_id AND confirmed_at IS NOT NULL
) AS enabled;

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

-- name: AuthClientLoginFailures :one
-- Failed (or still running) logins from `client` to `app` since `since`, whatever the
-- email: past CAPTCHA_LOGIN_AFTER_FAILURES the client's logins need a captcha.
SELECT count(*) AS failures
FROM login_failures
WHERE login_failures.app = @app
  AND login_failures.client = @client
  AND login_failures.failed_at > sqlc.arg(since)::timestamptz;
