-- name: OrgFetch :one
SELECT * FROM organizations WHERE id = $1;

-- name: OrgMemberRoles :many
SELECT role FROM organizations_users WHERE organization_id = $1 ORDER BY role;

-- name: OrgSetRole :execrows
UPDATE organizations_users SET role = @role WHERE organization_id = @organization_id AND user_id = @user_id;

-- name: OrgMembersWithUsers :many
SELECT organizations_users.id, organizations_users.role, users.id, users.email, organizations.name
FROM organizations_users
JOIN users ON users.id = organizations_users.user_id
JOIN organizations ON organizations.id = organizations_users.organization_id
WHERE organizations_users.organization_id = @organization_id;

-- name: OrgWithMaybeMember :many
SELECT organizations.*, users.*
FROM organizations
LEFT JOIN organizations_users ON organizations_users.organization_id = organizations.id
LEFT JOIN users ON users.id = organizations_users.user_id;

-- name: OrgMemberAdd :one
INSERT INTO organizations_users (id, organization_id, user_id, role)
VALUES ($1, $2, $3, $4)
RETURNING *;

-- name: RoleValues :many
SELECT value FROM organization_role_enum;

-- name: OrgFind :one
-- @optional
-- The organization with this id, or None.
SELECT * FROM organizations WHERE id = @id;

-- name: OrgMemberRoleFind :one
-- @optional
SELECT role FROM organizations_users WHERE organization_id = @organization_id AND user_id = @user_id;
