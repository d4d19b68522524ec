-- depends: 0015_protection_and_emails
-- API keys: a personal key acts as its user within one organization, an organization key
-- as the organization's service identity (held by the owner or admin who made it). The
-- key is `bsk_<id>_<secret>`; only the secret's sha256 is kept. Keys resolve in the
-- session lookup's round trip (AuthApiKeyLookup) into the same customer transaction.

CREATE TABLE api_key_kind_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO api_key_kind_enum (value) VALUES ('personal'), ('organization');
ALTER TABLE api_key_kind_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON api_key_kind_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON api_key_kind_enum TO customer;

CREATE TABLE api_keys (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('key') CHECK (id LIKE 'key\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT COLLATE "C" NOT NULL REFERENCES api_key_kind_enum (value),
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    secret_hash TEXT NOT NULL,
    scopes TEXT[] NOT NULL DEFAULT '{}',
    expires_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX api_keys_organization_id_idx ON api_keys (organization_id, created_at);
CREATE INDEX api_keys_user_id_idx ON api_keys (user_id);
CREATE TRIGGER updated_at BEFORE UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION updated_at();

-- The organization's keys are its own; nobody outside it sees them.
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON api_keys FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
GRANT SELECT, INSERT, UPDATE ON api_keys TO customer;
