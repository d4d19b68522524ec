-- name: SeedUserInsert :one
-- @optional
-- A demo user created at `created_at`; nothing when the address has an account already
-- (the seed then leaves that part of the world alone).
INSERT INTO users (name, email, password_hash, signup_step, email_verified_at, created_at,
                   updated_at, storytime)
VALUES (@name, @email, sqlc.narg(password_hash), @signup_step, sqlc.narg(email_verified_at),
        @created_at, @created_at, storytime_event(NULL, 'seeded', NULL, @created_at))
ON CONFLICT (lower(email)) DO NOTHING
RETURNING *;

-- name: SeedOrganizationInsert :one
INSERT INTO organizations (name, inbound_source, created_at, updated_at, storytime)
VALUES (@name, @inbound_source, @created_at, @created_at,
        storytime_event(NULL, 'seeded', sqlc.arg(by_user_id)::text, @created_at))
RETURNING *;

-- name: SeedMembershipInsert :exec
INSERT INTO organizations_users (user_id, organization_id, role, created_at, updated_at, storytime)
VALUES (@user_id, @organization_id, @role, @created_at, @created_at,
        storytime_event(NULL, 'seeded', sqlc.arg(user_id)::text, @created_at));

-- name: SeedInviteInsert :exec
-- An invite as it stands now: pending, accepted (by `accepted_by_user_id`), revoked, or past
-- its expiry (`expires_at` before now, neither accepted nor revoked).
INSERT INTO invites (organization_id, invited_by_user_id, email, role, code_hash, created_at,
                     updated_at, expires_at, accepted_at, accepted_by_user_id, revoked_at,
                     storytime)
VALUES (@organization_id, @invited_by_user_id, @email, @role, @code_hash, @created_at,
        @created_at, @expires_at, sqlc.narg(accepted_at), sqlc.narg(accepted_by_user_id),
        sqlc.narg(revoked_at), storytime_event(NULL, 'seeded', @invited_by_user_id, @created_at));

-- name: SeedSessionInsert :exec
-- A session started at `created_at`, last seen at `last_seen_at`, ended at `expired_at`
-- (a logout) or not.
INSERT INTO sessions (user_id, organization_id, app, created_at, updated_at, last_seen_at,
                      expires_at, expired_at, sign_in_method)
VALUES (@user_id, sqlc.narg(organization_id), @app, @created_at, @last_seen_at, @last_seen_at,
        @expires_at, sqlc.narg(expired_at), @sign_in_method);

-- name: SeedLoginFailureInsert :exec
INSERT INTO login_failures (email, app, client, failed_at, created_at, updated_at)
VALUES (lower(@email), @app, @client, @failed_at, @failed_at, @failed_at);

-- name: SeedWorldCounts :one
-- The demo world: what the seed made with addresses `...@domain`, and what hangs from
-- it.
WITH demo_users AS (
    SELECT users.id FROM users
    WHERE lower(users.email) LIKE '%@' || lower(sqlc.arg(domain)::text)
), demo_organizations AS (
    SELECT DISTINCT organizations_users.organization_id AS id
    FROM organizations_users JOIN demo_users ON demo_users.id = organizations_users.user_id
    WHERE organizations_users.role = 'owner'
)
SELECT
    (SELECT count(*) FROM demo_users) AS users,
    (SELECT count(*) FROM demo_organizations) AS organizations,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.organization_id IN (SELECT demo_organizations.id FROM demo_organizations))
        AS memberships,
    (SELECT count(*) FROM invites
     WHERE invites.organization_id IN (SELECT demo_organizations.id FROM demo_organizations))
        AS invites,
    (SELECT count(*) FROM sessions WHERE sessions.user_id IN (SELECT demo_users.id FROM demo_users))
        AS sessions,
    (SELECT count(*) FROM login_failures
     WHERE login_failures.email LIKE '%@' || lower(sqlc.arg(domain)::text)) AS login_failures;
