-- depends: 0002_accounts
-- Failed logins, counted per email so the lockout holds across every worker and process.

CREATE TABLE login_failures (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('lgf') CHECK (id LIKE 'lgf\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    email TEXT NOT NULL CHECK (email = lower(email)),
    app TEXT COLLATE "C" NOT NULL REFERENCES session_app_enum (value),
    failed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_email_failed_at_idx ON login_failures (email, failed_at);

CREATE TRIGGER updated_at BEFORE UPDATE ON login_failures
    FOR EACH ROW EXECUTE PROCEDURE updated_at();

-- Only the login code (admin transactions) reads or writes these; customers see nothing.
ALTER TABLE login_failures ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON login_failures FOR ALL TO customer USING (false) WITH CHECK (false);
GRANT SELECT ON login_failures TO customer;
