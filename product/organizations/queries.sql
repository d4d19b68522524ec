-- name: SessionOrganizationSet :exec
UPDATE sessions SET organization_id = sqlc.narg(organization_id) WHERE id = @session_id;

-- name: OrganizationRename :one
UPDATE organizations
SET name = @name, storytime = storytime_event(storytime, 'renamed', sqlc.arg(by_user_id)::text, now())
WHERE id = @id
RETURNING id, name;

-- name: OrganizationMembersList :many
-- One page of the organization's active members in the order they joined (membership id
-- order), after the membership `after_id` (keyset: organizations_users_active_page_idx).
SELECT
    organizations_users.id,
    organizations_users.user_id,
    users.name,
    users.email,
    organizations_users.role,
    organizations_users.created_at AS joined_at,
    organizations_users.custom_role_id
FROM organizations_users
JOIN users ON users.id = organizations_users.user_id
WHERE organizations_users.organization_id = @organization_id
  AND organizations_users.removed_at IS NULL
  AND organizations_users.id > @after_id
ORDER BY organizations_users.id
LIMIT @row_limit;


-- name: MembershipPermissionRequire :exec
-- The organization's member lock, then the caller's role must hold the permission
-- (migration 0044; raises SQLSTATE BL401 or BL403: `database.xact.permission_refused`).
SELECT membership_permission_require(
    @user_id, @organization_id, @permission, sqlc.arg(roles_holding)::text[], true);

-- name: OrganizationSecuritySet :exec
UPDATE organizations
SET require_mfa = @require_mfa,
    storytime = storytime_event(
        storytime,
        CASE WHEN @require_mfa::boolean THEN 'two-factor required' ELSE 'two-factor optional' END,
        sqlc.arg(by_user_id)::text, now())
WHERE id = @id;

-- name: OrganizationMemberUserIds :many
-- The user ids of the organization's active members.
SELECT user_id FROM organizations_users
WHERE organization_id = @organization_id AND removed_at IS NULL
ORDER BY created_at, id;

-- name: OrganizationRolesList :many
-- The organization's custom roles with how many active members hold each, by name.
SELECT organization_roles.id, organization_roles.name, organization_roles.permissions,
       (SELECT count(*) FROM organizations_users
        WHERE organizations_users.organization_id = organization_roles.organization_id
          AND organizations_users.custom_role_id = organization_roles.id
          AND organizations_users.removed_at IS NULL)::int AS members
FROM organization_roles
WHERE organization_roles.organization_id = @organization_id
ORDER BY lower(organization_roles.name), organization_roles.id;

-- name: OrganizationRolesPage :many
-- One page of the organization's custom roles, oldest first, after `after_id`, with how
-- many active members hold each.
SELECT organization_roles.id, organization_roles.name, organization_roles.permissions,
       (SELECT count(*) FROM organizations_users
        WHERE organizations_users.organization_id = organization_roles.organization_id
          AND organizations_users.custom_role_id = organization_roles.id
          AND organizations_users.removed_at IS NULL)::int AS members
FROM organization_roles
WHERE organization_roles.organization_id = @organization_id
  AND organization_roles.id > @after_id
ORDER BY organization_roles.id
LIMIT @row_limit;

-- name: OrganizationRoleFetch :one
-- @optional
SELECT * FROM organization_roles WHERE organization_id = @organization_id AND id = @id;

-- name: OrganizationRoleNameTaken :one
-- Whether another role of the organization has this name (case-insensitively).
SELECT EXISTS (
    SELECT 1 FROM organization_roles
    WHERE organization_id = @organization_id AND lower(name) = lower(@name)
      AND id IS DISTINCT FROM sqlc.narg(except_id)
) AS taken;

-- name: OrganizationRoleCreate :one
INSERT INTO organization_roles (organization_id, name, permissions, storytime)
VALUES (@organization_id, @name, sqlc.arg(permissions)::text[],
        storytime_event(NULL, 'created', sqlc.arg(by_user_id)::text, now()))
RETURNING *;

-- name: OrganizationRoleUpdate :one
-- @optional
UPDATE organization_roles
SET name = @name, permissions = sqlc.arg(permissions)::text[],
    storytime = storytime_event(storytime, 'updated', sqlc.arg(by_user_id)::text, now())
WHERE organization_id = @organization_id AND id = @id
RETURNING *;

-- name: OrganizationRoleDelete :one
-- @optional
-- Delete the role unless an active member holds it (no row: unknown or in use); the
-- organization's history notes it.
WITH deleted AS (
    DELETE FROM organization_roles
    WHERE organization_roles.organization_id = @organization_id AND organization_roles.id = @id
      AND NOT EXISTS (
          SELECT 1 FROM organizations_users
          WHERE organizations_users.organization_id = organization_roles.organization_id
            AND organizations_users.custom_role_id = organization_roles.id
      )
    RETURNING organization_roles.id, organization_roles.name
), noted AS (
    UPDATE organizations
    SET storytime = storytime_event(storytime, 'role deleted: ' || (SELECT name FROM deleted),
                                    sqlc.arg(by_user_id)::text, now())
    WHERE organizations.id = @organization_id AND EXISTS (SELECT 1 FROM deleted)
)
SELECT id FROM deleted;

-- name: MemberCustomRoleSet :exec
-- Give the active member a custom role of the organization (their built-in role is member).
UPDATE organizations_users
SET custom_role_id = sqlc.narg(custom_role_id),
    storytime = storytime_event(storytime, 'custom role set', sqlc.arg(by_user_id)::text, now())
WHERE organization_id = @organization_id AND user_id = @user_id AND removed_at IS NULL;
