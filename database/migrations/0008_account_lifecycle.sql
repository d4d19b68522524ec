-- depends: 0007_analytics
-- The account lifecycle: a durable email outbox, one-time codes (email verification,
-- password reset, email change), account deletion, and rate limits.

CREATE TABLE email_status_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO email_status_enum (value) VALUES ('pending'), ('sent'), ('failed');
ALTER TABLE email_status_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON email_status_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON email_status_enum TO customer;

-- Every email, written in the transaction of the action that causes it; a sender
-- delivers pending rows (FOR UPDATE SKIP LOCKED) with retries and backoff.
CREATE TABLE emails (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('eml') CHECK (id LIKE 'eml\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    user_id TEXT COLLATE "C" REFERENCES users (id) ON DELETE SET NULL,
    kind TEXT COLLATE "C" NOT NULL CHECK (kind ~ '^[a-z_]+$'),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    secret TEXT,
    status TEXT COLLATE "C" NOT NULL DEFAULT 'pending' REFERENCES email_status_enum (value),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error TEXT,
    sent_at TIMESTAMPTZ,
    CHECK (status = 'pending' OR secret IS NULL)
);
CREATE INDEX emails_user_id_idx ON emails (user_id);
CREATE INDEX emails_pending_idx ON emails (next_attempt_at) WHERE status = 'pending';
CREATE INDEX emails_to_address_idx ON emails (lower(to_address), id);
CREATE INDEX emails_status_idx ON emails (status, id);
CREATE TRIGGER updated_at BEFORE UPDATE ON emails FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE emails ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON emails TO customer USING (false) WITH CHECK (false);
-- Customer transactions may queue (never read) emails about themselves or nobody (an
-- invitee): the invite and verification emails are written with the action.
CREATE POLICY queue ON emails FOR INSERT TO customer
    WITH CHECK (user_id IS NULL OR user_id = current_user_id());
GRANT INSERT ON emails TO customer;

-- Wakes the senders (LISTEN blossom_emails) when a row is queued.
CREATE FUNCTION emails_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('blossom_emails', NEW.id);
    RETURN NEW;
END
$$;
CREATE TRIGGER notify AFTER INSERT ON emails FOR EACH ROW EXECUTE FUNCTION emails_notify();

CREATE TABLE user_code_purpose_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO user_code_purpose_enum (value)
VALUES ('verify_email'), ('reset_password'), ('change_email');
ALTER TABLE user_code_purpose_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON user_code_purpose_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON user_code_purpose_enum TO customer;

-- One-time codes sent by email; only their hash is kept. A newer code of the same
-- purpose for the same user revokes the older ones.
CREATE TABLE user_codes (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('ucd') CHECK (id LIKE 'ucd\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT COLLATE "C" NOT NULL REFERENCES user_code_purpose_enum (value),
    code_hash TEXT NOT NULL UNIQUE,
    new_email TEXT,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    CHECK ((purpose = 'change_email') = (new_email IS NOT NULL))
);
CREATE INDEX user_codes_user_id_idx ON user_codes (user_id, purpose)
    WHERE used_at IS NULL AND revoked_at IS NULL;
CREATE TRIGGER updated_at BEFORE UPDATE ON user_codes FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE user_codes ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON user_codes TO customer USING (false) WITH CHECK (false);

ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMPTZ;

-- Sliding-window rate limits shared by every worker: one row per counted hit.
CREATE TABLE rate_limit_hits (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('rlh') CHECK (id LIKE 'rlh\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    bucket TEXT NOT NULL,
    hit_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX rate_limit_hits_bucket_idx ON rate_limit_hits (bucket, hit_at);
CREATE INDEX rate_limit_hits_hit_at_idx ON rate_limit_hits (hit_at);
CREATE TRIGGER updated_at BEFORE UPDATE ON rate_limit_hits
    FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE rate_limit_hits ENABLE ROW LEVEL SECURITY;
CREATE POLICY hidden ON rate_limit_hits TO customer USING (false) WITH CHECK (false);

-- Take one hit of `bucket` at `hit_at` unless `max_hits` were taken within `win`:
-- NULL when taken, else when the oldest counted hit leaves the window. Serialized per
-- bucket (transaction-level advisory lock), so concurrent workers never exceed it.
-- SECURITY DEFINER: customer transactions count hits without any grant on the table.
CREATE FUNCTION rate_limit_take(bucket_key TEXT, hit_at TIMESTAMPTZ, max_hits BIGINT, win INTERVAL)
RETURNS TIMESTAMPTZ LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    lifted_at TIMESTAMPTZ;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('rate:' || bucket_key, 0));
    SELECT h.hit_at + win INTO lifted_at
    FROM rate_limit_hits h
    WHERE h.bucket = bucket_key AND h.hit_at > rate_limit_take.hit_at - win
    ORDER BY h.hit_at DESC
    OFFSET max_hits - 1 LIMIT 1;
    IF lifted_at IS NOT NULL THEN
        RETURN lifted_at;
    END IF;
    INSERT INTO rate_limit_hits (bucket, hit_at) VALUES (bucket_key, rate_limit_take.hit_at);
    RETURN NULL;
END
$$;

-- Delete an account (from the product or panopticon): refused ('last_owner') while the user
-- is the only owner of an organization that has other members; otherwise their
-- organizations without other members are deleted with their data, their other
-- memberships end, their sessions and one-time codes are deleted, and the users row is
-- anonymized (kept, so the ids in other rows' history still resolve): name, email,
-- password and verification are erased, the account disabled. Returns 'last_owner' or
-- 'deleted' (or 'missing').
CREATE FUNCTION account_delete(target_user_id TEXT, by_user_id TEXT, at TIMESTAMPTZ)
RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
    blocked BOOLEAN;
BEGIN
    PERFORM 1 FROM users WHERE id = target_user_id AND deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'missing';
    END IF;
    -- The member locks of every organization the user belongs to (as role changes take).
    PERFORM 1 FROM organizations
    WHERE id IN (SELECT organization_id FROM organizations_users
                 WHERE user_id = target_user_id AND removed_at IS NULL)
    ORDER BY id FOR UPDATE;
    SELECT EXISTS (
        SELECT 1 FROM organizations_users mine
        WHERE mine.user_id = target_user_id AND mine.removed_at IS NULL AND mine.role = 'owner'
          AND NOT EXISTS (SELECT 1 FROM organizations_users other
                          WHERE other.organization_id = mine.organization_id
                            AND other.user_id <> target_user_id AND other.removed_at IS NULL
                            AND other.role = 'owner')
          AND EXISTS (SELECT 1 FROM organizations_users other
                      WHERE other.organization_id = mine.organization_id
                        AND other.user_id <> target_user_id AND other.removed_at IS NULL)
    ) INTO blocked;
    IF blocked THEN
        RETURN 'last_owner';
    END IF;
    DELETE FROM organizations
    WHERE id IN (SELECT mine.organization_id FROM organizations_users mine
                 WHERE mine.user_id = target_user_id AND mine.removed_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM organizations_users other
                      WHERE other.organization_id = organizations.id
                        AND other.user_id <> target_user_id AND other.removed_at IS NULL);
    UPDATE organizations_users
    SET removed_at = at, removed_by_user_id = by_user_id,
        storytime = storytime_event(storytime, 'account deleted', by_user_id, at)
    WHERE user_id = target_user_id AND removed_at IS NULL;
    DELETE FROM sessions WHERE user_id = target_user_id;
    DELETE FROM user_codes WHERE user_id = target_user_id;
    -- Two-factor secrets and codes (tables of migration 0009; resolved when this runs).
    DELETE FROM mfa_totp WHERE user_id = target_user_id;
    DELETE FROM mfa_recovery_codes WHERE user_id = target_user_id;
    DELETE FROM mfa_challenges WHERE user_id = target_user_id;
    UPDATE users
    SET name = 'Deleted user',
        email = 'deleted-' || id || '@deleted.invalid',
        password_hash = NULL,
        email_verified_at = NULL,
        is_enabled = false,
        last_visited_at = NULL,
        deleted_at = at,
        storytime = storytime_event(NULL, 'account deleted', by_user_id, at)
    WHERE id = target_user_id;
    RETURN 'deleted';
END
$$;
