-- name: ImpersonationCreate :one
-- A one-time impersonation token (its hash) of a superadmin for a user.
INSERT INTO impersonations (admin_user_id, user_id, token_hash, reason, minutes, accept_by, storytime)
VALUES (@admin_user_id, @user_id, @token_hash, @reason, @minutes, @accept_by,
        storytime_event(NULL, 'created', @admin_user_id, @now))
RETURNING *;
