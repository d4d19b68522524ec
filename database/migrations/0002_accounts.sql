-- depends: 0001_foundations
-- The account system: users, organizations, memberships, invites, sessions, vault, admins.

-- Enum tables: one row per allowed value; columns reference them by foreign key.
CREATE TABLE user_signup_step_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO user_signup_step_enum (value) VALUES ('created'), ('complete');

CREATE TABLE organization_inbound_source_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO organization_inbound_source_enum (value) VALUES ('organic'), ('invite'), ('admin');

CREATE TABLE organization_role_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO organization_role_enum (value) VALUES ('owner'), ('admin'), ('member');

CREATE TABLE session_app_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO session_app_enum (value) VALUES ('product'), ('panopticon');

CREATE TABLE users (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('usr') CHECK (id LIKE 'usr\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    name TEXT NOT NULL,
    email TEXT NOT NULL CHECK (email = btrim(email) AND email LIKE '%_@_%'),
    password_hash TEXT,
    signup_step TEXT COLLATE "C" NOT NULL DEFAULT 'created' REFERENCES user_signup_step_enum (value),
    is_enabled BOOLEAN NOT NULL DEFAULT true,
    last_visited_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE organizations (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('org') CHECK (id LIKE 'org\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    inbound_source TEXT COLLATE "C" NOT NULL REFERENCES organization_inbound_source_enum (value)
);

CREATE TABLE organizations_users (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('mem') CHECK (id LIKE 'mem\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    role TEXT COLLATE "C" NOT NULL REFERENCES organization_role_enum (value),
    removed_at TIMESTAMPTZ,
    removed_by_user_id TEXT COLLATE "C" REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX organizations_users_active_key
    ON organizations_users (user_id, organization_id) WHERE removed_at IS NULL;
CREATE INDEX organizations_users_user_id_idx ON organizations_users (user_id);
CREATE INDEX organizations_users_organization_id_idx ON organizations_users (organization_id);
CREATE INDEX organizations_users_removed_by_user_id_idx ON organizations_users (removed_by_user_id);

CREATE TABLE invites (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('inv') CHECK (id LIKE 'inv\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    invited_by_user_id TEXT COLLATE "C" REFERENCES users (id) ON DELETE SET NULL,
    email TEXT NOT NULL,
    role TEXT COLLATE "C" NOT NULL REFERENCES organization_role_enum (value),
    code_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL DEFAULT now() + interval '14 days',
    accepted_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX invites_organization_id_idx ON invites (organization_id);
CREATE INDEX invites_invited_by_user_id_idx ON invites (invited_by_user_id);

CREATE TABLE sessions (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('ses') CHECK (id LIKE 'ses\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id TEXT COLLATE "C" REFERENCES organizations (id) ON DELETE SET NULL,
    app TEXT COLLATE "C" NOT NULL REFERENCES session_app_enum (value),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    expired_at TIMESTAMPTZ
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_organization_id_idx ON sessions (organization_id);

CREATE TABLE vaulted_secrets (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('vs') CHECK (id LIKE 'vs\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    ciphertext BYTEA NOT NULL,
    key_name TEXT NOT NULL
);
CREATE INDEX vaulted_secrets_organization_id_idx ON vaulted_secrets (organization_id);

CREATE TABLE admins (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('adm') CHECK (id LIKE 'adm\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    user_id TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE
);

CREATE TRIGGER updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE PROCEDURE updated_at();
CREATE TRIGGER updated_at BEFORE UPDATE ON organizations FOR EACH ROW EXECUTE PROCEDURE updated_at();
CREATE TRIGGER updated_at BEFORE UPDATE ON organizations_users FOR EACH ROW EXECUTE PROCEDURE updated_at();
CREATE TRIGGER updated_at BEFORE UPDATE ON invites FOR EACH ROW EXECUTE PROCEDURE updated_at();
CREATE TRIGGER updated_at BEFORE UPDATE ON sessions FOR EACH ROW EXECUTE PROCEDURE updated_at();
CREATE TRIGGER updated_at BEFORE UPDATE ON vaulted_secrets FOR EACH ROW EXECUTE PROCEDURE updated_at();
CREATE TRIGGER updated_at BEFORE UPDATE ON admins FOR EACH ROW EXECUTE PROCEDURE updated_at();

-- Row Level Security. The owner (admin transactions) bypasses it; `customer` does not.
ALTER TABLE user_signup_step_enum ENABLE ROW LEVEL SECURITY;
ALTER TABLE organization_inbound_source_enum ENABLE ROW LEVEL SECURITY;
ALTER TABLE organization_role_enum ENABLE ROW LEVEL SECURITY;
ALTER TABLE session_app_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON user_signup_step_enum FOR SELECT TO customer USING (true);
CREATE POLICY readable ON organization_inbound_source_enum FOR SELECT TO customer USING (true);
CREATE POLICY readable ON organization_role_enum FOR SELECT TO customer USING (true);
CREATE POLICY readable ON session_app_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON user_signup_step_enum, organization_inbound_source_enum,
    organization_role_enum, session_app_enum TO customer;

-- Memberships first: the users policy reads them.
ALTER TABLE organizations_users ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON organizations_users FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON organizations_users TO customer;

-- A user sees itself and the active members of its current organization; it may change only itself.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON users FOR SELECT TO customer
    USING (
        id = current_user_id()
        OR id IN (
            SELECT user_id FROM organizations_users
            WHERE organization_id = current_organization_id() AND removed_at IS NULL
        )
    );
CREATE POLICY self_update ON users FOR UPDATE TO customer
    USING (id = current_user_id()) WITH CHECK (id = current_user_id());
GRANT SELECT, UPDATE ON users TO customer;

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON organizations FOR ALL TO customer
    USING (id = current_organization_id()) WITH CHECK (id = current_organization_id());
GRANT SELECT, UPDATE ON organizations TO customer;

ALTER TABLE invites ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON invites FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON invites TO customer;

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_sessions ON sessions FOR ALL TO customer
    USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO customer;

ALTER TABLE vaulted_secrets ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON vaulted_secrets FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON vaulted_secrets TO customer;

-- Customers never see who is an admin.
ALTER TABLE admins ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON admins FOR ALL TO customer USING (false) WITH CHECK (false);
GRANT SELECT ON admins TO customer;
