-- name: AdminGrant :one
-- @optional
-- Make the user with this email an admin; the user's id, or no row without such a user.
WITH target AS (
    SELECT users.id FROM users WHERE lower(users.email) = lower(@email)
), granted AS (
    INSERT INTO admins (user_id)
    SELECT target.id FROM target
    ON CONFLICT (user_id) DO NOTHING
)
SELECT target.id FROM target;

-- name: AdminRevoke :one
-- @optional
-- Remove the admin right of the user with this email and end their panopticon sessions;
-- the user's id when they were an admin.
WITH revoked AS (
    DELETE FROM admins
    USING users
    WHERE admins.user_id = users.id AND lower(users.email) = lower(@email)
    RETURNING admins.user_id
), ended AS (
    UPDATE sessions SET expired_at = @now
    WHERE sessions.user_id IN (SELECT revoked.user_id FROM revoked)
      AND sessions.app = 'panopticon' AND sessions.expired_at IS NULL
)
SELECT revoked.user_id FROM revoked;

-- name: AdminIs :one
-- Whether the user may use panopticon.
SELECT EXISTS (SELECT 1 FROM admins WHERE user_id = @user_id) AS is_admin;
