-- name: OrganizationSsoConnection :one
-- @optional
-- The organization's single sign-on connection, without its sealed client secret.
SELECT id, protocol, oidc_issuer, oidc_client_extid, saml_idp_entity_extid, default_role,
       enforce, owners_break_glass, created_at, updated_at
FROM sso_connections
WHERE organization_id = @organization_id;

-- name: OrganizationSsoRemoveByAdmin :one
-- @optional
-- Remove the organization's single sign-on connection, noting it (by the admin) on the
-- organization.
WITH removed AS (
    DELETE FROM sso_connections
    WHERE organization_id = @organization_id
    RETURNING id, protocol, enforce
), noted AS (
    UPDATE organizations
    SET storytime = storytime_event(storytime, 'sso connection removed by an admin',
                                    sqlc.arg(by_user_id)::text, now())
    FROM removed
    WHERE organizations.id = @organization_id
)
SELECT id, protocol, enforce FROM removed;
