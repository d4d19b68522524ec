-- name: AccountDelete :one
-- See account_delete in migration 0008: 'deleted', 'last_owner' or 'missing'.
SELECT account_delete(@user_id, sqlc.narg(by_user_id), sqlc.arg(now)::timestamptz) AS outcome;

-- name: AccountEmail :one
-- @optional
SELECT users.email FROM users WHERE users.id = @user_id AND users.deleted_at IS NULL;
