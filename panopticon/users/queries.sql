-- name: UsersListNewest :many
-- A page of users newest first (the primary key, backwards), with the console's filters (each null
-- filter is off), `row_offset` rows in.
SELECT
    users.id, users.name, users.email, users.is_enabled, users.signup_step,
    users.created_at, users.last_visited_at, (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM users
WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
ORDER BY users.id DESC
LIMIT @row_limit OFFSET @row_offset;

-- name: UsersListOldest :many
-- A page of users oldest first (the primary key), with the console's filters (each null
-- filter is off), `row_offset` rows in.
SELECT
    users.id, users.name, users.email, users.is_enabled, users.signup_step,
    users.created_at, users.last_visited_at, (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM users
WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
ORDER BY users.id
LIMIT @row_limit OFFSET @row_offset;

-- name: UsersListEmailAsc :many
-- A page of users by email, A to Z (users_email_key), with the console's filters (each null
-- filter is off), `row_offset` rows in.
SELECT
    users.id, users.name, users.email, users.is_enabled, users.signup_step,
    users.created_at, users.last_visited_at, (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM users
WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
ORDER BY lower(users.email)
LIMIT @row_limit OFFSET @row_offset;

-- name: UsersListEmailDesc :many
-- A page of users by email, Z to A (users_email_key, backwards), with the console's filters (each null
-- filter is off), `row_offset` rows in.
SELECT
    users.id, users.name, users.email, users.is_enabled, users.signup_step,
    users.created_at, users.last_visited_at, (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM users
WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
ORDER BY lower(users.email) DESC
LIMIT @row_limit OFFSET @row_offset;

-- name: UsersSearch :many
-- Users matching a search, with the console's filters, in the order `sort` names
-- (newest, oldest, email, email_desc), `row_offset` rows in: the id itself, an email
-- starting with `email_prefix` (lowercase; users_email_prefix_idx), an email ending with
-- the reverse of `reversed_suffix` (an `@domain` search; users_email_reverse_idx) or a name
-- containing the LIKE pattern `name_pattern` (lowercase; users_name_trgm_idx). Each way is
-- its own branch so each uses its index, whatever the plan cache does with the parameters;
-- the matches are few, so sorting them needs no index.
WITH matches AS MATERIALIZED (
    SELECT users.id FROM users WHERE users.id = @id
    UNION
    SELECT users.id FROM users
    WHERE lower(users.email) ~>=~ sqlc.arg(email_prefix)::text
      AND lower(users.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))
    UNION
    SELECT users.id FROM users
    WHERE reverse(lower(users.email)) ~>=~ sqlc.arg(reversed_suffix)::text
      AND reverse(lower(users.email)) ~<~ (sqlc.arg(reversed_suffix)::text || chr(1114111))
    UNION
    SELECT users.id FROM users WHERE lower(users.name) LIKE sqlc.arg(name_pattern)::text
)
SELECT
    users.id, users.name, users.email, users.is_enabled, users.signup_step,
    users.created_at, users.last_visited_at, (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM matches
JOIN users ON users.id = matches.id
WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
ORDER BY
    CASE WHEN @sort::text = 'email' THEN lower(users.email) END,
    CASE WHEN @sort::text = 'email_desc' THEN lower(users.email) END DESC,
    CASE WHEN @sort::text = 'oldest' THEN users.id END,
    users.id DESC
LIMIT @row_limit OFFSET @row_offset;

-- name: UsersCount :one
-- How many users the filters keep, counting at most `cap` (the list says "more than").
SELECT count(*) AS total FROM (
    SELECT 1 FROM users
    WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
    LIMIT @cap
) AS counted;

-- name: UsersSearchCount :one
-- How many users match a search (as UsersSearch) and the filters, counting at most `cap`.
WITH matches AS MATERIALIZED (
    SELECT users.id FROM users WHERE users.id = @id
    UNION
    SELECT users.id FROM users
    WHERE lower(users.email) ~>=~ sqlc.arg(email_prefix)::text
      AND lower(users.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))
    UNION
    SELECT users.id FROM users
    WHERE reverse(lower(users.email)) ~>=~ sqlc.arg(reversed_suffix)::text
      AND reverse(lower(users.email)) ~<~ (sqlc.arg(reversed_suffix)::text || chr(1114111))
    UNION
    SELECT users.id FROM users WHERE lower(users.name) LIKE sqlc.arg(name_pattern)::text
)
SELECT count(*) AS total FROM (
    SELECT 1 FROM matches
    JOIN users ON users.id = matches.id
    WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
    LIMIT @cap
) AS counted;

-- name: UsersEstimate :one
-- The planner's estimate of the number of users (pg_class.reltuples, kept by autovacuum
-- and ANALYZE): the unfiltered list's total without counting every row; -1 if never
-- analyzed.
SELECT pg_class.reltuples::bigint AS estimate FROM pg_class WHERE pg_class.oid = 'users'::regclass;

-- name: UserGet :one
-- @optional
-- One user, every column but the password hash.
SELECT
    users.id, users.name, users.email, users.is_enabled, users.signup_step,
    users.created_at, users.updated_at, users.last_visited_at, users.storytime,
    users.email_verified_at, (users.password_hash IS NOT NULL) AS has_password,
    (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) AS mfa_enabled
FROM users WHERE users.id = @user_id;

