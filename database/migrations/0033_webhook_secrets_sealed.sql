-- depends: 0030_scim_tokens
-- Webhook signing secrets leave webhook_endpoints (where they were plaintext and readable
-- by the customer role) for webhook_secrets: sealed with the vault's keys (AES-256-GCM,
-- bound to the organization and the row), one row per secret (the current one, and a
-- rotated-out one that still signs until `signs_until`). The customer role may write
-- them (create, rotate) but never read `key_name` or `ciphertext`: only the sender, in
-- admin transactions, opens them. The secrets that existed before are moved unsealed
-- (`key_name` ''); the sender seals them on its next round.

CREATE TABLE webhook_secrets (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('whs') CHECK (id LIKE 'whs\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    endpoint_id TEXT COLLATE "C" NOT NULL,
    key_name TEXT NOT NULL,
    ciphertext BYTEA NOT NULL,
    signs_until TIMESTAMPTZ,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, endpoint_id)
        REFERENCES webhook_endpoints (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_secrets_organization_id_idx ON webhook_secrets (organization_id);
CREATE INDEX webhook_secrets_organization_id_endpoint_id_idx
    ON webhook_secrets (organization_id, endpoint_id);
CREATE INDEX webhook_secrets_endpoint_id_idx ON webhook_secrets (endpoint_id);
CREATE INDEX webhook_secrets_unsealed_idx ON webhook_secrets (id) WHERE key_name = '';
CREATE TRIGGER updated_at BEFORE UPDATE ON webhook_secrets
    FOR EACH ROW EXECUTE FUNCTION updated_at();

INSERT INTO webhook_secrets (organization_id, endpoint_id, key_name, ciphertext, signs_until)
SELECT organization_id, id, '', convert_to(secret, 'UTF8'), NULL FROM webhook_endpoints;
INSERT INTO webhook_secrets (organization_id, endpoint_id, key_name, ciphertext, signs_until)
SELECT organization_id, id, '', convert_to(previous_secret, 'UTF8'), previous_secret_expires_at
FROM webhook_endpoints
WHERE previous_secret IS NOT NULL AND previous_secret_expires_at > now();

ALTER TABLE webhook_endpoints
    DROP COLUMN secret,
    DROP COLUMN previous_secret,
    DROP COLUMN previous_secret_expires_at;

ALTER TABLE webhook_secrets ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON webhook_secrets FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
-- Column privileges: the customer role never reads key_name or ciphertext.
GRANT SELECT (id, created_at, updated_at, storytime, organization_id, endpoint_id, signs_until)
    ON webhook_secrets TO customer;
GRANT INSERT ON webhook_secrets TO customer;
GRANT UPDATE (signs_until, storytime) ON webhook_secrets TO customer;
GRANT DELETE ON webhook_secrets TO customer;
