-- name: PasskeyCreate :one
-- @optional
-- Register a verified passkey for the user; null when that credential is registered
-- already (to anyone).
INSERT INTO passkeys (user_id, name, credential_extid, public_key, sign_count, transports, backed_up,
                      storytime)
VALUES (@user_id, @name, @credential_extid, @public_key, @sign_count, @transports::text[], @backed_up,
        storytime_event(NULL, 'registered', sqlc.arg(user_id)::text, sqlc.arg(now)::timestamptz))
ON CONFLICT (credential_extid) DO NOTHING
RETURNING *;

-- name: PasskeysList :many
-- One page of the user's passkeys, oldest first, after `after_id`.
SELECT * FROM passkeys WHERE user_id = @user_id AND id > @after_id ORDER BY id LIMIT @row_limit;

-- name: PasskeyRename :one
-- @optional
-- Rename one of the user's passkeys; null when the user has no such passkey.
UPDATE passkeys
SET name = @name,
    storytime = storytime_event(storytime, 'renamed', user_id, sqlc.arg(now)::timestamptz)
WHERE id = @id AND user_id = @user_id
RETURNING *;

-- name: PasskeyDelete :one
-- @optional
-- Delete one of the user's passkeys, noting it on the user; null when there is no such
-- passkey of the user.
WITH removed AS (
    DELETE FROM passkeys WHERE passkeys.id = @id AND passkeys.user_id = @user_id
    RETURNING passkeys.id, passkeys.name
), noted AS (
    UPDATE users
    SET storytime = storytime_event(users.storytime, 'deleted a passkey', users.id,
                                    sqlc.arg(now)::timestamptz)
    WHERE users.id = @user_id AND EXISTS (SELECT 1 FROM removed)
)
SELECT removed.id FROM removed;

-- name: SessionAuthenticatedAt :one
-- @optional
-- When the user last proved who they are in this live session (null: not recorded).
SELECT sessions.id, sessions.authenticated_at
FROM sessions
WHERE sessions.id = @session_id AND sessions.user_id = @user_id AND sessions.expired_at IS NULL;

-- name: PasskeyOwnerLock :exec
-- Lock the user's row: changes to their second factors run one at a time.
SELECT users.id FROM users WHERE users.id = @user_id FOR UPDATE;

-- name: PasskeySecondFactorSet :one
-- @optional
-- Set or unset one of the user's passkeys as a second factor; null when the user has no
-- such passkey.
UPDATE passkeys
SET second_factor = @enabled,
    storytime = storytime_event(storytime,
                                CASE WHEN @enabled::boolean THEN 'set as second factor'
                                     ELSE 'no longer a second factor' END,
                                user_id, sqlc.arg(now)::timestamptz)
WHERE id = @id AND user_id = @user_id
RETURNING *;
