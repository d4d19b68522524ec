-- depends: 0008_account_lifecycle
-- Two-factor authentication (TOTP, RFC 6238): a sealed secret per user, hashed recovery
-- codes, and login challenges. Customers never read these tables (no grant, hidden by
-- RLS); product reaches them in admin transactions scoped by the caller's id.

-- A user's TOTP secret: pending until the first code confirms it, then MFA is on.
CREATE TABLE mfa_totp (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('mft') CHECK (id LIKE 'mft\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    user_id TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    key_name TEXT NOT NULL,
    ciphertext BYTEA NOT NULL,
    confirmed_at TIMESTAMPTZ,
    last_used_step BIGINT
);
CREATE TRIGGER updated_at BEFORE UPDATE ON mfa_totp FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE mfa_totp ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON mfa_totp TO customer USING (false) WITH CHECK (false);

-- Ten single-use recovery codes per user with MFA on; only their hash is kept.
CREATE TABLE mfa_recovery_codes (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('mrc') CHECK (id LIKE 'mrc\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,
    used_at TIMESTAMPTZ
);
CREATE INDEX mfa_recovery_codes_user_id_idx ON mfa_recovery_codes (user_id);
CREATE TRIGGER updated_at BEFORE UPDATE ON mfa_recovery_codes
    FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE mfa_recovery_codes ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON mfa_recovery_codes TO customer USING (false) WITH CHECK (false);

-- A login whose password was right, waiting for the second factor (`login_mfa`).
CREATE TABLE mfa_challenges (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('mch') CHECK (id LIKE 'mch\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id TEXT COLLATE "C" REFERENCES organizations (id) ON DELETE SET NULL,
    permanent BOOLEAN NOT NULL,
    challenge_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    completed_at TIMESTAMPTZ
);
CREATE INDEX mfa_challenges_user_id_idx ON mfa_challenges (user_id);
CREATE INDEX mfa_challenges_organization_id_idx ON mfa_challenges (organization_id);
CREATE INDEX mfa_challenges_expires_at_idx ON mfa_challenges (expires_at);
CREATE TRIGGER updated_at BEFORE UPDATE ON mfa_challenges
    FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE mfa_challenges ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON mfa_challenges TO customer USING (false) WITH CHECK (false);
