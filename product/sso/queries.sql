-- name: SsoConnectionFetch :one
-- @optional
SELECT * FROM sso_connections WHERE organization_id = @organization_id;

-- name: SsoConnectionSave :one
-- Create or replace the organization's one connection (what `change` says in its story).
INSERT INTO sso_connections (organization_id, protocol, oidc_issuer, oidc_client_extid,
                             oidc_secret_key_name, oidc_secret_ciphertext, saml_idp_metadata,
                             saml_idp_entity_extid, default_role, enforce, owners_break_glass,
                             storytime)
VALUES (@organization_id, @protocol, sqlc.narg(oidc_issuer), sqlc.narg(oidc_client_extid),
        sqlc.narg(oidc_secret_key_name), sqlc.narg(oidc_secret_ciphertext),
        sqlc.narg(saml_idp_metadata), sqlc.narg(saml_idp_entity_extid), @default_role, @enforce,
        @owners_break_glass, storytime_event(NULL, 'created', sqlc.arg(by_user_id)::text, now()))
ON CONFLICT (organization_id) DO UPDATE
SET protocol = EXCLUDED.protocol, oidc_issuer = EXCLUDED.oidc_issuer,
    oidc_client_extid = EXCLUDED.oidc_client_extid, oidc_secret_key_name = EXCLUDED.oidc_secret_key_name,
    oidc_secret_ciphertext = EXCLUDED.oidc_secret_ciphertext,
    saml_idp_metadata = EXCLUDED.saml_idp_metadata,
    saml_idp_entity_extid = EXCLUDED.saml_idp_entity_extid, default_role = EXCLUDED.default_role,
    enforce = EXCLUDED.enforce, owners_break_glass = EXCLUDED.owners_break_glass,
    storytime = storytime_event(sso_connections.storytime, 'updated',
                                sqlc.arg(by_user_id)::text, now())
RETURNING *;

-- name: SsoConnectionRemove :one
-- @optional
DELETE FROM sso_connections WHERE organization_id = @organization_id
RETURNING id;

-- name: SsoEnforcedSessionsEnd :one
-- End the product sessions of people at the organization's verified domains that did not
-- start with single sign-on (enforcement switched on), except an owner's password
-- session while owners keep break-glass; how many ended.
WITH ended AS (
    UPDATE sessions SET expired_at = sqlc.arg(now)::timestamptz
    FROM users, organization_domains
    WHERE sessions.user_id = users.id
      AND sessions.app = 'product'
      AND sessions.expired_at IS NULL
      AND sessions.expires_at > sqlc.arg(now)::timestamptz
      AND sessions.impersonator_user_id IS NULL
      AND sessions.sign_in_method IS DISTINCT FROM 'sso'
      AND organization_domains.organization_id = @organization_id
      AND organization_domains.verified_at IS NOT NULL
      AND organization_domains.domain = lower(split_part(users.email, '@', 2))
      AND NOT (
          sqlc.arg(owners_break_glass)::boolean
          AND sessions.sign_in_method = 'password'
          AND EXISTS (
              SELECT 1 FROM organizations_users
              WHERE organizations_users.organization_id = @organization_id
                AND organizations_users.user_id = users.id
                AND organizations_users.role = 'owner'
                AND organizations_users.removed_at IS NULL
          )
      )
    RETURNING sessions.id
)
SELECT count(*) AS ended FROM ended;

-- name: SsoConnectionForDomain :one
-- @optional
-- The connection of the organization that verified `domain`.
SELECT sso_connections.* FROM sso_connections
JOIN organization_domains
  ON organization_domains.organization_id = sso_connections.organization_id
 AND organization_domains.verified_at IS NOT NULL
WHERE organization_domains.domain = lower(sqlc.arg(domain)::text)
ORDER BY sso_connections.id
LIMIT 1;

-- name: SsoConnectionById :one
-- @optional
SELECT * FROM sso_connections WHERE id = @id;

-- name: SsoRequestCreate :exec
-- A pending single sign-on request (state and nonce hashed), valid until `expires_at`.
INSERT INTO sso_requests (state_hash, nonce_hash, code_verifier, connection_id,
                          organization_id, test, expires_at)
VALUES (@state_hash, @nonce_hash, sqlc.narg(code_verifier), @connection_id, @organization_id,
        @test, @expires_at);

-- name: SsoUserCreate :one
-- @optional
-- A new complete user with a verified address and no password (created by single
-- sign-on), or no row when the email is taken (case-insensitively).
INSERT INTO users (name, email, password_hash, signup_step, email_verified_at, storytime)
VALUES (@name, @email, NULL, 'complete', sqlc.arg(now)::timestamptz,
        storytime_event(NULL, 'created by single sign-on: ' || sqlc.arg(organization_id)::text,
                        NULL, sqlc.arg(now)::timestamptz))
ON CONFLICT (lower(email)) DO NOTHING
RETURNING users.id;

-- name: SsoMembershipEnsure :one
-- @optional
-- The user joins the organization with the connection's default role, unless already an
-- active member; the new membership's id.
INSERT INTO organizations_users (organization_id, user_id, role, storytime)
VALUES (@organization_id, @user_id, @role,
        storytime_event(NULL, 'joined through single sign-on', sqlc.arg(user_id)::text, now()))
ON CONFLICT DO NOTHING
RETURNING id;

-- name: SsoUserVerifyEmail :exec
-- The identity provider vouched for the address (its domain verified by the organization).
UPDATE users SET email_verified_at = coalesce(email_verified_at, sqlc.arg(now)::timestamptz)
WHERE id = @user_id;
