-- name: InviteMemberEmailExists :one
-- Whether an active member of the organization has this email.
SELECT EXISTS (
    SELECT 1 FROM organizations_users
    JOIN users ON users.id = organizations_users.user_id
    WHERE organizations_users.organization_id = @organization_id
      AND organizations_users.removed_at IS NULL
      AND lower(users.email) = lower(@email)
) AS is_member;

-- name: InviteRevokePendingForEmail :exec
UPDATE invites
SET revoked_at = @now,
    storytime = storytime_event(storytime, 'superseded', sqlc.arg(by_user_id)::text, @now)
WHERE organization_id = @organization_id AND lower(email) = lower(@email)
  AND accepted_at IS NULL AND revoked_at IS NULL;

-- name: InviteCreate :one
-- `by`: who created it (a user, or an organization API key: `invited_by_user_id` null).
INSERT INTO invites (organization_id, invited_by_user_id, email, role, code_hash, expires_at, storytime)
VALUES (@organization_id, sqlc.narg(invited_by_user_id), @email, @role, @code_hash, @expires_at,
        storytime_event(NULL, 'created', sqlc.arg(by)::text, @now))
RETURNING *;

-- name: InvitesPendingList :many
SELECT id, email, role, invited_by_user_id, expires_at
FROM invites
WHERE organization_id = @organization_id
  AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > @now
  AND id > @after_id
ORDER BY id
LIMIT @row_limit;

-- name: InviteRevoke :execrows
UPDATE invites
SET revoked_at = @now,
    storytime = storytime_event(storytime, 'revoked', sqlc.arg(by_user_id)::text, @now)
WHERE id = @id AND organization_id = @organization_id
  AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > @now;

-- name: InviteByCodeHash :one
-- @optional
-- The invite with this code hash, its organization's name and the invitee's user if
-- one exists.
SELECT
    invites.id,
    invites.organization_id,
    organizations.name AS organization_name,
    invites.email,
    invites.role,
    invites.expires_at,
    invites.accepted_at,
    invites.revoked_at,
    users.id AS user_id,
    users.signup_step
FROM invites
JOIN organizations ON organizations.id = invites.organization_id
LEFT JOIN users ON lower(users.email) = lower(invites.email)
WHERE invites.code_hash = @code_hash;

-- name: InviteLock :one
-- @optional
-- Lock the invite while it is open: its id, or no row (accepted, revoked or missing).
SELECT invites.id FROM invites
WHERE invites.id = @id AND invites.accepted_at IS NULL AND invites.revoked_at IS NULL
FOR UPDATE;

-- name: InviteAccept :exec
UPDATE invites
SET accepted_at = @now,
    accepted_by_user_id = @user_id,
    storytime = storytime_event(storytime, 'accepted', sqlc.arg(user_id)::text, @now)
WHERE id = @id;

-- name: InviteUserCreate :one
-- @optional
-- The new user, or no row when someone signed up with this email meanwhile.
INSERT INTO users (name, email, password_hash, signup_step, locale, storytime)
VALUES (@name, @email, @password_hash, 'complete', @locale,
        storytime_event(NULL, 'signed up by invite', NULL, now()))
ON CONFLICT (lower(email)) DO NOTHING
RETURNING *;

-- name: InviteUserComplete :one
-- @optional
-- An invitee whose user exists without a finished signup: set name and password (no
-- row when the signup was finished meanwhile).
UPDATE users
SET name = @name, password_hash = @password_hash, signup_step = 'complete',
    storytime = storytime_event(storytime, 'completed signup by invite', id, now())
WHERE id = @id AND signup_step <> 'complete' AND deleted_at IS NULL
RETURNING *;

-- name: InviteMembershipAdd :exec
INSERT INTO organizations_users (user_id, organization_id, role, storytime)
VALUES (@user_id, @organization_id, @role, storytime_event(NULL, 'joined by invite', sqlc.arg(user_id)::text, now()))
ON CONFLICT (user_id, organization_id) WHERE removed_at IS NULL DO NOTHING;

-- name: UserFetch :one
SELECT * FROM users WHERE id = @id;
