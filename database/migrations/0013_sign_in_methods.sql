-- depends: 0011_auth_funnel
-- Sign-in methods besides the password (issue 27 parts 1 and 3): social login through
-- any OAuth 2.0 / OpenID Connect provider (identities linked to users, the pending
-- authorization requests), and six-digit codes sent by email. Customers read only their
-- own linked identities (settings); the rest is reached in admin transactions scoped by
-- the user, the email or the hashed state.

INSERT INTO sign_in_method_enum (value) VALUES ('oauth'), ('login_code');

CREATE TABLE oauth_intent_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO oauth_intent_enum (value) VALUES ('signin'), ('link');
ALTER TABLE oauth_intent_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON oauth_intent_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON oauth_intent_enum TO customer;

-- A user's account at a provider: the provider's subject signs that user in.
CREATE TABLE user_identities (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('idn') CHECK (id LIKE 'idn\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider TEXT COLLATE "C" NOT NULL,
    subject TEXT COLLATE "C" NOT NULL,
    email TEXT,
    last_used_at TIMESTAMPTZ,
    UNIQUE (provider, subject)
);
CREATE INDEX user_identities_user_id_idx ON user_identities (user_id);
CREATE TRIGGER updated_at BEFORE UPDATE ON user_identities
    FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE user_identities ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON user_identities FOR SELECT TO customer
    USING (user_id = current_user_id());
GRANT SELECT ON user_identities TO customer;

-- An authorization request sent to a provider, until its answer comes back (once).
CREATE TABLE oauth_states (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('oas') CHECK (id LIKE 'oas\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    state_hash TEXT NOT NULL UNIQUE,
    nonce_hash TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    provider TEXT COLLATE "C" NOT NULL,
    intent TEXT COLLATE "C" NOT NULL REFERENCES oauth_intent_enum (value),
    user_id TEXT COLLATE "C" REFERENCES users (id) ON DELETE CASCADE,
    redirect_to TEXT,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    CHECK ((intent = 'link') = (user_id IS NOT NULL))
);
CREATE INDEX oauth_states_user_id_idx ON oauth_states (user_id);
CREATE INDEX oauth_states_expires_at_idx ON oauth_states (expires_at);
CREATE TRIGGER updated_at BEFORE UPDATE ON oauth_states
    FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE oauth_states ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON oauth_states TO customer USING (false) WITH CHECK (false);

-- A six-digit sign-in code sent by email; a newer one revokes the older, five wrong
-- guesses use it up.
CREATE TABLE login_codes (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('lgc') CHECK (id LIKE 'lgc\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX login_codes_user_id_idx ON login_codes (user_id);
CREATE TRIGGER updated_at BEFORE UPDATE ON login_codes
    FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE login_codes ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON login_codes TO customer USING (false) WITH CHECK (false);

-- A deleted account (account_delete anonymizes the row) keeps no way in: its identities
-- (the provider's subject may sign up again) and open codes go.
CREATE FUNCTION users_forget_sign_in_methods() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM user_identities WHERE user_id = NEW.id;
    DELETE FROM login_codes WHERE user_id = NEW.id;
    DELETE FROM oauth_states WHERE user_id = NEW.id;
    RETURN NEW;
END
$$;
CREATE TRIGGER forget_sign_in_methods AFTER UPDATE OF deleted_at ON users
    FOR EACH ROW WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
    EXECUTE FUNCTION users_forget_sign_in_methods();
