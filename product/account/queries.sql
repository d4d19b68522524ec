-- name: UserCodeIssue :exec
-- A new one-time code of `purpose` for the user; older open codes of that purpose stop
-- working.
WITH revoked AS (
    UPDATE user_codes SET revoked_at = sqlc.arg(now)::timestamptz
    WHERE user_codes.user_id = @user_id AND user_codes.purpose = @purpose
      AND user_codes.used_at IS NULL AND user_codes.revoked_at IS NULL
)
INSERT INTO user_codes (user_id, purpose, code_hash, new_email, expires_at)
VALUES (@user_id, @purpose, @code_hash, sqlc.narg(new_email), @expires_at);

-- name: UserCodeRedeem :one
-- @optional
-- Use an open, unexpired code of `purpose` (once): its user and new email.
UPDATE user_codes SET used_at = sqlc.arg(now)::timestamptz
WHERE user_codes.code_hash = @code_hash AND user_codes.purpose = @purpose
  AND user_codes.used_at IS NULL AND user_codes.revoked_at IS NULL
  AND user_codes.expires_at > sqlc.arg(now)::timestamptz
RETURNING user_codes.user_id, user_codes.new_email;

-- name: UserEmailVerified :one
SELECT EXISTS (
    SELECT 1 FROM users WHERE users.id = @user_id AND users.email_verified_at IS NOT NULL
) AS verified;

-- name: UserMarkVerified :exec
UPDATE users
SET email_verified_at = coalesce(email_verified_at, sqlc.arg(now)::timestamptz)
WHERE users.id = @user_id;

-- name: PasswordResetIssue :one
-- The whole of a reset request in one statement, whether or not the email belongs to a
-- live account (the same work either way): a code for the user with this email, if any,
-- and the email queued. Older codes stay valid (a stranger's request never cancels the
-- owner's code); past `max_open` open codes no new one is issued (the open ones, each
-- emailed to the owner, still work). `renders` is the email in every language
-- (`{"en": {"subject", "text", "html"}, ...}`), sent in the user's. How many codes were
-- issued (0 or 1).
WITH target AS (
    SELECT users.id, users.email, users.locale FROM users
    WHERE lower(users.email) = lower(@email) AND users.is_enabled AND users.deleted_at IS NULL
      AND (SELECT count(*) FROM user_codes
           WHERE user_codes.user_id = users.id AND user_codes.purpose = 'reset_password'
             AND user_codes.used_at IS NULL AND user_codes.revoked_at IS NULL
             AND user_codes.expires_at > sqlc.arg(now)::timestamptz) < sqlc.arg(max_open)::bigint
), issued AS (
    INSERT INTO user_codes (user_id, purpose, code_hash, expires_at)
    SELECT target.id, 'reset_password', @code_hash, @expires_at FROM target
    RETURNING user_codes.user_id
), mailed AS (
    INSERT INTO emails (user_id, kind, to_address, subject, body, html, secret, next_attempt_at)
    SELECT target.id, 'reset_password', target.email,
           sqlc.arg(renders)::jsonb -> target.locale ->> 'subject',
           sqlc.arg(renders)::jsonb -> target.locale ->> 'text',
           sqlc.arg(renders)::jsonb -> target.locale ->> 'html',
           @secret, sqlc.arg(now)::timestamptz
    FROM target
)
SELECT count(*) AS issued FROM issued;

-- name: UserCodePeek :one
-- @optional
-- The user an open, unexpired code of `purpose` belongs to (without using it), if they
-- may still sign in: checked before any slow work the code would unlock.
SELECT users.id AS user_id, users.email
FROM user_codes
JOIN users ON users.id = user_codes.user_id
WHERE user_codes.code_hash = @code_hash AND user_codes.purpose = @purpose
  AND user_codes.used_at IS NULL AND user_codes.revoked_at IS NULL
  AND user_codes.expires_at > sqlc.arg(now)::timestamptz
  AND users.is_enabled AND users.deleted_at IS NULL;

-- name: UserPasswordReset :exec
-- A new password; every session of the user ends, their other reset codes stop working,
-- and their login lockouts lift (by email, and the signed-in re-check's by user).
WITH ended AS (
    UPDATE sessions SET expired_at = sqlc.arg(now)::timestamptz
    WHERE sessions.user_id = @user_id AND sessions.expired_at IS NULL
), revoked AS (
    UPDATE user_codes SET revoked_at = sqlc.arg(now)::timestamptz
    WHERE user_codes.user_id = @user_id AND user_codes.purpose = 'reset_password'
      AND user_codes.used_at IS NULL AND user_codes.revoked_at IS NULL
), forgiven AS (
    DELETE FROM login_failures
    WHERE login_failures.email IN (
        (SELECT lower(users.email) FROM users WHERE users.id = @user_id),
        'user:' || sqlc.arg(user_id)::text
    )
)
UPDATE users
SET password_hash = @password_hash,
    storytime = storytime_event(storytime, 'password reset', @user_id, sqlc.arg(now)::timestamptz)
WHERE users.id = @user_id;

-- name: EmailAddressLock :exec
-- Serializes changes to one address (case-insensitively) until the transaction ends.
SELECT pg_advisory_xact_lock(hashtextextended('email:' || lower(@email), 0));

-- name: EmailAddressTaken :one
SELECT EXISTS (SELECT 1 FROM users WHERE lower(users.email) = lower(@email)) AS taken;

-- name: UserEmailSwitch :one
-- The user's new (verified) address; the old one, for the notice. Their other sessions
-- end, and codes sent to the old address (password reset, verification) stop working.
WITH old AS (SELECT users.email FROM users WHERE users.id = @user_id),
ended AS (
    UPDATE sessions SET expired_at = sqlc.arg(now)::timestamptz
    WHERE sessions.user_id = @user_id AND sessions.expired_at IS NULL
      AND sessions.id <> @keep_session_id
), revoked AS (
    UPDATE user_codes SET revoked_at = sqlc.arg(now)::timestamptz
    WHERE user_codes.user_id = @user_id
      AND user_codes.purpose IN ('reset_password', 'verify_email')
      AND user_codes.used_at IS NULL AND user_codes.revoked_at IS NULL
)
UPDATE users
SET email = @new_email, email_verified_at = sqlc.arg(now)::timestamptz,
    storytime = storytime_event(storytime, 'email changed', @user_id, sqlc.arg(now)::timestamptz)
WHERE users.id = @user_id
RETURNING (SELECT old.email FROM old) AS old_email;

-- name: AccountDelete :one
SELECT account_delete(@user_id, sqlc.narg(by_user_id), sqlc.arg(now)::timestamptz) AS outcome;
