-- depends: 0033_webhook_secrets_sealed
-- API key scopes become permission names (product/framework/permissions.py): a key calls
-- the routes accepting keys whose declared permission it holds. Existing keys keep what
-- they could call: each RPC name maps to its route's permission (vault_secret_create and
-- vault_secret_delete share vault:write; the two audit log RPCs organization:manage).
UPDATE api_keys
SET scopes = ARRAY(
    SELECT DISTINCT CASE scope
        WHEN 'organization_members_list' THEN 'members:read'
        WHEN 'invite_create' THEN 'invites:manage'
        WHEN 'invites_list' THEN 'invites:read'
        WHEN 'vault_secret_create' THEN 'vault:write'
        WHEN 'vault_secret_delete' THEN 'vault:write'
        WHEN 'vault_secrets_list' THEN 'vault:read'
        WHEN 'organization_audit_log' THEN 'organization:manage'
        WHEN 'organization_audit_log_export' THEN 'organization:manage'
        ELSE scope END
    FROM unnest(api_keys.scopes) AS scope
    ORDER BY 1
);
