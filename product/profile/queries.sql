-- name: UserRename :one
UPDATE users
SET name = @name, storytime = storytime_event(storytime, 'renamed', id, now())
WHERE id = @id
RETURNING id, name, email;

-- name: UserPasswordSet :exec
UPDATE users
SET password_hash = @password_hash,
    storytime = storytime_event(storytime, 'changed password', id, now())
WHERE id = @id;

-- name: UserOtherSessionsExpire :execrows
-- End every live session of the user except `keep_session_id` (both apps).
UPDATE sessions SET expired_at = @now
WHERE user_id = @user_id AND id <> @keep_session_id AND expired_at IS NULL;
