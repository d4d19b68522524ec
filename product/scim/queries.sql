-- name: ScimTokenNewId :one
SELECT generate_id('sct')::text AS id;

-- name: ScimTokenInsert :one
-- A new SCIM token of the current organization (the caller's transaction: RLS checks the
-- organization); only the secret's hash is stored.
INSERT INTO scim_tokens (id, organization_id, user_id, name, secret_hash, storytime)
VALUES (@id, @organization_id, @user_id, @name, @secret_hash,
        storytime_event(NULL, 'scim token created', sqlc.arg(user_id)::text, sqlc.arg(now)::timestamptz))
RETURNING id, name, created_at;

-- name: ScimTokensList :many
-- One page of the organization's SCIM tokens, newest first, before `before_id` (never
-- their hashes).
SELECT id, name, created_at, last_used_at, revoked_at
FROM scim_tokens
WHERE organization_id = @organization_id AND id < @before_id
ORDER BY id DESC
LIMIT @row_limit;

-- name: ScimTokenForRevoke :one
-- @optional
-- A token of the organization, locked for its revocation.
SELECT id, revoked_at FROM scim_tokens
WHERE id = @id AND organization_id = @organization_id
FOR UPDATE;

-- name: ScimTokenRevoke :exec
UPDATE scim_tokens
SET revoked_at = sqlc.arg(now)::timestamptz,
    storytime = storytime_event(storytime, 'scim token revoked', sqlc.arg(by_user_id)::text,
                                sqlc.arg(now)::timestamptz)
WHERE id = @id AND organization_id = @organization_id AND revoked_at IS NULL;

-- name: ScimUsersList :many
-- The organization's SCIM users, in the order they joined: its active members and the
-- provisioned members its identity provider deactivated (removed, attributes kept); only
-- the one whose userName (or, for members not provisioned, address) matches when
-- `user_name` is given, only `user_id` when given. `name`/`email` are null for removed
-- members (RLS shows only active members' accounts).
SELECT
    organizations_users.user_id,
    users.name,
    users.email,
    organizations_users.role,
    organizations_users.custom_role_id,
    organizations_users.scim_attributes,
    (organizations_users.removed_at IS NULL) AS active,
    organizations_users.created_at,
    organizations_users.updated_at
FROM organizations_users
LEFT JOIN users ON users.id = organizations_users.user_id
WHERE organizations_users.organization_id = @organization_id
  AND (organizations_users.removed_at IS NULL OR organizations_users.scim_user_name IS NOT NULL)
  AND (sqlc.narg(user_name)::text IS NULL
       OR lower(coalesce(organizations_users.scim_user_name, users.email)) = lower(sqlc.narg(user_name)::text))
  AND (sqlc.narg(user_id)::text IS NULL OR organizations_users.user_id = sqlc.narg(user_id)::text)
ORDER BY organizations_users.created_at, organizations_users.id
LIMIT @max_rows OFFSET @skip;

-- name: ScimUsersCount :one
SELECT count(*)::int AS total
FROM organizations_users
LEFT JOIN users ON users.id = organizations_users.user_id
WHERE organizations_users.organization_id = @organization_id
  AND (organizations_users.removed_at IS NULL OR organizations_users.scim_user_name IS NOT NULL)
  AND (sqlc.narg(user_name)::text IS NULL
       OR lower(coalesce(organizations_users.scim_user_name, users.email)) = lower(sqlc.narg(user_name)::text));

-- name: ScimUserNameTaken :one
-- Whether another SCIM user of the organization has this userName (or address).
SELECT EXISTS (
    SELECT 1 FROM organizations_users
    LEFT JOIN users ON users.id = organizations_users.user_id
    WHERE organizations_users.organization_id = @organization_id
      AND (organizations_users.removed_at IS NULL OR organizations_users.scim_user_name IS NOT NULL)
      AND organizations_users.user_id <> sqlc.arg(except_user_id)::text
      AND lower(coalesce(organizations_users.scim_user_name, users.email)) = lower(@user_name)
) AS taken;

-- name: ScimMemberAdd :one
-- @optional
-- The user joins the organization as a member, provisioned by its identity provider (an
-- earlier, deactivated membership gives up its attributes to this one); no row when they
-- are an active member already.
WITH forgotten AS (
    UPDATE organizations_users
    SET scim_user_name = NULL, scim_attributes = NULL
    WHERE organization_id = @organization_id AND user_id = @user_id AND removed_at IS NOT NULL
    RETURNING id
)
INSERT INTO organizations_users (organization_id, user_id, role, scim_user_name, scim_attributes,
                                 storytime)
SELECT @organization_id, @user_id, 'member', @scim_user_name, @scim_attributes,
       storytime_event(NULL, 'provisioned by SCIM token ' || sqlc.arg(token_name)::text,
                       sqlc.arg(by_user_id)::text, now())
FROM (SELECT count(*) FROM forgotten) AS done
ON CONFLICT DO NOTHING
RETURNING user_id;

-- name: ScimMemberSet :execrows
-- The identity provider's view of a SCIM user changed (an active member, or a deactivated
-- one it still sees).
UPDATE organizations_users
SET scim_user_name = @scim_user_name,
    scim_attributes = @scim_attributes,
    storytime = storytime_event(storytime, 'updated by SCIM token ' || sqlc.arg(token_name)::text,
                                sqlc.arg(by_user_id)::text, now())
