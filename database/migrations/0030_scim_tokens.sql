-- depends: 0027_sso_connections
-- SCIM provisioning tokens: an organization's identity provider (Okta, Entra ID) calls
-- `/scim/v2/` with one as a bearer token. The token is `bst_<id>_<secret>`; only the
-- secret's sha256 is kept. It works while its creator still holds `scim:manage` in the
-- organization (checked fresh in every request's transaction).
-- A provisioned membership keeps the identity provider's view of the user (its SCIM
-- attributes: userName, displayName, emails, externalId); the user's account, shared by
-- all their organizations, keeps its own name and address. A membership the provider
-- deactivated (active=false) is removed but keeps them, so the provider still sees the
-- user, inactive; a SCIM DELETE clears them.

CREATE TABLE scim_tokens (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('sct') CHECK (id LIKE 'sct\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    secret_hash TEXT NOT NULL,
    revoked_at TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX scim_tokens_organization_id_idx ON scim_tokens (organization_id, created_at);
CREATE INDEX scim_tokens_user_id_idx ON scim_tokens (user_id);
CREATE TRIGGER updated_at BEFORE UPDATE ON scim_tokens FOR EACH ROW EXECUTE FUNCTION updated_at();

ALTER TABLE scim_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON scim_tokens FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
GRANT SELECT, INSERT, UPDATE ON scim_tokens TO customer;

ALTER TABLE organizations_users ADD COLUMN scim_user_name TEXT;
ALTER TABLE organizations_users ADD COLUMN scim_attributes JSONB;
CREATE INDEX organizations_users_scim_user_name_idx
    ON organizations_users (organization_id, lower(scim_user_name))
    WHERE scim_user_name IS NOT NULL;

-- A custom role is a SCIM group: the provider's externalId for it.
ALTER TABLE organization_roles ADD COLUMN scim_extid TEXT;