-- name: UserMemberships :many
-- Every membership of the user, active or ended, newest first, with who removed it.
SELECT
    organizations_users.id, organizations_users.organization_id,
    organizations.name AS organization_name, organizations_users.role,
    organizations_users.created_at AS joined_at, organizations_users.removed_at,
    organizations_users.removed_by_user_id, removers.name AS removed_by_name
FROM organizations_users
JOIN organizations ON organizations.id = organizations_users.organization_id
LEFT JOIN users AS removers ON removers.id = organizations_users.removed_by_user_id
WHERE organizations_users.user_id = @user_id
ORDER BY organizations_users.id DESC;

-- name: UserProductSessions :many
-- The user's product sessions, newest first (at most 100), with the impersonating admin
-- and where and how each was signed in.
SELECT
    sessions.id, sessions.created_at, sessions.last_seen_at, sessions.expires_at,
    sessions.expired_at, sessions.organization_id, sessions.impersonator_user_id,
    sessions.client_address, sessions.user_agent, sessions.sign_in_method, sessions.second_factor
FROM sessions
WHERE sessions.user_id = @user_id AND sessions.app = 'product'
ORDER BY sessions.id DESC
LIMIT 100;

-- name: UserLoginFailures :many
-- Recent failed logins for the email (any app), newest first (at most 50).
SELECT login_failures.id, login_failures.app, login_failures.client, login_failures.failed_at
FROM login_failures
WHERE login_failures.email = lower(@email)
ORDER BY login_failures.failed_at DESC
LIMIT 50;

-- name: UserLockForUpdate :one
-- @optional
-- The user row, locked for an admin change.
SELECT * FROM users WHERE users.id = @user_id FOR UPDATE;

-- name: UserSetEnabled :one
-- Enable or disable the user, recording the admin in storytime.
UPDATE users
SET is_enabled = @is_enabled,
    storytime = storytime_event(storytime, @did, @by_user_id, @now)
WHERE id = @user_id
RETURNING *;

-- name: UserProductSessionsExpire :execrows
-- End every live product session of the user at once.
UPDATE sessions SET expired_at = @now
WHERE sessions.user_id = @user_id AND sessions.app = 'product' AND sessions.expired_at IS NULL;

-- name: LoginLockoutClear :execrows
-- Forget the failed logins of the email (every app and client): its lockout lifts.
DELETE FROM login_failures WHERE login_failures.email = lower(@email);

-- name: UserMfaReset :one
-- Remove the user's second factors (secret, recovery codes, pending challenges, and every
-- passkey: a lost device may hold one), noting the admin in the user's storytime; whether
-- MFA was on.
WITH totp AS (
    DELETE FROM mfa_totp WHERE mfa_totp.user_id = @user_id
    RETURNING mfa_totp.confirmed_at
), keys AS (
    DELETE FROM passkeys WHERE passkeys.user_id = @user_id
    RETURNING passkeys.second_factor
), codes AS (
    DELETE FROM mfa_recovery_codes WHERE mfa_recovery_codes.user_id = @user_id
), challenges AS (
    DELETE FROM mfa_challenges WHERE mfa_challenges.user_id = @user_id
), was AS (
    SELECT EXISTS (SELECT 1 FROM totp WHERE totp.confirmed_at IS NOT NULL)
           OR EXISTS (SELECT 1 FROM keys WHERE keys.second_factor) AS enabled
), noted AS (
    UPDATE users
    SET storytime = storytime_event(users.storytime, 'two-factor authentication reset by an admin',
                                    sqlc.arg(by_user_id)::text, sqlc.arg(now)::timestamptz)
    WHERE users.id = @user_id AND (SELECT enabled FROM was)
)
SELECT coalesce(was.enabled, false) AS was_enabled FROM was;

-- name: UserNames :many
-- The names and emails of these users (the people a history names).
SELECT users.id, users.name, users.email FROM users WHERE users.id = ANY(@ids::text[]);

-- name: AdminUserCodeIssue :exec
-- A new one-time code of `purpose` for the user, issued by an admin (a password reset, an
-- email verification); older open codes of that purpose stop working. Noted in the user's
-- history.
WITH revoked AS (
    UPDATE user_codes SET revoked_at = sqlc.arg(now)::timestamptz
    WHERE user_codes.user_id = @user_id AND user_codes.purpose = @purpose
      AND user_codes.used_at IS NULL AND user_codes.revoked_at IS NULL
), noted AS (
    UPDATE users
    SET storytime = storytime_event(users.storytime, sqlc.arg(did)::text,
                                    sqlc.arg(by_user_id)::text, sqlc.arg(now)::timestamptz)
    WHERE users.id = @user_id
)
INSERT INTO user_codes (user_id, purpose, code_hash, expires_at)
VALUES (@user_id, @purpose, @code_hash, @expires_at);

-- name: AdminUserUpdate :one
-- A superadmin's change of the user's name and email: a new email is unverified until the
-- user proves it. Noted in the user's history.
UPDATE users
SET name = @name,
    email = @email,
    email_verified_at = CASE WHEN lower(users.email) = lower(@email) THEN users.email_verified_at END,
    storytime = storytime_event(users.storytime, 'name or email changed by an admin',
                                sqlc.arg(by_user_id)::text, sqlc.arg(now)::timestamptz)
WHERE users.id = @user_id
RETURNING *;

-- name: AdminEmailTaken :one
-- Whether another user has this email (any case).
SELECT EXISTS (
    SELECT 1 FROM users WHERE lower(users.email) = lower(@email) AND users.id <> @user_id
) AS taken;
