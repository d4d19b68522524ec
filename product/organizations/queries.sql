-- name: SessionOrganizationSet :exec
UPDATE sessions SET organization_id = sqlc.narg(organization_id) WHERE id = @session_id;

-- name: OrganizationRename :one
UPDATE organizations
SET name = @name, storytime = storytime_event(storytime, 'renamed', sqlc.arg(by_user_id)::text, now())
WHERE id = @id
RETURNING id, name;

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

