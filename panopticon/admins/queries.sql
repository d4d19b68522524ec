-- name: AdminGrant :one
-- @optional
-- Make the user with this email an admin with `role` (or change their role): the user's
-- id and the role they had before (null when they were no admin); no row without such a user.
WITH target AS (
    SELECT users.id FROM users WHERE lower(users.email) = lower(@email)
), previous AS (
    SELECT admins.role FROM admins JOIN target ON admins.user_id = target.id
), granted AS (
    INSERT INTO admins (user_id, role)
    SELECT target.id, @role FROM target
    ON CONFLICT (user_id) DO UPDATE SET role = EXCLUDED.role
)
SELECT target.id AS user_id, previous.role AS previous_role
FROM target LEFT JOIN previous ON true;

-- name: AdminRevoke :one
-- @optional
-- Remove the admin right of the user with this email and end their panopticon sessions;
-- the user's id and the role they had, when they were an admin.
WITH revoked AS (
    DELETE FROM admins
    USING users
    WHERE admins.user_id = users.id AND lower(users.email) = lower(@email)
    RETURNING admins.user_id, admins.role
), ended AS (
    UPDATE sessions SET expired_at = @now
    WHERE sessions.user_id IN (SELECT revoked.user_id FROM revoked)
      AND sessions.app = 'panopticon' AND sessions.expired_at IS NULL
)
SELECT revoked.user_id, revoked.role FROM revoked;

-- name: AdminIs :one
-- Whether the user may use panopticon.
SELECT EXISTS (SELECT 1 FROM admins WHERE user_id = @user_id) AS is_admin;

-- name: AdminRoleLock :one
-- @optional
-- The admin's current role, share-locked until the transaction ends (a concurrent revoke
-- or role change waits); no row when the user is no longer an admin.
SELECT admins.role FROM admins WHERE admins.user_id = @user_id FOR SHARE;

-- name: AdminsList :many
-- Every admin with their user, by email.
SELECT admins.user_id, users.email, users.name, admins.role, admins.created_at
FROM admins
JOIN users ON users.id = admins.user_id
ORDER BY lower(users.email);
