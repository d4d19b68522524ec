-- depends: 0021_organization_domains
-- Custom roles and required two-factor: an organization's own roles (named permission
-- sets a member can be given instead of the built-in role's), and its policy requiring
-- every member to have a second factor.

CREATE TABLE organization_roles (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('rol') CHECK (id LIKE 'rol\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    permissions TEXT[] NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX organization_roles_organization_id_name_key
    ON organization_roles (organization_id, lower(name));
CREATE UNIQUE INDEX organization_roles_organization_id_id_key
    ON organization_roles (organization_id, id);
CREATE INDEX organization_roles_organization_id_idx ON organization_roles (organization_id);
CREATE TRIGGER updated_at BEFORE UPDATE ON organization_roles
    FOR EACH ROW EXECUTE PROCEDURE updated_at();

ALTER TABLE organization_roles ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON organization_roles FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON organization_roles TO customer;

-- A member with a custom role keeps the built-in `member` role (ownership and the
-- last-owner rule are the built-in roles'); the custom role's permissions replace
-- member's. The key includes organization_id: a role of another organization cannot be
-- given, and Citus can keep the key (both tables distributed by organization_id).
ALTER TABLE organizations_users ADD COLUMN custom_role_id TEXT COLLATE "C";
ALTER TABLE organizations_users ADD CONSTRAINT organizations_users_custom_role_fkey
    FOREIGN KEY (organization_id, custom_role_id)
    REFERENCES organization_roles (organization_id, id);
CREATE INDEX organizations_users_custom_role_id_idx
    ON organizations_users (organization_id, custom_role_id);

ALTER TABLE organizations ADD COLUMN require_mfa BOOLEAN NOT NULL DEFAULT false;
