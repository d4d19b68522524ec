-- name: SessionOrganizationSet :exec
UPDATE sessions SET organization_id = sqlc.narg(organization_id) WHERE id = @session_id;

-- name: MembershipActiveRole :one
-- @optional
-- The user's role in the organization while they are an active member.
SELECT role FROM organizations_users
WHERE user_id = @user_id AND organization_id = @organization_id AND removed_at IS NULL;

-- name: OrganizationRename :one
UPDATE organizations
SET name = @name, storytime = storytime_event(storytime, 'renamed', sqlc.arg(by_user_id)::text, now())
WHERE id = @id
RETURNING id, name;

-- name: OrganizationLockMembers :exec
-- Serializes membership changes of one organization (the last-owner rule needs it).
SELECT id FROM organizations WHERE id = @id FOR UPDATE;

-- name: OrganizationMembersList :many
SELECT
    organizations_users.user_id,
    users.name,
    users.email,
    organizations_users.role,
    organizations_users.created_at AS joined_at
FROM organizations_users
JOIN users ON users.id = organizations_users.user_id
WHERE organizations_users.organization_id = @organization_id
  AND organizations_users.removed_at IS NULL
ORDER BY organizations_users.created_at, organizations_users.id;

-- name: OrganizationOwnersCount :one
SELECT count(*)::int AS owners FROM organizations_users
WHERE organization_id = @organization_id AND role = 'owner' AND removed_at IS NULL;

-- name: MemberRoleUpdate :exec
UPDATE organizations_users
SET role = @role,
    storytime = storytime_event(storytime, 'role set to ' || @role, sqlc.arg(by_user_id)::text, now())
WHERE organization_id = @organization_id AND user_id = @user_id AND removed_at IS NULL;

-- name: MemberRemove :exec
UPDATE organizations_users
SET removed_at = now(),
    removed_by_user_id = sqlc.narg(removed_by_user_id),
    storytime = storytime_event(storytime, sqlc.arg(did)::text, sqlc.arg(by_user_id)::text, now())
WHERE organization_id = @organization_id AND user_id = @user_id AND removed_at IS NULL;
