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

-- name: UserInit :many
-- `init` in one statement: one row per active membership of the user (oldest first; one
-- row of NULL membership columns when there is none), each with whether the user's
-- address is verified and the organizations suggested to them at its domain (as
-- DomainSuggestedOrganizations, as JSON, computed once).
WITH suggestions AS (
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'id', organizations.id, 'name', organizations.name,
               'domain', organization_domains.domain)
           ORDER BY organizations.name, organizations.id), '[]'::jsonb)::jsonb AS suggested
    FROM users
    JOIN organization_domains
      ON organization_domains.domain = lower(split_part(users.email, '@', 2))
     AND organization_domains.verified_at IS NOT NULL
     AND organization_domains.enrollment = 'suggest'
    JOIN organizations ON organizations.id = organization_domains.organization_id
    WHERE users.id = @user_id AND users.email_verified_at IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM organizations_users
          WHERE organizations_users.organization_id = organizations.id
            AND organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
      )
)
SELECT (users.email_verified_at IS NOT NULL) AS verified, suggestions.suggested,
       organizations.id, organizations.name, organizations_users.role,
       organizations.require_mfa, organization_roles.name AS custom_role,
       organization_roles.permissions AS custom_permissions
FROM users
CROSS JOIN suggestions
LEFT JOIN organizations_users
    ON organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
LEFT JOIN organizations ON organizations.id = organizations_users.organization_id
LEFT JOIN organization_roles
    ON organization_roles.organization_id = organizations_users.organization_id
   AND organization_roles.id = organizations_users.custom_role_id
WHERE users.id = @user_id
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
-- One page of the user's live product sessions, newest first, before `before_id`, with
-- where they were signed in from.
SELECT id, created_at, last_seen_at, client_address, user_agent, sign_in_method, second_factor,
       impersonator_user_id
FROM sessions
WHERE user_id = @user_id AND app = 'product' AND expired_at IS NULL AND expires_at > @now
  AND id < @before_id
ORDER BY id DESC
LIMIT @row_limit;

-- name: SessionsRevokeOthers :execrows
-- End every live product session of the user but `session_id`.
UPDATE sessions SET expired_at = sqlc.arg(now)::timestamptz
WHERE user_id = @user_id AND app = 'product' AND expired_at IS NULL AND id <> @session_id;

-- name: UserEarlierUserAgents :many
-- The user agents (null: none sent) of the user's earlier product sessions that recorded
-- where they came from, impersonated ones aside, the 200 used most recently: the devices
-- the user signed in from. None: a first recorded sign-in.
SELECT sessions.user_agent, max(sessions.id)::text AS latest_session_id
FROM sessions
WHERE sessions.user_id = @user_id
  AND sessions.app = 'product'
  AND sessions.id <> @session_id
  AND sessions.impersonator_user_id IS NULL
  AND sessions.client_address IS NOT NULL
GROUP BY sessions.user_agent
ORDER BY latest_session_id DESC
LIMIT 200;
