-- depends: 0005_login_attempts
-- The admin console: admin roles, the append-only admin audit log, impersonation, and
-- the indexes behind the admin searches.

CREATE TABLE admin_role_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO admin_role_enum (value) VALUES ('support'), ('superadmin');
ALTER TABLE admin_role_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON admin_role_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON admin_role_enum TO customer;

ALTER TABLE admins ADD COLUMN role TEXT COLLATE "C" NOT NULL DEFAULT 'support'
    REFERENCES admin_role_enum (value);

-- Every admin mutation, written in the transaction of the change itself.
CREATE TABLE admin_audit_log (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('aud') CHECK (id LIKE 'aud\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    admin_user_id TEXT COLLATE "C" REFERENCES users (id) ON DELETE SET NULL,
    actor TEXT NOT NULL CHECK (actor <> ''),
    action TEXT COLLATE "C" NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    target_type TEXT COLLATE "C" NOT NULL,
    target TEXT COLLATE "C" NOT NULL,
    reason TEXT NOT NULL CHECK (length(btrim(reason)) >= 3),
    diff JSONB NOT NULL DEFAULT '{}'::jsonb,
    request_extid TEXT,
    client TEXT,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX admin_audit_log_admin_user_id_idx ON admin_audit_log (admin_user_id, id);
CREATE INDEX admin_audit_log_target_idx ON admin_audit_log (target, id);
CREATE INDEX admin_audit_log_action_idx ON admin_audit_log (action, id);
CREATE TRIGGER updated_at BEFORE UPDATE ON admin_audit_log
    FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE admin_audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON admin_audit_log TO customer USING (false) WITH CHECK (false);
GRANT SELECT ON admin_audit_log TO customer;

-- Append-only. The one change allowed is the foreign key's own ON DELETE SET NULL when
-- the acting admin's user is deleted: the row stays, with its `actor`.
CREATE FUNCTION admin_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.admin_user_id IS NOT NULL AND NEW.admin_user_id IS NULL
       AND (to_jsonb(NEW) - 'admin_user_id' - 'updated_at')
           = (to_jsonb(OLD) - 'admin_user_id' - 'updated_at') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'admin_audit_log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON admin_audit_log
    FOR EACH ROW EXECUTE FUNCTION admin_audit_log_append_only();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON admin_audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION admin_audit_log_append_only();

-- Impersonation: a superadmin's one-time token, exchanged by the product app for a
-- read-only product session of the user marked with the admin.
CREATE TABLE impersonations (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('imp') CHECK (id LIKE 'imp\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    admin_user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    reason TEXT NOT NULL,
    minutes BIGINT NOT NULL CHECK (minutes BETWEEN 1 AND 60),
    accept_by TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ,
    session_id TEXT COLLATE "C" REFERENCES sessions (id) ON DELETE SET NULL
);
CREATE INDEX impersonations_admin_user_id_idx ON impersonations (admin_user_id);
CREATE INDEX impersonations_user_id_idx ON impersonations (user_id);
CREATE INDEX impersonations_session_id_idx ON impersonations (session_id);
CREATE TRIGGER updated_at BEFORE UPDATE ON impersonations
    FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE impersonations ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON impersonations TO customer USING (false) WITH CHECK (false);
GRANT SELECT ON impersonations TO customer;

ALTER TABLE sessions ADD COLUMN impersonator_user_id TEXT COLLATE "C"
    REFERENCES users (id) ON DELETE CASCADE;
CREATE INDEX sessions_impersonator_user_id_idx ON sessions (impersonator_user_id);

-- Admin searches: email prefix (case-insensitive), name substring, stable id order.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_email_prefix_idx ON users (lower(email) text_pattern_ops, id);
CREATE INDEX users_name_trgm_idx ON users USING gin (lower(name) gin_trgm_ops);
CREATE INDEX organizations_name_trgm_idx ON organizations USING gin (lower(name) gin_trgm_ops);
CREATE INDEX sessions_user_app_live_idx ON sessions (user_id, app) WHERE expired_at IS NULL;