WHERE organization_id = @organization_id AND user_id = @user_id
  AND (removed_at IS NULL OR scim_user_name IS NOT NULL);

-- name: ScimMemberForget :execrows
-- SCIM DELETE: the removed membership's attributes go (the provider no longer sees it).
UPDATE organizations_users
SET scim_user_name = NULL, scim_attributes = NULL,
    storytime = storytime_event(storytime, 'deleted by SCIM token ' || sqlc.arg(token_name)::text,
                                sqlc.arg(by_user_id)::text, now())
WHERE organization_id = @organization_id AND user_id = @user_id AND removed_at IS NOT NULL
  AND scim_user_name IS NOT NULL;

-- name: ScimRoleMembers :many
-- The active members holding a built-in role without a custom role (`custom_role_id`
-- null), or holding that custom role.
SELECT organizations_users.user_id,
       coalesce(organizations_users.scim_attributes ->> 'displayName', users.name) AS display
FROM organizations_users
JOIN users ON users.id = organizations_users.user_id
WHERE organizations_users.organization_id = @organization_id
  AND organizations_users.removed_at IS NULL
  AND (CASE WHEN sqlc.narg(custom_role_id)::text IS NULL
            THEN organizations_users.role = sqlc.arg(role)::text AND organizations_users.custom_role_id IS NULL
            ELSE organizations_users.custom_role_id = sqlc.narg(custom_role_id)::text END)
ORDER BY organizations_users.created_at, organizations_users.id;

-- name: ScimTokenName :one
SELECT name FROM scim_tokens WHERE id = @id AND organization_id = @organization_id;

-- name: ScimProvisionUser :one
-- The user a SCIM request provisions (migration 0050): in the organization's customer
-- transaction that adds the membership, so both commit or neither does. The live user
-- with this address if it is at one of the organization's verified domains (they join),
-- else a new user with no password, whose address counts as verified only at such a
-- domain. `foreign_user` is true when the address belongs to a user at another domain
-- (the organization cannot claim them: refused).
SELECT provisioned.user_id, coalesce(provisioned.foreign_user, false)::bool AS foreign_user
FROM scim_provision_user(@organization_id, sqlc.arg(email)::text, sqlc.arg(name)::text,
                         sqlc.arg(now)::timestamptz) AS provisioned;

-- name: ScimSessionsEnd :execrows
-- In an admin transaction: the product sessions of a user no longer a member of the
-- organization that have it selected end (deprovisioning).
UPDATE sessions SET expired_at = sqlc.arg(now)::timestamptz
WHERE sessions.user_id = @user_id
  AND sessions.organization_id = @organization_id
  AND sessions.app = 'product'
  AND sessions.expired_at IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM organizations_users
      WHERE organizations_users.organization_id = @organization_id
        AND organizations_users.user_id = @user_id
        AND organizations_users.removed_at IS NULL
  );

-- name: ScimRoleExtidSet :exec
UPDATE organization_roles
SET scim_extid = sqlc.narg(scim_extid),
    storytime = storytime_event(storytime, 'externalId set by SCIM token ' || sqlc.arg(token_name)::text,
                                sqlc.arg(by_user_id)::text, now())
WHERE organization_id = @organization_id AND id = @id
  AND scim_extid IS DISTINCT FROM sqlc.narg(scim_extid);
