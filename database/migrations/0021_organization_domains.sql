-- depends: 0020_data_exports
-- Verified domains (issue 29): an organization proves it owns a DNS domain with a TXT
-- record; people with a verified address at a verified domain may then be suggested the
-- organization (and ask to join) or join it automatically, per the domain's enrollment.
-- One organization at a time can hold a domain verified: verification takes an advisory
-- lock on the domain and refuses it when another organization holds it.

CREATE TABLE organization_domain_enrollment_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO organization_domain_enrollment_enum (value) VALUES ('none'), ('suggest'), ('automatic');
ALTER TABLE organization_domain_enrollment_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON organization_domain_enrollment_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON organization_domain_enrollment_enum TO customer;

CREATE TABLE organization_domains (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('dom') CHECK (id LIKE 'dom\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    domain TEXT COLLATE "C" NOT NULL CHECK (domain = lower(domain)),
    verification_token TEXT NOT NULL,
    enrollment TEXT COLLATE "C" NOT NULL DEFAULT 'none'
        REFERENCES organization_domain_enrollment_enum (value),
    verified_at TIMESTAMPTZ,
    checked_at TIMESTAMPTZ,
    check_failures BIGINT NOT NULL DEFAULT 0 CHECK (check_failures >= 0)
);
CREATE UNIQUE INDEX organization_domains_organization_domain_key
    ON organization_domains (organization_id, domain);
CREATE INDEX organization_domains_verified_domain_idx
    ON organization_domains (domain) WHERE verified_at IS NOT NULL;
CREATE INDEX organization_domains_enrollment_idx ON organization_domains (enrollment);
CREATE TRIGGER updated_at BEFORE UPDATE ON organization_domains
    FOR EACH ROW EXECUTE PROCEDURE updated_at();

ALTER TABLE organization_domains ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON organization_domains FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON organization_domains TO customer;

CREATE TABLE organization_join_requests (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('ojr') CHECK (id LIKE 'ojr\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    decided_at TIMESTAMPTZ,
    approved BOOLEAN
);
CREATE UNIQUE INDEX organization_join_requests_open_key
    ON organization_join_requests (organization_id, user_id) WHERE decided_at IS NULL;
CREATE INDEX organization_join_requests_user_id_idx ON organization_join_requests (user_id);
CREATE TRIGGER updated_at BEFORE UPDATE ON organization_join_requests
    FOR EACH ROW EXECUTE PROCEDURE updated_at();

ALTER TABLE organization_join_requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON organization_join_requests FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON organization_join_requests TO customer;
