-- depends: 0013_sign_in_methods
-- Passkeys (WebAuthn): a user's registered credentials and the server's one-use challenges
-- (stored hashed, 5 minutes); a passkey signs in (sign-in method `passkey`) or passes as a
-- second factor. Sessions remember where they were signed in from (client address, user
-- agent) and when their user last proved who they are (sign-in or `session_reauthenticate`).

INSERT INTO sign_in_method_enum (value) VALUES ('passkey');
INSERT INTO second_factor_enum (value) VALUES ('passkey');

CREATE TABLE webauthn_challenge_purpose_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO webauthn_challenge_purpose_enum (value)
VALUES ('register'), ('sign_in');
ALTER TABLE webauthn_challenge_purpose_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON webauthn_challenge_purpose_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON webauthn_challenge_purpose_enum TO customer;

-- A registered passkey: the credential's id and public key (COSE), its signature counter.
CREATE TABLE passkeys (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('pky') CHECK (id LIKE 'pky\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    credential_extid BYTEA NOT NULL UNIQUE,
    public_key BYTEA NOT NULL,
    sign_count BIGINT NOT NULL DEFAULT 0 CHECK (sign_count >= 0),
    transports TEXT[] NOT NULL DEFAULT '{}',
    backed_up BOOLEAN NOT NULL DEFAULT false,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX passkeys_user_id_idx ON passkeys (user_id);
CREATE TRIGGER updated_at BEFORE UPDATE ON passkeys FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE passkeys ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON passkeys TO customer USING (false) WITH CHECK (false);

-- A WebAuthn challenge the server handed out: used once, within 5 minutes.
CREATE TABLE webauthn_challenges (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('wch') CHECK (id LIKE 'wch\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    purpose TEXT COLLATE "C" NOT NULL REFERENCES webauthn_challenge_purpose_enum (value),
    user_id TEXT COLLATE "C" REFERENCES users (id) ON DELETE CASCADE,
    challenge_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    CHECK ((purpose = 'register') = (user_id IS NOT NULL))
);
CREATE INDEX webauthn_challenges_user_id_idx ON webauthn_challenges (user_id);
CREATE INDEX webauthn_challenges_expires_at_idx ON webauthn_challenges (expires_at);
CREATE TRIGGER updated_at BEFORE UPDATE ON webauthn_challenges
    FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE webauthn_challenges ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON webauthn_challenges TO customer USING (false) WITH CHECK (false);

ALTER TABLE sessions
    ADD COLUMN client_address TEXT,
    ADD COLUMN user_agent TEXT,
    ADD COLUMN authenticated_at TIMESTAMPTZ;

-- A deleted account's passkeys go with it (account_delete, migration 0008, marks the
-- user deleted; the row stays, so ON DELETE CASCADE never fires).
CREATE FUNCTION passkeys_forget_deleted_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM passkeys WHERE user_id = NEW.id;
    DELETE FROM webauthn_challenges WHERE user_id = NEW.id;
    RETURN NEW;
END
$$;
CREATE TRIGGER passkeys_forget_deleted_user AFTER UPDATE OF deleted_at ON users
    FOR EACH ROW WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
    EXECUTE FUNCTION passkeys_forget_deleted_user();
