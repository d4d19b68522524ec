-- depends: 0016_api_keys
-- The organization's view of what Blossom staff did to it or its members: a copy of each
-- admin audit entry that touched the organization, one of its members or its invites,
-- written by the system in the transaction of the admin's change. The organization reads
-- it; nobody in the organization can change or delete it (SELECT is all it is granted).

CREATE TABLE organization_audit_log (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('oal') CHECK (id LIKE 'oal\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    admin_audit_extid TEXT COLLATE "C" NOT NULL,
    admin_user_id TEXT COLLATE "C" REFERENCES users (id) ON DELETE SET NULL,
    admin_actor TEXT NOT NULL,
    action TEXT COLLATE "C" NOT NULL,
    target TEXT COLLATE "C" NOT NULL,
    reason TEXT NOT NULL,
    diff JSONB NOT NULL DEFAULT '{}'::jsonb,
    client TEXT,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX organization_audit_log_organization_id_idx ON organization_audit_log (organization_id, at);
CREATE INDEX organization_audit_log_admin_user_id_idx ON organization_audit_log (admin_user_id);
CREATE TRIGGER updated_at BEFORE UPDATE ON organization_audit_log
    FOR EACH ROW EXECUTE FUNCTION updated_at();

ALTER TABLE organization_audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON organization_audit_log FOR SELECT TO customer
    USING (organization_id = current_organization_id());
GRANT SELECT ON organization_audit_log TO customer;
