-- depends: 0037_list_page_indexes_organization
-- Keyset pagination of the user's own lists (foundation/rpc/pages.py), as 0037 for the
-- organization's: the user's rows in id order, one index range scan per page.
-- data_exports already has (user_id, id).

CREATE INDEX sessions_product_live_page_idx ON sessions (user_id, id)
    WHERE app = 'product' AND expired_at IS NULL;
CREATE INDEX passkeys_page_idx ON passkeys (user_id, id);
CREATE INDEX user_identities_page_idx ON user_identities (user_id, id);
