-- depends: 0036_users_email_domain_index
-- Keyset pagination of the organization's lists (foundation/rpc/pages.py): each list walks
-- its rows in id order (ids are time-sortable) within the organization, from the last id
-- of the previous page, so each page is one index range scan with no sort whatever the
-- organization's size. Partial where the list shows only live rows.

CREATE INDEX organizations_users_active_page_idx ON organizations_users (organization_id, id)
    WHERE removed_at IS NULL;
CREATE INDEX invites_pending_page_idx ON invites (organization_id, id)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX organization_join_requests_open_page_idx ON organization_join_requests (organization_id, id)
    WHERE decided_at IS NULL;
CREATE INDEX organization_domains_page_idx ON organization_domains (organization_id, id);
CREATE INDEX vaulted_secrets_page_idx ON vaulted_secrets (organization_id, id);
CREATE INDEX api_keys_page_idx ON api_keys (organization_id, id);
CREATE INDEX scim_tokens_page_idx ON scim_tokens (organization_id, id);
CREATE INDEX webhook_deliveries_endpoint_page_idx ON webhook_deliveries (organization_id, endpoint_id, id);
-- webhook_endpoints and organization_roles already have UNIQUE (organization_id, id).
