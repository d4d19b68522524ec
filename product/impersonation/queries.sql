-- name: ImpersonationRedeem :one
-- @optional
-- Use a one-time impersonation token: at most once, before `accept_by`, while its admin
-- is still a superadmin and the user enabled. The impersonation, or no row.
UPDATE impersonations
SET accepted_at = @now,
    storytime = storytime_event(storytime, 'accepted', NULL, @now)
WHERE impersonations.token_hash = @token_hash
  AND impersonations.accepted_at IS NULL
  AND impersonations.accept_by > @now
  AND EXISTS (SELECT 1 FROM admins
              WHERE admins.user_id = impersonations.admin_user_id AND admins.role = 'superadmin')
  AND EXISTS (SELECT 1 FROM users
              WHERE users.id = impersonations.user_id AND users.is_enabled)
RETURNING *;

-- name: ImpersonationSessionLink :exec
UPDATE impersonations SET session_id = @session_id WHERE impersonations.id = @id;
