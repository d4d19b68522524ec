-- depends: 0006_admin_console
-- Analytics tables filled by the Dagster pipeline (pipeline/), one row per UTC day and
-- key. Each day is rewritten whole by its asset (delete the day, insert it again, in one
-- transaction), so rerunning a day is idempotent. Customers never see them; panopticon
-- reads them.

CREATE TABLE daily_signups (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('dsu') CHECK (id LIKE 'dsu\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    day DATE NOT NULL,
    inbound_source TEXT COLLATE "C" NOT NULL,
    users_created BIGINT NOT NULL CHECK (users_created >= 0),
    users_completed BIGINT NOT NULL CHECK (users_completed >= 0),
    UNIQUE (day, inbound_source)
);

CREATE TABLE organization_daily_activity (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('oda') CHECK (id LIKE 'oda\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    day DATE NOT NULL,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    active_users BIGINT NOT NULL CHECK (active_users >= 0),
    owners BIGINT NOT NULL CHECK (owners >= 0),
    admins BIGINT NOT NULL CHECK (admins >= 0),
    members BIGINT NOT NULL CHECK (members >= 0),
    invites_sent BIGINT NOT NULL CHECK (invites_sent >= 0),
    invites_accepted BIGINT NOT NULL CHECK (invites_accepted >= 0),
    UNIQUE (day, organization_id)
);
CREATE INDEX organization_daily_activity_organization_id_idx
    ON organization_daily_activity (organization_id, day);

CREATE TABLE invite_funnel_daily (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('ifd') CHECK (id LIKE 'ifd\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    day DATE NOT NULL UNIQUE,
    sent BIGINT NOT NULL CHECK (sent >= 0),
    accepted BIGINT NOT NULL CHECK (accepted >= 0),
    revoked BIGINT NOT NULL CHECK (revoked >= 0),
    expired BIGINT NOT NULL CHECK (expired >= 0),
    median_seconds_to_accept DOUBLE PRECISION CHECK (median_seconds_to_accept >= 0)
);

CREATE TABLE login_security_daily (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('lsd') CHECK (id LIKE 'lsd\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    day DATE NOT NULL,
    app TEXT COLLATE "C" NOT NULL REFERENCES session_app_enum (value),
    failed_logins BIGINT NOT NULL CHECK (failed_logins >= 0),
    lockouts BIGINT NOT NULL CHECK (lockouts >= 0),
    sessions_started BIGINT NOT NULL CHECK (sessions_started >= 0),
    UNIQUE (day, app)
);

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['daily_signups', 'organization_daily_activity',
                             'invite_funnel_daily', 'login_security_daily'] LOOP
        EXECUTE format('CREATE TRIGGER updated_at BEFORE UPDATE ON %I
                        FOR EACH ROW EXECUTE FUNCTION updated_at()', t);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY hidden ON %I TO customer USING (false) WITH CHECK (false)', t);
    END LOOP;
END
$$;

-- The sources' day ranges (created_at of users, invites and sessions; failed_at of login
-- failures; accepted_at and revoked_at of invites) for set-based daily aggregation.
CREATE INDEX users_created_at_idx ON users (created_at);
CREATE INDEX invites_created_at_idx ON invites (created_at);
CREATE INDEX invites_accepted_at_idx ON invites (accepted_at) WHERE accepted_at IS NOT NULL;
CREATE INDEX invites_revoked_at_idx ON invites (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX invites_expires_at_idx ON invites (expires_at);
CREATE INDEX sessions_created_at_idx ON sessions (created_at);
CREATE INDEX sessions_last_seen_at_idx ON sessions (last_seen_at);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at) WHERE app = 'product';
CREATE INDEX login_failures_failed_at_idx ON login_failures (failed_at);

-- Housekeeping marks pending invites whose expiry passed.
ALTER TABLE invites ADD COLUMN expired_at TIMESTAMPTZ;
CREATE INDEX invites_pending_expiry_idx ON invites (expires_at)
    WHERE accepted_at IS NULL AND revoked_at IS NULL AND expired_at IS NULL;
CREATE INDEX sessions_product_expired_at_idx ON sessions (expired_at)
    WHERE app = 'product' AND expired_at IS NOT NULL;
