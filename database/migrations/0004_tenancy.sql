-- depends: 0003_login_failures
-- Organizations, memberships, invites and the vault as the product uses them: the audit
-- trail in storytime, who accepted an invite, one pending invite per email.

-- storytime is {"events": [{"did": ..., "by": <user id or null>, "at": ...}, ...]}.
CREATE FUNCTION storytime_event(storytime JSONB, did TEXT, by_user_id TEXT, at TIMESTAMPTZ)
RETURNS JSONB LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_set(
        coalesce(storytime, '{}'::jsonb),
        '{events}',
        coalesce(storytime -> 'events', '[]'::jsonb)
            || jsonb_build_array(jsonb_build_object('did', did, 'by', by_user_id, 'at', at))
    )
$$;

ALTER TABLE invites ADD COLUMN accepted_by_user_id TEXT COLLATE "C" REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX invites_accepted_by_user_id_idx ON invites (accepted_by_user_id);
CREATE UNIQUE INDEX invites_pending_email_key ON invites (organization_id, lower(email))
    WHERE accepted_at IS NULL AND revoked_at IS NULL;

CREATE INDEX organizations_users_active_organization_idx
    ON organizations_users (organization_id, created_at) WHERE removed_at IS NULL;
