-- depends: 0017_organization_audit_log
-- Webhooks: an organization's endpoints, the events its changes emit (written in the
-- transaction of the change, like the email outbox), one delivery per event and
-- subscribed endpoint, and every attempt at it. All tenant data: RLS by organization.

CREATE TABLE webhook_event_type_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO webhook_event_type_enum (value)
VALUES ('member.added'), ('member.removed'), ('member.role_changed'), ('invite.created'),
       ('invite.accepted'), ('organization.updated'), ('user.deleted'), ('api_key.created'),
       ('sso.connection_changed');
ALTER TABLE webhook_event_type_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON webhook_event_type_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON webhook_event_type_enum TO customer;

CREATE TABLE webhook_delivery_status_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO webhook_delivery_status_enum (value) VALUES ('pending'), ('delivered'), ('failed');
ALTER TABLE webhook_delivery_status_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON webhook_delivery_status_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON webhook_delivery_status_enum TO customer;

CREATE TABLE webhook_endpoints (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('whe') CHECK (id LIKE 'whe\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    events TEXT[] NOT NULL,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_secret_expires_at TIMESTAMPTZ,
    disabled_at TIMESTAMPTZ,
    disabled_reason TEXT,
    UNIQUE (organization_id, id)
);
CREATE INDEX webhook_endpoints_organization_id_idx ON webhook_endpoints (organization_id);
CREATE TRIGGER updated_at BEFORE UPDATE ON webhook_endpoints
    FOR EACH ROW EXECUTE FUNCTION updated_at();

CREATE TABLE webhook_events (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('evt') CHECK (id LIKE 'evt\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    type TEXT COLLATE "C" NOT NULL REFERENCES webhook_event_type_enum (value),
    data JSONB NOT NULL,
    UNIQUE (organization_id, id)
);
CREATE INDEX webhook_events_organization_id_idx ON webhook_events (organization_id);
CREATE INDEX webhook_events_type_idx ON webhook_events (type);
CREATE TRIGGER updated_at BEFORE UPDATE ON webhook_events
    FOR EACH ROW EXECUTE FUNCTION updated_at();

CREATE TABLE webhook_deliveries (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('msg') CHECK (id LIKE 'msg\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    event_id TEXT COLLATE "C" NOT NULL,
    endpoint_id TEXT COLLATE "C" NOT NULL,
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    status TEXT COLLATE "C" NOT NULL DEFAULT 'pending'
        REFERENCES webhook_delivery_status_enum (value),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_attempt_at TIMESTAMPTZ,
    last_status_code BIGINT,
    delivered_at TIMESTAMPTZ,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, event_id)
        REFERENCES webhook_events (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, endpoint_id)
        REFERENCES webhook_endpoints (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_organization_id_idx ON webhook_deliveries (organization_id);
CREATE INDEX webhook_deliveries_organization_id_event_id_idx
    ON webhook_deliveries (organization_id, event_id);
CREATE INDEX webhook_deliveries_organization_id_endpoint_id_idx
    ON webhook_deliveries (organization_id, endpoint_id);
CREATE INDEX webhook_deliveries_endpoint_id_seq_idx ON webhook_deliveries (endpoint_id, seq);
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (next_attempt_at, seq)
    WHERE status = 'pending';
CREATE TRIGGER updated_at BEFORE UPDATE ON webhook_deliveries
    FOR EACH ROW EXECUTE FUNCTION updated_at();

CREATE TABLE webhook_attempts (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('wha') CHECK (id LIKE 'wha\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    delivery_id TEXT COLLATE "C" NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL,
    status_code BIGINT,
    latency_ms BIGINT NOT NULL,
    error TEXT,
    response_body TEXT,
    FOREIGN KEY (organization_id, delivery_id)
        REFERENCES webhook_deliveries (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_organization_id_idx ON webhook_attempts (organization_id);
CREATE INDEX webhook_attempts_organization_id_delivery_id_idx
    ON webhook_attempts (organization_id, delivery_id);
CREATE INDEX webhook_attempts_delivery_id_idx ON webhook_attempts (delivery_id, attempted_at);
CREATE TRIGGER updated_at BEFORE UPDATE ON webhook_attempts
    FOR EACH ROW EXECUTE FUNCTION updated_at();

ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON webhook_endpoints FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO customer;

-- Customers emit events with their changes and read their organization's; never alter them.
ALTER TABLE webhook_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON webhook_events FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
GRANT SELECT, INSERT ON webhook_events TO customer;

ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON webhook_deliveries FOR ALL TO customer
    USING (organization_id = current_organization_id())
    WITH CHECK (organization_id = current_organization_id());
GRANT SELECT, INSERT, UPDATE ON webhook_deliveries TO customer;

-- Attempts are the sender's record (admin transactions); customers read them.
ALTER TABLE webhook_attempts ENABLE ROW LEVEL SECURITY;
CREATE POLICY current_organization ON webhook_attempts FOR SELECT TO customer
    USING (organization_id = current_organization_id());
GRANT SELECT ON webhook_attempts TO customer;
