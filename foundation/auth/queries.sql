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
INSERT INTO sessions (user_id, organization_id, app, expires_at, last_seen_at, impersonator_user_id)
VALUES (@user_id, sqlc.narg(organization_id), @app, @expires_at, @now, sqlc.narg(impersonator_user_id))
RETURNING *;

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
    users.is_enabled
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
