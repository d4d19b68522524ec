-- depends: 0026_passkey_second_factor
-- Single sign-on per organization (issue 29 part 2): one connection per organization to
-- its identity provider, OpenID Connect (issuer, client id, client secret sealed with the
-- vault's keys) or SAML 2.0 (the IdP's metadata). `enforce` refuses password, email-code
-- and social sign-in for addresses at the organization's verified domains; its owners
-- keep password sign-in while `owners_break_glass` is on. Sign-ins in progress are
-- `sso_requests` (state, nonce, PKCE verifier or the AuthnRequest's id, hashed), and the
-- SAML assertions consumed are kept in `sso_assertions` until they expire (no replay).

INSERT INTO sign_in_method_enum (value) VALUES ('sso');

CREATE TABLE sso_protocol_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO sso_protocol_enum (value) VALUES ('oidc'), ('saml');
ALTER TABLE sso_protocol_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON sso_protocol_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON sso_protocol_enum TO customer;

CREATE TABLE sso_connections (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('sso') CHECK (id LIKE 'sso\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    protocol TEXT COLLATE "C" NOT NULL REFERENCES sso_protocol_enum (value),
    oidc_issuer TEXT,
    oidc_client_extid TEXT,
    oidc_secret_key_name TEXT,
    oidc_secret_ciphertext BYTEA,
    saml_idp_metadata TEXT,
    saml_idp_entity_extid TEXT,
    default_role TEXT COLLATE "C" NOT NULL DEFAULT 'member'
        CHECK (default_role IN ('member', 'admin')),
    enforce BOOLEAN NOT NULL DEFAULT false,
    owners_break_glass BOOLEAN NOT NULL DEFAULT true,
    CHECK (protocol <> 'oidc' OR (oidc_issuer IS NOT NULL AND oidc_client_extid IS NOT NULL
                                  AND oidc_secret_key_name IS NOT NULL
                                  AND oidc_secret_ciphertext IS NOT NULL)),
    CHECK (protocol <> 'saml' OR (saml_idp_metadata IS NOT NULL
                                  AND saml_idp_entity_extid IS NOT NULL))
);
CREATE UNIQUE INDEX sso_connections_organization_id_key ON sso_connections (organization_id);
CREATE INDEX sso_connections_protocol_idx ON sso_connections (protocol);
CREATE TRIGGER updated_at BEFORE UPDATE ON sso_connections
    FOR EACH ROW EXECUTE PROCEDURE updated_at();

ALTER TABLE sso_connections ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON sso_connections FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON sso_connections TO customer;

-- Per sign-in, not per tenant: on the coordinator (their foreign keys into the distributed
-- tables go under Citus: the connection is re-read, by id and organization, when the
-- answer comes).
CREATE TABLE sso_requests (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('ssr') CHECK (id LIKE 'ssr\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    state_hash TEXT NOT NULL,
    nonce_hash TEXT NOT NULL,
    code_verifier TEXT,
    connection_id TEXT COLLATE "C" NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    test BOOLEAN NOT NULL DEFAULT false,
    identity JSONB,
    handoff_hash TEXT,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX sso_requests_state_hash_key ON sso_requests (state_hash);
CREATE INDEX sso_requests_nonce_hash_idx ON sso_requests (nonce_hash);
CREATE UNIQUE INDEX sso_requests_handoff_hash_key ON sso_requests (handoff_hash);
CREATE INDEX sso_requests_connection_id_idx ON sso_requests (connection_id);
CREATE INDEX sso_requests_organization_id_idx ON sso_requests (organization_id);
CREATE INDEX sso_requests_expires_at_idx ON sso_requests (expires_at);
CREATE TRIGGER updated_at BEFORE UPDATE ON sso_requests
    FOR EACH ROW EXECUTE PROCEDURE updated_at();
ALTER TABLE sso_requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON sso_requests TO customer USING (false) WITH CHECK (false);

CREATE TABLE sso_assertions (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('ssa') CHECK (id LIKE 'ssa\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    connection_id TEXT COLLATE "C" NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
    assertion_extid TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX sso_assertions_connection_assertion_key
    ON sso_assertions (connection_id, assertion_extid);
CREATE INDEX sso_assertions_expires_at_idx ON sso_assertions (expires_at);
CREATE TRIGGER updated_at BEFORE UPDATE ON sso_assertions
    FOR EACH ROW EXECUTE PROCEDURE updated_at();
ALTER TABLE sso_assertions ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON sso_assertions TO customer USING (false) WITH CHECK (false);
