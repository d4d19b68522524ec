-- name: SignupUserCreate :one
-- @optional
-- The new complete user, or no row when the email is taken (case-insensitively).
INSERT INTO users (name, email, password_hash, signup_step, locale, storytime)
VALUES (@name, @email, @password_hash, 'complete', @locale,
        storytime_event(NULL, 'signed up', NULL, now()))
ON CONFLICT (lower(email)) DO NOTHING
RETURNING *;

-- name: OrganizationCreateWithOwner :one
-- A new organization with `user_id` as its owner.
WITH organization AS (
    INSERT INTO organizations (name, inbound_source, storytime)
    VALUES (@name, @inbound_source, storytime_event(NULL, 'created', sqlc.arg(user_id)::text, now()))
    RETURNING *
), membership AS (
    INSERT INTO organizations_users (user_id, organization_id, role, storytime)
    SELECT sqlc.arg(user_id)::text, organization.id, 'owner',
           storytime_event(NULL, 'created with the organization', sqlc.arg(user_id)::text, now())
    FROM organization
    RETURNING organizations_users.id
)
SELECT organization.id, organization.name FROM organization;

-- name: UserOrganizations :many
-- The organizations the user is an active member of, oldest membership first.
SELECT organizations.id, organizations.name, organizations_users.role
FROM organizations_users
JOIN organizations ON organizations.id = organizations_users.organization_id
WHERE organizations_users.user_id = @user_id AND organizations_users.removed_at IS NULL
ORDER BY organizations_users.created_at, organizations_users.id;

-- name: UserLastUsedOrganization :one
-- @optional
-- The organization of the user's most recently active session that is still an active
-- membership.
SELECT organizations_users.organization_id
FROM sessions
JOIN organizations_users
    ON organizations_users.organization_id = sessions.organization_id
    AND organizations_users.user_id = sessions.user_id
    AND organizations_users.removed_at IS NULL
WHERE sessions.user_id = @user_id AND sessions.app = 'product'
ORDER BY sessions.last_seen_at DESC
LIMIT 1;

-- name: UserSessionsList :many
SELECT id, created_at, last_seen_at
FROM sessions
WHERE user_id = @user_id AND app = 'product' AND expired_at IS NULL AND expires_at > @now
ORDER BY created_at DESC, id DESC;
