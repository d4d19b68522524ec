-- depends: 0018_webhooks
-- Self-service data export: a user's (or, for its owner, an organization's) request for a
-- zip of everything it owns. A worker (`blossom product exports work`) builds it inside a
-- customer RLS transaction of the requester, stores the zip here and emails a link; it
-- can be downloaded by the requester for 7 days, then its bytes are erased.

CREATE TABLE data_exports (
    id TEXT COLLATE "C" PRIMARY KEY DEFAULT generate_id('dex') CHECK (id LIKE 'dex\_%'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    storytime JSONB,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id TEXT COLLATE "C" REFERENCES organizations (id) ON DELETE CASCADE,
    ready_at TIMESTAMPTZ,
    failed_at TIMESTAMPTZ,
    expires_at TIMESTAMPTZ,
    archive BYTEA,
    size_bytes BIGINT,
    downloaded_at TIMESTAMPTZ,
    CHECK ((ready_at IS NULL) = (expires_at IS NULL))
);
CREATE INDEX data_exports_user_id_idx ON data_exports (user_id, id);
CREATE INDEX data_exports_organization_id_idx ON data_exports (organization_id);
CREATE INDEX data_exports_pending_idx ON data_exports (id)
    WHERE ready_at IS NULL AND failed_at IS NULL;
-- One pending export per user (account) and per organization: the request's rate limit.
CREATE UNIQUE INDEX data_exports_pending_account_key ON data_exports (user_id)
    WHERE organization_id IS NULL AND ready_at IS NULL AND failed_at IS NULL;
CREATE UNIQUE INDEX data_exports_pending_organization_key ON data_exports (organization_id)
    WHERE organization_id IS NOT NULL AND ready_at IS NULL AND failed_at IS NULL;
CREATE TRIGGER updated_at BEFORE UPDATE ON data_exports FOR EACH ROW EXECUTE FUNCTION updated_at();
ALTER TABLE data_exports ENABLE ROW LEVEL SECURITY;
-- The zips are read and written only by the worker and the download route (admin
-- transactions scoped by the requester's id), never by a customer transaction.
CREATE POLICY hidden ON data_exports TO customer USING (false) WITH CHECK (false);
