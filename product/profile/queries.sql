-- name: UserRename :one
-- The name and the language of the user's emails (each kept when null).
UPDATE users
SET name = coalesce(sqlc.narg(name), name),
    locale = coalesce(sqlc.narg(locale), locale),
    storytime = storytime_event(storytime, 'updated profile', id, now())
WHERE id = @id
RETURNING id, name, email, locale;

-- name: UserPasswordSet :exec
UPDATE users
SET password_hash = @password_hash,
    storytime = storytime_event(storytime, 'changed password', id, now())
WHERE id = @id;

-- name: UserOtherSessionsExpire :execrows
-- End every live session of the user except `keep_session_id` (both apps).
UPDATE sessions SET expired_at = @now
WHERE user_id = @user_id AND id <> @keep_session_id AND expired_at IS NULL;
