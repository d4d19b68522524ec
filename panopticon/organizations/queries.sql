-- name: OrganizationsPage :many
-- Organizations newest first, before a cursor id, without a search.
SELECT
    organizations.id, organizations.name, organizations.inbound_source, organizations.created_at,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.organization_id = organizations.id
       AND organizations_users.removed_at IS NULL) AS members_count
FROM organizations
WHERE organizations.id < @before_id
ORDER BY organizations.id DESC
LIMIT @row_limit;

-- name: OrganizationsSearch :many
-- Organizations whose id is `id` or whose name contains the LIKE pattern `name_pattern`
-- (lowercase; organizations_name_trgm_idx), newest first, before a cursor id.
WITH matches AS MATERIALIZED (
    SELECT organizations.id FROM organizations WHERE organizations.id = @id
    UNION
    SELECT organizations.id FROM organizations
    WHERE lower(organizations.name) LIKE sqlc.arg(name_pattern)::text
)
SELECT
    organizations.id, organizations.name, organizations.inbound_source, organizations.created_at,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.organization_id = organizations.id
       AND organizations_users.removed_at IS NULL) AS members_count
FROM matches
JOIN organizations ON organizations.id = matches.id
WHERE organizations.id < @before_id
ORDER BY organizations.id DESC
LIMIT @row_limit;

-- name: OrganizationGet :one
-- @optional
SELECT * FROM organizations WHERE organizations.id = @organization_id;

-- name: OrganizationMembers :many
-- The organization's first 101 active members, oldest first (the console shows 100 and
-- pages through the rest with users_search's organization filter).
SELECT
    organizations_users.user_id, users.name, users.email, users.is_enabled,
    organizations_users.role, organizations_users.created_at AS joined_at
FROM organizations_users
JOIN users ON users.id = organizations_users.user_id
WHERE organizations_users.organization_id = @organization_id
  AND organizations_users.removed_at IS NULL
ORDER BY organizations_users.created_at, organizations_users.id
LIMIT 101;

-- name: OrganizationPendingInvites :many
-- The organization's invites not accepted, revoked or expired, newest first.
SELECT invites.id, invites.email, invites.role, invites.invited_by_user_id,
       invites.created_at, invites.expires_at
FROM invites
WHERE invites.organization_id = @organization_id
  AND invites.accepted_at IS NULL AND invites.revoked_at IS NULL
  AND invites.expires_at > @now
ORDER BY invites.id DESC;

-- name: OrganizationSecretNames :many
-- The names of the organization's vault secrets (never their values).
SELECT vaulted_secrets.id, vaulted_secrets.name, vaulted_secrets.created_at
FROM vaulted_secrets
WHERE vaulted_secrets.organization_id = @organization_id
ORDER BY vaulted_secrets.name, vaulted_secrets.id;

-- name: InviteLockForChange :one
-- @optional
-- The invite with its organization's name, row-locked.
SELECT invites.id, invites.organization_id, organizations.name AS organization_name,
       invites.email, invites.role, invites.expires_at, invites.accepted_at, invites.revoked_at
FROM invites
JOIN organizations ON organizations.id = invites.organization_id
WHERE invites.id = @invite_id
FOR UPDATE OF invites;

-- name: InviteRenewCode :one
-- A new code for a pending invite (the old one stops working) and a fresh expiry.
UPDATE invites
SET code_hash = @code_hash, expires_at = @expires_at,
    storytime = storytime_event(storytime, 'code re-sent by an admin', @by_user_id, @now)
WHERE invites.id = @invite_id
RETURNING *;

-- name: InviteRevokeByAdmin :one
UPDATE invites
SET revoked_at = @now,
    storytime = storytime_event(storytime, 'revoked by an admin', @by_user_id, @now)
WHERE invites.id = @invite_id
RETURNING *;

-- name: AdminOrganizationRoles :many
-- The organization's custom roles (names, permissions, how many active members hold each).
SELECT organization_roles.id, organization_roles.name, organization_roles.permissions,
       (SELECT count(*) FROM organizations_users
        WHERE organizations_users.organization_id = organization_roles.organization_id
          AND organizations_users.custom_role_id = organization_roles.id
          AND organizations_users.removed_at IS NULL)::int AS members
FROM organization_roles
WHERE organization_roles.organization_id = @organization_id
ORDER BY lower(organization_roles.name), organization_roles.id;

-- name: OrganizationDomains :many
SELECT domain, enrollment, verified_at, check_failures, created_at
FROM organization_domains
WHERE organization_id = @organization_id
ORDER BY domain;

-- name: OrganizationDomainRemoveByAdmin :one
-- @optional
-- Remove the organization's domain, noting it (by the admin) on the organization.
WITH removed AS (
    DELETE FROM organization_domains
    WHERE organization_id = @organization_id AND domain = @domain
    RETURNING domain, enrollment, verified_at
), noted AS (
    UPDATE organizations
    SET storytime = storytime_event(storytime, 'domain removed by an admin: ' || removed.domain,
                                    sqlc.arg(by_user_id)::text, now())
    FROM removed
    WHERE organizations.id = @organization_id
)
SELECT domain, enrollment, verified_at FROM removed;

-- name: AdminOrganizationScimTokens :many
-- The organization's SCIM tokens: names and use only (never the hashes), newest first.
SELECT id, name, created_at, last_used_at, revoked_at
FROM scim_tokens
WHERE organization_id = @organization_id
ORDER BY created_at DESC, id DESC;
